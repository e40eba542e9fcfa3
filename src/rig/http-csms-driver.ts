/**
 * A CSMS driver over HTTP: makes a CSMS under test act (remote start, reset, trigger a message …) through its
 * own API, as its operator would. The rig declares, per intent, a request template (rig `ocpp.csms.driver`,
 * types.ts CsmsDriverConfig); `perform` expands it with the scenario's variables, sends it, and resolves when
 * the answer says success. Any other answer, no answer within the timeout, or a template variable the scenario
 * does not give rejects at once naming the intent; an intent the rig does not declare is a NotAutomatableError.
 *
 * Placeholders `${name}`: the intent's parameters by name (dotted paths reach into objects), `identity` (the
 * station), `intent` (its name), `params` (all parameters), `env:NAME` (an environment variable: a secret;
 * checked set before the run), `sut.apiUrl` / `sut.apiToken` (the reference CSMS's own API; reference rigs).
 * A JSON string that is exactly one placeholder becomes the value itself (object, number …), and is left out
 * of its object or array when the scenario gives no value; inside a longer string a missing value is an error.
 * Scenario values are percent-encoded in the URL.
 */
import { isDeepStrictEqual } from 'node:util';
import { ConfigError, EvcError } from '../core/errors';
import type { CsmsIntent } from './ocpp-sut';
import { NotAutomatableError } from './not-automatable';
import type { CsmsDriverConfig, CsmsDriverRequest, CsmsDriverSuccess } from './types';

/** The CSMS API answered, but not with success (or not at all). */
export class CsmsDriverError extends EvcError {}

export interface HttpCsmsDriverOptions {
  driver: CsmsDriverConfig;
  /** Names the rig in errors. */
  rig: string;
  /** Bound of a request without its own timeoutMs (ms). */
  defaultTimeoutMs: number;
  /** The reference CSMS's own API (for `${sut.apiUrl}` / `${sut.apiToken}`). */
  sut?: { apiUrl: string; apiToken?: string };
  env?: NodeJS.ProcessEnv;
}

const PLACEHOLDER = /\$\{([^}]+)\}/g;
const WHOLE = /^\$\{([^}]+)\}$/;
const SUT_VARS = ['sut.apiUrl', 'sut.apiToken'];
const OMIT = Symbol('omit');
const PATH_STEP = /\.([^.[\]]+)|\[(\d+)\]|\["([^"]+)"\]/y;

const phraseOf = (intent: string) => intent.replace(/-/g, ' ');

/** A JSON path `$.a.b[0]` (or `a.b[0]`) as its steps; undefined when it does not parse. */
export function parseJsonPath(path: string): (string | number)[] | undefined {
  const rest = path.startsWith('$') ? path.slice(1) : `.${path}`;
  if (rest === '') return [];
  const steps: (string | number)[] = [];
  let pos = 0;
  while (pos < rest.length) {
    PATH_STEP.lastIndex = pos;
    const m = PATH_STEP.exec(rest);
    if (!m) return undefined;
    steps.push(m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3]));
    pos = PATH_STEP.lastIndex;
  }
  return steps;
}

function walk(value: unknown, steps: (string | number)[]): unknown {
  let v = value;
  for (const s of steps) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[s];
  }
  return v;
}

/** Every `${…}` name in a template (strings, arrays, objects; keys too). */
function placeholders(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') for (const m of v.matchAll(PLACEHOLDER)) out.push(m[1].trim());
  else if (Array.isArray(v)) v.forEach((x) => placeholders(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => placeholders(x, out));
  return out;
}

/**
 * The checks the schema cannot make (pre-flight, with the rig): every `${env:NAME}` set, JSON paths that parse,
 * `${sut.*}` only on a reference rig. One ConfigError per problem, naming the file and field.
 */
export function checkCsmsDriverConfig(driver: CsmsDriverConfig | undefined, shown: string, kind: string, env: NodeJS.ProcessEnv = process.env): ConfigError[] {
  if (!driver) return [];
  const problems: ConfigError[] = [];
  const base = 'ocpp.csms.driver';
  const checkPart = (field: string, part: unknown) => {
    for (const name of new Set(placeholders(part))) {
      if (name.startsWith('env:')) {
        const v = name.slice(4);
        if (!env[v]) problems.push(new ConfigError(shown, field, `\${${name}}: environment variable ${v} is not set (set it before the run; nothing was run)`));
      } else if (name.startsWith('sut.')) {
        if (!SUT_VARS.includes(name)) problems.push(new ConfigError(shown, field, `\${${name}}: unknown (known: ${SUT_VARS.join(', ')})`));
        else if (kind !== 'reference' && kind !== 'container') problems.push(new ConfigError(shown, field, `\${${name}} is the SUT's own API: only a reference or container rig has one (kind is '${kind}')`));
      }
    }
  };
  const checkRequest = (prefix: string, r: Partial<CsmsDriverRequest>) => {
    for (const key of ['url', 'method', 'headers', 'body'] as const) if (r[key] !== undefined) checkPart(`${prefix}.${key}`, r[key]);
    for (const path of Object.keys(r.success?.body ?? {})) {
      if (!parseJsonPath(path)) problems.push(new ConfigError(shown, `${prefix}.success.body`, `'${path}' is not a JSON path (e.g. $.status or $.data[0].id)`));
    }
    if (r.success?.body) checkPart(`${prefix}.success.body`, r.success.body);
  };
  if (driver.defaults) checkRequest(`${base}.defaults`, driver.defaults);
  for (const [name, r] of Object.entries(driver.intents ?? {})) checkRequest(`${base}.intents.${name}`, r);
  return problems;
}

interface Scope {
  identity: string;
  intent: CsmsIntent;
  sut?: HttpCsmsDriverOptions['sut'];
  env: NodeJS.ProcessEnv;
  /** Values of env placeholders used (hidden in messages). */
  secrets: Set<string>;
}

function lookup(name: string, s: Scope): { value: unknown; scenario: boolean } {
  if (name.startsWith('env:')) {
    const v = s.env[name.slice(4)];
    if (v) s.secrets.add(v);
    return { value: v || undefined, scenario: false };
  }
  if (name === 'sut.apiUrl') return { value: s.sut?.apiUrl, scenario: false };
  if (name === 'sut.apiToken') return { value: s.sut?.apiToken, scenario: false };
  if (name === 'identity') return { value: s.identity, scenario: true };
  if (name === 'intent') return { value: s.intent.name, scenario: true };
  if (name === 'params') return { value: s.intent.params, scenario: true };
  if (Object.prototype.hasOwnProperty.call(s.intent.params, name)) return { value: s.intent.params[name], scenario: true };
  return { value: walk(s.intent.params, name.split('.')), scenario: true };
}

function missing(name: string, s: Scope, where: string): CsmsDriverError {
  const given = Object.keys(s.intent.params);
  return new CsmsDriverError(
    `CSMS driver: asking the CSMS to ${phraseOf(s.intent.name)}: its ${where} needs \${${name}}, which has no value here (the scenario gives: identity${given.length ? `, ${given.join(', ')}` : ''})`,
  );
}

function expandString(text: string, s: Scope, where: string, encode = false): string {
  return text.replace(PLACEHOLDER, (_all, raw: string) => {
    const name = raw.trim();
    const { value, scenario } = lookup(name, s);
    if (value === undefined || value === null) throw missing(name, s, where);
    const str = typeof value === 'object' ? JSON.stringify(value) : String(value);
    return encode && scenario ? encodeURIComponent(str) : str;
  });
}

function expandValue(v: unknown, s: Scope, where: string): unknown {
  if (typeof v === 'string') {
    const whole = WHOLE.exec(v);
    if (whole) {
      const value = lookup(whole[1].trim(), s).value;
      return value === undefined ? OMIT : value;
    }
    return expandString(v, s, where);
  }
  if (Array.isArray(v)) return v.map((x) => expandValue(x, s, where)).filter((x) => x !== OMIT);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const e = expandValue(x, s, where);
      if (e !== OMIT) out[k] = e;
    }
    return out;
  }
  return v;
}

function hide(text: string, s: Scope): string {
  let out = text;
  for (const secret of s.secrets) out = out.split(secret).join('***');
  return out;
}

/** Whether an answer means success; the reason when it does not. */
export function judgeAnswer(success: CsmsDriverSuccess | undefined, status: number, bodyText: string, expand: (v: unknown) => unknown = (v) => v): string | undefined {
  const codes = success?.status;
  if (codes ? !codes.includes(status) : status < 200 || status > 299) return `expected HTTP ${codes ? codes.join(' or ') : '2xx'}`;
  const checks = Object.entries(success?.body ?? {});
  if (checks.length === 0) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return 'expected a JSON body';
  }
  for (const [path, want] of checks) {
    const got = walk(body, parseJsonPath(path) ?? []);
    const expected = expand(want);
    if (!isDeepStrictEqual(got, expected)) return `expected ${path} = ${JSON.stringify(expected)}, got ${got === undefined ? 'nothing' : JSON.stringify(got)}`;
  }
  return undefined;
}

/** The request an intent makes (defaults merged under it). */
function requestFor(driver: CsmsDriverConfig, name: string): CsmsDriverRequest | undefined {
  const r = Object.prototype.hasOwnProperty.call(driver.intents, name) ? driver.intents[name] : undefined;
  if (!r) return undefined;
  const d = driver.defaults ?? {};
  return { ...d, ...r, headers: { ...d.headers, ...r.headers }, success: r.success ?? d.success };
}

/** CsmsSutControl.perform over the rig's HTTP request templates. */
export function httpCsmsDriver(o: HttpCsmsDriverOptions): (identity: string, intent: CsmsIntent) => Promise<void> {
  const env = o.env ?? process.env;
  return async (identity, intent) => {
    const r = requestFor(o.driver, intent.name);
    if (!r) {
      const declared = Object.keys(o.driver.intents);
      throw new NotAutomatableError(
        `asking the CSMS to ${phraseOf(intent.name)} needs an operator or a CSMS driver entry: rig '${o.rig}' declares no intent '${intent.name}' under ocpp.csms.driver.intents (it declares: ${declared.join(', ') || 'none'})`,
      );
    }
    const s: Scope = { identity, intent, sut: o.sut, env, secrets: new Set() };
    const method = (r.method ?? 'POST').toUpperCase();
    const url = expandString(r.url, s, 'url', true);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k] = expandString(v, s, `header ${k}`);
    let body: string | undefined;
    if (r.body !== undefined) {
      const b = expandValue(r.body, s, 'body');
      body = JSON.stringify(b === OMIT ? {} : b);
      if (!Object.keys(headers).some((k) => k.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json';
    }
    const timeoutMs = r.timeoutMs ?? o.defaultTimeoutMs;
    const what = `CSMS driver of rig '${o.rig}': asking the CSMS to ${phraseOf(intent.name)}: ${method} ${hide(url, s)}`;
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      status = res.status;
      text = await res.text();
    } catch (e) {
      const err = e as Error & { cause?: { code?: string; message?: string } };
      const why = err.name === 'TimeoutError' || err.name === 'AbortError' ? `no answer within ${timeoutMs} ms` : `failed: ${err.cause?.code ?? err.cause?.message ?? err.message}`;
      throw new CsmsDriverError(`${what} ${why}`);
    }
    const wrong = judgeAnswer(r.success, status, text, (v) => expandValue(v, s, 'success.body'));
    if (wrong) {
      const shown = hide(text.replace(/\s+/g, ' ').trim(), s).slice(0, 300) || '(no body)';
      throw new CsmsDriverError(`${what} answered HTTP ${status} ${shown} (${wrong})`);
    }
  };
}

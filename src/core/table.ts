/**
 * Turning Gherkin data tables into payloads and partial expectations.
 *
 * Tables have two columns, `field | value`; fields are dotted paths (`idTagInfo.status`,
 * `meterValue[0].sampledValue[0].value`). Values: numbers, true/false, null, JSON arrays/objects, quoted or bare
 * strings, and in expectations the matchers `<any>`, `<present>`, `<absent>`, `<dateTime>`, `<integer>`,
 * `<number>`, `<string>`, `<now±4s>` (a date-time within 4 s of now), `/regex/`, `>= n`, `<= n`,
 * `one of A, B`, `not V`. In payloads `<now>` is the current time and `<now+Ns>` / `<now-Ns>` offsets it.
 */
import { EvcError } from './errors';
import { type Matcher, m } from './match';

export class StepTextError extends EvcError {}

function parseScalar(raw: string): unknown {
  const text = raw.trim();
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if ((text.startsWith('[') && text.endsWith(']')) || (text.startsWith('{') && text.endsWith('}'))) {
    try {
      return JSON.parse(text);
    } catch (e) {
      throw new StepTextError(`value '${text}' looks like JSON but does not parse: ${(e as Error).message}`);
    }
  }
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) return text.slice(1, -1);
  return text;
}

function nowWithOffset(text: string): string | undefined {
  const mm = /^<now(?:([+-])(\d+)(s|m|h))?>$/.exec(text.trim());
  if (!mm) return undefined;
  const unit = mm[3] === 'h' ? 3_600_000 : mm[3] === 'm' ? 60_000 : 1000;
  const offset = mm[1] ? (mm[1] === '-' ? -1 : 1) * Number(mm[2]) * unit : 0;
  return new Date(Date.now() + offset).toISOString();
}

export function parseValue(raw: string): unknown {
  return nowWithOffset(raw) ?? parseScalar(raw);
}

export function parseExpectedValue(raw: string): unknown {
  const text = raw.trim();
  switch (text) {
    case '<any>':
      return m.any();
    case '<present>':
      return m.present();
    case '<absent>':
      return m.absent();
    case '<dateTime>':
      return m.dateTime();
    case '<integer>':
      return m.integer();
    case '<number>':
      return m.number();
    case '<string>':
      return m.string();
  }
  const near = /^<now±(\d+)s>$/.exec(text);
  if (near) return m.timeNear(new Date(), Number(near[1]) * 1000);
  const re = /^\/(.+)\/([a-z]*)$/.exec(text);
  if (re) return m.regex(new RegExp(re[1], re[2]));
  const cmp = /^(>=|<=)\s*(-?\d+(\.\d+)?)$/.exec(text);
  if (cmp) return cmp[1] === '>=' ? m.gte(Number(cmp[2])) : m.lte(Number(cmp[2]));
  const not = /^not (.+)$/.exec(text);
  if (not) return m.not(m.oneOf([parseValue(not[1])]));
  const oneOf = /^one of (.+)$/.exec(text);
  if (oneOf) return m.oneOf(oneOf[1].split(',').map((s) => parseScalar(s)));
  if (text.startsWith('<') && text.endsWith('>') && !nowWithOffset(text)) {
    throw new StepTextError(`unknown matcher '${text}' (known: <any> <present> <absent> <dateTime> <integer> <number> <string> <now±Ns> /re/ >= n <= n 'one of a, b')`);
  }
  return parseValue(text);
}

/** Sets `value` at a dotted path with optional [n] indices, creating objects/arrays on the way. */
export function setPath(target: Record<string, unknown>, pathText: string, value: unknown): void {
  const parts = pathText.match(/[^.[\]]+|\[\d+\]/g);
  if (!parts || parts.length === 0) throw new StepTextError(`empty field name in table`);
  let cur: Record<string, unknown> | unknown[] = target;
  parts.forEach((part, i) => {
    const last = i === parts.length - 1;
    const key: string | number = part.startsWith('[') ? Number(part.slice(1, -1)) : part;
    const nextIsIndex = !last && parts[i + 1].startsWith('[');
    const c = cur as Record<string | number, unknown>;
    if (last) {
      c[key] = value;
      return;
    }
    if (c[key] === undefined) c[key] = nextIsIndex ? [] : {};
    cur = c[key] as Record<string, unknown>;
  });
}

function rowsOf(rows: string[][]): [string, string][] {
  const body = rows.length > 0 && rows[0][0]?.trim() === 'field' ? rows.slice(1) : rows;
  return body.map((r, i) => {
    if (r.length !== 2) throw new StepTextError(`table row ${i + 1} has ${r.length} cells; expected 2 (field | value)`);
    return [r[0].trim(), r[1]];
  });
}

/** A concrete payload from a field/value table. */
export function tableToPayload(rows: string[][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of rowsOf(rows)) setPath(out, field, parseValue(value));
  return out;
}

/** A partial expectation (with matchers) from a field/value table. */
export function tableToPartial(rows: string[][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of rowsOf(rows)) setPath(out, field, parseExpectedValue(value) as unknown as Matcher);
  return out;
}

/**
 * Replaces `${name}` in a text with a scenario variable: one remembered from an earlier message, or one the
 * harness sets up front (`${idTag.valid}`, … — dotted names). An unset variable is an error.
 */
export function substituteText(text: string, vars: ReadonlyMap<string, unknown>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\}/g, (_m, name: string) => {
    if (!vars.has(name)) throw new StepTextError(`variable \${${name}} is not set (remember it from an earlier message first)`);
    const v = vars.get(name);
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/** Replaces `${name}` in every cell with a scenario variable (see substituteText). */
export function substituteVars(rows: string[][], vars: ReadonlyMap<string, unknown>): string[][] {
  return rows.map((r) => r.map((cell) => substituteText(cell, vars)));
}

/** Reads a dotted path (`idTagInfo.status`, `list[0].id`) out of a payload. */
export function getPath(value: unknown, pathText: string): unknown {
  const parts = pathText.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let cur: unknown = value;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    const key = part.startsWith('[') ? Number(part.slice(1, -1)) : part;
    cur = (cur as Record<string | number, unknown>)[key];
  }
  return cur;
}

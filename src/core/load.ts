/**
 * Loading user-supplied data files (rig configs, fixtures, PICS): JSON or YAML, validated with ajv against a
 * schema in schemas/. Any problem becomes a ConfigError whose message is one line naming the file and field.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import YAML from 'yaml';
import { evcCacheDir, writeCacheEntry } from './disk-cache';
import { ConfigError } from './errors';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Where generated output goes: reports/ unless EVC_REPORTS_DIR says otherwise (tests isolate their runs). */
export const REPORTS_DIR = process.env.EVC_REPORTS_DIR ? path.resolve(process.env.EVC_REPORTS_DIR) : path.join(PROJECT_ROOT, 'reports');

// allErrors: every problem of a file is reported at once (one line each), not only the first.
const AJV_OPTIONS = { allErrors: true, verbose: true, strict: false } as const;
const compiled = new Map<string, ValidateFunction>();

/** Path as shown to users: relative to the project root when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/**
 * The validator of schemas/<schemaName>. Compiling the rig schema costs about a third of a CPU-second, in every
 * evc process that reads a rig; so the compiled validator is kept as ajv's standalone code in the project's cache
 * (src/core/disk-cache.ts), named by a digest of the schema text and ajv's version, and later processes load it.
 */
function validatorFor(schemaName: string): ValidateFunction {
  let v = compiled.get(schemaName);
  if (!v) {
    const text = fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', schemaName), 'utf8');
    const prefix = `schema-${schemaName.replace(/\.json$/, '')}-`;
    const name = `${prefix}${createHash('sha256').update(text).update(`\0${compilerKey()}`).digest('hex').slice(0, 24)}.js`;
    v = loadStandalone(path.join(evcCacheDir(PROJECT_ROOT), name)) ?? compileAndKeep(JSON.parse(text) as object, prefix, name);
    compiled.set(schemaName, v);
  }
  return v;
}

/** What else the generated code depends on: ajv's and ajv-formats' versions and the options (read once). */
let compilerKeyText: string | undefined;
function compilerKey(): string {
  compilerKeyText ??= [...['ajv', 'ajv-formats'].map((p) => (JSON.parse(fs.readFileSync(require.resolve(`${p}/package.json`), 'utf8')) as { version: string }).version), JSON.stringify(AJV_OPTIONS)].join('\0');
  return compilerKeyText;
}

function loadStandalone(file: string): ValidateFunction | undefined {
  if (process.env.EVC_SCHEMA_CACHE === '0' || !fs.existsSync(file)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(file) as ValidateFunction | { default?: ValidateFunction };
    const fn = typeof mod === 'function' ? mod : mod.default;
    return typeof fn === 'function' ? fn : undefined;
  } catch {
    return undefined; // an unreadable entry: compiled again below (and rewritten)
  }
}

function compileAndKeep(schema: object, prefix: string, name: string): ValidateFunction {
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  addFormats(ajv);
  const v = ajv.compile(schema);
  if (process.env.EVC_SCHEMA_CACHE !== '0') {
    writeCacheEntry(PROJECT_ROOT, prefix, name, standaloneCode(ajv, v));
  }
  return v;
}

/** A JSON pointer as a field name: `/ocpp/station/idTags/0` → `ocpp.station.idTags[0]` ('' for the root). */
export function dottedField(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

export function fieldOf(err: ErrorObject): string {
  const base = dottedField(err.instancePath);
  // a map key that failed propertyNames (e.g. an unknown id-tag role): the key is the field
  const key = (err as { propertyName?: string }).propertyName;
  if (key !== undefined) return base ? `${base}.${key}` : key;
  if (err.keyword === 'required') return base ? `${base}.${err.params.missingProperty}` : String(err.params.missingProperty);
  if (err.keyword === 'additionalProperties') {
    const extra = String(err.params.additionalProperty);
    return base ? `${base}.${extra}` : extra;
  }
  return base || '(root)';
}

export function messageOf(err: ErrorObject): string {
  if ((err as { propertyName?: string }).propertyName !== undefined) {
    if (err.keyword === 'enum') return `is not a known key (known: ${(err.params.allowedValues as unknown[]).join(', ')})`;
    return `is not a valid key (${err.message ?? 'invalid'})`;
  }
  switch (err.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties': {
      const known = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {}).filter((k) => k !== '$schema');
      return known.length > 0 ? `is not a known field (known: ${known.join(', ')})` : 'is not a known field';
    }
    case 'enum':
      return `must be one of ${(err.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return err.message ?? 'is invalid';
  }
}

/** Parses a JSON or YAML file. Missing file or syntax error → ConfigError naming the file. */
export function readDataFile(file: string): unknown {
  const shown = displayPath(file);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(shown, '', code === 'ENOENT' ? 'file not found' : `cannot read (${code ?? String(e)})`);
  }
  try {
    return /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0];
    throw new ConfigError(shown, '', `not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${msg}`);
  }
}

/**
 * Every ajv error as one ConfigError per field: errors on the same field are joined ("must be string; must be
 * array"), and a oneOf/anyOf/if summary is dropped when its branches said something more specific.
 */
export function problemsOf(errors: readonly ErrorObject[], shownFile: string): ConfigError[] {
  const byField = new Map<string, string[]>();
  const summaries = new Set(['oneOf', 'anyOf', 'if', 'propertyNames']);
  // a oneOf whose other branch went deeper (a list with a bad item) need not also say "must be string"
  const deeper = (p: string) => errors.some((e) => !summaries.has(e.keyword) && e.instancePath.startsWith(`${p}/`));
  const branchTypeNoise = (e: ErrorObject) => e.keyword === 'type' && errors.some((s) => summaries.has(s.keyword) && s.instancePath === e.instancePath) && deeper(e.instancePath);
  const specific = errors.filter((e) => !summaries.has(e.keyword) && !branchTypeNoise(e));
  for (const err of specific.length > 0 ? specific : errors) {
    const field = fieldOf(err);
    const list = byField.get(field) ?? [];
    const msg = messageOf(err);
    if (!list.includes(msg)) list.push(msg);
    byField.set(field, list);
  }
  if (byField.size === 0) return [new ConfigError(shownFile, '', 'is invalid')];
  return [...byField].map(([field, msgs]) => new ConfigError(shownFile, field, msgs.join('; ')));
}

/**
 * Data this process or its parent already validated, by digest (schema file + data): a child process started by
 * `evc test` (cucumber's coordinator and workers, the CAN environment's run, fault runners) inherits the list in
 * EVC_VALIDATED and skips compiling the schema again — ~1.4 s of CPU per process for the rig schema. Data that
 * differs in any byte, or a schema file that changed, has another digest and is validated as usual.
 */
const VALIDATED_ENV = 'EVC_VALIDATED';
const schemaDigests = new Map<string, string>();
function validationDigest(data: unknown, schemaName: string): string {
  let schema = schemaDigests.get(schemaName);
  if (!schema) {
    schema = createHash('sha256').update(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', schemaName))).digest('hex');
    schemaDigests.set(schemaName, schema);
  }
  return createHash('sha256').update(schema).update('\0').update(JSON.stringify(data) ?? 'undefined').digest('hex').slice(0, 24);
}

/** Validates data against schemas/<schemaName>; throws one ConfigError listing every problem, a line each. */
export function validateData<T>(data: unknown, schemaName: string, shownFile: string): T {
  const digest = validationDigest(data, schemaName);
  const done = (process.env[VALIDATED_ENV] ?? '').split(',');
  if (done.includes(digest)) return data as T;
  const validate = validatorFor(schemaName);
  if (!validate(data)) throw ConfigError.all(problemsOf(validate.errors ?? [], shownFile));
  process.env[VALIDATED_ENV] = [...done.filter(Boolean).slice(-63), digest].join(',');
  return data as T;
}

export function loadDataFile<T>(file: string, schemaName: string): T {
  return validateData<T>(readDataFile(file), schemaName, displayPath(file));
}

/**
 * Loading user-supplied data files (rig configs, fixtures, PICS): JSON or YAML, validated with ajv against a
 * schema in schemas/. Any problem becomes a ConfigError whose message is one line naming the file and field.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { ConfigError } from './errors';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/** Where generated output goes: reports/ unless EVC_REPORTS_DIR says otherwise (tests isolate their runs). */
export const REPORTS_DIR = process.env.EVC_REPORTS_DIR ? path.resolve(process.env.EVC_REPORTS_DIR) : path.join(PROJECT_ROOT, 'reports');

const ajv = new Ajv({ allErrors: false, strict: false });
addFormats(ajv);
const compiled = new Map<string, ValidateFunction>();

/** Path as shown to users: relative to the project root when inside it. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

function validatorFor(schemaName: string): ValidateFunction {
  let v = compiled.get(schemaName);
  if (!v) {
    const file = path.join(PROJECT_ROOT, 'schemas', schemaName);
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    v = ajv.compile(schema);
    compiled.set(schemaName, v);
  }
  return v;
}

export function fieldOf(err: ErrorObject): string {
  const base = err.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
  if (err.keyword === 'required') return base ? `${base}.${err.params.missingProperty}` : String(err.params.missingProperty);
  if (err.keyword === 'additionalProperties') {
    const extra = String(err.params.additionalProperty);
    return base ? `${base}.${extra}` : extra;
  }
  return base || '(root)';
}

export function messageOf(err: ErrorObject): string {
  switch (err.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
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

/** Validates data against schemas/<schemaName>; throws ConfigError(file, field, problem) on the first error. */
export function validateData<T>(data: unknown, schemaName: string, shownFile: string): T {
  const validate = validatorFor(schemaName);
  if (!validate(data)) {
    const err = (validate.errors ?? [])[0];
    throw new ConfigError(shownFile, err ? fieldOf(err) : '', err ? messageOf(err) : 'is invalid');
  }
  return data as T;
}

export function loadDataFile<T>(file: string, schemaName: string): T {
  return validateData<T>(readDataFile(file), schemaName, displayPath(file));
}

/**
 * Payload validation against the official OCA JSON schemas for 1.6 (incl. the security extension), 2.0.1 and
 * 2.1, as bundled by the npm package ocpp-rpc. Each schema is compiled once per process with ajv
 * (+ ajv-formats, multipleOfPrecision so 8.1 passes `multipleOf: 0.1`).
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OcppVersion } from './version';
import type { CanonicalErrorCode } from './error-codes';

export type Direction = 'request' | 'response';

export interface SchemaViolation {
  /** JSON pointer into the payload. */
  path: string;
  /** Where in the schema the rule lives, e.g. `urn:BootNotification.req#/properties/chargePointModel/maxLength`. */
  schemaPath: string;
  message: string;
  /** The RPC error code this violation maps to. */
  code: CanonicalErrorCode;
}

const FILES: Record<OcppVersion, string> = { '1.6': 'ocpp1_6.json', '2.0.1': 'ocpp2_0_1.json', '2.1': 'ocpp2_1.json' };

type SchemaDoc = { $id: string } & Record<string, unknown>;

class VersionSchemas {
  private readonly ajv: Ajv;
  private readonly ids = new Set<string>();
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly version: OcppVersion) {
    this.ajv = new Ajv({ strict: false, allErrors: true, multipleOfPrecision: 6, validateSchema: false });
    addFormats(this.ajv);
    const file = path.join(path.dirname(require.resolve('ocpp-rpc/package.json')), 'lib', 'schemas', FILES[version]);
    const docs = JSON.parse(fs.readFileSync(file, 'utf8')) as SchemaDoc[];
    for (const doc of docs) {
      // The bundle's ids are `urn:Action.req`; ajv's URI library refuses URNs without a namespace id, so the
      // schemas are registered under an equivalent URL (their $refs are all document-local).
      this.ajv.addSchema({ ...doc, $id: this.key(doc.$id) });
      this.ids.add(doc.$id);
    }
  }

  private key(id: string): string {
    return `https://ocpp-schemas.invalid/${this.version}/${id.replace(/^urn:/, '')}`;
  }

  idFor(action: string, dir: Direction): string {
    if (this.version === '2.1') return `urn:${action}${dir === 'request' ? 'Request' : 'Response'}`;
    return `urn:${action}.${dir === 'request' ? 'req' : 'conf'}`;
  }

  hasAction(action: string): boolean {
    return this.ids.has(this.idFor(action, 'request'));
  }

  actions(): string[] {
    const suffix = this.version === '2.1' ? /Request$/ : /\.req$/;
    return [...this.ids].filter((id) => suffix.test(id)).map((id) => id.replace(/^urn:/, '').replace(suffix, ''));
  }

  validator(action: string, dir: Direction): ValidateFunction | undefined {
    const id = this.idFor(action, dir);
    if (!this.ids.has(id)) return undefined;
    let v = this.cache.get(id);
    if (!v) {
      v = this.ajv.getSchema(this.key(id));
      if (!v) return undefined;
      this.cache.set(id, v);
    }
    return v;
  }
}

const perVersion = new Map<OcppVersion, VersionSchemas>();

function schemasFor(version: OcppVersion): VersionSchemas {
  let s = perVersion.get(version);
  if (!s) {
    s = new VersionSchemas(version);
    perVersion.set(version, s);
  }
  return s;
}

export function knownActions(version: OcppVersion): string[] {
  return schemasFor(version).actions();
}

export function isKnownAction(version: OcppVersion, action: string): boolean {
  return schemasFor(version).hasAction(action);
}

function codeFor(err: ErrorObject): CanonicalErrorCode {
  switch (err.keyword) {
    case 'required':
      return 'OccurrenceConstraintViolation';
    case 'type':
      return 'TypeConstraintViolation';
    case 'additionalProperties':
      return 'FormatViolation';
    case 'maxLength':
    case 'minLength':
    case 'maximum':
    case 'minimum':
    case 'exclusiveMaximum':
    case 'exclusiveMinimum':
    case 'enum':
    case 'pattern':
    case 'format':
    case 'multipleOf':
    case 'maxItems':
    case 'minItems':
      return 'PropertyConstraintViolation';
    default:
      return 'FormatViolation';
  }
}

const DATE_TIME_FRACTION = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.(\d+)/;

/** Finds date-times with more than 3 fractional digits (2.0.1 Part 4: at most millisecond precision). */
function dateTimePrecisionViolations(value: unknown, at = ''): SchemaViolation[] {
  if (typeof value === 'string') {
    const m = DATE_TIME_FRACTION.exec(value);
    return m && m[1].length > 3
      ? [{ path: at || '/', schemaPath: '(OCPP 2.0.1 Part 4 §date-time)', message: `date-time ${value} has more than 3 fractional digits`, code: 'PropertyConstraintViolation' }]
      : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => dateTimePrecisionViolations(v, `${at}/${i}`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => dateTimePrecisionViolations(v, `${at}/${k}`));
  return [];
}

/**
 * Validates a payload. Returns undefined when the action is unknown to the version, else the list of
 * violations (empty = valid).
 */
export function validatePayload(version: OcppVersion, action: string, dir: Direction, payload: unknown): SchemaViolation[] | undefined {
  const schemas = schemasFor(version);
  const v = schemas.validator(action, dir);
  if (!v) return undefined;
  const out: SchemaViolation[] = [];
  if (!v(payload)) {
    const id = schemas.idFor(action, dir);
    for (const err of v.errors ?? []) {
      const extra = err.keyword === 'additionalProperties' ? ` (${String(err.params.additionalProperty)})` : '';
      out.push({ path: err.instancePath || '/', schemaPath: `${id}${err.schemaPath}`, message: `${err.message ?? 'invalid'}${extra}`, code: codeFor(err) });
    }
  }
  if (version !== '1.6') out.push(...dateTimePrecisionViolations(payload));
  return out;
}

export function formatViolations(list: SchemaViolation[]): string {
  return list.map((v) => `${v.path} ${v.message} [${v.schemaPath}]`).join('; ');
}

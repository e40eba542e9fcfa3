import { randomBytes } from 'node:crypto';
import { createValidator, type RPCClient, type Validator } from 'ocpp-rpc';
// The official OCPP 2.0.1 JSON schemas bundled with ocpp-rpc (ids `urn:<Action>.req` / `urn:<Action>.conf`).
import schemas from 'ocpp-rpc/lib/schemas/ocpp2_0_1.json';
export { messageId, rawCall, Timers } from '../common/rpc';

export type DateStyle = 'rfc3339' | 'microseconds' | 'no-offset';

/** RFC 3339 UTC timestamp with millisecond precision, or one of the faulty styles. */
export function formatDate(d: Date, style: DateStyle = 'rfc3339'): string {
  const iso = d.toISOString();
  if (style === 'microseconds') return iso.replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}Z`);
  if (style === 'no-offset') return iso.replace(/Z$/, '');
  return iso;
}

const ISO_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** Rewrites every RFC 3339 UTC timestamp inside a payload to the given style (for date-time faults). */
export function restyleDates(v: unknown, style: DateStyle): unknown {
  if (style === 'rfc3339') return v;
  if (typeof v === 'string' && ISO_RE.test(v)) return formatDate(new Date(v), style);
  if (Array.isArray(v)) return v.map((x) => restyleDates(x, style));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, restyleDates(x, style)]));
  return v;
}

/** Scaled milliseconds for a protocol duration in seconds, never below `min` ms. */
export function scaledMs(seconds: number, timeScale: number, min = 5): number {
  return Math.max(min, Math.round(seconds * 1000 * timeScale));
}

const TO_201: Record<string, string> = {
  FormationViolation: 'FormatViolation',
  OccurenceConstraintViolation: 'OccurrenceConstraintViolation',
};
const TO_16: Record<string, string> = {
  FormatViolation: 'FormationViolation',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
};

/**
 * Makes an ocpp-rpc connection send OCPP 2.0.1 CALLERRORs: ocpp-rpc's validator names a missing field
 * `OccurenceConstraintViolation` (the 1.6 typo) for every protocol; 2.0.1 spells it OccurrenceConstraintViolation.
 * An unreadable frame is answered with message id "-1" and RpcFrameworkError (ocpp-rpc already does that).
 * `oldSpelling` (fault wrong-error-code-spelling) sends the 1.6 spellings; `noMinusOne` (fault
 * rpc-error-without-minus-one) replaces the id "-1" by null. errorDescription is cut to 255 characters.
 */
export function speakOcpp201Errors(client: RPCClient, o: { oldSpelling: boolean; noMinusOne: boolean }): void {
  const send = client.sendRaw.bind(client);
  client.sendRaw = (message: string | Buffer) => {
    const text = String(message);
    if (text.startsWith('[4,')) {
      try {
        const frame = JSON.parse(text) as unknown[];
        const code = String(frame[2]);
        frame[2] = (o.oldSpelling ? TO_16[code] : TO_201[code]) ?? code;
        if (typeof frame[3] === 'string' && frame[3].length > 255) frame[3] = frame[3].slice(0, 255);
        if (frame[1] === '-1' && o.noMinusOne) frame[1] = null;
        if (frame[4] && typeof frame[4] === 'object' && 'errors' in (frame[4] as object)) frame[4] = {};
        return send(JSON.stringify(frame));
      } catch {
        /* not JSON: send as is */
      }
    }
    return send(message);
  };
}

/** Strict-mode validator for ocpp2.0.1 built from ocpp-rpc's bundled schemas. */
export function ocpp201Validator(): Validator {
  // one per process: a validator holds only its compiled schemas, and compiling them again for every reference
  // SUT started (each scenario, each fault run of a verify:faults runner) cost seconds of CPU per runner
  strictValidator ??= createValidator('ocpp2.0.1', schemas);
  return strictValidator;
}
let strictValidator: Validator | undefined;

const plainValidator = createValidator('ocpp2.0.1', schemas);
/** Validates against the bundled 2.0.1 schema (`schemaId` e.g. `Heartbeat.req`); returns the problem or undefined. */
export function schemaProblem(schemaId: string, payload: unknown): string | undefined {
  try {
    plainValidator.validate(`urn:${schemaId}`, payload);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/** A transaction id: unique string of at most 36 characters. */
export function newTransactionId(): string {
  const b = randomBytes(16).toString('hex');
  return `${b.slice(0, 8)}-${b.slice(8, 12)}-${b.slice(12, 16)}-${b.slice(16, 20)}-${b.slice(20, 32)}`;
}

/** Drops keys whose value is undefined, recursively (empty optional fields are omitted, never null). */
export function compact<T>(o: T): T {
  if (Array.isArray(o)) return o.map((x) => compact(x)) as T;
  if (o && typeof o === 'object' && Object.getPrototypeOf(o) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) if (v !== undefined) out[k] = compact(v);
    return out as T;
  }
  return o;
}

/**
 * Sets every optional top-level property of the payload's schema that has no value to null (the
 * `sends-null-fields` fault); `schemaName` is e.g. `StatusNotification.req`.
 */
export function nullOptionalFields(schemaName: string, payload: Record<string, unknown>): Record<string, unknown> {
  const schema = (schemas as Array<Record<string, any>>).find((x) => x.$id === `urn:${schemaName}`);
  const out: Record<string, unknown> = { ...payload };
  if (!schema) return out;
  const required = new Set<string>(schema.required ?? []);
  for (const k of Object.keys(schema.properties ?? {})) if (!required.has(k) && k !== 'customData' && out[k] === undefined) out[k] = null;
  return out;
}

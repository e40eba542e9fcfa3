import { createValidator, type RPCClient, type Validator } from 'ocpp-rpc';
// The official OCPP 1.6 (+ security extension) JSON schemas bundled with ocpp-rpc.
import schemas from 'ocpp-rpc/lib/schemas/ocpp1_6.json';
export { messageId, rawCall, Timers } from '../common/rpc';

/** RFC 3339 UTC timestamp with millisecond precision. */
export function isoNow(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString();
}

/** A local-time timestamp without offset, for the `invalid-date-time` fault. */
export function isoWithoutOffset(d = new Date()): string {
  return d.toISOString().replace(/\.\d+Z$/, '').replace(/Z$/, '');
}

/** Scaled milliseconds for a protocol duration in seconds, never below `min` ms. */
export function scaledMs(seconds: number, timeScale: number, min = 5): number {
  return Math.max(min, Math.round(seconds * 1000 * timeScale));
}

/** 1.6 spellings of the error codes (the errata keep the spec's typos) and the 2.0.1 ones. */
const TO_16: Record<string, string> = {
  FormatViolation: 'FormationViolation',
  OccurrenceConstraintViolation: 'OccurenceConstraintViolation',
  // 1.6 has no RpcFrameworkError: an unreadable frame is a malformed PDU
  RpcFrameworkError: 'FormationViolation',
};
const TO_201: Record<string, string> = {
  FormationViolation: 'FormatViolation',
  OccurenceConstraintViolation: 'OccurrenceConstraintViolation',
};

export function errorCodeFor(code: string, wrongSpelling: boolean): string {
  return (wrongSpelling ? TO_201[code] : TO_16[code]) ?? code;
}

/**
 * Makes an ocpp-rpc connection speak OCPP 1.6 error codes. ocpp-rpc follows the 2.0.1 conventions in places
 * (it rewrites OccurenceConstraintViolation to the 2.0.1 spelling, answers unreadable frames with
 * RpcFrameworkError and unknown message types with MessageTypeNotSupported); 1.6 keeps FormationViolation /
 * OccurenceConstraintViolation and ignores unknown message types. Every outgoing CALLERROR passes through
 * here; with `wrongSpelling` (the `wrong-error-code-spelling` fault) the 2.0.1 spellings go out instead.
 */
export function speakOcpp16Errors(client: RPCClient, wrongSpelling: boolean): void {
  const send = client.sendRaw.bind(client);
  client.sendRaw = (message: string | Buffer) => {
    const text = String(message);
    if (text.startsWith('[4,')) {
      try {
        const frame = JSON.parse(text) as unknown[];
        if (!wrongSpelling && frame[2] === 'MessageTypeNotSupported') return; // 1.6: unknown message types are ignored
        if (!wrongSpelling && frame[1] === '-1') return; // no readable message id: nothing to answer to
        frame[2] = errorCodeFor(String(frame[2]), wrongSpelling);
        return send(JSON.stringify(frame));
      } catch {
        /* not JSON: send as is */
      }
    }
    return send(message);
  };
}

/** Strict-mode validator for ocpp1.6 built from ocpp-rpc's bundled schemas. */
export function ocpp16Validator(): Validator {
  // one per process: a validator holds only its compiled schemas, and compiling them again for every reference
  // SUT started (each scenario, each fault run of a verify:faults runner) cost seconds of CPU per runner
  strictValidator ??= createValidator('ocpp1.6', schemas);
  return strictValidator;
}
let strictValidator: Validator | undefined;

/** Validates a payload against the bundled 1.6 schema (`schemaId` e.g. `Heartbeat.req`); returns the error text or undefined. */
const plainValidator = createValidator('ocpp1.6', schemas);
export function schemaProblem(schemaId: string, payload: unknown): string | undefined {
  try {
    plainValidator.validate(`urn:${schemaId}`, payload);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

export function nullOptionalFields(schemaName: string, payload: Record<string, unknown>): Record<string, unknown> {
  const schema = (schemas as Array<Record<string, any>>).find((s) => s.$id === `urn:${schemaName}`);
  const out: Record<string, unknown> = { ...payload };
  if (!schema) return out;
  const required = new Set<string>(schema.required ?? []);
  for (const k of Object.keys(schema.properties ?? {})) if (!required.has(k) && out[k] === undefined) out[k] = null;
  return out;
}

/** Drops keys whose value is undefined (empty optional fields are omitted, never null). */
export function compact<T extends Record<string, unknown>>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/**
 * OCPP-J message framing: the JSON array forms CALL [2,id,action,payload], CALLRESULT [3,id,payload],
 * CALLERROR [4,id,code,description,details], and in 2.1 CALLRESULTERROR [5,…] and SEND [6,id,action,payload].
 * parseFrame never throws: malformed input yields a classified problem the roles turn into a CALLERROR
 * (when the harness is the receiver) or a verdict quoting the frame (when the SUT sent it).
 */
import type { OcppVersion } from './version';

export const CALL = 2;
export const CALLRESULT = 3;
export const CALLERROR = 4;
export const CALLRESULTERROR = 5;
export const SEND = 6;

export type Payload = Record<string, unknown>;

export type OcppFrame =
  | { type: 2; id: string; action: string; payload: Payload }
  | { type: 3; id: string; payload: Payload }
  | { type: 4; id: string; code: string; description: string; details: Payload }
  | { type: 5; id: string; code: string; description: string; details: Payload }
  | { type: 6; id: string; action: string; payload: Payload };

export type FramingProblem =
  | 'invalid-json'
  | 'not-an-array'
  | 'unknown-message-type'
  | 'message-type-not-in-version'
  | 'wrong-element-count'
  | 'bad-message-id'
  | 'message-id-too-long'
  | 'bad-action'
  | 'payload-not-object'
  | 'bad-error-fields';

export type ParseResult =
  | { ok: true; frame: OcppFrame }
  | { ok: false; problem: FramingProblem; detail: string; id?: string; type?: number; action?: string };

export const MAX_MESSAGE_ID = 36;

const ARITY: Record<number, number> = { 2: 4, 3: 3, 4: 5, 5: 5, 6: 4 };

function isObject(v: unknown): v is Payload {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function parseFrame(text: string, version: OcppVersion): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: 'invalid-json', detail: (e as Error).message };
  }
  if (!Array.isArray(data)) return { ok: false, problem: 'not-an-array', detail: `top level is ${data === null ? 'null' : typeof data}` };
  const [type, id] = data;
  const idOk = typeof id === 'string';
  const base = { id: idOk ? (id as string) : undefined, type: typeof type === 'number' ? type : undefined };
  if (typeof type !== 'number' || !(type in ARITY)) {
    return { ok: false, problem: 'unknown-message-type', detail: `message type ${JSON.stringify(type)}`, ...base };
  }
  if ((type === CALLRESULTERROR || type === SEND) && version !== '2.1') {
    return { ok: false, problem: 'message-type-not-in-version', detail: `message type ${type} exists only in OCPP 2.1`, ...base };
  }
  if (!idOk) return { ok: false, problem: 'bad-message-id', detail: `message id ${JSON.stringify(id)} is not a string`, ...base };
  if ((id as string).length > MAX_MESSAGE_ID) {
    return { ok: false, problem: 'message-id-too-long', detail: `message id has ${(id as string).length} characters (max ${MAX_MESSAGE_ID})`, ...base };
  }
  if (data.length !== ARITY[type]) {
    return { ok: false, problem: 'wrong-element-count', detail: `message type ${type} has ${data.length} elements, expected ${ARITY[type]}`, ...base };
  }
  switch (type) {
    case CALL:
    case SEND: {
      const [, , action, payload] = data;
      if (typeof action !== 'string' || !/^[A-Za-z0-9]+$/.test(action)) {
        return { ok: false, problem: 'bad-action', detail: `action ${JSON.stringify(action)}`, ...base };
      }
      if (!isObject(payload)) return { ok: false, problem: 'payload-not-object', detail: `payload is ${JSON.stringify(payload)}`, ...base, action };
      return { ok: true, frame: { type, id, action, payload } as OcppFrame };
    }
    case CALLRESULT: {
      const payload = data[2];
      if (!isObject(payload)) return { ok: false, problem: 'payload-not-object', detail: `payload is ${JSON.stringify(payload)}`, ...base };
      return { ok: true, frame: { type: CALLRESULT, id, payload } };
    }
    default: {
      const [, , code, description, details] = data;
      if (typeof code !== 'string' || typeof description !== 'string' || !isObject(details)) {
        return { ok: false, problem: 'bad-error-fields', detail: 'errorCode and errorDescription must be strings, errorDetails an object', ...base };
      }
      return { ok: true, frame: { type, id, code, description, details } as OcppFrame };
    }
  }
}

export function serializeFrame(frame: OcppFrame): string {
  switch (frame.type) {
    case CALL:
    case SEND:
      return JSON.stringify([frame.type, frame.id, frame.action, frame.payload]);
    case CALLRESULT:
      return JSON.stringify([frame.type, frame.id, frame.payload]);
    default:
      return JSON.stringify([frame.type, frame.id, frame.code, frame.description, frame.details]);
  }
}

export function summarize(frame: OcppFrame, actionOf?: (id: string) => string | undefined): string {
  switch (frame.type) {
    case CALL:
      return `CALL ${frame.action} #${frame.id}`;
    case SEND:
      return `SEND ${frame.action} #${frame.id}`;
    case CALLRESULT:
      return `CALLRESULT ${actionOf?.(frame.id) ?? ''} #${frame.id}`.replace('  ', ' ');
    case CALLERROR:
      return `CALLERROR ${frame.code} ${actionOf?.(frame.id) ?? ''} #${frame.id}`.replace('  ', ' ');
    default:
      return `CALLRESULTERROR ${frame.code} #${frame.id}`;
  }
}

let counter = 0;
/** Message ids: unique, ≤ 36 characters. */
export function newMessageId(): string {
  counter = (counter + 1) % 1_000_000;
  return `${Date.now().toString(36)}-${process.pid.toString(36)}-${counter.toString(36)}`;
}

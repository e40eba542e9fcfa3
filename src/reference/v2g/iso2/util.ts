/**
 * Small helpers of the reference ISO 15118-2 modules (written apart from the harness roles on purpose):
 * EXI in and out through src/exi, physical values, the pilot state as the EVSE's or EV's instruments see it.
 */
import { decodeExiJson, encodeExiJson } from '../../../exi';
import type { PilotObservation } from '../../../iec61851/line/types';

export const EXI_PAYLOAD = 0x8001;
export const NAMESPACE = 'urn:iso:15118:2:2013:MsgDef';

export type Body = Record<string, unknown>;

export interface Iso2Frame {
  name: string;
  sessionId: string;
  body: Body;
}

export function obj(v: unknown): Body {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Body) : {};
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** Decodes one -2 message; undefined when the EXI is not an ISO 15118-2 V2G_Message with one body element. */
export function readFrame(exi: Uint8Array): Iso2Frame | undefined {
  try {
    const doc = decodeExiJson('iso2', exi);
    const msg = obj(doc.V2G_Message);
    const body = obj(msg.Body);
    const names = Object.keys(body);
    const sid = obj(msg.Header).SessionID;
    if (names.length !== 1 || typeof sid !== 'string') return undefined;
    return { name: names[0], sessionId: sid.toUpperCase(), body: obj(body[names[0]]) };
  } catch {
    return undefined;
  }
}

export function writeFrame(name: string, sessionId: string, body: Body, header: Body = {}): Uint8Array {
  return encodeExiJson('iso2', { V2G_Message: { Header: { SessionID: sessionId.toLowerCase(), ...header }, Body: { [name]: body } } });
}

/** A PhysicalValueType (Value a 16-bit integer, multiplier as small as the value allows). */
export function phys(value: number, unit: string): Body {
  let m = 0;
  let v = Math.round(value);
  if (!Number.isInteger(value) && Math.abs(value) < 3276) {
    m = -1;
    v = Math.round(value * 10);
  }
  while (Math.abs(v) > 32767 && m < 3) {
    m += 1;
    v = Math.round(value / 10 ** m);
  }
  return { Value: v, Multiplier: m, Unit: unit };
}

export function physValue(v: unknown): number {
  const p = obj(v);
  return typeof p.Value === 'number' && typeof p.Multiplier === 'number' ? p.Value * 10 ** p.Multiplier : Number.NaN;
}

export function numberOr(values: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const v = values[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

/** CP state C or D as the high level of the PWM shows it (C ≈ 6 V, D ≈ 3 V; B ≈ 9 V). */
export function inStateCOrD(o: PilotObservation): boolean {
  return o.cpHighV > 1.5 && o.cpHighV < 7.5;
}

export function randomSessionId(): string {
  let s = '';
  for (let i = 0; i < 8; i += 1) s += Math.floor(Math.random() * 256).toString(16).padStart(2, '0');
  return s === '0000000000000000' ? '0000000000000001' : s.toUpperCase();
}

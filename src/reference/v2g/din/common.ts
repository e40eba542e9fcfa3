/**
 * What both reference DIN modules need: the EXI round trip of a V2G_Message, DIN physical values, reading
 * config values (own keys, else the shared reference keys of config.ts). Written for the reference SUTs alone:
 * the harness roles have their own (src/v2g/roles/din), the two share only src/exi.
 */
import { monoUs } from '../../../core/clock';
import { decodeExiJson, encodeExiJson } from '../../../exi';
import type { EvsePort } from '../../../iec61851/line/types';

export const DIN_NS = 'urn:din:70121:2012:MsgDef';
export const PT_EXI = 0x8001;

export type Obj = Record<string, unknown>;
export interface Pv { Multiplier: number; Unit?: string; Value: number }

export interface DinDoc { name: string; body: Obj; sessionId: string }

/** Decodes a DIN V2G_Message; throws on anything else. */
export function readDin(exi: Uint8Array): DinDoc {
  const doc = decodeExiJson('din', exi) as Obj;
  const msg = doc.V2G_Message as { Header: { SessionID: string }; Body: Obj } | undefined;
  if (!msg) throw new Error(`not a V2G_Message (${Object.keys(doc).join(', ')})`);
  const names = Object.keys(msg.Body ?? {});
  if (names.length !== 1 || names[0] === 'BodyElement') throw new Error(`Body holds ${names.join(', ') || 'nothing'}`);
  return { name: names[0], body: (msg.Body[names[0]] ?? {}) as Obj, sessionId: String(msg.Header.SessionID).toLowerCase() };
}

export function writeDin(name: string, body: Obj, sessionId: string): Uint8Array {
  return encodeExiJson('din', { V2G_Message: { Header: { SessionID: sessionId.toLowerCase() }, Body: { [name]: body } } });
}

export function isPv(v: unknown): v is Pv {
  return typeof v === 'object' && v !== null && typeof (v as Pv).Value === 'number' && typeof (v as Pv).Multiplier === 'number';
}

/** A DIN PhysicalValue for an amount (integers with multiplier 0…3, fractions with −1…−3) or a given encoding. */
export function phys(v: number | Pv, unit: string): Pv {
  if (isPv(v)) return { Multiplier: v.Multiplier, Unit: v.Unit ?? unit, Value: v.Value };
  const ms = Number.isInteger(v) ? [0, 1, 2, 3] : [-1, -2, -3];
  for (const m of ms) {
    const value = Math.round(v / 10 ** m);
    if (Math.abs(value) <= 32767 && Math.abs(value * 10 ** m - v) < 1e-6) return { Multiplier: m, Unit: unit, Value: value };
  }
  return { Multiplier: 3, Unit: unit, Value: Math.max(-32768, Math.min(32767, Math.round(v / 1000))) };
}

export function amount(v: unknown): number | undefined {
  return isPv(v) ? v.Value * 10 ** v.Multiplier : typeof v === 'number' ? v : undefined;
}

/** The first of `keys` set in `values`, else `fallback`. */
export function pick<T>(values: Readonly<Obj>, keys: readonly string[], fallback: T): T {
  for (const k of keys) if (values[k] !== undefined) return values[k] as T;
  return fallback;
}

/** DIN EVSEID is hexBinary: hex ids stay, any other id is written as its UTF-8 bytes (at most 32). */
export function evseIdHex(id: string): string {
  if (/^([0-9a-fA-F]{2}){1,32}$/.test(id)) return id.toLowerCase();
  return Buffer.from(id, 'utf8').subarray(0, 32).toString('hex');
}

/** CP state C or D (S2 closed): high level around +6 V or +3 V. */
export function s2Closed(cpHighV: number): boolean {
  return cpHighV > 1.5 && cpHighV < 7.5;
}

/**
 * Whether the EV is in state C or D now: the first pilot measurement taken after this call decides (the line
 * delivers measurements after a latency; the EV closed S2 before its request left). No pilot: true.
 */
export async function evInStateC(pilot: EvsePort | undefined, boundMs: number): Promise<boolean> {
  if (!pilot) return true;
  const from = monoUs();
  const o = await pilot.waitFor((x) => x.tUs >= from, boundMs, 'a pilot measurement').catch(() => pilot.latest());
  return s2Closed(o.cpHighV);
}

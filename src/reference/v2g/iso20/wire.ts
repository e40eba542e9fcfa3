/**
 * The reference -20 modules' own view of the wire (independent of src/v2g/messages): which schema set a
 * payload type names, message → (payload type, EXI), EXI → message, rational numbers and service ids.
 */
import { decodeExiJson, encodeExiJson, type SchemaSetName } from '../../../exi';

export const PT_COMMON = 0x8002;
export const PT_AC = 0x8003;
export const PT_DC = 0x8004;

/** -20 energy transfer service ids (ServiceDiscovery): AC, DC (no BPT/WPT/ACDP in the reference). */
export const SERVICE_AC = 1;
export const SERVICE_DC = 2;
export const SERVICE_WPT = 3;

export interface Rational {
  Exponent: number;
  Value: number;
}

export interface WireMessage {
  name: string;
  sessionId: string;
  timestamp: number;
  body: Record<string, unknown>;
}

const SETS: ReadonlyMap<number, SchemaSetName> = new Map<number, SchemaSetName>([
  [PT_COMMON, 'iso20'],
  [PT_AC, 'iso20ac'],
  [PT_DC, 'iso20dc'],
]);

export function familyPayloadType(name: string): number {
  return name.startsWith('DC_') ? PT_DC : name.startsWith('AC_') ? PT_AC : PT_COMMON;
}

/** Encodes a message into the set of its family; `payloadType` is what the module will send it as. */
export function encodeMessage(name: string, sessionId: string, body: Record<string, unknown>): Uint8Array {
  const set = SETS.get(familyPayloadType(name)) as SchemaSetName;
  const doc = { [name]: { Header: { SessionID: sessionId.toLowerCase(), TimeStamp: Math.floor(Date.now() / 1000) }, ...body } };
  return encodeExiJson(set, doc);
}

/** Decodes with the set the payload type names; a reason string instead of a message when it cannot. */
export function decodeMessage(payloadType: number, exi: Uint8Array): WireMessage | string {
  const set = SETS.get(payloadType);
  if (!set) return `payload type 0x${payloadType.toString(16)} names no -20 schema set`;
  let doc: Record<string, unknown>;
  try {
    doc = decodeExiJson(set, exi);
  } catch (e) {
    return `EXI does not decode with ${set}: ${(e as Error).message}`;
  }
  const name = Object.keys(doc)[0] ?? '';
  const root = doc[name] as Record<string, unknown> | undefined;
  const header = root?.['Header'] as { SessionID?: string; TimeStamp?: number | string } | undefined;
  if (!root || !header || !/(Req|Res)$/.test(name)) return `${set} root element ${name} is not a V2G message`;
  const { Header: _h, ...body } = root;
  void _h;
  return { name, sessionId: String(header.SessionID ?? '').toUpperCase(), timestamp: Number(header.TimeStamp ?? 0), body };
}

export function rational(value: number): Rational {
  let v = value;
  let e = 0;
  while (!Number.isInteger(v) && e > -3) {
    v *= 10;
    e -= 1;
  }
  v = Math.round(v);
  while (Math.abs(v) > 32767) {
    v = Math.round(v / 10);
    e += 1;
  }
  return { Exponent: e, Value: v };
}

export function num(r: unknown): number {
  const x = r as Rational | undefined;
  if (!x || typeof x.Value !== 'number' || typeof x.Exponent !== 'number') return Number.NaN;
  return x.Value * 10 ** x.Exponent;
}

/** The first of `keys` the config's `values` has (under `iso20`, else flat), else the default. */
export function configValue(values: Readonly<Record<string, unknown>>, keys: string | readonly string[], dflt: number): number {
  const own = values['iso20'] as Record<string, unknown> | undefined;
  for (const key of typeof keys === 'string' ? [keys] : keys) {
    const v = own?.[key] ?? values[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return dflt;
}

/** AC power from the variant's nominal voltage, current and phases (values acNominalVoltageV / acMaxCurrentA / acPhases). */
export function acPowerW(values: Readonly<Record<string, unknown>>, currentA: number | undefined, dflt: number): number {
  const volts = configValue(values, 'acNominalVoltageV', Number.NaN);
  const amps = currentA ?? configValue(values, 'acMaxCurrentA', Number.NaN);
  const phases = configValue(values, 'acPhases', 1);
  const w = volts * amps * phases;
  return Number.isFinite(w) && w > 0 ? w : dflt;
}

export function randomSessionId(): string {
  let s = '';
  for (let i = 0; i < 8; i += 1) s += Math.floor(Math.random() * 256).toString(16).padStart(2, '0');
  return s === '0000000000000000' ? '0102030405060708' : s.toUpperCase();
}

/** CP state from the EV's view of the line: the high level's band (B 9 V, C 6 V, D 3 V). */
export function cpStateOf(cpHighV: number): 'A' | 'B' | 'C' | 'D' | 'E' {
  if (cpHighV > 10.5) return 'A';
  if (cpHighV > 7.5) return 'B';
  if (cpHighV > 4.5) return 'C';
  if (cpHighV > 1.5) return 'D';
  return 'E';
}

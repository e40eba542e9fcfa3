/**
 * OBD-II (SAE J1979 / ISO 15031-5 over ISO 15765-4) codecs: request `[mode, pid]`, response
 * `[mode+0x40, pid, data…]`; supported-PID bitmaps (PID 0x00, 0x20, 0x40…: bit 7 of byte A = the next PID);
 * two-byte DTCs (P/C/B/U + 4 hex digits); mode 03/07/0A responses with a DTC count byte (CAN); mode 09 VIN.
 */
import { CodecError } from '../core/errors';
import { hex } from '../uds/codec';

export const MODE = { currentData: 0x01, freezeFrame: 0x02, storedDtcs: 0x03, clearDtcs: 0x04, pendingDtcs: 0x07, vehicleInfo: 0x09, permanentDtcs: 0x0a } as const;

export interface PidDefinition {
  name: string;
  bytes: number;
  unit: string;
  decode: (d: Uint8Array) => number | string;
}

/** Mode 01 PIDs this harness decodes (formulas from SAE J1979 as commonly published). */
export const PIDS: Record<number, PidDefinition> = {
  0x01: { name: 'Monitor status since DTCs cleared', bytes: 4, unit: '', decode: (d) => `MIL ${(d[0] & 0x80) !== 0 ? 'on' : 'off'}, ${d[0] & 0x7f} DTC(s)` },
  0x04: { name: 'Calculated engine load', bytes: 1, unit: '%', decode: (d) => round((d[0] * 100) / 255) },
  0x05: { name: 'Engine coolant temperature', bytes: 1, unit: '°C', decode: (d) => d[0] - 40 },
  0x0c: { name: 'Engine speed', bytes: 2, unit: 'rpm', decode: (d) => ((d[0] << 8) | d[1]) / 4 },
  0x0d: { name: 'Vehicle speed', bytes: 1, unit: 'km/h', decode: (d) => d[0] },
  0x0f: { name: 'Intake air temperature', bytes: 1, unit: '°C', decode: (d) => d[0] - 40 },
  0x11: { name: 'Throttle position', bytes: 1, unit: '%', decode: (d) => round((d[0] * 100) / 255) },
  0x1f: { name: 'Run time since engine start', bytes: 2, unit: 's', decode: (d) => (d[0] << 8) | d[1] },
  0x2f: { name: 'Fuel tank level input', bytes: 1, unit: '%', decode: (d) => round((d[0] * 100) / 255) },
  0x42: { name: 'Control module voltage', bytes: 2, unit: 'V', decode: (d) => ((d[0] << 8) | d[1]) / 1000 },
  0x46: { name: 'Ambient air temperature', bytes: 1, unit: '°C', decode: (d) => d[0] - 40 },
  0x5b: { name: 'Hybrid battery pack remaining life', bytes: 1, unit: '%', decode: (d) => round((d[0] * 100) / 255) },
};

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export function isBitmapPid(pid: number): boolean {
  return pid % 0x20 === 0;
}

/** Bitmap for PIDs base+1 … base+0x20 (bit 7 of byte 0 = base+1). `more` sets the base+0x20 bit. */
export function encodePidBitmap(base: number, supported: Iterable<number>): Uint8Array {
  const out = new Uint8Array(4);
  for (const pid of supported) {
    const i = pid - base - 1;
    if (i >= 0 && i < 32) out[i >> 3] |= 0x80 >> (i & 7);
  }
  return out;
}

export function decodePidBitmap(base: number, bitmap: Uint8Array): number[] {
  if (bitmap.length !== 4) throw new CodecError(`PID bitmap must be 4 bytes, got ${bitmap.length} (${hex(bitmap)})`);
  const out: number[] = [];
  for (let i = 0; i < 32; i++) if ((bitmap[i >> 3] & (0x80 >> (i & 7))) !== 0) out.push(base + i + 1);
  return out;
}

export function encodeObdRequest(mode: number, pid?: number): Uint8Array {
  return pid === undefined ? Uint8Array.of(mode) : Uint8Array.of(mode, pid);
}

export interface PidResponse {
  pid: number;
  data: Uint8Array;
}

/** Decodes a mode 01/02/09 response `[mode+40, pid, data]`, checking the data length for known mode 01 PIDs. */
export function decodePidResponse(mode: number, pdu: Uint8Array): PidResponse {
  if (pdu.length < 2) throw new CodecError(`OBD mode ${mode.toString(16)} response too short (${hex(pdu)})`);
  if (pdu[0] !== mode + 0x40) throw new CodecError(`OBD response SID 0x${hex([mode + 0x40])} expected, got 0x${hex([pdu[0]])} (${hex(pdu)})`);
  const pid = pdu[1];
  const data = pdu.slice(2);
  const expected = mode === 0x01 ? (isBitmapPid(pid) ? 4 : PIDS[pid]?.bytes) : undefined;
  if (expected !== undefined && data.length !== expected) {
    throw new CodecError(`OBD PID 0x${hex([pid])}: ${expected} data bytes expected, got ${data.length} (${hex(pdu)})`);
  }
  return { pid, data };
}

export function decodePidValue(pid: number, data: Uint8Array): { name: string; value: number | string; unit: string } {
  const def = PIDS[pid];
  if (!def) return { name: `PID 0x${hex([pid])}`, value: hex(data), unit: '' };
  return { name: def.name, value: def.decode(data), unit: def.unit };
}

const DTC_LETTERS = ['P', 'C', 'B', 'U'];

/** 0x0133 → P0133; 0xC073 → U0073. */
export function formatDtc(code: number): string {
  return `${DTC_LETTERS[(code >> 14) & 3]}${((code >> 12) & 3).toString(16)}${(code & 0xfff).toString(16).padStart(3, '0').toUpperCase()}`;
}

export function parseDtc(text: string): number {
  const m = /^([PCBU])([0-3])([0-9A-Fa-f]{3})$/.exec(text.trim());
  if (!m) throw new CodecError(`not an OBD DTC: '${text}' (expected e.g. P0133)`);
  return (DTC_LETTERS.indexOf(m[1]) << 14) | (parseInt(m[2], 16) << 12) | parseInt(m[3], 16);
}

/** Mode 03/07/0A response on CAN: `[mode+40, count, (hi lo)…]`. */
export function encodeDtcResponse(mode: number, dtcs: number[]): Uint8Array {
  return Uint8Array.of(mode + 0x40, dtcs.length, ...dtcs.flatMap((d) => [(d >> 8) & 0xff, d & 0xff]));
}

export function decodeDtcResponse(mode: number, pdu: Uint8Array): number[] {
  if (pdu.length < 2 || pdu[0] !== mode + 0x40) throw new CodecError(`OBD mode ${mode.toString(16).padStart(2, '0')} response malformed (${hex(pdu)})`);
  const count = pdu[1];
  if (pdu.length !== 2 + count * 2) throw new CodecError(`OBD DTC response announces ${count} DTC(s) but carries ${pdu.length - 2} byte(s) (${hex(pdu)})`);
  const out: number[] = [];
  for (let i = 0; i < count; i++) out.push((pdu[2 + 2 * i] << 8) | pdu[3 + 2 * i]);
  return out;
}

/** Mode 09 string items (VIN 0x02, CALID 0x04, ECU name 0x0A): `[49, pid, count, ascii…]`. */
export function encodeInfoString(pid: number, text: string, length: number): Uint8Array {
  const bytes = Buffer.alloc(length, 0);
  Buffer.from(text, 'latin1').copy(bytes, 0, 0, length);
  return Uint8Array.of(0x49, pid, 0x01, ...bytes);
}

export function decodeInfoString(pid: number, pdu: Uint8Array): string {
  if (pdu.length < 4 || pdu[0] !== 0x49 || pdu[1] !== pid) throw new CodecError(`OBD mode 09 PID 0x${hex([pid])} response malformed (${hex(pdu)})`);
  return Buffer.from(pdu.slice(3)).toString('latin1').replace(/\0+$/, '');
}

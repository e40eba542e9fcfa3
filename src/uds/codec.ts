/**
 * UDS byte helpers and the generic PDU shape: positive response SID = request SID + 0x40, negative response
 * `7F SID NRC`, suppressPosRspMsgIndicationBit = 0x80 of the sub-function byte.
 */
import { CodecError } from '../core/errors';
import { describeNrc, serviceName, SUBFUNCTION_SERVICES } from './nrc';

export const NEGATIVE_RESPONSE_SID = 0x7f;
export const POSITIVE_OFFSET = 0x40;
export const SUPPRESS_BIT = 0x80;

/** `22 F1 90` (upper case, spaced) — the form verdicts quote. */
export function hex(bytes: Uint8Array | readonly number[]): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');
}

/** Parses `22 F190`, `22f190`, `0x22 0xF1 0x90`, `22,F1,90` into bytes. */
export function parseHex(text: string): Uint8Array {
  const cleaned = text
    .replace(/0x/gi, ' ')
    .replace(/[\s,:;-]+/g, ' ')
    .trim();
  if (cleaned === '') return new Uint8Array(0);
  const parts = cleaned.split(' ');
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9a-fA-F]+$/.test(p)) throw new CodecError(`not hex: '${p}' in '${text}'`);
    const padded = p.length % 2 === 1 ? `0${p}` : p;
    for (let i = 0; i < padded.length; i += 2) out.push(parseInt(padded.slice(i, i + 2), 16));
  }
  return Uint8Array.from(out);
}

export function u16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 8) | bytes[offset + 1];
}

export function u24(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 16) | (bytes[offset + 1] << 8) | bytes[offset + 2];
}

/** Big-endian unsigned integer of `length` bytes (up to 6). */
export function readUint(bytes: Uint8Array, offset: number, length: number): number {
  let v = 0;
  for (let i = 0; i < length; i++) v = v * 256 + bytes[offset + i];
  return v;
}

export function writeUint(value: number, length: number): number[] {
  const out: number[] = new Array(length).fill(0);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

export function be16(v: number): number[] {
  return [(v >> 8) & 0xff, v & 0xff];
}

export function concat(...parts: (Uint8Array | readonly number[])[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function requireLength(pdu: Uint8Array, min: number, what: string): void {
  if (pdu.length < min) throw new CodecError(`${what}: ${pdu.length} byte(s), at least ${min} required (${hex(pdu)})`);
}

export interface NegativeResponse {
  requestSid: number;
  nrc: number;
}

export function isNegativeResponse(pdu: Uint8Array): boolean {
  return pdu.length >= 1 && pdu[0] === NEGATIVE_RESPONSE_SID;
}

export function encodeNegativeResponse(requestSid: number, nrc: number): Uint8Array {
  return Uint8Array.of(NEGATIVE_RESPONSE_SID, requestSid, nrc);
}

export function decodeNegativeResponse(pdu: Uint8Array): NegativeResponse {
  if (pdu[0] !== NEGATIVE_RESPONSE_SID) throw new CodecError(`not a negative response: ${hex(pdu)}`);
  if (pdu.length !== 3) throw new CodecError(`negative response must be 3 bytes (7F SID NRC), got ${pdu.length}: ${hex(pdu)}`);
  return { requestSid: pdu[1], nrc: pdu[2] };
}

export function isPositiveResponseTo(requestSid: number, pdu: Uint8Array): boolean {
  return pdu.length >= 1 && pdu[0] === requestSid + POSITIVE_OFFSET;
}

/** Whether a request asks the server to suppress its positive response. */
export function hasSuppressBit(request: Uint8Array): boolean {
  return request.length >= 2 && SUBFUNCTION_SERVICES.has(request[0]) && (request[1] & SUPPRESS_BIT) !== 0;
}

/** One-line summary of a request or response for traces and the CLI. */
export function summarize(pdu: Uint8Array): string {
  if (pdu.length === 0) return 'empty PDU';
  const sid = pdu[0];
  if (sid === NEGATIVE_RESPONSE_SID) {
    if (pdu.length < 3) return 'NegativeResponse (malformed)';
    return `NegativeResponse ${serviceName(pdu[1])} ${describeNrc(pdu[2])}`;
  }
  if (sid >= 0x01 && sid <= 0x0a) return `OBD mode ${sid.toString(16).padStart(2, '0')} request`;
  if (sid >= 0x41 && sid <= 0x4a) return `OBD mode ${(sid - 0x40).toString(16).padStart(2, '0')} response`;
  const isResponse = (sid & POSITIVE_OFFSET) !== 0 && serviceName(sid - POSITIVE_OFFSET).indexOf('service ') !== 0;
  const base = isResponse ? sid - POSITIVE_OFFSET : sid;
  const name = serviceName(base);
  const sub = SUBFUNCTION_SERVICES.has(base) && pdu.length >= 2 ? ` sub=0x${(pdu[1] & 0x7f).toString(16).padStart(2, '0')}` : '';
  const spr = !isResponse && hasSuppressBit(pdu) ? ' (suppressPosRsp)' : '';
  return `${name}${isResponse ? ' positive response' : ''}${sub}${spr}`;
}

/**
 * DoIP (ISO 13400-2) generic header: protocol version, inverse version, payload type (2 bytes), payload
 * length (4 bytes), big-endian. Header checks follow the generic header handling: wrong pattern → NACK 0x00
 * (and close), unknown payload type → 0x01, too large → 0x02, invalid length for the type → 0x04 (and close).
 */
import { CodecError } from '../core/errors';
import { hex } from '../uds/codec';

export const HEADER_LENGTH = 8;
export const DOIP_PORT = 13400;
export const DOIP_TLS_PORT = 3496;

export const VERSION = { iso2010: 0x01, iso2012: 0x02, iso2019: 0x03, default: 0xff } as const;

export const PT = {
  genericNack: 0x0000,
  vehicleIdRequest: 0x0001,
  vehicleIdRequestEid: 0x0002,
  vehicleIdRequestVin: 0x0003,
  vehicleAnnouncement: 0x0004,
  routingActivationRequest: 0x0005,
  routingActivationResponse: 0x0006,
  aliveCheckRequest: 0x0007,
  aliveCheckResponse: 0x0008,
  entityStatusRequest: 0x4001,
  entityStatusResponse: 0x4002,
  powerModeRequest: 0x4003,
  powerModeResponse: 0x4004,
  diagnosticMessage: 0x8001,
  diagnosticAck: 0x8002,
  diagnosticNack: 0x8003,
} as const;

export const PAYLOAD_TYPE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(PT).map(([k, v]) => [v, k]));

export const GENERIC_NACK = { incorrectPattern: 0x00, unknownPayloadType: 0x01, messageTooLarge: 0x02, outOfMemory: 0x03, invalidPayloadLength: 0x04 } as const;
export const GENERIC_NACK_NAMES: Record<number, string> = Object.fromEntries(Object.entries(GENERIC_NACK).map(([k, v]) => [v, k]));

/** Exact payload lengths (or [min, max]) per type, for the 0x04 check. */
const LENGTHS: Record<number, number | [number, number]> = {
  0x0000: 1,
  0x0001: 0,
  0x0002: 6,
  0x0003: 17,
  0x0004: [32, 33],
  0x0005: [7, 11],
  0x0006: [9, 13],
  0x0007: 0,
  0x0008: 2,
  0x4001: 0,
  0x4002: [3, 7],
  0x4003: 0,
  0x4004: 1,
  0x8001: [5, 0xffffffff],
  0x8002: [5, 0xffffffff],
  0x8003: [5, 0xffffffff],
};

export function payloadTypeName(t: number): string {
  return PAYLOAD_TYPE_NAMES[t] ?? `0x${t.toString(16).padStart(4, '0')}`;
}

export function isKnownPayloadType(t: number): boolean {
  return t in LENGTHS;
}

export function isValidPayloadLength(t: number, length: number): boolean {
  const l = LENGTHS[t];
  if (l === undefined) return true;
  return typeof l === 'number' ? length === l : length >= l[0] && length <= l[1];
}

export interface DoipHeader {
  version: number;
  inverseVersion: number;
  payloadType: number;
  payloadLength: number;
}

export interface DoipMessage {
  version: number;
  payloadType: number;
  payload: Uint8Array;
}

export function encodeMessage(payloadType: number, payload: Uint8Array | readonly number[] = [], version: number = VERSION.iso2012, inverse?: number): Uint8Array {
  const out = new Uint8Array(HEADER_LENGTH + payload.length);
  out[0] = version;
  out[1] = inverse ?? ~version & 0xff;
  out[2] = (payloadType >> 8) & 0xff;
  out[3] = payloadType & 0xff;
  new DataView(out.buffer).setUint32(4, payload.length);
  out.set(payload, HEADER_LENGTH);
  return out;
}

export function decodeHeader(bytes: Uint8Array): DoipHeader {
  if (bytes.length < HEADER_LENGTH) throw new CodecError(`DoIP header needs 8 bytes, got ${bytes.length} (${hex(bytes)})`);
  return {
    version: bytes[0],
    inverseVersion: bytes[1],
    payloadType: (bytes[2] << 8) | bytes[3],
    payloadLength: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4),
  };
}

export interface HeaderCheckOptions {
  /** Largest payload this side accepts (0x02 beyond). */
  maxPayloadLength?: number;
  /** Accept 0xFF as version (only vehicle identification requests may use it; default true). */
  acceptDefaultVersion?: boolean;
  /** Versions accepted (default 0x01..0x03 and 0xFF). */
  versions?: readonly number[];
}

/** Returns the generic NACK code the header deserves, or undefined when it is fine. */
export function checkHeader(h: DoipHeader, opts: HeaderCheckOptions = {}): number | undefined {
  const versions = opts.versions ?? [0x01, 0x02, 0x03, 0xff];
  if ((h.inverseVersion ^ 0xff) !== h.version || !versions.includes(h.version)) return GENERIC_NACK.incorrectPattern;
  if (h.version === 0xff && opts.acceptDefaultVersion === false) return GENERIC_NACK.incorrectPattern;
  if (!isKnownPayloadType(h.payloadType)) return GENERIC_NACK.unknownPayloadType;
  if (opts.maxPayloadLength !== undefined && h.payloadLength > opts.maxPayloadLength) return GENERIC_NACK.messageTooLarge;
  if (!isValidPayloadLength(h.payloadType, h.payloadLength)) return GENERIC_NACK.invalidPayloadLength;
  return undefined;
}

/** Decodes one whole datagram (UDP) into a message; throws CodecError for truncated or oversized lengths. */
export function decodeMessage(bytes: Uint8Array): DoipMessage {
  const h = decodeHeader(bytes);
  if (bytes.length !== HEADER_LENGTH + h.payloadLength) {
    throw new CodecError(`DoIP length field says ${h.payloadLength} payload byte(s), datagram carries ${bytes.length - HEADER_LENGTH} (${hex(bytes.subarray(0, 16))}…)`);
  }
  return { version: h.version, payloadType: h.payloadType, payload: bytes.slice(HEADER_LENGTH) };
}

export type ParseEvent = { kind: 'message'; message: DoipMessage; header: DoipHeader; raw: Uint8Array } | { kind: 'nack'; code: number; header: DoipHeader; raw: Uint8Array };

/**
 * Splits a TCP byte stream into DoIP messages. A header that fails checkHeader yields a `nack` event; for the
 * pattern and length errors the stream is then unusable (the caller closes the socket), for the others the
 * payload is skipped.
 */
export class DoipStreamParser {
  private buf = new Uint8Array(0);
  private skip = 0;

  constructor(private readonly opts: HeaderCheckOptions = {}) {}

  push(chunk: Uint8Array): ParseEvent[] {
    const merged = new Uint8Array(this.buf.length + chunk.length);
    merged.set(this.buf);
    merged.set(chunk, this.buf.length);
    this.buf = merged;
    const out: ParseEvent[] = [];
    while (true) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, this.buf.length);
        this.buf = this.buf.slice(n);
        this.skip -= n;
        if (this.skip > 0) break;
      }
      if (this.buf.length < HEADER_LENGTH) break;
      const header = decodeHeader(this.buf);
      const code = checkHeader(header, this.opts);
      if (code !== undefined) {
        out.push({ kind: 'nack', code, header, raw: this.buf.slice(0, HEADER_LENGTH) });
        if (code === GENERIC_NACK.incorrectPattern || code === GENERIC_NACK.invalidPayloadLength) {
          this.buf = new Uint8Array(0);
          break;
        }
        this.buf = this.buf.slice(HEADER_LENGTH);
        this.skip = header.payloadLength;
        continue;
      }
      if (this.buf.length < HEADER_LENGTH + header.payloadLength) break;
      const raw = this.buf.slice(0, HEADER_LENGTH + header.payloadLength);
      this.buf = this.buf.slice(raw.length);
      out.push({ kind: 'message', header, raw, message: { version: header.version, payloadType: header.payloadType, payload: raw.slice(HEADER_LENGTH) } });
    }
    return out;
  }
}

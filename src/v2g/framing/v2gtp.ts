import { CodecError } from '../../core/errors';

/** V2G Transfer Protocol (ISO 15118-2 §7.8.3) header: version 0x01, inverse 0xFE, payload type, length (BE). */
export const V2GTP_HEADER_LENGTH = 8;

export const PayloadType = {
  /** EXI: SupportedAppProtocol, DIN 70121, ISO 15118-2 (and the -20 handshake). */
  Exi: 0x8001,
  Iso20Common: 0x8002,
  Iso20Ac: 0x8003,
  Iso20Dc: 0x8004,
  Iso20Acdp: 0x8005,
  Iso20Wpt: 0x8006,
  SdpRequest: 0x9000,
  SdpResponse: 0x9001,
  SdpRequestWireless: 0x9002,
  SdpResponseWireless: 0x9003,
} as const;

/** Every payload type ISO 15118-2 / -20 and DIN 70121 define, by value, with its name. */
export const KNOWN_PAYLOAD_TYPES: ReadonlyMap<number, string> = new Map([
  ...Object.entries(PayloadType).map(([name, value]) => [value, name] as [number, string]),
  [0x8101, 'Iso20ScheduleRenegotiation'],
  [0x8102, 'Iso20MeteringConfirmation'],
  [0x8103, 'Iso20AcdpSystemStatus'],
  [0x8104, 'Iso20ParkingStatus'],
]);

/** True for a payload type some V2G standard defines (ISO 15118-2 Table 10, ISO 15118-20). */
export function isKnownPayloadType(payloadType: number): boolean {
  return KNOWN_PAYLOAD_TYPES.has(payloadType);
}

/** `0x8001 (Exi)` / `0x1234 (unknown)`, for messages and traces. */
export function payloadTypeName(payloadType: number): string {
  return `0x${payloadType.toString(16).padStart(4, '0')} (${KNOWN_PAYLOAD_TYPES.get(payloadType) ?? 'unknown'})`;
}

export interface V2gtpFrame {
  payloadType: number;
  payload: Uint8Array;
}

/** Wraps a payload in a V2GTP header. */
export function encodeV2gtp(payloadType: number, payload: Uint8Array): Uint8Array {
  if (!Number.isInteger(payloadType) || payloadType < 0 || payloadType > 0xffff) throw new CodecError(`V2GTP: bad payload type ${payloadType}`);
  const out = new Uint8Array(V2GTP_HEADER_LENGTH + payload.length);
  const view = new DataView(out.buffer);
  out[0] = 0x01;
  out[1] = 0xfe;
  view.setUint16(2, payloadType);
  view.setUint32(4, payload.length);
  out.set(payload, V2GTP_HEADER_LENGTH);
  return out;
}

/** True if the bytes start with a plausible V2GTP header (version 0x01, inverse 0xFE). */
export function hasV2gtpHeader(bytes: Uint8Array): boolean {
  return bytes.length >= V2GTP_HEADER_LENGTH && bytes[0] === 0x01 && bytes[1] === 0xfe;
}

/**
 * Parses one complete V2GTP frame. `maxPayload` caps the announced length (default 64 KiB); the frame
 * must hold exactly the announced payload.
 */
export function decodeV2gtp(bytes: Uint8Array, maxPayload = 65536): V2gtpFrame {
  if (bytes.length < V2GTP_HEADER_LENGTH) throw new CodecError(`V2GTP: frame of ${bytes.length} bytes is shorter than the 8-byte header`);
  if (bytes[0] !== 0x01 || bytes[1] !== 0xfe) {
    throw new CodecError(`V2GTP: bad version/inverse ${hex2(bytes[0])} ${hex2(bytes[1])} (expected 01 fe)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const payloadType = view.getUint16(2);
  const length = view.getUint32(4);
  if (length > maxPayload) throw new CodecError(`V2GTP: payload length ${length} exceeds the limit ${maxPayload}`);
  if (bytes.length !== V2GTP_HEADER_LENGTH + length) {
    throw new CodecError(`V2GTP: header announces ${length} payload bytes, frame holds ${bytes.length - V2GTP_HEADER_LENGTH}`);
  }
  return { payloadType, payload: bytes.subarray(V2GTP_HEADER_LENGTH) };
}

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

export interface V2gtpHeaderFields {
  version: number;
  inverse: number;
  payloadType: number;
  length: number;
}

/** The four header fields as they are on the wire (no checks), for traces; undefined when fewer than 8 bytes. */
export function readV2gtpHeader(bytes: Uint8Array): V2gtpHeaderFields | undefined {
  if (bytes.length < V2GTP_HEADER_LENGTH) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { version: bytes[0]!, inverse: bytes[1]!, payloadType: view.getUint16(2), length: view.getUint32(4) };
}

/**
 * ISO 15765-2 protocol control information: the first byte(s) of every ISO-TP frame.
 *   SF  0N (N = 1..7)           | CAN FD, frame > 8 bytes: 00 LL (LL up to 62)
 *   FF  1L LL (8..4095)         | escape: 10 00 LL LL LL LL (> 4095)
 *   CF  2N (sequence number, starts at 1, wraps F → 0)
 *   FC  3S BS STmin (S: 0 continue-to-send, 1 wait, 2 overflow)
 */
import { CodecError } from '../core/errors';
import { FD_LARGE_LENGTHS, roundUpFdLength } from '../transport/can/frame';

export enum FrameType {
  Single = 0,
  First = 1,
  Consecutive = 2,
  FlowControl = 3,
}

export enum FlowStatus {
  ContinueToSend = 0,
  Wait = 1,
  Overflow = 2,
}

export type Pci =
  | { type: FrameType.Single; length: number; dataOffset: number; escaped: boolean }
  | { type: FrameType.First; length: number; dataOffset: number; escaped: boolean }
  | { type: FrameType.Consecutive; sn: number; dataOffset: number }
  | { type: FrameType.FlowControl; status: number; blockSize: number; stmin: number; dataOffset: number };

/** Largest message the 12-bit FF length can carry; longer ones use the escape FF. */
export const MAX_FF_12BIT = 4095;
export const MAX_MESSAGE_LENGTH = 0xffffffff;

/** A decoding problem with the kind of violation it represents. */
export class PciError extends CodecError {
  constructor(
    readonly kind: 'malformed-pci' | 'unexpected-frame-type',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Decodes the PCI of one received ISO-TP frame (`data` = the CAN payload, extended/mixed address byte already
 * removed). Throws PciError for what no valid sender produces.
 */
export function decodePci(data: Uint8Array, prefixLen = 0): Pci {
  if (data.length === 0) throw new PciError('malformed-pci', 'empty CAN frame');
  /** Length of the whole CAN payload, address extension byte included. */
  const frameLen = data.length + prefixLen;
  const type = data[0] >> 4;
  const low = data[0] & 0x0f;
  switch (type) {
    case FrameType.Single: {
      if (low !== 0) {
        if (low > 7) throw new PciError('malformed-pci', `SF length ${low} > 7`);
        if (frameLen > 8) throw new PciError('malformed-pci', `SF with 4-bit length in a ${frameLen}-byte CAN FD frame (must use 00 LL)`);
        if (1 + low > data.length) throw new PciError('malformed-pci', `SF length ${low} exceeds frame (${data.length} bytes)`);
        return { type, length: low, dataOffset: 1, escaped: false };
      }
      if (frameLen <= 8) throw new PciError('malformed-pci', 'SF length 0 (escape 00 LL is only valid in CAN FD frames longer than 8 bytes)');
      const len = data[1];
      if (len === 0) throw new PciError('malformed-pci', 'escaped SF length 0');
      if (2 + len > data.length) throw new PciError('malformed-pci', `SF length ${len} exceeds frame (${data.length} bytes)`);
      return { type, length: len, dataOffset: 2, escaped: true };
    }
    case FrameType.First: {
      if (frameLen < 8) throw new PciError('malformed-pci', `FF in a ${frameLen}-byte frame (FF frames are always full: 8 bytes or the FD size)`);
      const len12 = (low << 8) | data[1];
      if (len12 !== 0) {
        if (len12 < 8 - prefixLen) throw new PciError('malformed-pci', `FF length ${len12} < ${8 - prefixLen} (fits a single frame)`);
        if (frameLen > 8 && len12 <= data.length - 2) throw new PciError('malformed-pci', `FF length ${len12} fits a ${data.length}-byte single frame`);
        return { type, length: len12, dataOffset: 2, escaped: false };
      }
      const len32 = ((data[2] << 24) | (data[3] << 16) | (data[4] << 8) | data[5]) >>> 0;
      if (len32 <= MAX_FF_12BIT) throw new PciError('malformed-pci', `escape FF length ${len32} ≤ 4095 (must use the 12-bit form)`);
      return { type, length: len32, dataOffset: 6, escaped: true };
    }
    case FrameType.Consecutive:
      return { type, sn: low, dataOffset: 1 };
    case FrameType.FlowControl:
      if (data.length < 3) throw new PciError('malformed-pci', `FC in a ${data.length}-byte frame (needs 3)`);
      return { type, status: low, blockSize: data[1], stmin: data[2], dataOffset: 3 };
    default:
      throw new PciError('malformed-pci', `reserved PCI type 0x${type.toString(16)} (byte 0x${data[0].toString(16).padStart(2, '0')})`);
  }
}

/** STmin byte → microseconds. Reserved values (0x80–0xF0, 0xFA–0xFF) count as 0x7F (127 ms), as the standard asks. */
export function stminToUs(stmin: number): number {
  if (stmin <= 0x7f) return stmin * 1000;
  if (stmin >= 0xf1 && stmin <= 0xf9) return (stmin - 0xf0) * 100;
  return 0x7f * 1000;
}

export function isReservedStmin(stmin: number): boolean {
  return !(stmin <= 0x7f || (stmin >= 0xf1 && stmin <= 0xf9));
}

/** Microseconds → the STmin byte that asks for at least that gap (rounding up). */
export function usToStmin(us: number): number {
  if (us <= 0) return 0;
  if (us <= 900) return 0xf0 + Math.max(1, Math.ceil(us / 100));
  const ms = Math.ceil(us / 1000);
  if (ms > 0x7f) throw new CodecError(`STmin ${us} µs exceeds 127 ms`);
  return ms;
}

/** Max payload bytes of a single frame for a given TX_DL (8 classic, 12..64 FD) and address-extension length. */
export function singleFrameCapacity(txDl: number, prefixLen = 0): number {
  return txDl <= 8 ? 7 - prefixLen : txDl - 2 - prefixLen;
}

export function checkTxDl(txDl: number): void {
  if (txDl !== 8 && !FD_LARGE_LENGTHS.includes(txDl)) {
    throw new CodecError(`TX_DL ${txDl} is not 8 or a CAN FD size (${FD_LARGE_LENGTHS.join(', ')})`);
  }
}

export interface FrameLayout {
  /** Pad to this length; null = no padding (minimal frame; FD frames still round up to a valid size). */
  padding: number | null;
  txDl: number;
}

/** Pads (or rounds up for FD) the frame bytes into the final CAN payload. */
export function finishFrame(bytes: Uint8Array, layout: FrameLayout, fdPadByte = 0xcc): Uint8Array {
  let target = bytes.length;
  if (layout.padding !== null) target = layout.txDl <= 8 ? 8 : bytes.length <= 8 ? 8 : roundUpFdLength(bytes.length);
  else if (bytes.length > 8) target = roundUpFdLength(bytes.length);
  if (target === bytes.length) return bytes;
  const out = new Uint8Array(target);
  out.set(bytes);
  out.fill(layout.padding ?? fdPadByte, bytes.length);
  return out;
}

export function encodeSingle(payload: Uint8Array, txDl: number, prefixLen = 0): Uint8Array {
  if (payload.length <= 7 - prefixLen) {
    const out = new Uint8Array(1 + payload.length);
    out[0] = payload.length;
    out.set(payload, 1);
    return out;
  }
  if (txDl <= 8 || payload.length > txDl - 2 - prefixLen) throw new CodecError(`${payload.length} bytes do not fit a single frame (TX_DL ${txDl})`);
  const out = new Uint8Array(2 + payload.length);
  out[1] = payload.length;
  out.set(payload, 2);
  return out;
}

/** First frame: header + as many payload bytes as fit TX_DL. Returns the frame and the count of payload bytes used. */
export function encodeFirst(payload: Uint8Array, txDl: number, forceEscape = false): { frame: Uint8Array; used: number } {
  const len = payload.length;
  const escaped = forceEscape || len > MAX_FF_12BIT;
  const header = escaped ? 6 : 2;
  const used = Math.min(len, txDl - header);
  const out = new Uint8Array(header + used);
  if (escaped) {
    out[0] = 0x10;
    out[1] = 0;
    out[2] = (len >>> 24) & 0xff;
    out[3] = (len >>> 16) & 0xff;
    out[4] = (len >>> 8) & 0xff;
    out[5] = len & 0xff;
  } else {
    out[0] = 0x10 | ((len >> 8) & 0x0f);
    out[1] = len & 0xff;
  }
  out.set(payload.subarray(0, used), header);
  return { frame: out, used };
}

export function encodeConsecutive(sn: number, chunk: Uint8Array): Uint8Array {
  const out = new Uint8Array(1 + chunk.length);
  out[0] = 0x20 | (sn & 0x0f);
  out.set(chunk, 1);
  return out;
}

export function encodeFlowControl(status: number, blockSize: number, stmin: number): Uint8Array {
  return Uint8Array.of(0x30 | (status & 0x0f), blockSize & 0xff, stmin & 0xff);
}

/** Short text for traces: `SF len=3`, `FF len=4096 (escape)`, `CF sn=2`, `FC CTS bs=8 st=0x14`. */
export function describePci(pci: Pci): string {
  switch (pci.type) {
    case FrameType.Single:
      return `SF len=${pci.length}${pci.escaped ? ' (FD)' : ''}`;
    case FrameType.First:
      return `FF len=${pci.length}${pci.escaped ? ' (escape)' : ''}`;
    case FrameType.Consecutive:
      return `CF sn=${pci.sn}`;
    case FrameType.FlowControl: {
      const s = ['CTS', 'WT', 'OVFLW'][pci.status] ?? `status=${pci.status}`;
      return `FC ${s} bs=${pci.blockSize} st=0x${pci.stmin.toString(16).padStart(2, '0')}`;
    }
  }
}

/** Prepends the extended/mixed addressing byte, if any. */
export function withAddressExtension(bytes: Uint8Array, ext: number | null): Uint8Array {
  if (ext === null) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out[0] = ext & 0xff;
  out.set(bytes, 1);
  return out;
}

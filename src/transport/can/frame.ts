/**
 * CAN frames as the harness sees them: classic (≤ 8 data bytes) or CAN FD (≤ 64, only the sizes the DLC
 * can encode), 11-bit or 29-bit identifiers, with a monotonic receive timestamp in microseconds.
 */
import { monoUs } from '../../core/clock';
import { CodecError } from '../../core/errors';
import { toHex } from '../../core/trace';

export interface CanFrame {
  /** Identifier without flags: 0..0x7FF (standard) or 0..0x1FFFFFFF (extended). */
  id: number;
  /** 29-bit identifier. */
  ext?: boolean;
  /** CAN FD frame. Received frames: true when longer than 8 bytes (SocketCAN's addon does not report the flag). */
  fd?: boolean;
  /** CAN FD bit-rate switch (tx only; receive side cannot see it). */
  brs?: boolean;
  /** Remote transmission request (classic only). */
  rtr?: boolean;
  /** An error frame reported by the controller/driver (rx only). */
  err?: boolean;
  data: Uint8Array;
  /**
   * Receive time (when the frame reached JavaScript) or transmit time (just before the write call), monotonic
   * µs on the one clock of src/core/clock.ts. Every timing verdict uses this.
   */
  tUs?: number;
  /** Kernel receive stamp, wall-clock µs since the epoch (SocketCAN only): trace information, never a verdict input. */
  kernelWallUs?: number;
}

/** The data lengths a CAN FD frame can carry (DLC 0..15). */
export const FD_LENGTHS: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64];
/** The CAN FD sizes above 8 bytes. */
export const FD_LARGE_LENGTHS: readonly number[] = [12, 16, 20, 24, 32, 48, 64];

export const MAX_STD_ID = 0x7ff;
export const MAX_EXT_ID = 0x1fffffff;

export function isValidFdLength(len: number): boolean {
  return FD_LENGTHS.includes(len);
}

/** The smallest valid CAN FD length ≥ len (len ≤ 64). */
export function roundUpFdLength(len: number): number {
  for (const l of FD_LENGTHS) if (l >= len) return l;
  throw new CodecError(`CAN FD frame cannot carry ${len} bytes (max 64)`);
}

/** The one monotonic µs clock (src/core/clock.ts); all CAN/ISO-TP timestamps use it. */
export { monoUs };

/** Throws CodecError when the frame cannot be sent as described. */
export function validateFrame(frame: CanFrame): void {
  const { id, data } = frame;
  if (!Number.isInteger(id) || id < 0) throw new CodecError(`CAN id ${id} is not a non-negative integer`);
  if (frame.ext ? id > MAX_EXT_ID : id > MAX_STD_ID) {
    throw new CodecError(`CAN id 0x${id.toString(16)} does not fit a ${frame.ext ? '29' : '11'}-bit identifier`);
  }
  if (frame.fd) {
    if (frame.rtr) throw new CodecError('CAN FD frames have no remote request');
    if (!isValidFdLength(data.length)) {
      throw new CodecError(`CAN FD frame length ${data.length} is not one of ${FD_LENGTHS.join(',')}`);
    }
  } else if (data.length > 8) {
    throw new CodecError(`classic CAN frame carries at most 8 bytes, got ${data.length} (set fd: true for CAN FD)`);
  }
}

/** `7E0` / `18DA10F1` identifier text as candump prints it. */
export function formatId(id: number, ext?: boolean): string {
  return id.toString(16).toUpperCase().padStart(ext ? 8 : 3, '0');
}

/** candump-like one-liner: `7E0#0210 03`, `7E0##1 1014…` for FD; data grouped as PCI + rest when short. */
export function formatCanFrame(frame: CanFrame): string {
  const id = formatId(frame.id, frame.ext);
  if (frame.err) return `${id}#ERR ${toHex(frame.data).toUpperCase()}`;
  if (frame.rtr) return `${id}#R`;
  const hex = toHex(frame.data).toUpperCase();
  const grouped = hex.length > 4 ? `${hex.slice(0, 4)} ${hex.slice(4)}` : hex;
  return frame.fd ? `${id}##${frame.brs ? 1 : 0}${grouped}` : `${id}#${grouped}`;
}

/** The decoded form put into the trace. */
export function decodedCanFrame(frame: CanFrame): Record<string, unknown> {
  const d: Record<string, unknown> = { id: frame.id, idHex: formatId(frame.id, frame.ext), len: frame.data.length };
  if (frame.ext) d.ext = true;
  if (frame.fd) d.fd = true;
  if (frame.brs) d.brs = true;
  if (frame.rtr) d.rtr = true;
  if (frame.err) d.err = true;
  if (frame.tUs !== undefined) d.tUs = frame.tUs;
  if (frame.kernelWallUs !== undefined) d.kernelWallUs = frame.kernelWallUs;
  return d;
}

/** Parses candump-style text: `7E0#021003`, `18DA10F1#01`, `7E0##1001122…` (FD, flags nibble), `123#R`. */
export function parseCanFrame(text: string): CanFrame {
  const m = /^([0-9a-fA-F]{1,8})(##?)([0-9a-fA-F. ]*|R)$/.exec(text.trim());
  if (!m) throw new CodecError(`not a CAN frame: '${text}' (expected ID#DATA or ID##FDATA)`);
  const idText = m[1];
  const id = parseInt(idText, 16);
  const ext = idText.length > 3 || id > MAX_STD_ID;
  if (m[3] === 'R') return { id, ext, rtr: true, data: new Uint8Array(0) };
  let body = m[3].replace(/[. ]/g, '');
  let fd = false;
  let brs = false;
  if (m[2] === '##') {
    fd = true;
    if (body.length === 0) throw new CodecError(`CAN FD frame '${text}' lacks its flags nibble`);
    brs = (parseInt(body[0], 16) & 1) === 1;
    body = body.slice(1);
  }
  if (body.length % 2 !== 0) throw new CodecError(`odd number of hex digits in '${text}'`);
  const frame: CanFrame = { id, ext, data: Uint8Array.from(Buffer.from(body, 'hex')) };
  if (fd) {
    frame.fd = true;
    if (brs) frame.brs = true;
  }
  validateFrame(frame);
  return frame;
}

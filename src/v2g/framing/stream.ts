/**
 * V2GTP over a byte stream (TCP/TLS): cuts the stream into frames, however the bytes arrive (a frame split over
 * several chunks, several frames in one chunk), and checks every header as soon as its bytes are there:
 * version 0x01, inverse version 0xFE, announced length within the cap. A bad header makes the stream
 * unusable (there is no way to find the next frame), so the deframer stays broken after it.
 * The payload type is not judged here (the roles know which one they expect): isKnownPayloadType() helps them.
 */
import { EvcError } from '../../core/errors';
import { V2GTP_HEADER_LENGTH, payloadTypeName } from './v2gtp';

export interface V2gtpRawFrame {
  payloadType: number;
  /** The payload (EXI, SDP …) without the header. */
  payload: Uint8Array;
  /** The whole frame, header included, as it crossed the wire. */
  raw: Uint8Array;
}

/** What was wrong: which header check failed, or the stream ended inside a frame. */
export type V2gFramingProblem = 'version' | 'inverse' | 'length' | 'truncated';

const QUOTE_MAX = 64;

/** Lowercase hex, space-separated per byte, at most 64 bytes then '…'. */
export function quoteHex(bytes: Uint8Array): string {
  const shown = Array.from(bytes.subarray(0, QUOTE_MAX), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > QUOTE_MAX ? `${shown} …` : shown;
}

/** A frame on the stream broke a V2GTP header rule. The message quotes the frame's bytes. */
export class V2gFramingError extends EvcError {
  /** The offending bytes from the start of the bad frame (≤ 64 B, then '…'). */
  readonly bytesHex: string;
  constructor(
    readonly problem: V2gFramingProblem,
    detail: string,
    bytes: Uint8Array,
    /** Complete frames that preceded the bad one in the same chunk (delivered before the error). */
    readonly before: readonly V2gtpRawFrame[] = [],
  ) {
    const hex = quoteHex(bytes);
    super(`V2GTP framing error: ${detail}; bytes: ${hex || '(none)'}`);
    this.bytesHex = hex;
  }
}

export class V2gtpDeframer {
  private buf: Uint8Array = new Uint8Array(0);
  private broken: V2gFramingError | undefined;

  constructor(readonly maxPayload = 65536) {
    if (!Number.isInteger(maxPayload) || maxPayload < 0) throw new EvcError(`V2gtpDeframer: maxPayload must be a non-negative integer, got ${maxPayload}`);
  }

  /** Bytes held that do not yet form a whole frame. */
  get pending(): number {
    return this.buf.length;
  }

  /** The error that broke the stream, if one did. */
  get error(): V2gFramingError | undefined {
    return this.broken;
  }

  /** Feeds bytes; returns every frame completed by them. Throws V2gFramingError on a bad header (and on every push after it). */
  push(chunk: Uint8Array): V2gtpRawFrame[] {
    if (this.broken) throw this.broken;
    this.buf = this.buf.length === 0 ? Uint8Array.from(chunk) : concat(this.buf, chunk);
    const frames: V2gtpRawFrame[] = [];
    let off = 0;
    for (;;) {
      const rest = this.buf.subarray(off);
      const problem = this.checkHeader(rest);
      if (problem) {
        this.buf = new Uint8Array(0);
        this.broken = new V2gFramingError(problem[0], problem[1], rest, frames);
        throw this.broken;
      }
      if (rest.length < V2GTP_HEADER_LENGTH) break;
      const view = new DataView(rest.buffer, rest.byteOffset, rest.byteLength);
      const total = V2GTP_HEADER_LENGTH + view.getUint32(4);
      if (rest.length < total) break;
      const raw = rest.slice(0, total);
      frames.push({ payloadType: view.getUint16(2), payload: raw.subarray(V2GTP_HEADER_LENGTH), raw });
      off += total;
    }
    this.buf = off === 0 ? this.buf : this.buf.slice(off);
    return frames;
  }

  /**
   * The stream ended: throws V2gFramingError('truncated') when it ended inside a frame (header or payload
   * incomplete), quoting what had arrived. Does nothing when the stream ended between frames.
   */
  finish(): void {
    if (this.broken || this.buf.length === 0) return;
    const have = this.buf;
    this.buf = new Uint8Array(0);
    const detail =
      have.length < V2GTP_HEADER_LENGTH
        ? `stream ended inside a V2GTP header (${have.length} of ${V2GTP_HEADER_LENGTH} bytes)`
        : `stream ended inside a frame: header announces ${new DataView(have.buffer, have.byteOffset).getUint32(4)} payload bytes, ${have.length - V2GTP_HEADER_LENGTH} arrived`;
    this.broken = new V2gFramingError('truncated', detail, have);
    throw this.broken;
  }

  /** Checks what is there of the next header; version and inverse are judged as soon as their byte arrives. */
  private checkHeader(b: Uint8Array): [V2gFramingProblem, string] | undefined {
    if (b.length >= 1 && b[0] !== 0x01) return ['version', `protocol version ${hex2(b[0]!)} (expected 0x01)`];
    if (b.length >= 2 && b[1] !== 0xfe) return ['inverse', `inverse protocol version ${hex2(b[1]!)} (expected 0xfe)`];
    if (b.length >= V2GTP_HEADER_LENGTH) {
      const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const length = view.getUint32(4);
      if (length > this.maxPayload) {
        return ['length', `payload length ${length} (payload type ${payloadTypeName(view.getUint16(2))}) exceeds the limit of ${this.maxPayload} bytes`];
      }
    }
    return undefined;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function hex2(b: number): string {
  return `0x${b.toString(16).padStart(2, '0')}`;
}

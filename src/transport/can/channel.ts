/**
 * The CAN channel interface every CAN user (ISO-TP, CHAdeMO, the tester roles) programs against, plus the
 * pieces its implementations share: filters, listener sets, trace recording.
 */
import { EvcError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import { type CanFrame, decodedCanFrame, formatCanFrame } from './frame';

export type CanFrameListener = (frame: CanFrame) => void;
export type CanErrorListener = (error: CanBusError) => void;

/** A receive filter: a frame passes when `(frame.id & mask) === (id & mask)` and the id width matches. */
export interface CanFilter {
  id: number;
  /** Default: all bits of the id width. */
  mask?: number;
  /** Matches 29-bit ids; default false (11-bit). */
  ext?: boolean;
  /** Pass frames that do NOT match. */
  invert?: boolean;
}

export interface CanChannel {
  /** Interface name (vcan0, can0) or the loopback node's name. */
  readonly name: string;
  /**
   * Sends one frame at once and returns its transmit time: the monotonic µs stamped just before the frame was
   * handed to the kernel (or bus). Throws {@link CanSendError} when the kernel/bus refuses it, CodecError when malformed.
   */
  send(frame: CanFrame): number;
  /**
   * The kernel's stamp (wall-clock µs, the clock of {@link CanFrame.kernelWallUs}) of the frame this channel sent
   * at monotonic `txUs` (send()'s return value), taken from the kernel's loopback of that frame; undefined when
   * the channel has none (not SocketCAN, not enabled, or no echo within `timeoutMs`). Compare it only with other
   * kernel stamps of the same host.
   */
  kernelTxStamp?(txUs: number, timeoutMs?: number): Promise<number | undefined>;
  /** Every received frame passing the filters, in arrival order. Returns an unsubscribe function. */
  onFrame(listener: CanFrameListener): () => void;
  /** Error frames and channel failures (interface gone). Returns an unsubscribe function. */
  onError(listener: CanErrorListener): () => void;
  /** Replaces the receive filters; an empty list passes everything. */
  setFilters(filters: CanFilter[]): void;
  /** Stops receiving and releases the socket. Idempotent. */
  close(): void;
  readonly closed: boolean;
}

export interface CanChannelOptions {
  /** Every tx and rx frame is recorded here with protocol `can`. */
  trace?: Trace;
  /** Initial receive filters. */
  filters?: CanFilter[];
  /** Receive this channel's own transmitted frames (off by default, as SocketCAN does). */
  receiveOwn?: boolean;
}

/** A frame could not be sent (kernel error, interface down, bus-off, closed channel). */
export class CanSendError extends EvcError {
  constructor(
    readonly channel: string,
    message: string,
  ) {
    super(`${channel}: ${message}`);
  }
}

/** A CAN error frame arrived, or the channel stopped on its own. */
export class CanBusError extends EvcError {
  constructor(
    readonly channel: string,
    message: string,
    readonly frame?: CanFrame,
  ) {
    super(`${channel}: ${message}`);
  }
}

/** The channel could not be opened (no such interface, no AF_CAN in this kernel…). */
export class CanOpenError extends EvcError {}

export function filterMatches(filters: readonly CanFilter[], frame: CanFrame): boolean {
  if (filters.length === 0) return true;
  for (const f of filters) {
    const ext = f.ext ?? false;
    const full = ext ? 0x1fffffff : 0x7ff;
    const mask = (f.mask ?? full) >>> 0;
    const hit = ext === (frame.ext ?? false) && ((frame.id & mask) >>> 0) === ((f.id & mask) >>> 0);
    if (hit !== (f.invert ?? false)) return true;
  }
  return false;
}

export function recordCanFrame(trace: Trace | undefined, dir: 'tx' | 'rx', channel: string, frame: CanFrame, problems?: string[]): void {
  if (!trace) return;
  trace.record({
    dir,
    protocol: 'can',
    channel,
    raw: frame.data,
    decoded: decodedCanFrame(frame),
    summary: formatCanFrame(frame),
    problems,
  });
}

/** Listener bookkeeping shared by the implementations; a throwing listener does not stop the others. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();
  add(listener: (value: T) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(value: T): void {
    for (const l of [...this.set]) {
      try {
        l(value);
      } catch (err) {
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }
  clear(): void {
    this.set.clear();
  }
  get size(): number {
    return this.set.size;
  }
}

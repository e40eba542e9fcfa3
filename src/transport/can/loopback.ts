/**
 * An in-memory CAN bus for unit tests: every channel attached to a bus receives what the others send, in
 * order, with the same filter semantics as SocketCAN. Delivery is synchronous by default (deterministic with
 * a fake clock) or deferred to a microtask (closer to a real socket).
 */
import { CodecError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import {
  type CanChannel,
  type CanChannelOptions,
  type CanErrorListener,
  type CanFilter,
  type CanFrameListener,
  CanBusError,
  CanSendError,
  Listeners,
  filterMatches,
  recordCanFrame,
} from './channel';
import { type CanFrame, monoUs, validateFrame } from './frame';

export interface LoopbackBusOptions {
  /** Timestamp source (µs) for delivered frames; default the monotonic clock. A fake clock plugs in here. */
  nowUs?: () => number;
  /** 'sync' delivers inside send(); 'microtask' after the current task. Default 'sync'. */
  delivery?: 'sync' | 'microtask';
  /** Accept frames that would not be valid on a wire (e.g. FD length 13), to test receivers. Default false. */
  allowInvalid?: boolean;
  /** Whether CAN FD frames may be sent (false models a classic-only bus). Default true. */
  fd?: boolean;
}

export class LoopbackCanBus {
  private readonly nodes = new Set<LoopbackCanChannel>();
  readonly nowUs: () => number;
  /** Every frame sent on the bus, in order (for assertions). */
  readonly log: CanFrame[] = [];
  private counter = 0;

  constructor(readonly options: LoopbackBusOptions = {}) {
    this.nowUs = options.nowUs ?? monoUs;
  }

  /** Attaches a new channel. */
  open(name = `loop${this.counter++}`, options: CanChannelOptions = {}): LoopbackCanChannel {
    const ch = new LoopbackCanChannel(this, name, options);
    this.nodes.add(ch);
    return ch;
  }

  /** @internal */
  detach(ch: LoopbackCanChannel): void {
    this.nodes.delete(ch);
  }

  /** @internal Returns the frame's bus time (its transmit and, for every receiver, its receive stamp). */
  transmit(from: LoopbackCanChannel, frame: CanFrame, tUs = this.nowUs()): number {
    if (!this.options.allowInvalid) validateFrame(frame);
    if (frame.fd && this.options.fd === false) throw new CanSendError(from.name, 'CAN FD frame on a classic-only bus');
    const stamped: CanFrame = { ...frame, data: Uint8Array.from(frame.data), tUs };
    this.log.push(stamped);
    const targets = [...this.nodes].filter((n) => n !== from || n.receiveOwn);
    const deliver = () => {
      for (const n of targets) n.deliver(stamped);
    };
    if (this.options.delivery === 'microtask') queueMicrotask(deliver);
    else deliver();
    return tUs;
  }

  /** Injects an error frame to every channel (as a controller would report bus errors). */
  injectError(message: string): void {
    for (const n of this.nodes) n.deliverError(new CanBusError(n.name, message));
  }
}

export class LoopbackCanChannel implements CanChannel {
  private readonly frameListeners = new Listeners<CanFrame>();
  private readonly errorListeners = new Listeners<CanBusError>();
  private filters: CanFilter[];
  private readonly trace?: Trace;
  readonly receiveOwn: boolean;
  private isClosed = false;

  constructor(
    private readonly bus: LoopbackCanBus,
    readonly name: string,
    options: CanChannelOptions,
  ) {
    this.trace = options.trace;
    this.filters = options.filters ?? [];
    this.receiveOwn = options.receiveOwn ?? false;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  send(frame: CanFrame): number {
    if (this.isClosed) throw new CanSendError(this.name, 'channel is closed');
    if (!this.bus.options.allowInvalid) validateFrame(frame);
    const tUs = this.bus.nowUs();
    // Recorded before delivery so a synchronous answer appears after it in the trace.
    recordCanFrame(this.trace, 'tx', this.name, { ...frame, tUs });
    try {
      return this.bus.transmit(this, frame, tUs);
    } catch (err) {
      if (err instanceof CodecError || err instanceof CanSendError) throw err;
      throw new CanSendError(this.name, String(err));
    }
  }

  onFrame(listener: CanFrameListener): () => void {
    return this.frameListeners.add(listener);
  }

  onError(listener: CanErrorListener): () => void {
    return this.errorListeners.add(listener);
  }

  setFilters(filters: CanFilter[]): void {
    this.filters = [...filters];
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.bus.detach(this);
    this.frameListeners.clear();
    this.errorListeners.clear();
  }

  /** @internal */
  deliver(frame: CanFrame): void {
    if (this.isClosed || !filterMatches(this.filters, frame)) return;
    recordCanFrame(this.trace, 'rx', this.name, frame);
    this.frameListeners.emit(frame);
  }

  /** @internal */
  deliverError(error: CanBusError): void {
    if (this.isClosed) return;
    this.trace?.note('can', `error: ${error.message}`, this.name);
    this.errorListeners.emit(error);
  }
}

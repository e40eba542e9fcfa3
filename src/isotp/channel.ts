/**
 * IsoTpChannel: ISO-TP over a CanChannel with fixed tx/rx identifiers (normal addressing), optional
 * functional ids (single frames only), CAN FD, trace records (protocol `isotp`) and the violation log.
 *
 *   const isotp = new IsoTpChannel(can, { txId: 0x7e0, rxId: 0x7e8, trace });
 *   await isotp.send(Uint8Array.of(0x22, 0xf1, 0x90));
 *   const msg = await isotp.receive(1000);
 */
import { CodecError } from '../core/errors';
import type { Trace } from '../core/trace';
import { type CanChannel, Listeners } from '../transport/can/channel';
import { type CanFrame, formatId } from '../transport/can/frame';
import { type IsoTpClock, realClock } from './clock';
import { IsoTpEngine } from './engine';
import { IsoTpError, IsoTpTimeoutError } from './errors';
import type { IsoTpConfig, IsoTpConfigInput, IsoTpMessage, IsoTpViolation } from './types';

export interface IsoTpChannelOptions extends IsoTpConfigInput {
  /** CAN id this side sends on (physical). */
  txId: number;
  /** CAN id the peer sends on (physical). */
  rxId: number;
  /** 29-bit identifiers (for all ids of this channel). */
  ext?: boolean;
  /** Functional (broadcast) id this side sends single-frame requests on, e.g. 0x7DF. */
  functionalTxId?: number;
  /** Functional id this side listens on (ECU side), e.g. 0x7DF. */
  functionalRxId?: number;
  /** Send CAN FD frames (also implied by txDl > 8). */
  fd?: boolean;
  /** Bit-rate switch on sent FD frames. */
  brs?: boolean;
  trace?: Trace;
  clock?: IsoTpClock;
  /** Messages kept for receive() when nobody takes them; oldest dropped beyond this. Default 1000. */
  queueLimit?: number;
}

export interface IsoTpSendOptions {
  /** Send on functionalTxId (single frame only). */
  functional?: boolean;
}

export class IsoTpChannel {
  readonly engine: IsoTpEngine;
  /** Every violation the peer committed, in detection order. */
  readonly violations: IsoTpViolation[] = [];
  readonly name: string;
  private readonly messageListeners = new Listeners<IsoTpMessage>();
  private readonly violationListeners = new Listeners<IsoTpViolation>();
  private readonly queue: IsoTpMessage[] = [];
  private readonly waiters: { resolve: (m: IsoTpMessage) => void; reject: (e: Error) => void; cancel: () => void }[] = [];
  private readonly offFrame: () => void;
  private readonly clock: IsoTpClock;
  private readonly fd: boolean;
  private sendChain: Promise<unknown> = Promise.resolve();
  private isClosed = false;
  /** Kernel stamps of received SF/FF frames by their monotonic stamp, until their message is delivered. */
  private readonly startKernelUs = new Map<number, number>();

  constructor(
    readonly can: CanChannel,
    readonly options: IsoTpChannelOptions,
  ) {
    const maxId = options.ext ? 0x1fffffff : 0x7ff;
    for (const key of ['txId', 'rxId', 'functionalTxId', 'functionalRxId'] as const) {
      const v = options[key];
      if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > maxId)) throw new CodecError(`ISO-TP ${key} 0x${v.toString(16)} out of range`);
    }
    this.clock = options.clock ?? realClock;
    this.fd = options.fd ?? (options.txDl ?? 8) > 8;
    this.name = `${can.name} ${formatId(options.txId, options.ext)}/${formatId(options.rxId, options.ext)}`;
    this.engine = new IsoTpEngine(options, {
      clock: this.clock,
      transmit: (frame, functional) => this.transmit(frame, functional),
      deliver: (m) => this.deliver(m),
      report: (v) => this.report(v),
    });
    this.offFrame = can.onFrame((f) => this.onCanFrame(f));
  }

  get config(): IsoTpConfig {
    return this.engine.cfg;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Sends one message; resolves when its last frame is on the bus, with that frame's transmit time (monotonic
   * µs stamped just before the write: where P2 starts). Concurrent sends are queued.
   */
  send(payload: Uint8Array, opts: IsoTpSendOptions = {}): Promise<number> {
    if (this.isClosed) return Promise.reject(new IsoTpError('closed', `${this.name}: ISO-TP channel is closed`));
    if (opts.functional && this.options.functionalTxId === undefined) {
      return Promise.reject(new CodecError(`${this.name}: functional send needs functionalTxId`));
    }
    const copy = Uint8Array.from(payload);
    const run = async () => {
      if (this.isClosed) throw new IsoTpError('closed', `${this.name}: ISO-TP channel is closed`);
      const t0 = this.clock.nowUs();
      const lastTxUs = await this.engine.send(copy, opts.functional ?? false);
      this.options.trace?.record({
        dir: 'tx',
        protocol: 'isotp',
        channel: this.name,
        raw: copy,
        decoded: { length: copy.length, functional: opts.functional ?? false, durationUs: this.clock.nowUs() - t0 },
        summary: `${opts.functional ? 'functional ' : ''}${copy.length} bytes`,
      });
      return lastTxUs;
    };
    const result = this.sendChain.then(run, run);
    this.sendChain = result.catch(() => undefined);
    return result;
  }

  /** The next received message (oldest queued first); rejects with IsoTpTimeoutError after timeoutMs. */
  receive(timeoutMs: number): Promise<IsoTpMessage> {
    const first = this.queue.shift();
    if (first) return Promise.resolve(first);
    if (this.isClosed) return Promise.reject(new IsoTpError('closed', `${this.name}: ISO-TP channel is closed`));
    return new Promise<IsoTpMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        remove();
        reject(new IsoTpTimeoutError('receive', `${this.name}: no ISO-TP message within ${timeoutMs} ms`));
      }, Math.max(0, timeoutMs));
      const waiter = { resolve, reject, cancel: () => clearTimeout(timer) };
      const remove = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
      };
      this.waiters.push(waiter);
    });
  }

  /** Every received message (also queued for receive() unless a receive() is waiting). */
  onMessage(listener: (m: IsoTpMessage) => void): () => void {
    return this.messageListeners.add(listener);
  }

  onViolation(listener: (v: IsoTpViolation) => void): () => void {
    return this.violationListeners.add(listener);
  }

  /** Drops queued messages (stale answers before a new request). */
  drain(): IsoTpMessage[] {
    return this.queue.splice(0, this.queue.length);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.offFrame();
    this.engine.close(`${this.name}: ISO-TP channel closed`);
    for (const w of this.waiters.splice(0)) {
      w.cancel();
      w.reject(new IsoTpError('closed', `${this.name}: ISO-TP channel closed while waiting`));
    }
    this.messageListeners.clear();
    this.violationListeners.clear();
  }

  private transmit(data: Uint8Array, functional: boolean): number {
    const id = functional ? this.options.functionalTxId! : this.options.txId;
    const frame: CanFrame = { id, data };
    if (this.options.ext) frame.ext = true;
    if (this.fd) {
      frame.fd = true;
      if (this.options.brs) frame.brs = true;
    }
    return this.can.send(frame);
  }

  private onCanFrame(f: CanFrame): void {
    if (this.isClosed || f.rtr || f.err || (f.ext ?? false) !== (this.options.ext ?? false)) return;
    const tUs = f.tUs ?? this.clock.nowUs();
    const fromPeer = f.id === this.options.rxId || (this.options.functionalRxId !== undefined && f.id === this.options.functionalRxId);
    if (fromPeer && f.kernelWallUs !== undefined && f.data.length > 0 && f.data[0] >> 4 <= 1) {
      // a message start (SF/FF): keep its kernel stamp for the message (first one wins on a shared µs)
      if (!this.startKernelUs.has(tUs)) this.startKernelUs.set(tUs, f.kernelWallUs);
      if (this.startKernelUs.size > 64) this.startKernelUs.delete(this.startKernelUs.keys().next().value as number);
    }
    if (f.id === this.options.rxId) this.engine.handleFrame(f.data, tUs, false, f.kernelWallUs);
    else if (this.options.functionalRxId !== undefined && f.id === this.options.functionalRxId) this.engine.handleFrame(f.data, tUs, true, f.kernelWallUs);
  }

  private deliver(m: IsoTpMessage): void {
    const k = this.startKernelUs.get(m.startUs);
    if (k !== undefined) {
      m.startKernelUs = k;
      this.startKernelUs.delete(m.startUs);
    }
    this.options.trace?.record({
      dir: 'rx',
      protocol: 'isotp',
      channel: this.name,
      raw: m.payload,
      decoded: { length: m.payload.length, functional: m.functional, frames: m.frames, durationUs: m.endUs - m.startUs },
      summary: `${m.functional ? 'functional ' : ''}${m.payload.length} bytes in ${m.frames} frame${m.frames === 1 ? '' : 's'}`,
    });
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter.cancel();
      waiter.resolve(m);
    } else {
      this.queue.push(m);
      const limit = this.options.queueLimit ?? 1000;
      if (this.queue.length > limit) this.queue.splice(0, this.queue.length - limit);
    }
    this.messageListeners.emit(m);
  }

  private report(v: IsoTpViolation): void {
    this.violations.push(v);
    this.options.trace?.record({
      dir: 'note',
      protocol: 'isotp',
      channel: this.name,
      raw: v.frame ? Uint8Array.from(Buffer.from(v.frame, 'hex')) : '',
      decoded: v,
      summary: `violation ${v.kind}`,
      problems: [v.message],
    });
    this.violationListeners.emit(v);
  }
}

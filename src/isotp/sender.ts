/**
 * ISO-TP sender state machine (SF, or FF + CFs paced by the peer's flow control). No CAN I/O: frames leave
 * through `io.transmit`, time comes from `io.clock`, FCs come in through handleFlowControl().
 */
import { toHex } from '../core/trace';
import type { IsoTpClock } from './clock';
import { IsoTpError, IsoTpTimeoutError } from './errors';
import {
  FlowStatus,
  type FrameLayout,
  MAX_MESSAGE_LENGTH,
  encodeConsecutive,
  encodeFirst,
  encodeSingle,
  finishFrame,
  isReservedStmin,
  singleFrameCapacity,
  stminToUs,
  withAddressExtension,
} from './pci';
import type { IsoTpConfig, IsoTpViolation } from './types';

export interface SenderIo {
  clock: IsoTpClock;
  /**
   * Puts one ISO-TP frame (full CAN payload) on the bus; returns its transmit time (monotonic µs stamped just
   * before the write) when the CAN layer knows it. Throws when the CAN layer refuses it.
   */
  transmit(frame: Uint8Array, functional: boolean): number | void;
  report(v: IsoTpViolation): void;
}

interface Job {
  payload: Uint8Array;
  offset: number;
  sn: number;
  cfIndex: number;
  blockLeft: number;
  stminUs: number;
  waits: number;
  state: 'wait-fc' | 'sending';
  /** Bumped on every CTS, so a pump loop interrupted by a re-entrant FC stops. */
  epoch: number;
  cancelTimer?: () => void;
  resolve: (lastTxUs: number) => void;
  reject: (err: Error) => void;
}

/** Frames sent in a row (STmin 0) before yielding to the event loop. */
const BURST = 32;

export class IsoTpSender {
  private job: Job | undefined;
  /** Transmit time of the last frame put on the bus (the end of the message when it was the last frame). */
  private lastTxUs = 0;

  constructor(
    private readonly cfg: IsoTpConfig,
    private readonly io: SenderIo,
  ) {}

  get busy(): boolean {
    return this.job !== undefined;
  }

  private get prefixLen(): number {
    return this.cfg.txAddressExtension === null ? 0 : 1;
  }

  private get layout(): FrameLayout {
    const p = this.cfg.faults.padding;
    return { txDl: this.cfg.txDl, padding: p === 'none' ? null : p !== undefined ? p : this.cfg.txPadding };
  }

  /** Sends one message; resolves with the transmit time (monotonic µs) of its last frame: where P2 starts. */
  send(payload: Uint8Array, functional = false): Promise<number> {
    if (this.job) return Promise.reject(new IsoTpError('busy', 'ISO-TP sender busy with another message'));
    if (payload.length === 0) return Promise.reject(new IsoTpError('empty', 'ISO-TP cannot send an empty message'));
    if (payload.length > MAX_MESSAGE_LENGTH) return Promise.reject(new IsoTpError('too-long', `message of ${payload.length} bytes exceeds 2^32-1`));
    const txDl = this.cfg.txDl;
    const p = this.prefixLen;
    if (payload.length <= singleFrameCapacity(txDl, p)) {
      try {
        this.transmit(encodeSingle(payload, txDl, p), functional);
        return Promise.resolve(this.lastTxUs);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    if (functional) {
      return Promise.reject(
        new IsoTpError('functional-multi-frame', `functional addressing carries single frames only (${payload.length} > ${singleFrameCapacity(txDl, p)} bytes)`),
      );
    }
    return new Promise<number>((resolve, reject) => {
      const { frame, used } = encodeFirst(payload, txDl - p, this.cfg.faults.escapeFirstFrameAlways ?? false);
      const job: Job = { payload, offset: used, sn: 1, cfIndex: 0, blockLeft: 0, stminUs: 0, waits: 0, state: 'wait-fc', epoch: 0, resolve, reject };
      this.job = job;
      // Armed before transmitting: on a synchronous bus the FC may arrive inside transmit().
      this.awaitFlowControl(job);
      try {
        this.transmit(frame, false);
      } catch (err) {
        this.finish(job, err as Error);
      }
    });
  }

  /** Handles an FC from the peer (already PCI-decoded). */
  handleFlowControl(status: number, blockSize: number, stmin: number, raw: Uint8Array, tUs: number): void {
    const job = this.job;
    if (!job || job.state !== 'wait-fc') {
      this.violation('unexpected-frame-type', `FC received while ${job ? 'sending consecutive frames' : 'no transfer is in progress'}`, tUs, raw);
      return;
    }
    job.cancelTimer?.();
    job.cancelTimer = undefined;
    switch (status) {
      case FlowStatus.ContinueToSend: {
        if (isReservedStmin(stmin)) {
          this.violation('reserved-stmin', `FC STmin 0x${stmin.toString(16)} is reserved (treated as 127 ms)`, tUs, raw, { stmin });
        }
        job.stminUs = stminToUs(stmin);
        job.blockLeft = blockSize === 0 ? Infinity : blockSize;
        job.waits = 0;
        job.state = 'sending';
        job.epoch++;
        this.pump(job);
        return;
      }
      case FlowStatus.Wait:
        job.waits++;
        if (job.waits > this.cfg.maxWaitFrames) {
          this.violation('too-many-wait-frames', `${job.waits} FC.WT in a row exceed N_WFTmax ${this.cfg.maxWaitFrames}`, tUs, raw, {
            waits: job.waits,
            max: this.cfg.maxWaitFrames,
          });
          this.finish(job, new IsoTpError('too-many-waits', `peer sent more than ${this.cfg.maxWaitFrames} FC.WT; transfer aborted`));
          return;
        }
        this.awaitFlowControl(job);
        return;
      case FlowStatus.Overflow:
        this.finish(job, new IsoTpError('overflow', `peer answered FC overflow: ${job.payload.length} bytes exceed its buffer`));
        return;
      default:
        this.violation('reserved-flow-status', `FC flow status ${status} is reserved`, tUs, raw, { status });
        this.finish(job, new IsoTpError('flow-status', `peer sent FC with invalid flow status ${status}; transfer aborted`));
    }
  }

  /** Aborts the transfer in progress (channel closing). */
  abort(reason: string): void {
    if (this.job) this.finish(this.job, new IsoTpError('aborted', reason));
  }

  private awaitFlowControl(job: Job): void {
    job.state = 'wait-fc';
    const ms = this.cfg.timers.nBsMs;
    job.cancelTimer = this.io.clock.after(ms * 1000, () => {
      if (this.job !== job) return;
      this.violation('missing-flow-control', `no FC within N_Bs ${ms} ms (after ${job.cfIndex === 0 ? 'FF' : `CF #${job.cfIndex}`})`, this.io.clock.nowUs());
      this.finish(job, new IsoTpTimeoutError('N_Bs', `ISO-TP: no flow control within N_Bs = ${ms} ms`));
    });
  }

  /** Sends CFs while allowed: back-to-back bursts for a zero gap, one per timer otherwise. */
  private pump(job: Job): void {
    const faults = this.cfg.faults;
    const gapUs = faults.ignoreStmin ? 0 : (faults.stminOverrideUs ?? job.stminUs);
    const epoch = job.epoch;
    for (let burst = 0; ; burst++) {
      if (this.job !== job || job.epoch !== epoch || job.state !== 'sending') return;
      if (burst >= BURST) {
        job.cancelTimer = this.io.clock.after(0, () => this.pump(job));
        return;
      }
      if (!this.sendConsecutive(job)) return;
      if (gapUs > 0) {
        if (this.job === job && job.epoch === epoch && job.state === 'sending') job.cancelTimer = this.io.clock.after(gapUs, () => this.pump(job));
        return;
      }
    }
  }

  /** Sends the next CF; false when no further CF may follow now (done, failed, silenced, or block complete). */
  private sendConsecutive(job: Job): boolean {
    const faults = this.cfg.faults;
    job.cfIndex++;
    const chunkLen = Math.min(this.cfg.txDl - 1 - this.prefixLen, job.payload.length - job.offset);
    const chunk = job.payload.subarray(job.offset, job.offset + chunkLen);
    if (faults.stopAfterConsecutive !== undefined && job.cfIndex > faults.stopAfterConsecutive) {
      this.finish(job); // a silent sender: the peer's N_Cr runs out
      return false;
    }
    const sn = faults.wrongSequenceAt === job.cfIndex ? (job.sn + 1) & 0x0f : job.sn;
    // State first, frame second: on a synchronous bus the peer's next FC may arrive inside transmit().
    job.offset += chunkLen;
    job.sn = (job.sn + 1) & 0x0f;
    if (job.blockLeft !== Infinity) job.blockLeft--;
    const done = job.offset >= job.payload.length;
    let blockEnd = false;
    if (!done && job.blockLeft === 0) {
      if (faults.ignoreBlockSize) job.blockLeft = Infinity;
      else blockEnd = true;
    }
    if (blockEnd) this.awaitFlowControl(job);
    if (faults.skipConsecutiveAt !== job.cfIndex) {
      try {
        this.transmit(encodeConsecutive(sn, chunk), false);
      } catch (err) {
        this.finish(job, err as Error);
        return false;
      }
    }
    if (done) {
      this.finish(job);
      return false;
    }
    return !blockEnd;
  }

  private transmit(bytes: Uint8Array, functional: boolean): void {
    let frame = finishFrame(withAddressExtension(bytes, this.cfg.txAddressExtension), this.layout);
    const fdLen = this.cfg.faults.fdLength;
    if (fdLen !== undefined && frame.length > 8) {
      const out = new Uint8Array(fdLen).fill(this.layout.padding ?? 0xcc);
      out.set(frame.subarray(0, Math.min(fdLen, frame.length)));
      frame = out;
    }
    const t0 = this.io.clock.nowUs();
    const tx = this.io.transmit(frame, functional);
    this.lastTxUs = typeof tx === 'number' ? tx : t0;
    const took = this.io.clock.nowUs() - t0;
    if (took > this.cfg.timers.nAsMs * 1000) {
      throw new IsoTpTimeoutError('N_As', `ISO-TP: CAN frame took ${(took / 1000).toFixed(1)} ms to send (N_As = ${this.cfg.timers.nAsMs} ms)`);
    }
  }

  private finish(job: Job, err?: Error): void {
    job.cancelTimer?.();
    job.cancelTimer = undefined;
    if (this.job === job) this.job = undefined;
    if (err) job.reject(err);
    else job.resolve(this.lastTxUs);
  }

  private violation(kind: IsoTpViolation['kind'], message: string, tUs: number, raw?: Uint8Array, details?: Record<string, unknown>): void {
    this.io.report({ kind, message, tUs, side: 'tx', frame: raw ? toHex(raw) : undefined, details });
  }
}

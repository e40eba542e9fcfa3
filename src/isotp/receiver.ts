/**
 * ISO-TP receiver state machine: SF delivery, FF → FC (with optional FC.WT first) → CFs, and the checks
 * that turn a sloppy peer sender into structured violations (sequence numbers, STmin, block size, padding,
 * frame lengths, N_Cr). No CAN I/O: FCs leave through `io.transmit`.
 */
import { toHex } from '../core/trace';
import type { IsoTpClock } from './clock';
import { FlowStatus, type Pci, FrameType, encodeFlowControl, finishFrame, stminToUs, withAddressExtension } from './pci';
import type { IsoTpConfig, IsoTpMessage, IsoTpViolation } from './types';

export interface ReceiverIo {
  clock: IsoTpClock;
  transmit(frame: Uint8Array, functional: boolean): void;
  deliver(message: IsoTpMessage): void;
  report(v: IsoTpViolation): void;
}

interface Reception {
  buf: Uint8Array;
  offset: number;
  expectedSn: number;
  /** CAN payload length of the FF, which every CF but the last must have. */
  rxDl: number;
  inBlock: number;
  /** Waiting for this side's FC to go out (FC.WT phase or N_Br delay). */
  fcPending: boolean;
  lastCfUs?: number;
  /** Kernel receive stamp of the last CF (SocketCAN), for STmin gaps between two kernel stamps. */
  lastCfKernelUs?: number;
  stminReported: boolean;
  startUs: number;
  frames: number;
  /** FC suppressed by a fault: expiry of N_Cr is then not the peer's fault. */
  silent: boolean;
  cancelTimer?: () => void;
}

export class IsoTpReceiver {
  private rx: Reception | undefined;
  /** A reception was aborted for a violation: its remaining CFs are dropped without further reports. */
  private dropping = false;

  constructor(
    private readonly cfg: IsoTpConfig,
    private readonly io: ReceiverIo,
  ) {}

  get receiving(): boolean {
    return this.rx !== undefined;
  }

  /**
   * Handles an SF, FF or CF (FCs go to the sender). `kernelUs`: the frame's kernel receive stamp where the
   * transport has one; a CF gap is taken between two kernel stamps when both exist, else between two tUs.
   */
  handle(pci: Pci, data: Uint8Array, tUs: number, functional: boolean, kernelUs?: number): void {
    switch (pci.type) {
      case FrameType.Single:
        return this.onSingle(pci.length, pci.dataOffset, data, tUs, functional);
      case FrameType.First:
        if (functional) {
          this.violation('unexpected-frame-type', 'FF on the functional address (functional requests are single frames only)', tUs, data);
          return;
        }
        return this.onFirst(pci.length, pci.dataOffset, data, tUs);
      case FrameType.Consecutive:
        if (functional) {
          this.violation('unexpected-frame-type', 'CF on the functional address', tUs, data);
          return;
        }
        return this.onConsecutive(pci.sn, data, tUs, kernelUs);
      default:
        return;
    }
  }

  /** Drops the reception in progress (channel closing). */
  abort(): void {
    if (this.rx) this.end(this.rx);
  }

  private onSingle(length: number, offset: number, data: Uint8Array, tUs: number, functional: boolean): void {
    this.dropping = false;
    if (this.rx) {
      this.violation('unexpected-frame-type', `SF while receiving a ${this.rx.buf.length}-byte message (${this.rx.offset} bytes in); that reception is dropped`, tUs, data);
      this.end(this.rx);
    }
    this.checkPadding(data, offset + length, tUs);
    this.io.deliver({ payload: data.slice(offset, offset + length), functional, startUs: tUs, endUs: tUs, frames: 1 });
  }

  private onFirst(length: number, offset: number, data: Uint8Array, tUs: number): void {
    this.dropping = false;
    if (this.rx) {
      this.violation('unexpected-frame-type', `FF while receiving a ${this.rx.buf.length}-byte message (${this.rx.offset} bytes in); restarting`, tUs, data);
      this.end(this.rx);
    }
    if (length > this.cfg.maxRxLength) {
      this.sendFc(FlowStatus.Overflow);
      return;
    }
    const buf = new Uint8Array(length);
    const used = Math.min(length, data.length - offset);
    buf.set(data.subarray(offset, offset + used));
    const rx: Reception = {
      buf,
      offset: used,
      expectedSn: 1,
      rxDl: data.length,
      inBlock: 0,
      fcPending: true,
      stminReported: false,
      startUs: tUs,
      frames: 1,
      silent: false,
    };
    this.rx = rx;
    this.flowControl(rx, true);
  }

  private onConsecutive(sn: number, data: Uint8Array, tUs: number, kernelUs?: number): void {
    const rx = this.rx;
    if (!rx) {
      if (this.dropping) return;
      this.violation('unexpected-frame-type', `CF sn=${sn} without a preceding FF`, tUs, data);
      return;
    }
    if (rx.fcPending) {
      this.violation(
        rx.frames === 1 ? 'unexpected-frame-type' : 'block-size-not-honoured',
        rx.frames === 1 ? 'CF before this side sent its FC' : `CF after a complete block of ${this.cfg.blockSize} before this side sent the next FC`,
        tUs,
        data,
        { blockSize: this.cfg.blockSize },
      );
    }
    if (sn !== rx.expectedSn) {
      this.violation('wrong-sequence-number', `CF sequence number ${sn}, expected ${rx.expectedSn}; reception aborted`, tUs, data, {
        expected: rx.expectedSn,
        actual: sn,
        offset: rx.offset,
      });
      this.end(rx);
      this.dropping = true;
      return;
    }
    const wantedStminUs = stminToUs(this.cfg.stmin);
    if (rx.lastCfUs !== undefined && wantedStminUs > 0 && !rx.stminReported) {
      // one clock per gap: the kernel's stamps when both CFs have one (frames read in one batch in JS would
      // otherwise look back-to-back), else the arrival stamps
      const kernel = kernelUs !== undefined && rx.lastCfKernelUs !== undefined;
      const gap = kernel ? kernelUs - rx.lastCfKernelUs! : tUs - rx.lastCfUs;
      if (gap < wantedStminUs - this.cfg.stminToleranceUs) {
        rx.stminReported = true;
        this.violation('stmin-not-honoured', `CF gap ${gap} µs < STmin ${wantedStminUs} µs (tolerance ${this.cfg.stminToleranceUs} µs)`, tUs, data, {
          gapUs: gap,
          stminUs: wantedStminUs,
          toleranceUs: this.cfg.stminToleranceUs,
          clock: kernel ? 'kernel' : 'monotonic',
        });
      }
    }
    const remaining = rx.buf.length - rx.offset;
    const want = Math.min(remaining, rx.rxDl - 1);
    if (data.length - 1 < want) {
      this.violation('invalid-frame-length', `CF of ${data.length} bytes carries less than the ${want} bytes due (RX_DL ${rx.rxDl}); reception aborted`, tUs, data, {
        length: data.length,
        rxDl: rx.rxDl,
      });
      this.end(rx);
      this.dropping = true;
      return;
    }
    if (data.length > rx.rxDl) {
      this.violation('invalid-frame-length', `CF of ${data.length} bytes is longer than the FF (${rx.rxDl})`, tUs, data, { length: data.length, rxDl: rx.rxDl });
    }
    rx.buf.set(data.subarray(1, 1 + want), rx.offset);
    rx.offset += want;
    rx.frames++;
    rx.expectedSn = (rx.expectedSn + 1) & 0x0f;
    rx.lastCfUs = tUs;
    rx.lastCfKernelUs = kernelUs;
    if (rx.offset >= rx.buf.length) {
      this.checkPadding(data, 1 + want, tUs);
      this.end(rx);
      this.io.deliver({ payload: rx.buf, functional: false, startUs: rx.startUs, endUs: tUs, frames: rx.frames });
      return;
    }
    if (rx.fcPending) return; // our FC is still due: its timer stays armed
    rx.inBlock++;
    if (this.cfg.blockSize > 0 && rx.inBlock >= this.cfg.blockSize) {
      rx.inBlock = 0;
      rx.lastCfUs = undefined;
      rx.lastCfKernelUs = undefined;
      rx.fcPending = true;
      this.flowControl(rx, false);
    } else {
      this.armNCr(rx);
    }
  }

  /** Sends FC.WT × waitFrames (first block only), then CTS — after N_Br — or what a fault dictates. */
  private flowControl(rx: Reception, first: boolean): void {
    const faults = this.cfg.faults;
    if (faults.noFlowControl) {
      rx.silent = true;
      this.armNCr(rx);
      return;
    }
    let waits = first ? this.cfg.waitFrames : 0;
    const step = () => {
      if (this.rx !== rx) return;
      rx.cancelTimer = undefined;
      if (waits > 0) {
        waits--;
        this.sendFc(FlowStatus.Wait);
        rx.cancelTimer = this.io.clock.after(this.cfg.waitFrameIntervalMs * 1000, step);
        return;
      }
      const status = faults.flowStatus ?? FlowStatus.ContinueToSend;
      // State first: on a synchronous bus the peer's CFs may arrive inside sendFc().
      rx.fcPending = false;
      if (status === FlowStatus.ContinueToSend) this.armNCr(rx);
      else if (status === FlowStatus.Wait) rx.cancelTimer = this.io.clock.after(this.cfg.waitFrameIntervalMs * 1000, step);
      else this.end(rx);
      this.sendFc(status);
    };
    const delayMs = this.cfg.timers.nBrMs;
    if (delayMs > 0) rx.cancelTimer = this.io.clock.after(delayMs * 1000, step);
    else step();
  }

  private sendFc(status: number): void {
    const stmin = this.cfg.faults.flowControlStmin ?? this.cfg.stmin;
    const p = this.cfg.faults.padding;
    const padding = p === 'none' ? null : p !== undefined ? p : this.cfg.txPadding;
    const fc = withAddressExtension(encodeFlowControl(status, this.cfg.blockSize, stmin), this.cfg.txAddressExtension);
    this.io.transmit(finishFrame(fc, { txDl: Math.min(this.cfg.txDl, 8), padding }), false);
  }

  private armNCr(rx: Reception): void {
    rx.cancelTimer?.();
    const ms = this.cfg.timers.nCrMs;
    rx.cancelTimer = this.io.clock.after(ms * 1000, () => {
      if (this.rx !== rx) return;
      if (!rx.silent) {
        this.violation('missing-consecutive-frame', `no CF within N_Cr ${ms} ms (${rx.offset} of ${rx.buf.length} bytes received); reception aborted`, this.io.clock.nowUs(), undefined, {
          received: rx.offset,
          length: rx.buf.length,
          expectedSn: rx.expectedSn,
        });
      }
      this.end(rx);
      this.dropping = true;
    });
  }

  private end(rx: Reception): void {
    rx.cancelTimer?.();
    rx.cancelTimer = undefined;
    if (this.rx === rx) this.rx = undefined;
  }

  /** Checks bytes after `used` against the rxPadding rule. */
  checkPadding(data: Uint8Array, used: number, tUs: number): void {
    checkPaddingRule(this.cfg, data, used, (message, details) => this.violation('bad-padding', message, tUs, data, details));
  }

  private violation(kind: IsoTpViolation['kind'], message: string, tUs: number, raw?: Uint8Array, details?: Record<string, unknown>): void {
    this.io.report({ kind, message, tUs, side: 'rx', frame: raw ? toHex(raw) : undefined, details });
  }
}

/** Shared by receiver (SF/CF) and engine (FC): padding must fill the frame, with the configured byte if any. */
export function checkPaddingRule(
  cfg: IsoTpConfig,
  data: Uint8Array,
  used: number,
  report: (message: string, details: Record<string, unknown>) => void,
): void {
  const rule = cfg.rxPadding;
  if (rule === 'any') return;
  // `data` has the address extension byte already stripped.
  const p = cfg.rxAddressExtension === null ? 0 : 1;
  if (data.length + p < 8) {
    report(`frame of ${data.length + p} bytes is not padded to 8`, { length: data.length + p, used: used + p });
    return;
  }
  if (typeof rule === 'object') {
    for (let i = used; i < data.length; i++) {
      if (data[i] !== rule.byte) {
        report(`padding byte 0x${data[i].toString(16).padStart(2, '0')} at offset ${i + p}, expected 0x${rule.byte.toString(16).padStart(2, '0')}`, {
          offset: i + p,
          expected: rule.byte,
          actual: data[i],
        });
        return;
      }
    }
  }
}

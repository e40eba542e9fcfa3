/**
 * One ISO-TP endpoint without CAN I/O: frame-level checks, PCI decoding, and the demultiplexing of incoming
 * frames to the sender (FC) and receiver (SF/FF/CF). IsoTpChannel wires it to a CanChannel; unit tests drive
 * it with a fake clock.
 */
import { toHex } from '../core/trace';
import { isValidFdLength } from '../transport/can/frame';
import type { IsoTpClock } from './clock';
import { FrameType, PciError, checkTxDl, decodePci } from './pci';
import { IsoTpReceiver, checkPaddingRule } from './receiver';
import { IsoTpSender } from './sender';
import { type IsoTpConfig, type IsoTpConfigInput, type IsoTpMessage, type IsoTpViolation, resolveConfig } from './types';

export interface EngineIo {
  clock: IsoTpClock;
  /** Returns the frame's transmit time (monotonic µs) when the CAN layer knows it. */
  transmit(frame: Uint8Array, functional: boolean): number | void;
  deliver(message: IsoTpMessage): void;
  report(v: IsoTpViolation): void;
}

export class IsoTpEngine {
  readonly cfg: IsoTpConfig;
  readonly sender: IsoTpSender;
  readonly receiver: IsoTpReceiver;

  constructor(
    config: IsoTpConfigInput,
    private readonly io: EngineIo,
  ) {
    this.cfg = resolveConfig(config);
    checkTxDl(this.cfg.txDl);
    this.sender = new IsoTpSender(this.cfg, io);
    this.receiver = new IsoTpReceiver(this.cfg, io);
  }

  /** Resolves with the transmit time of the message's last frame. */
  send(payload: Uint8Array, functional = false): Promise<number> {
    return this.sender.send(payload, functional);
  }

  /** One CAN payload from the peer (physical or functional rx id), with its receive time (and kernel stamp, SocketCAN). */
  handleFrame(data: Uint8Array, tUs: number, functional = false, kernelUs?: number): void {
    const report = (kind: IsoTpViolation['kind'], message: string, details?: Record<string, unknown>) =>
      this.io.report({ kind, message, tUs, side: 'rx', frame: toHex(data), details });
    if (data.length > 8 && !isValidFdLength(data.length)) {
      report('invalid-fd-length', `CAN FD frame of ${data.length} bytes (valid: 8, 12, 16, 20, 24, 32, 48, 64)`, { length: data.length });
    }
    const ext = this.cfg.rxAddressExtension;
    if (ext !== null) {
      // Extended/mixed addressing: frames led by another address byte are for another node.
      if (data.length === 0 || data[0] !== ext) return;
      data = data.subarray(1);
    }
    let pci;
    try {
      pci = decodePci(data, ext === null ? 0 : 1);
    } catch (err) {
      if (err instanceof PciError) {
        report(err.kind, err.message);
        return;
      }
      throw err;
    }
    if (pci.type === FrameType.FlowControl) {
      if (functional) {
        report('unexpected-frame-type', 'FC on the functional address');
        return;
      }
      checkPaddingRule(this.cfg, data, 3, (message, details) => this.io.report({ kind: 'bad-padding', message, tUs, side: 'tx', frame: toHex(data), details }));
      this.sender.handleFlowControl(pci.status, pci.blockSize, pci.stmin, data, tUs);
      return;
    }
    this.receiver.handle(pci, data, tUs, functional, kernelUs);
  }

  close(reason = 'ISO-TP channel closed'): void {
    this.sender.abort(reason);
    this.receiver.abort();
  }
}

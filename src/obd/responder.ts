/**
 * OBD-II server side: registers handlers for modes 01, 03, 04, 07, 09 (and 0A) on a UdsEcu, answering from
 * the fixture's `obd` section. Unsupported PIDs are not answered (ECUs stay silent on functional requests).
 */
import type { ObdConfig } from '../uds/fixture';
import { Nrc, type UdsEcu } from '../uds/ecu';
import { encodeDtcResponse, encodeInfoString, encodePidBitmap, isBitmapPid } from './codec';

export interface ObdResponderOptions {
  /** XOR applied to the PID 0x00 bitmap (fault `obd-wrong-pid-bitmap`); 0 = correct. */
  bitmapXor?: number;
}

export class ObdResponder {
  dtcs: number[];
  pendingDtcs: number[];
  milOn: boolean;

  constructor(
    readonly config: ObdConfig,
    private readonly opts: ObdResponderOptions = {},
  ) {
    this.dtcs = [...config.dtcs];
    this.pendingDtcs = [...config.pendingDtcs];
    this.milOn = this.dtcs.length > 0;
  }

  /** Supported mode 01 PIDs including the bitmap PIDs that are needed to reach them. */
  supportedPids(): number[] {
    const data = [...this.config.pids.keys()].filter((p) => !isBitmapPid(p));
    const max = Math.max(0, ...data);
    const bitmaps: number[] = [];
    for (let b = 0x20; b < max; b += 0x20) bitmaps.push(b);
    return [...data, ...bitmaps].sort((a, b) => a - b);
  }

  mode01(pid: number): Uint8Array | undefined {
    if (isBitmapPid(pid)) {
      const supported = this.supportedPids();
      if (pid !== 0 && !supported.includes(pid)) return undefined;
      const bitmap = encodePidBitmap(pid, supported);
      if (pid === 0 && this.opts.bitmapXor) {
        const x = this.opts.bitmapXor;
        bitmap[0] ^= (x >>> 24) & 0xff;
        bitmap[1] ^= (x >>> 16) & 0xff;
        bitmap[2] ^= (x >>> 8) & 0xff;
        bitmap[3] ^= x & 0xff;
      }
      return Uint8Array.of(0x41, pid, ...bitmap);
    }
    if (pid === 0x01) {
      const d = this.config.pids.get(0x01) ?? Uint8Array.of(0, 0, 0, 0);
      return Uint8Array.of(0x41, 0x01, (this.milOn ? 0x80 : 0) | (this.dtcs.length & 0x7f), d[1], d[2], d[3]);
    }
    const data = this.config.pids.get(pid);
    return data ? Uint8Array.of(0x41, pid, ...data) : undefined;
  }

  mode09(pid: number): Uint8Array | undefined {
    const c = this.config;
    if (pid === 0x00) {
      const s = [c.vin ? 0x02 : 0, c.calibrationId ? 0x04 : 0, c.ecuName ? 0x0a : 0].filter((x) => x);
      return Uint8Array.of(0x49, 0x00, ...encodePidBitmap(0, s));
    }
    if (pid === 0x02 && c.vin) return encodeInfoString(0x02, c.vin, 17);
    if (pid === 0x04 && c.calibrationId) return encodeInfoString(0x04, c.calibrationId, 16);
    if (pid === 0x0a && c.ecuName) return encodeInfoString(0x0a, c.ecuName, 20);
    return undefined;
  }

  /** Wires the OBD modes into an ECU's service table. */
  attach(ecu: UdsEcu): void {
    ecu.handlers.set(0x01, (req) => {
      if (req.length < 2 || req.length > 7) throw new Nrc(0x13);
      // Several PIDs in one request (CAN allows up to 6): concatenate the answers.
      const parts = [...req.slice(1)].map((p) => this.mode01(p)).filter((x): x is Uint8Array => !!x);
      if (parts.length === 0) return undefined;
      return Uint8Array.of(0x41, ...parts.flatMap((p) => [...p.slice(1)]));
    });
    ecu.handlers.set(0x03, (req) => (req.length === 1 ? encodeDtcResponse(0x03, this.dtcs) : undefined));
    ecu.handlers.set(0x07, (req) => (req.length === 1 ? encodeDtcResponse(0x07, this.pendingDtcs) : undefined));
    ecu.handlers.set(0x0a, (req) => (req.length === 1 ? encodeDtcResponse(0x0a, []) : undefined));
    ecu.handlers.set(0x04, (req) => {
      if (req.length !== 1) return undefined;
      this.dtcs = [];
      this.pendingDtcs = [];
      this.milOn = false;
      return Uint8Array.of(0x44);
    });
    ecu.handlers.set(0x09, (req) => (req.length === 2 ? this.mode09(req[1]) : undefined));
  }
}

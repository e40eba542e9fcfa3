/**
 * OBD-II client (scan tool) over a DiagLink: functional requests by default (0x7DF on CAN), P2 timing from the
 * UDS tester (OBD on CAN uses P2 = 50 ms), verdict helpers that quote bytes.
 */
import { VerdictError } from '../core/errors';
import type { Trace } from '../core/trace';
import type { DiagLink } from '../uds/link';
import { type UdsExchange, UdsTester } from '../uds/tester';
import { assertTiming, fail } from '../uds/verdicts';
import { decodeDtcResponse, decodeInfoString, decodePidBitmap, decodePidResponse, decodePidValue, encodeObdRequest, formatDtc, isBitmapPid } from './codec';

export interface ObdTesterOptions {
  trace?: Trace;
  /** Physical instead of functional requests. */
  physical?: boolean;
  p2Ms?: number;
}

export interface PidReading {
  pid: number;
  raw: Uint8Array;
  name: string;
  value: number | string;
  unit: string;
}

export class ObdTester {
  readonly uds: UdsTester;

  constructor(
    readonly link: DiagLink,
    private readonly opts: ObdTesterOptions = {},
  ) {
    this.uds = new UdsTester(link, { trace: opts.trace, p2Ms: opts.p2Ms ?? 50, lateMarginMs: 500, protocol: 'obd', adoptSessionTiming: false });
  }

  request(mode: number, pid?: number): Promise<UdsExchange> {
    return this.uds.request(encodeObdRequest(mode, pid), { functional: !this.opts.physical });
  }

  private answer(ex: UdsExchange, what: string): Uint8Array {
    if (!ex.final) fail(ex, `no response to ${what} within P2 ${ex.p2Ms} ms`, this.opts.trace);
    const rsp = ex.final.data;
    if (rsp[0] === 0x7f) fail(ex, `${what}: negative response`, this.opts.trace);
    assertTiming(ex, this.opts.trace);
    return rsp;
  }

  /** Reads one mode 01 PID and decodes it. */
  async readPid(pid: number): Promise<PidReading> {
    const ex = await this.request(0x01, pid);
    const rsp = this.answer(ex, `mode 01 PID 0x${pid.toString(16).padStart(2, '0')}`);
    let r;
    try {
      r = decodePidResponse(0x01, rsp);
    } catch (e) {
      fail(ex, (e as Error).message, this.opts.trace);
    }
    if (r.pid !== pid) fail(ex, `response is for PID 0x${r.pid.toString(16)}, requested 0x${pid.toString(16)}`, this.opts.trace);
    return { pid, raw: r.data, ...decodePidValue(pid, r.data) };
  }

  /** Walks the supported-PID bitmaps (00, 20, 40…) of a mode (01 or 09). */
  async supportedPids(mode = 0x01): Promise<number[]> {
    const out: number[] = [];
    for (let base = 0; base < 0x100; base += 0x20) {
      const ex = await this.request(mode, base);
      const rsp = this.answer(ex, `mode ${mode.toString(16).padStart(2, '0')} PID 0x${base.toString(16).padStart(2, '0')}`);
      if (rsp[0] !== mode + 0x40 || rsp[1] !== base || rsp.length !== 6) fail(ex, 'malformed supported-PID bitmap response', this.opts.trace);
      const pids = decodePidBitmap(base, rsp.slice(2));
      out.push(...pids.filter((p) => !isBitmapPid(p)));
      if (!pids.includes(base + 0x20)) break;
    }
    return out;
  }

  /**
   * Checks that the PID 0x00 bitmap tells the truth: every PID it announces answers, every data PID it
   * omits from `probe` stays silent. Throws VerdictError naming the first contradiction.
   */
  async verifyPidBitmap(probe: number[]): Promise<number[]> {
    const supported = await this.supportedPids(0x01);
    for (const pid of probe) {
      const ex = await this.request(0x01, pid);
      const answered = !!ex.final && ex.final.data[0] === 0x41;
      if (supported.includes(pid) && !answered) fail(ex, `PID 0x${pid.toString(16)} is announced in the bitmap but not answered`, this.opts.trace);
      if (!supported.includes(pid) && answered) fail(ex, `PID 0x${pid.toString(16)} answers but the bitmap does not announce it`, this.opts.trace);
    }
    return supported;
  }

  async readDtcs(mode = 0x03): Promise<string[]> {
    const ex = await this.request(mode);
    const rsp = this.answer(ex, `mode ${mode.toString(16).padStart(2, '0')}`);
    try {
      return decodeDtcResponse(mode, rsp).map(formatDtc);
    } catch (e) {
      return fail(ex, (e as Error).message, this.opts.trace);
    }
  }

  async clearDtcs(): Promise<void> {
    const ex = await this.request(0x04);
    const rsp = this.answer(ex, 'mode 04');
    if (rsp.length !== 1 || rsp[0] !== 0x44) fail(ex, 'mode 04 response must be the single byte 44', this.opts.trace);
  }

  async readVin(): Promise<string> {
    const ex = await this.request(0x09, 0x02);
    const rsp = this.answer(ex, 'mode 09 PID 02 (VIN)');
    let vin: string;
    try {
      vin = decodeInfoString(0x02, rsp);
    } catch (e) {
      return fail(ex, (e as Error).message, this.opts.trace);
    }
    if (vin.length !== 17) throw new VerdictError(`VIN must be 17 characters, got ${vin.length}: '${vin}'`);
    return vin;
  }

  async close(): Promise<void> {
    await this.uds.close();
  }
}

/**
 * The harness as a CHAdeMO charger; the SUT is an EV (@chademo @sut:ev). The actions are ChargerCore's
 * (charger-core.ts), the continuous judgements EvWatch's (charger-watch.ts); this file adds the judgements of
 * the sequence: each EV timer (k + 102.5.0 within kAfterD1Ms of d1, 102.5.3 cleared within contactorAfterD2Ms
 * of d2, a request within requestAfterContactorMs, welding detection within weldingDetectionMs of the stop with
 * its hard limit, k open at the end), the EV's reaction to each charger stop trigger, and the period and jitter
 * of its 0x100–0x102. A late EV is waited for a bounded while past the limit so the verdict names the measured
 * time; every verdict names the limit with its value, scale and source, and the recent frames. Timing figures
 * go into the trace as notes.
 */
import { monoUs } from '../../core/clock';
import { cycleStats, formatCycleStats } from '../framing/cyclic';
import { CHADEMO_ID, type ChademoLimitName, type EvFaultFlags, type EvStatus } from '../types';
import { ChargerCore, type StopInfo } from './charger-core';
import { describeStatus } from './charger-watch';
import { describeLimit } from './verdicts';

export { HARNESS_CHARGER, type StopInfo } from './charger-core';

/** How far past a limit a wait runs, so a late EV's verdict can name its measured time (the faults are 1.5×). */
const LATE_FACTOR = 1.75;
/** A gap of at least this many periods is a missing cycle; this many gaps in a window fail it. */
const GAP_PERIODS = 2.5;
const GAPS_ALLOWED = 1;
/**
 * The cycle tolerance is the rig's cycleToleranceMs, but never more than this share of the (scaled) period: the
 * tolerance is not scaled (timer jitter of a machine does not shrink), so on a time-compressed rig the configured
 * ±20 ms would exceed the 25 ms period itself; 30 % keeps the proportion of the real-time ±20 % + margin.
 */
export const MAX_TOLERANCE_SHARE = 0.3;
/** How often a cycle window mostly lost to stalls of the harness process is watched again. */
const STALL_RETRIES = 2;
/** Cycles a cycle check watches: enough for two gaps of a SUT that skips 4 cycles in 10. */
export const CYCLE_WINDOW = 24;

export type EvPhase = 'INIT' | 'INS' | 'PRE' | 'CHG';
export type EvStopSignal = 'driver stop' | 'shift lever' | keyof EvFaultFlags | 'systemFault' | 'battery full';

export class ChademoChargerRole extends ChargerCore {
  // ------------------------------------------------------------------ what the EV declares

  /** Why a case needing this PICS value does not apply to the EV under test (undefined: it applies). */
  notDeclared(what: 'dynamicControl' | 'discharge' | 'requestCurrentA'): string | undefined {
    const pics = this.ctx.pics;
    if (!pics) return `${this.ctx.picsSource} declares no CHAdeMO EV (the case needs ${what})`;
    if (what === 'requestCurrentA') return pics.requestCurrentA ? undefined : `${this.ctx.picsSource} does not declare requestCurrentA (the EV's steady request)`;
    return pics[what] ? undefined : `${this.ctx.picsSource} does not declare ${what} (CHAdeMO ${what === 'dynamicControl' ? '1.2+ dynamic current control' : '2.0 V2X discharge'})`;
  }

  /** The EV's steady request from its PICS (requestCurrentA; check notDeclared first). */
  get evRequestA(): number {
    return this.ctx.pics?.requestCurrentA ?? 0;
  }

  /** The EV is plugged in (proximity); `plugIn` is its operator's action when the rig can perform it. */
  async pluggedIn(plugIn: () => Promise<void>): Promise<void> {
    if (!this.ctx.bus.lines.get('proximity')) await plugIn();
    await this.watch.hold(this.ctx.limits.cyclePeriodMs);
  }

  /** The charger declares it cannot discharge (0x109 b4 = 0, 2.0). */
  withoutDischarge(): void {
    this.dischargeCompatible = false;
  }

  // ------------------------------------------------------------------ composite set-ups

  /** Drives the sequence up to the start of the phase: INIT (d1 on), INS (permitted, locked, insulation test done), PRE (d2, contactors closed), CHG (charging). */
  async toPhase(phase: EvPhase): Promise<void> {
    this.setD1();
    if (phase === 'INIT') return;
    await this.expectPermission();
    if (!this.checkBattery()) this.watch.fail(`the harness charger cannot charge this EV: its 0x100 max battery voltage ${this.watch.params?.maxBatteryVoltageV} V is above the harness's ${this.params.availableVoltageV} V`, 'a battery the harness charger serves', 'incompatible');
    await this.lockAndTestInsulation();
    if (phase === 'INS') return;
    this.setD2();
    await this.expectContactorsClosed();
    if (phase === 'PRE') return;
    await this.expectRequest();
    this.startCharging();
    await this.expectDelivering();
    await this.chargeFor(3);
  }

  // ------------------------------------------------------------------ EV timers

  /** k closed and 102.5.0 set within kAfterD1Ms of d1, with the EV's 0x100/0x101 seen. */
  async expectPermission(): Promise<number> {
    const lines = this.ctx.bus.lines;
    const ok = () => lines.get('k') && this.watch.status?.status.chargingEnabled === true && this.watch.params !== undefined;
    const t = await this.within('kAfterD1Ms', this.d1AtUs, ok, 'k closed, 102.5.0 set and 0x100 sent', 'd1');
    this.phase = 'permitted';
    return t;
  }

  /** 1.0+: 102.5.3 cleared within contactorAfterD2Ms of d2. 0.9 (no flag): inlet above v09InletV, else the charger waits v09ContactorWaitMs. */
  async expectContactorsClosed(): Promise<number> {
    if (this.hasContactorFlag) {
      this.contactorsAtUs = await this.within('contactorAfterD2Ms', this.d2AtUs, () => this.watch.status?.status.contactorOpen === false, '102.5.3 cleared (EV contactors closed)', 'd2');
    } else {
      const lines = this.ctx.bus.lines;
      const up = await this.watch.until(() => lines.inletVoltageV() > this.ctx.limits.v09InletV, this.ctx.limits.v09ContactorWaitMs);
      this.contactorsAtUs = monoUs();
      this.note(up ? `0.9: inlet ${lines.inletVoltageV()} V > ${this.ctx.limits.v09InletV} V after ${ms(this.contactorsAtUs - this.d2AtUs)}` : `0.9: waited ${describeLimit(this.ctx, 'v09ContactorWaitMs')} for the contactors`);
    }
    this.phase = 'contactors';
    return this.contactorsAtUs;
  }

  /** 0.9: the EV's contactors put its battery on the inlet (above v09InletV) within v09ContactorWaitMs of d2. */
  async expectBatteryOnInlet(): Promise<number> {
    const lines = this.ctx.bus.lines;
    this.contactorsAtUs = await this.within('v09ContactorWaitMs', this.d2AtUs, () => lines.inletVoltageV() > this.ctx.limits.v09InletV, `inlet above ${this.ctx.limits.v09InletV} V (EV battery on the inlet)`, 'd2');
    this.phase = 'contactors';
    return this.contactorsAtUs;
  }

  /** A current request > 0 within requestAfterContactorMs of the contactors closing. */
  async expectRequest(): Promise<number> {
    return this.within('requestAfterContactorMs', this.contactorsAtUs, () => (this.watch.status?.currentRequestA ?? 0) > 0, 'a current request > 0', 'the contactors closing');
  }

  /** While charging the EV's request is delivered (a 0x102 after the start of charging with a request > 0). */
  async expectDelivering(): Promise<void> {
    await this.within('requestAfterContactorMs', this.chargingAtUs, () => this.side.deliveredA > 0, 'current delivered at the EV\'s request', 'the start of charging');
  }

  // ------------------------------------------------------------------ charging

  /** Charges for this many cycles; the continuous judgements run meanwhile. */
  async chargeFor(cycles: number): Promise<void> {
    this.watch.rethrow();
    await this.watch.hold(cycles * this.ctx.limits.cyclePeriodMs);
  }

  /**
   * Charges for `cycles` cycles and judges the period of the EV's 0x100, 0x101 and 0x102 in that window: the
   * median interval and the median |interval − period| within cycleToleranceMs, and at most one gap of
   * GAP_PERIODS periods (a stalled host may delay one frame; a missing cycle shows as repeated gaps).
   */
  async expectCycles(cycles: number): Promise<void> {
    // A stalled harness process (a loaded host; on the reference rig the EV shares it) delays every frame alike:
    // the intervals that overlap a stall of this process are left out, and a window mostly lost to stalls is
    // watched again (at most STALL_RETRIES times) instead of blaming the EV.
    for (let attempt = 0; ; attempt++) {
      const from = monoUs();
      const stalls = await this.watchStalls(cycles);
      if (this.judgeCycles(cycles, from, stalls, attempt >= STALL_RETRIES)) return;
      this.note(`cycle window ${attempt + 1} lost to stalls of the harness process (${stalls.map(([a, z]) => ms(z - a)).join(', ')}): watched again`);
    }
  }

  /** Charges for `cycles` cycles and returns the stalls of this process in that time ([fromUs, toUs] where its 5 ms tick came late by over one period). */
  private async watchStalls(cycles: number): Promise<[number, number][]> {
    const stalls: [number, number][] = [];
    const periodUs = this.ctx.limits.cyclePeriodMs * 1000;
    let last = monoUs();
    const probe = setInterval(() => {
      const now = monoUs();
      if (now - last > periodUs) stalls.push([last, now]);
      last = now;
    }, 5);
    try {
      await this.chargeFor(cycles);
    } finally {
      clearInterval(probe);
    }
    return stalls;
  }

  /** Judges the window; false (no verdict) when too little of it is left after the stalls and `final` is not set. */
  private judgeCycles(cycles: number, from: number, stalls: [number, number][], final: boolean): boolean {
    const period = this.ctx.limits.cyclePeriodMs;
    const tol = Math.min(this.ctx.limits.cycleToleranceMs, MAX_TOLERANCE_SHARE * period);
    const overlaps = (a: number, z: number) => stalls.some(([s0, s1]) => s0 < z && s1 > a);
    for (const id of [CHADEMO_ID.evParams, CHADEMO_ID.evTiming, CHADEMO_ID.evStatus]) {
      const st = this.watch.stamps(id, from);
      const iv = st.slice(1).map((t, i) => [st[i], t - st[i]] as const).filter(([t0, d]) => !overlaps(t0, t0 + d)).map(([, d]) => d);
      const name = `0x${id.toString(16)}`;
      const stats = cycleStats(iv);
      const dev = cycleStats(iv.map((d) => Math.abs(d - period * 1000)));
      const gaps = iv.filter((d) => d >= GAP_PERIODS * period * 1000).length;
      const stalled = stalls.length ? `; ${stalls.length} stall(s) of the harness process left out` : '';
      this.note(`${formatCycleStats(`EV ${name} period over ${cycles} cycles:`, stats)}; |interval − ${period} ms| p50 ${dev.p50Ms.toFixed(1)} ms; gaps ≥ ${GAP_PERIODS} periods: ${gaps}${stalled}`);
      const capped = tol < this.ctx.limits.cycleToleranceMs ? ` capped at ${MAX_TOLERANCE_SHARE * 100} % of the period = ${tol} ms` : '';
      const limit = `${describeLimit(this.ctx, 'cyclePeriodMs')} ± ${describeLimit(this.ctx, 'cycleToleranceMs')}${capped}`;
      const figures = `${formatCycleStats('period', stats)}, min ${stats.minMs.toFixed(1)} ms, median |deviation| ${dev.p50Ms.toFixed(1)} ms, ${gaps} gap(s) ≥ ${GAP_PERIODS} periods${stalled}`;
      if (iv.length < Math.floor(cycles / 2)) {
        if (stalls.length && !final) return false;
        this.watch.fail(`the EV sent ${st.length} ${name} frames in ${cycles} cycles (expected about ${cycles})`, `${name} every ${period} ms`, figures, true);
      } else if (Math.abs(stats.p50Ms - period) > tol || dev.p50Ms > tol) this.watch.fail(`the EV's ${name} period is off: median ${stats.p50Ms.toFixed(1)} ms, median jitter ${dev.p50Ms.toFixed(1)} ms; limit ${limit}`, `${name} every ${period} ± ${tol} ms`, figures);
      else if (gaps > GAPS_ALLOWED) this.watch.fail(`the EV skipped ${name} cycles: ${gaps} gaps of ≥ ${GAP_PERIODS} periods in ${cycles} cycles (longest ${stats.maxMs.toFixed(1)} ms); limit ${limit}`, `${name} every ${period} ms without gaps`, figures);
      this.watch.rethrow();
    }
    return true;
  }

  /** Lowers the available current while charging (dynamic control agreed) and judges that the EV follows it. */
  async lowerAndExpectFollow(amps: number): Promise<void> {
    if (!this.dynamicAgreed) {
      this.watch.fail(`the EV did not agree to dynamic control: its 0x110 .0 is ${this.watch.extended ? 'clear' : 'not sent'} although ${this.ctx.picsSource} declares dynamicControl (CHAdeMO ${this.version})`, '0x110 .0 set (dynamic control)', this.watch.extended ? JSON.stringify(this.watch.extended) : 'no 0x110');
      this.watch.rethrow();
    }
    this.offerCurrent(amps);
    const at = monoUs();
    await this.within('rampDownMs', at, () => (this.watch.status?.currentRequestA ?? Infinity) <= amps && this.watch.statusAtUs > at, `a request ≤ ${amps} A`, 'the lowered 0x108 available current');
    await this.chargeFor(4);
  }

  // ------------------------------------------------------------------ stops

  /** The EV's 0x102 shows the stop its operator triggered, within silenceMs of the action (the time after which a charger treats the EV as silent). */
  async expectStopSignal(kind: EvStopSignal, sinceUs: number): Promise<void> {
    const shows = (s: EvStatus): boolean => {
      if (kind === 'driver stop' || kind === 'battery full') return !s.status.chargingEnabled || (kind === 'battery full' && s.currentRequestA === 0);
      if (kind === 'shift lever') return s.status.shiftLeverNotPark;
      if (kind === 'systemFault') return s.status.systemFault;
      return s.faults[kind];
    };
    const what = kind === 'driver stop' ? '102.5.0 cleared' : kind === 'battery full' ? 'the request ramped to 0 or 102.5.0 cleared' : kind === 'shift lever' ? '102.5.1 set' : kind === 'systemFault' ? '102.5.2 set' : `102.4 ${kind} set`;
    const limit: ChademoLimitName = kind === 'battery full' ? 'currentDeviationMs' : 'silenceMs';
    await this.within(limit, sinceUs, () => this.watch.status !== undefined && this.watch.statusAtUs >= sinceUs && shows(this.watch.status), what, `the EV's ${kind}`);
  }

  /**
   * After the charger's stop (malfunction, stop control, battery incompatible, silence, a dropped line) the EV
   * withdraws: request 0 A and 102.5.0 clear within rampDownMs (+ one cycle, the charger's frame carrying the
   * stop; + silenceMs when the stop is the charger's silence), and it stays withdrawn for `holdCycles` cycles
   * (no request, no 102.5.0, k not closed again).
   */
  async expectWithdraws(holdCycles: number): Promise<void> {
    const stop = this.requireStop();
    const withdrawn = (s: EvStatus) => s.currentRequestA === 0 && !s.status.chargingEnabled;
    const extra = this.ctx.limits.cyclePeriodMs + (stop.cause === 'charger CAN silence' ? this.ctx.limits.silenceMs : 0);
    const kWasOpen = !this.ctx.bus.lines.get('k');
    const at = await this.within('rampDownMs', stop.atUs, () => this.watch.status !== undefined && this.watch.statusAtUs > stop.atUs && withdrawn(this.watch.status), 'request 0 A and 102.5.0 cleared', `the charger's stop (${stop.cause})`, extra);
    await this.chargeFor(holdCycles);
    const again = this.watch.statuses(at).find((x) => !withdrawn(x.s));
    if (again) this.watch.fail(`the EV asks to charge again ${ms(again.tUs - stop.atUs)} after the charger's stop (${stop.cause})`, 'request 0 A and 102.5.0 clear until the end of the sequence', describeStatus(again.s));
    else if (kWasOpen && this.ctx.bus.lines.get('k')) this.watch.fail(`the EV closed k after the charger stopped the sequence (${stop.cause})`, 'k stays open', 'k closed');
    this.watch.rethrow();
  }

  /**
   * Welding detection: 1.0+ the EV sets 102.5.3 within weldingDetectionMs of the stop (the charger's output at
   * 0 A), at the latest by weldingDetectionHardMs; 0.9 (no flag) its battery leaves the inlet (< safeVoltageV).
   */
  async expectWeldingDetection(): Promise<void> {
    const stop = this.requireStop();
    const lines = this.ctx.bus.lines;
    await this.rampDone;
    if (!this.hasContactorFlag) {
      await this.within('weldingDetectionMs', stop.zeroAtUs, () => lines.inletVoltageV() < this.ctx.limits.safeVoltageV, `inlet below ${this.ctx.limits.safeVoltageV} V (0.9: EV contactors open)`, `the stop (${stop.cause})`);
      return;
    }
    const done = () => this.watch.status?.status.contactorOpen === true && this.watch.statusAtUs >= stop.zeroAtUs;
    const hardMs = this.ctx.limits.weldingDetectionHardMs;
    const seen = await this.watch.until(done, Math.max(0, hardMs - (monoUs() - stop.zeroAtUs) / 1000));
    const took = (seen ? this.watch.statusAtUs : monoUs()) - stop.zeroAtUs;
    const limitMs = this.ctx.limits.weldingDetectionMs;
    if (!seen) this.watch.fail(`the EV did not report welding detection (102.5.3) within the hard limit after the stop (${stop.cause}; output ≤ ${this.ctx.limits.stopCurrentA} A): ${describeLimit(this.ctx, 'weldingDetectionHardMs')}`, `102.5.3 set within ${limitMs} ms`, `not set after ${ms(took)}; last ${this.watch.status ? describeStatus(this.watch.status) : 'no 0x102'}`, true);
    else if (took > limitMs * 1000) this.watch.fail(`the EV reported welding detection (102.5.3) ${ms(took)} after the stop (${stop.cause}): beyond ${describeLimit(this.ctx, 'weldingDetectionMs')} (within the hard limit ${hardMs} ms)`, `102.5.3 set within ${limitMs} ms`, `after ${ms(took)}: ${describeStatus(this.watch.status as EvStatus)}`);
    this.watch.rethrow();
    this.note(`timing: welding detection (102.5.3) ${ms(took)} after the output reached ≤ ${this.ctx.limits.stopCurrentA} A (limit weldingDetectionMs ${limitMs} ms)`);
  }

  /** The charger ends the sequence (d2 off, unlock below safeVoltageV, d1 off) and the EV opens k within kAfterD1Ms of d1 off. */
  async finish(): Promise<void> {
    if (!this.stop || this.status.status.charging) this.stopControl();
    // after its own CAN silence the charger cannot see the EV's welding detection: it ends at once (unlocking only below safeVoltageV)
    const silent = this.stop?.cause === 'charger CAN silence';
    await this.endSequence(silent ? this.ctx.limits.cyclePeriodMs * 2 : this.ctx.limits.weldingDetectionHardMs);
    await this.expectKOpened();
  }

  /** k open within kAfterD1Ms of d1 off (the window the EV has to close it after d1, mirrored for the end). */
  async expectKOpened(): Promise<void> {
    const lines = this.ctx.bus.lines;
    const since = this.d1OffAtUs || monoUs();
    await this.within('kAfterD1Ms', since, () => !lines.get('k'), 'k open', 'd1 off (end of the sequence)');
  }

  /** 2.0 with the charger not discharge compatible (0x109 b4 = 0): no 0x200 from the EV for `cycles` cycles of charging. */
  async expectNoDischargeRequest(cycles: number): Promise<void> {
    const from = this.chargingAtUs || this.d1AtUs;
    await this.chargeFor(cycles);
    const bad = this.watch.events.find((e) => e.tUs >= from && e.kind === 'frame' && e.msg.name === 'evDischarge');
    if (bad && bad.kind === 'frame') this.watch.fail("the EV sends a discharge request (0x200) although the charger's 0x109 b4 says it is not discharge compatible", 'no 0x200 while 0x109 b4 = 0', `0x200 ${JSON.stringify(bad.msg.value)}`);
    this.watch.rethrow();
  }

  /** 2.0 with the charger discharge compatible: the EV sets 102.5.7 and sends 0x200 with a maximum discharge current > 0 within silenceMs. */
  async expectDischargeLimits(): Promise<void> {
    const from = this.chargingAtUs || this.d1AtUs;
    await this.within('silenceMs', from, () => this.watch.discharge !== undefined && this.watch.status?.status.dischargeCompatible === true, '102.5.7 set and 0x200 sent (discharge compatible)', "the charger's 0x109 b4 (discharge compatible)");
    const d = this.watch.discharge;
    if (d && d.maxDischargeCurrentA === 0) this.watch.fail("the EV's 0x200 maximum discharge current is 0 A although it declares discharge (102.5.7)", '0x200 b0 max discharge current > 0 A', JSON.stringify(d));
    this.watch.rethrow();
    this.note(`EV discharge limits: ${JSON.stringify(d)}`);
  }

  /** The cycles a cycle check watches. */
  get cycleWindow(): number {
    return CYCLE_WINDOW;
  }

  // ------------------------------------------------------------------ helpers

  private requireStop(): StopInfo {
    if (!this.stop) throw new Error('this check needs a stop first (a step that stops the charge from either side)');
    return this.stop;
  }

  /**
   * Waits for `ok` (re-checked on each EV event) from `sinceUs`: within the named limit (+ `allowMs` the harness
   * grants for its own frame latency) passes with a timing note; later (bounded by LATE_FACTOR × the limit) or
   * never fails naming the limit and the measured time.
   */
  private async within(name: ChademoLimitName, sinceUs: number, ok: () => boolean, expected: string, since: string, allowMs = 0): Promise<number> {
    const limitMs = this.ctx.limits[name] + allowMs;
    const waitMs = Math.max(0, limitMs * LATE_FACTOR - (monoUs() - sinceUs) / 1000);
    const seen = await this.watch.until(ok, waitMs);
    const at = seen ? Math.max(sinceUs, this.lastEventUs()) : monoUs();
    const took = at - sinceUs;
    const last = this.watch.status ? describeStatus(this.watch.status) : 'no 0x102 from the EV';
    const lines = `k ${this.ctx.bus.lines.get('k') ? 'closed' : 'open'}, inlet ${this.ctx.bus.lines.inletVoltageV()} V`;
    if (!seen) this.watch.fail(`${expected}: not seen within ${ms(took)} of ${since}; limit ${describeLimit(this.ctx, name)}${allowMs ? ` + ${allowMs} ms (one cycle: the charger's frame)` : ''}`, `${expected} within ${limitMs} ms`, `last ${last}; ${lines}`, true);
    else if (took > limitMs * 1000) this.watch.fail(`${expected} ${ms(took)} after ${since}: beyond ${describeLimit(this.ctx, name)}`, `${expected} within ${limitMs} ms`, `after ${ms(took)}: ${last}; ${lines}`);
    this.watch.rethrow();
    this.note(`timing: ${expected} ${ms(took)} after ${since} (limit ${name} ${limitMs} ms)`);
    return at;
  }

  /** Stamp of the EV event that made a wait true (the last one seen). */
  private lastEventUs(): number {
    const e = this.watch.events[this.watch.events.length - 1];
    return e ? e.tUs : monoUs();
  }
}

function ms(us: number): string {
  return `${(us / 1000).toFixed(1)} ms`;
}

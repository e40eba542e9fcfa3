/**
 * The harness as a CHAdeMO EV; the SUT is a charger (tag @sut:charger). The scenario drives it step by step:
 * plug in, close k and set 102.5.0, clear 102.5.3 after d2 (close its contactors: its battery appears on the
 * inlet), request current, change the request, and stop in each way (k off, 102.5.0 cleared, shift lever, each
 * 102.4 fault, 102.5.2, silence on CAN) or break the sequence on purpose (k before d1, a request before its
 * contactors close, a battery the charger cannot serve). Between steps it behaves as an EV does (it starts its
 * cyclic frames at d1, closes its contactors after d2, does welding detection after a stop and reports it with
 * 102.5.3, opens k when d2 falls) unless a step told it to withhold that action (a timer case).
 *
 * The continuous judge (ev-judge.ts) checks every frame and line change of the charger against ctx.limits;
 * the waits here are bounded by a limit of ctx.limits and fail naming it, its value and source, the measured
 * value and the recent frames. Reaction times and the cycle figures go into the trace as `chademo` notes.
 * EV values (battery, request) are the harness's own, fitted to what the charger declares (PICS) or sends.
 */
import { monoUs } from '../../core/clock';
import { CycleMonitor, CyclicSender, formatCycleStats } from '../framing/cyclic';
import { versionAtLeast } from '../framing/codec';
import { type ChademoLimitName, type ChademoRoleContext, type EvFaultFlags, type EvStatus, type EvStatusFlags, protocolNumber } from '../types';
import { ChargerJudge } from './ev-judge';
import { type Seen, SeenLog, sleep } from './ev-log';
import { EvState, type StopCause } from './ev-state';
import { chademoFail, describeLimit, ms } from './verdicts';

export type EvPhase = 'initialisation' | 'insulation test' | 'pre-charge' | 'charging' | 'stopping';
export const EV_PHASES: readonly EvPhase[] = ['initialisation', 'insulation test', 'pre-charge', 'charging', 'stopping'];

/** A stop the EV triggers (step text → what the EV does). */
export type EvStopTrigger = 'k off' | '102.5.0 cleared' | 'shift lever' | '102.5.2' | '102.5.4' | 'silence' | 'silence, then talks' | 'contactors open' | keyof EvFaultFlags;
/** The EV's cyclic frames (a silence skips every one the sender has). */
const EV_FRAMES = ['evParams', 'evTiming', 'evStatus', 'evExtended', 'evDischarge', 'evDischargeEstimate'] as const;
const FAULT_BIT: Record<keyof EvFaultFlags, StopCause> = {
  overVoltage: 'overvoltage (102.4.0)',
  underVoltage: 'undervoltage (102.4.1)',
  currentDeviation: 'current deviation (102.4.2)',
  highTemperature: 'high temperature (102.4.3)',
  voltageDeviation: 'voltage deviation (102.4.4)',
};

/** The EV's own battery (harness values; the request and the maximum fit what the charger offers). */
const BATTERY_V = 350;
const TARGET_V = 380;
const MAX_BATTERY_V = 400;
const DEFAULT_REQUEST_A = 60;
/** Welding detection takes the EV this many cycles after the current fell to ≤ stopCurrentA. */
const WELDING_CYCLES = 2;
/** Bound for the charger's reaction to its operator's start (d1), in cycle periods: no CHAdeMO limit covers it. */
const START_CYCLES = 20;

export class ChademoEvRole {
  readonly log = new SeenLog();
  readonly state: EvState;
  readonly judge: ChargerJudge;
  private readonly monitor: CycleMonitor;
  private readonly sender: CyclicSender;
  private readonly status: EvStatus;
  private phase_: EvPhase | undefined;
  /** Steps may withhold what an EV does on its own (timer cases). */
  private readonly withhold = { contactors: false, welding: false, can: false, request: false, k: false };
  /** Keep driving the sequence after a stop (does the charger still charge?). */
  private persist = false;
  /** A stop set before k: it takes effect when the EV closes k and sets 102.5.0 (the charger's stop triggers start there). */
  private pendingStop: { cause: StopCause; welding: boolean } | undefined;
  private holdWelding = false;
  private weldingTimer: NodeJS.Timeout | undefined;
  private resumeTimer: NodeJS.Timeout | undefined;
  private requestA = DEFAULT_REQUEST_A;
  private closed = false;

  constructor(readonly ctx: ChademoRoleContext) {
    this.state = new EvState(ctx.version);
    this.monitor = new CycleMonitor(ctx.bus.can, { version: ctx.version });
    this.judge = new ChargerJudge(ctx, this.log, this.state, this.monitor);
    this.sender = new CyclicSender(ctx.bus.can, ctx.limits.cyclePeriodMs, ctx.trace);
    this.status = {
      protocolNumber: protocolNumber(ctx.version),
      targetVoltageV: TARGET_V,
      currentRequestA: 0,
      faults: { overVoltage: false, underVoltage: false, currentDeviation: false, highTemperature: false, voltageDeviation: false },
      status: { chargingEnabled: false, shiftLeverNotPark: false, systemFault: false, contactorOpen: true, stopBeforeCharging: false, dischargeCompatible: false },
      socPct: 50,
    };
    this.state.maxBatteryVoltageV = Math.min(MAX_BATTERY_V, ctx.pics?.maxVoltageV ?? MAX_BATTERY_V);
    this.state.dynamicOffered = versionAtLeast(ctx.version, '1.2') && ctx.pics?.dynamicControl === true;
    this.log.subscribe((s) => this.follow(s));
    ctx.onCleanup('harness CHAdeMO EV', () => this.close());
  }

  get version() {
    return this.ctx.version;
  }

  get phase(): EvPhase | undefined {
    return this.phase_;
  }

  private get L(): Record<ChademoLimitName, number> {
    return this.ctx.limits;
  }

  private note(text: string): void {
    this.ctx.trace.note('chademo', text);
  }

  private lim(name: ChademoLimitName): string {
    return describeLimit(this.ctx, name);
  }

  // ------------------------------------------------------------------ what the EV sends

  private sendStatus(): number {
    const t = monoUs();
    if (this.state.statusSinceUs !== undefined && !this.withhold.can) this.sender.set({ name: 'evStatus', value: structuredClone(this.status) }, this.ctx.version);
    return t;
  }

  private sendParams(): void {
    if (this.withhold.can) return;
    this.sender.set({ name: 'evParams', value: { minChargeCurrentA: 0, minBatteryVoltageV: 0, maxBatteryVoltageV: this.state.maxBatteryVoltageV, chargedRateReference: 100 } }, this.ctx.version);
  }

  private startCan(): void {
    if (this.withhold.can || this.state.statusSinceUs !== undefined) return;
    const v = this.ctx.version;
    this.sendParams();
    this.sender.set({ name: 'evTiming', value: { maxChargingTime10s: this.state.maxChargingTime10s, maxChargingTimeMin: 90, estimatedChargingTimeMin: 60, batteryCapacity100Wh: 400 } }, v);
    if (versionAtLeast(v, '1.2')) this.sender.set({ name: 'evExtended', value: { dynamicControl: this.state.dynamicOffered, highCurrent: false, highVoltage: false } }, v);
    if (this.state.maxDischargeA !== undefined) {
      this.status.status.dischargeCompatible = true;
      this.sender.set({ name: 'evDischarge', value: { maxDischargeCurrentA: this.state.maxDischargeA, minDischargeVoltageV: 300, minBatteryDischargeLevelPct: 20, maxRemainingCapacityPct: 90 } }, v);
      this.sender.set({ name: 'evDischargeEstimate', value: { estimatedDischargeTimeMin: 30, remainingDischargeTimeMin: 30 } }, v);
    }
    this.state.statusSinceUs = monoUs();
    this.sendStatus();
    this.note(`EV ${v}: 0x100–0x102 cyclic every ${this.L.cyclePeriodMs} ms (battery max ${this.state.maxBatteryVoltageV} V, target ${TARGET_V} V)`);
  }

  // ------------------------------------------------------------------ what the EV does on its own

  private follow(s: Seen): void {
    if (this.closed || s.kind !== 'line') {
      if (s.kind === 'frame' && s.msg.name === 'chargerStatus') this.afterStop(s.msg.value.presentCurrentA, s.msg.value.status.charging);
      return;
    }
    const { line, value } = s.change;
    if (line === 'd1' && value === true) this.startCan();
    if (line === 'd2' && value === true && !this.withhold.contactors) setTimeout(() => this.closeContactors(), this.L.cyclePeriodMs);
    if (line === 'd2' && value === false && this.ctx.bus.lines.get('k')) this.setK(false, 'd2 off: end of the sequence');
  }

  private closeContactors(): void {
    if (this.closed || this.state.contactorsClosedAtUs !== undefined || !this.ctx.bus.lines.get('d2')) return;
    this.ctx.bus.lines.setInletVoltage(BATTERY_V);
    this.status.status.contactorOpen = false;
    this.state.contactorsClosedAtUs = this.sendStatus();
    this.note(`EV contactors closed (battery ${BATTERY_V} V on the inlet${versionAtLeast(this.ctx.version, '1.0') ? ', 102.5.3 cleared' : ''})`);
    if (this.persist && this.state.requestA === 0 && !this.withhold.request) this.setRequest(this.requestA);
  }

  /** After a stop, once the charger shows ≤ stopCurrentA and no 109.5.0: welding detection, then 102.5.3. */
  private afterStop(currentA: number, charging: boolean): void {
    if (!this.state.stop || this.holdWelding || this.weldingTimer || this.state.weldingReportedAtUs !== undefined) return;
    if (currentA > this.L.stopCurrentA || charging) return;
    this.weldingTimer = setTimeout(() => this.reportWelding(), WELDING_CYCLES * this.L.cyclePeriodMs);
  }

  private reportWelding(keepEnabled = false): void {
    if (this.closed) return;
    this.status.currentRequestA = 0;
    if (!keepEnabled) this.status.status.chargingEnabled = false;
    if (this.state.contactorsClosedAtUs !== undefined) this.ctx.bus.lines.setInletVoltage(0);
    if (this.withhold.can) {
      this.note('EV contactors open (silent on CAN: no 102.5.3 report)');
      return;
    }
    if (this.withhold.welding) {
      this.note('EV contactors open; welding detection never reported (102.5.3 withheld)');
      this.sendStatus();
      return;
    }
    this.status.status.contactorOpen = true;
    this.state.weldingReportedAtUs = this.sendStatus();
    const stop = this.state.stop;
    this.note(`EV welding detection done: contactors open, 102.5.3 set${stop ? ` ${ms(this.state.weldingReportedAtUs - stop.atUs)} after the stop (${stop.cause})` : ''}`);
  }

  // ------------------------------------------------------------------ steps: the sequence

  /** The connector is plugged in (proximity); the charger's operator starts the charge afterwards. */
  plugIn(): void {
    try {
      this.ctx.bus.lines.set('proximity', true);
    } catch (e) {
      this.note(`proximity not driven by the EV end of the lines (${(e as Error).message})`);
    }
  }

  /** Waits for d1 after the charger's operator started it, then for the charger's first 0x108 and 0x109. */
  async expectD1(sinceUs: number): Promise<void> {
    const bound = START_CYCLES * this.L.cyclePeriodMs;
    const d1 = await this.waitLine('d1', true, sinceUs, bound);
    if (!d1) chademoFail(this.ctx.trace, `the charger did not set d1 within ${bound} ms of its operator's start (harness bound ${START_CYCLES} cycles of ${this.lim('cyclePeriodMs')})`, 'd1 on', 'd1 off', true);
    this.note(`d1 on ${ms(d1.tUs - sinceUs)} after the operator's start`);
    for (const id of ['chargerParams', 'chargerStatus'] as const) {
      const f = await this.log.first((s) => s.kind === 'frame' && s.msg.name === id, d1.tUs - this.L.cyclePeriodMs * 1000, bound);
      if (!f) chademoFail(this.ctx.trace, `no ${id === 'chargerParams' ? '0x108' : '0x109'} from the charger within ${bound} ms of d1`, `${id} every ${this.lim('cyclePeriodMs')}`, 'nothing', true);
    }
    this.phase_ = 'initialisation';
  }

  /** k closed and 102.5.0 set (charge permission). */
  closeK(): number {
    this.status.status.chargingEnabled = true;
    const t = this.setK(true, 'charge permission');
    this.sendStatus();
    this.state.kClosedAtUs ??= t;
    if (this.pendingStop) {
      this.state.triggerStop(this.pendingStop.cause, t, this.pendingStop.welding, true);
      this.note(`the stop set before k (${this.pendingStop.cause}) applies from k`);
    }
    if (this.phase_ === 'initialisation') this.phase_ = 'insulation test';
    return t;
  }

  /** A logic error on purpose: 102.5.0 set while k stays open. */
  enableWithoutK(): void {
    this.status.status.chargingEnabled = true;
    this.sendStatus();
    this.note('EV sets 102.5.0 without closing k');
  }

  private setK(on: boolean, why: string): number {
    const t = monoUs();
    this.ctx.bus.lines.set('k', on);
    if (on) this.state.kOpenedAtUs = undefined;
    else this.state.kOpenedAtUs ??= t;
    this.note(`k ${on ? 'closed' : 'opened'}: ${why}`);
    return t;
  }

  /** The charger locks and runs its insulation test after k (seen on the inlet) within d2AfterKMs. */
  async expectInsulationTest(): Promise<void> {
    const k = this.requireK('the insulation test');
    const seen = await this.log.first(() => this.judge.insulationSeenAtUs !== undefined || this.judge.d2RoseAtUs !== undefined, k, this.L.d2AfterKMs);
    if (!seen || this.judge.insulationSeenAtUs === undefined) {
      chademoFail(this.ctx.trace, `no insulation test on the inlet (above ${this.lim('insulationResidualV')}) within ${this.lim('d2AfterKMs')} of k`, 'insulation test voltage on the inlet after k', `inlet ${this.ctx.bus.lines.inletVoltageV().toFixed(1)} V`, true);
    }
    this.note(`insulation test seen ${ms(this.judge.insulationSeenAtUs - k)} after k`);
  }

  /** d2 within d2AfterKMs of k (the judge checks the insulation test and its residual at d2). */
  async expectD2(): Promise<void> {
    const k = this.requireK('d2');
    const d2 = await this.waitLine('d2', true, k, this.L.d2AfterKMs * 1.5);
    if (!d2) chademoFail(this.ctx.trace, `the charger did not set d2 within ${this.lim('d2AfterKMs')} of k`, 'd2 on', 'd2 off', true);
    const took = d2.tUs - k;
    if (took > this.L.d2AfterKMs * 1000) chademoFail(this.ctx.trace, `the charger set d2 ${ms(took)} after k; limit ${this.lim('d2AfterKMs')}`, `d2 within ${this.L.d2AfterKMs} ms of k`, `d2 after ${ms(took)}`);
    this.note(`figures: k → d2 ${ms(took)} (limit ${this.L.d2AfterKMs} ms)`);
    if (!this.withhold.contactors) {
      await this.waitFor(() => this.state.contactorsClosedAtUs !== undefined, 2 * this.L.cyclePeriodMs, 'the EV closing its contactors after d2');
      // pre-charge is reached once the charger has had two cycles to see 102.5.3 cleared in the EV's 0x102
      await sleep(2 * this.L.cyclePeriodMs);
      this.log.throwIfFailed();
    }
    this.phase_ = 'pre-charge';
  }

  setRequest(currentA: number): number {
    this.status.currentRequestA = Math.max(0, Math.min(255, Math.round(currentA)));
    const t = this.sendStatus();
    this.state.setRequest(t, this.status.currentRequestA);
    this.note(`EV requests ${this.status.currentRequestA} A`);
    return t;
  }

  /** The EV requests its current (default: its steady request). */
  request(currentA = this.requestA): number {
    this.requestA = currentA;
    return this.setRequest(currentA);
  }

  /**
   * The charger sets 109.5.0 and clears 109.5.5 within chargingAfterRequestMs (+ one EV cycle) of the EV's request
   * (or of its contactors closing, when it requested earlier) and delivers the request within currentDeviationA.
   */
  async expectCharging(): Promise<void> {
    const req = this.state.requestedAtUs;
    if (req === undefined) throw new Error('charging needs a current request first (a step where the harness EV requests current)');
    const t = Math.max(req, this.state.contactorsClosedAtUs ?? req);
    const limit = this.L.chargingAfterRequestMs + this.L.cyclePeriodMs;
    const on = await this.log.first((s) => s.kind === 'frame' && s.msg.name === 'chargerStatus' && s.msg.value.status.charging && !s.msg.value.status.stopControl, t, Math.max(0, (t - monoUs()) / 1000 + 3 * limit));
    if (!on) chademoFail(this.ctx.trace, `the charger did not start charging (109.5.0 set, 109.5.5 cleared) within ${3 * limit} ms of the EV's request; limit ${this.lim('chargingAfterRequestMs')} + one EV cycle`, '109.5.0 set, 109.5.5 cleared', this.lastStatusText(), true);
    const took = on.tUs - t;
    this.note(`figures: request → 109.5.0 ${ms(took)} (limit ${this.L.chargingAfterRequestMs} ms + one cycle)`);
    if (took > limit * 1000) chademoFail(this.ctx.trace, `the charger set 109.5.0 ${ms(took)} after the EV's request; limit ${this.lim('chargingAfterRequestMs')} + one EV cycle (${this.L.cyclePeriodMs} ms)`, `109.5.0 within ${limit} ms`, `after ${ms(took)}`);
    const want = Math.max(this.L.stopCurrentA + 1, Math.min(this.state.requestA, this.judge.params?.availableCurrentA ?? this.state.requestA) - this.L.currentDeviationA);
    await this.waitFor(() => (this.judge.status?.presentCurrentA ?? 0) >= want, this.L.currentDeviationMs, `the charger delivering at least ${want} A (request ${this.state.requestA} A − ${this.lim('currentDeviationA')})`, 'currentDeviationMs');
    this.note(`figures: request → ${want} A delivered ${ms(monoUs() - t)}`);
    this.phase_ = 'charging';
  }

  /** Drives the sequence from plug-in up to the named phase (each step judged as above). */
  async reach(phase: EvPhase, start: (sinceUs: number) => Promise<void>): Promise<void> {
    this.plugIn();
    const t = monoUs();
    await start(t);
    await this.expectD1(t);
    if (phase === 'initialisation') return;
    this.closeK();
    await this.expectInsulationTest();
    if (phase === 'insulation test') return;
    await this.expectD2();
    if (phase === 'pre-charge') return;
    this.request();
    await this.expectCharging();
    if (phase === 'charging') return;
    this.holdWelding = true;
    this.stop('102.5.0 cleared');
    await this.expectCurrentBelowStop();
    this.phase_ = 'stopping';
    this.log.throwIfFailed();
  }

  // ------------------------------------------------------------------ steps: stops and errors

  /** The EV stops in one of its ways (the stop stamp is when its change took effect on this side). */
  stop(trigger: EvStopTrigger): void {
    const s = this.status;
    let cause: StopCause;
    if (trigger === 'k off') {
      cause = 'k off';
      this.setK(false, 'stop');
    } else if (trigger === '102.5.0 cleared') {
      cause = '102.5.0 cleared';
      s.status.chargingEnabled = false;
      s.currentRequestA = 0;
    } else if (trigger === 'shift lever') {
      cause = 'shift lever (102.5.1)';
      s.status.shiftLeverNotPark = true;
    } else if (trigger === '102.5.2') {
      cause = 'charging-system fault (102.5.2)';
      s.status.systemFault = true;
    } else if (trigger === '102.5.4') {
      cause = 'stop before charging (102.5.4)';
      s.status.stopBeforeCharging = true; // 102.5.0 as it was: the charger must stop on 102.5.4 itself
    } else if (trigger === 'silence, then talks') {
      cause = 'CAN silence';
      this.silenceThenTalk();
    } else if (trigger === 'contactors open') {
      cause = 'contactors opened under load (102.5.3)';
      s.status.contactorOpen = true;
      this.ctx.bus.lines.setInletVoltage(0);
    } else if (trigger === 'silence') {
      cause = 'CAN silence';
      this.withhold.can = true;
      this.state.silent = true;
      this.sender.stop();
    } else {
      cause = FAULT_BIT[trigger];
      s.faults[trigger] = true;
    }
    const silent = trigger === 'silence' || trigger === 'silence, then talks';
    const t = silent || trigger === 'k off' ? monoUs() : this.sendStatus();
    if (silent) this.note(`EV silent on CAN from now (the charger's stop is due after ${this.lim('silenceMs')})`);
    else this.note(`EV stop: ${cause}`);
    // already open contactors need no welding report; a silent EV cannot send one (the charger must not wait for it)
    if (trigger === 'contactors open') this.state.weldingReportedAtUs = t;
    const welding = !silent;
    const beforeK = this.state.kClosedAtUs === undefined && !silent;
    if (beforeK) this.pendingStop = { cause, welding };
    else this.state.triggerStop(cause, silent ? t + this.L.silenceMs * 1000 : t, welding, trigger !== 'k off' && !silent);
  }

  /**
   * Silent on CAN (every cyclic frame skipped) until silenceMs + rampDownMs + two cycles have passed, then talking
   * again with the sequence where it stands (its request re-stamped): a charger that ignored the silence goes on
   * and charges, which the judge fails as charging after the stop.
   */
  private silenceThenTalk(): void {
    for (const n of EV_FRAMES) if (this.sender.has(n)) this.sender.skip(n, Number.MAX_SAFE_INTEGER);
    this.resumeTimer = setTimeout(() => {
      for (const n of EV_FRAMES) this.sender.skip(n, 0);
      this.note('EV talks on CAN again');
      if (this.status.currentRequestA > 0) this.setRequest(this.status.currentRequestA);
    }, this.L.silenceMs + this.L.rampDownMs + 2 * this.L.cyclePeriodMs);
  }

  /** Declares a maximum charging time in 0x101 (b1, 10 s units; call before d1): the charger's remaining time. */
  declareMaxChargingTime(seconds: number): void {
    this.state.maxChargingTime10s = Math.max(1, Math.min(254, Math.round(seconds / 10)));
  }

  /** A stop the charger's operator (or a charger fault) causes: stamped now; the EV follows it (102.5.0 cleared, request 0). */
  chargerStops(cause: 'charger malfunction (109.5.1)' | 'charger stop'): number {
    const t = monoUs();
    this.state.triggerStop(cause, t, true, false);
    this.note(`charger-side stop: ${cause}`);
    return t;
  }

  /** After a charger-side stop, the EV stops too (as an EV does on 109.5.1 / 109.5.0 cleared). */
  followChargerStop(): void {
    this.status.status.chargingEnabled = false;
    this.status.currentRequestA = 0;
    this.sendStatus();
  }

  /** The EV's battery asks for more than the charger can serve (0x100 max battery voltage above its available voltage). */
  incompatibleBattery(): void {
    const avail = this.judge.params?.availableVoltageV ?? this.ctx.pics?.maxVoltageV;
    if (avail === undefined) throw new Error(`an incompatible battery needs the charger's available voltage: no 0x108 seen and ${this.ctx.picsSource} declares no maxVoltageV`);
    this.state.maxBatteryVoltageV = avail + 50;
    if (this.state.statusSinceUs !== undefined) this.sendParams();
    this.note(`EV max battery voltage ${this.state.maxBatteryVoltageV} V: above the charger's ${avail} V`);
  }

  /** Withholds one of the EV's own actions (a timer case): k, its contactors after d2, welding detection, its request. */
  withholdAction(what: 'contactors' | 'welding' | 'request' | 'k'): void {
    this.withhold[what] = true;
    const text = { contactors: 'closing its contactors (102.5.3 stays set)', welding: 'the welding-detection report (102.5.3)', request: 'its current request', k: 'closing k' };
    this.note(`EV withholds ${text[what]}`);
  }

  /** Plug-in, stamped: the charger's operator starts the charge next. */
  plugInAndMark(): number {
    this.plugIn();
    return monoUs();
  }

  /** A logic error on purpose: a request above the charger's 0x108 available current (+ 20 A). */
  requestAboveAvailable(): number {
    const avail = this.judge.params?.availableCurrentA;
    if (avail === undefined) throw new Error("requesting above the available current needs the charger's 0x108 first");
    return this.setRequest(Math.min(255, avail + 20));
  }

  /** The operator's lowered available current (pct of the EV's request), stamped. */
  lastLimit = { amps: 0, atUs: 0 };
  markLimit(pct: number): number {
    this.lastLimit = { amps: Math.max(1, Math.round((this.requestA * pct) / 100)), atUs: monoUs() };
    return this.lastLimit.amps;
  }

  /** The charger's first 0x108 carried real values (the judge checks every 0x108 as it arrives). */
  expectFirstParams(): void {
    if (!this.judge.params) chademoFail(this.ctx.trace, 'no 0x108 from the charger yet', '0x108 with available voltage and current', 'none', true);
    this.log.throwIfFailed();
    this.note(`verdict: 0x108 available ${this.judge.params.availableVoltageV} V / ${this.judge.params.availableCurrentA} A from the first frame`);
  }

  /** A 0x109 at least three cycles after the EV's first 0x102 (the judge checks its b0 against the version). */
  async expectProtocolNumber(): Promise<void> {
    const since = this.state.statusSinceUs;
    if (since === undefined) throw new Error('the protocol number check needs the EV talking first (d1)');
    const from = since + 3 * this.L.cyclePeriodMs * 1000;
    const f = await this.log.first((s) => s.kind === 'frame' && s.msg.name === 'chargerStatus', from, Math.max(0, (from - monoUs()) / 1000) + 4 * this.L.cyclePeriodMs);
    if (!f) chademoFail(this.ctx.trace, 'no 0x109 from the charger after the EV\'s first 0x102', '0x109 every cycle', this.lastStatusText(), true);
    this.log.throwIfFailed();
    this.note(`verdict: 0x109 protocol number ${protocolNumber(this.ctx.version)} for version ${this.ctx.version}`);
  }

  /** Offers V2X discharge (2.0: 0x200 with this maximum, 102.5.7). Call before d1. */
  offerDischarge(maxA: number): void {
    this.state.maxDischargeA = maxA;
  }

  /** Plays the EV without dynamic control (0x110 .0 cleared) though the version has it. */
  withoutDynamicControl(): void {
    this.state.dynamicOffered = false;
  }

  get defaultRequestA(): number {
    return this.requestA;
  }

  /** Keep driving the sequence after a stop: close k, close the contactors after d2, request current. */
  keepGoing(): void {
    this.persist = true;
    if (this.state.kClosedAtUs === undefined && this.ctx.bus.lines.get('d1') && !this.pendingStopIsK() && !this.withhold.k) this.closeK();
    if (this.state.contactorsClosedAtUs !== undefined && this.state.requestA === 0 && !this.withhold.request) this.setRequest(this.requestA);
  }

  private pendingStopIsK(): boolean {
    return this.pendingStop?.cause === 'k off';
  }

  /**
   * The EV ends its side now (a timer case past its bound): contactors open, 102.5.3 set, 102.5.0 kept (so a
   * charger without the timeout does not take the report for a stop and still waits).
   */
  finish(): void {
    clearTimeout(this.weldingTimer);
    this.reportWelding(true);
  }

  /** Holds the welding-detection report (and with it the EV's withdrawal) until releaseWelding(). */
  holdWeldingReport(): void {
    this.holdWelding = true;
    clearTimeout(this.weldingTimer);
    this.weldingTimer = undefined;
  }

  /** Lets the EV finish welding detection (it held it in the stopping phase). */
  releaseWelding(): void {
    this.holdWelding = false;
    const st = this.judge.status;
    if (st) this.afterStop(st.presentCurrentA, st.status.charging);
  }

  // ------------------------------------------------------------------ verdict steps (continued in ev-expect.ts)

  /** After the EV's stop the charger is at ≤ stopCurrentA (the judge enforces rampDownMs on every 0x109). */
  async expectCurrentBelowStop(): Promise<void> {
    const stop = this.state.stop;
    if (!stop) throw new Error('checking the ramp down needs a stop first (a step that stops the charge)');
    const bound = (stop.atUs - monoUs()) / 1000 + this.rampLimitMs() * 3 + this.L.cyclePeriodMs;
    const low = await this.log.first((s) => s.kind === 'frame' && s.msg.name === 'chargerStatus' && s.msg.value.presentCurrentA <= this.L.stopCurrentA, stop.atUs, bound);
    if (!low) chademoFail(this.ctx.trace, `after the stop (${stop.cause}) the charger did not reach ≤ ${this.L.stopCurrentA} A within ${ms(bound * 1000)}; limit ${this.lim('rampDownMs')}`, `≤ ${this.L.stopCurrentA} A`, this.lastStatusText(), true);
    this.note(`figures: stop (${stop.cause}) → ≤ ${this.L.stopCurrentA} A ${ms(Math.max(0, low.tUs - stop.atUs))} (limit ${this.rampLimitMs()} ms)`);
  }

  rampLimitMs(): number {
    return this.L.rampDownMs + (this.state.stop?.viaCan ? this.L.cyclePeriodMs : 0);
  }

  /** Waits for a line value from sinceUs (undefined when the bound runs out). */
  waitLine(line: 'd1' | 'd2' | 'lock' | 'k', value: boolean, sinceUs: number, boundMs: number): Promise<Seen | undefined> {
    if (this.ctx.bus.lines.get(line) === value) return Promise.resolve({ tUs: Math.max(sinceUs, monoUs()), kind: 'line', change: { line, value, tUs: monoUs() } });
    return this.log.first((s) => s.kind === 'line' && s.change.line === line && s.change.value === value, sinceUs, boundMs);
  }

  /** Polls a condition on every item the log gets (and every cycle), failing naming `what` after boundMs. */
  async waitFor(cond: () => boolean, boundMs: number, what: string, limit?: ChademoLimitName): Promise<void> {
    const end = monoUs() + boundMs * 1000;
    while (!cond()) {
      const left = (end - monoUs()) / 1000;
      if (left <= 0) chademoFail(this.ctx.trace, `${what}: not within ${boundMs} ms${limit ? `; limit ${this.lim(limit)}` : ''}`, what, this.lastStatusText(), true);
      await this.log.first(() => true, monoUs(), Math.min(left, this.L.cyclePeriodMs));
    }
    this.log.throwIfFailed();
  }

  lastStatusText(): string {
    const s = this.judge.status;
    const l = this.ctx.bus.lines;
    const lines = `d1 ${on(l.get('d1'))}, d2 ${on(l.get('d2'))}, k ${on(l.get('k'))}, lock ${on(l.get('lock'))}, inlet ${l.inletVoltageV().toFixed(1)} V`;
    if (!s) return `no 0x109 yet; ${lines}`;
    const f = (Object.entries(s.status) as [string, boolean][]).filter(([, v]) => v).map(([k]) => k).join(',');
    return `last 0x109: ${s.presentVoltageV} V ${s.presentCurrentA} A flags [${f}]; ${lines}`;
  }

  requireK(what: string): number {
    const k = this.state.kClosedAtUs;
    if (k === undefined) throw new Error(`${what} needs the EV to have closed k first (a step that closes k)`);
    return k;
  }

  /** The cycle judgement and the figures of both sides' cycles, into the trace. */
  judgeCycles(): void {
    this.judge.judgeCycles();
    this.note(`figures: ${formatCycleStats('EV sender period', this.sender.stats())}`);
    for (const id of [0x108, 0x109] as const) this.note(`figures: ${formatCycleStats(`charger 0x${id.toString(16)} period (monitor)`, this.monitor.periodStats(id))}`);
    const failed = this.log.failed;
    if (failed) throw failed;
  }

  flags(): EvStatusFlags {
    return this.status.status;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.weldingTimer);
    clearTimeout(this.resumeTimer);
    this.sender.stop();
    this.judge.close();
    this.monitor.close();
    this.log.close();
    await sleep(0);
  }
}

function on(b: boolean): string {
  return b ? 'on' : 'off';
}

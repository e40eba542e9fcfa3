/**
 * The harness as the EV; the SUT is an EVSE (IEC 61851-1, scenarios @iec61851 @sut:evse). The role actuates
 * the EV side of the pilot line (plug-in with the cable's PP resistor, S2, ventilation, a shorted diode, CP
 * shorted to PE, unplug, current drawn) and judges what the EVSE drives (state, PWM frequency and duty,
 * contactor) with the model in src/iec61851/model. Timing verdicts run from the stamp of the role's last
 * actuation (or the observation a step marked, e.g. PWM off) to the stamp of the observation, on monoUs, against
 * the Annex A limits of the context (rig overrides, pilot time scale). What the EVSE must offer comes from its
 * PICS (ev-pics.ts), never from what the reference EVSE does.
 */
import { monoUs } from '../../core/clock';
import { EvcError, WaitTimeoutError } from '../../core/errors';
import { NotAutomatableError } from '../../rig/not-automatable';
import { describeObservation } from '../line/errors';
import { type EvDrive, EV_UNPLUGGED, type PilotObservation } from '../line/types';
import type { PilotLimitName } from '../model/timings';
import type { PilotRoleContext } from './context';
import { CP_NOMINAL_V, CP_TOLERANCE_V, cpOf, DUTY_TOLERANCE_PCT, dutyOf, offeredA, PWM_FREQUENCY_HZ, PWM_FREQUENCY_TOLERANCE_HZ } from './ev-facts';
import { evseLimitA, nonLimitingCable, ppOhmsOf, readsPp } from './ev-pics';
import { asLimitTimeout, assertWithin, describeLimit, pilotFail, timed } from './verdicts';

/** What a timing verdict measures from: the role's last actuation, or an observation a step marked. */
interface Mark {
  what: string;
  tUs: number;
}

/** What the operator side of the EVSE offers (world.pilot.operator(...)). */
export interface EvseOperator {
  requestStop(): Promise<void>;
  setMaxCurrent?(currentA: number): Promise<void>;
  setUnavailable?(on: boolean): Promise<void>;
}

type Pred = (o: PilotObservation) => boolean;

export class EvRole {
  private mark: Mark | undefined;
  /** The cable the harness plugged in: its rating (A), or null for none (PP open); undefined before plug-in. */
  private cableA: number | null | undefined;
  /** The PP resistor of the last plug-in (a re-plug uses the same cable). */
  private ppOhms: number | null = null;
  /** The current the operator asked the EVSE to offer (seq 6), once asked. */
  private loweredA: number | undefined;

  constructor(readonly ctx: PilotRoleContext<EvDrive>) {}

  // ------------------------------------------------------------------ EV actuations

  /** No EV: everything open; waits (bounded) for the EVSE's state A. */
  async idle(): Promise<void> {
    await this.act({ ...EV_UNPLUGGED, currentA: [0, 0, 0] }, 'EV not plugged in');
    await this.waitState((o) => cpOf(o).state === 'A', 'state A (+12 V, no EV)');
  }

  /**
   * Plugs in (R2 + diode on CP, state B) with a cable: 'non-limiting' (the smallest coding rated at least the
   * EVSE's declared limit), a rating in A (its PP coding), or null (PP open: no cable resistor).
   */
  async plugIn(cable: 'non-limiting' | number | null, diodeShorted = false): Promise<void> {
    let ppOhms: number | null = null;
    if (cable === 'non-limiting') {
      const c = nonLimitingCable(this.limitA());
      ppOhms = c.ohms;
      this.cableA = c.currentA;
    } else if (cable !== null) {
      ppOhms = ppOhmsOf(cable);
      this.cableA = cable;
    } else this.cableA = null;
    this.ppOhms = ppOhms;
    const pp = ppOhms === null ? 'PP open' : `PP ${ppOhms} Ω (${this.cableA} A cable)`;
    await this.act({ connected: true, s2: false, ventilation: false, diodeShorted, cpShortToPe: false, ppOhms, currentA: [0, 0, 0] }, `EV plugged in, ${pp}${diodeShorted ? ', diode shorted' : ''}`);
  }

  async closeS2(ventilation = false): Promise<void> {
    this.requirePlugged('close S2');
    await this.act({ s2: true, ventilation }, ventilation ? 'S2 closed, ventilation requested (state D)' : 'S2 closed (state C)');
  }

  /** Opens S2; the EV stops drawing as it does so. */
  async openS2(): Promise<void> {
    this.requirePlugged('open S2');
    await this.act({ s2: false, ventilation: false, currentA: [0, 0, 0] }, 'S2 opened (state B)');
  }

  async unplug(): Promise<void> {
    await this.act({ ...EV_UNPLUGGED, currentA: [0, 0, 0] }, 'EV unplugged');
  }

  async shortCpToPe(): Promise<void> {
    await this.act({ cpShortToPe: true }, 'CP shorted to PE (state E)');
  }

  async shortDiode(): Promise<void> {
    this.requirePlugged('short the diode');
    await this.act({ diodeShorted: true }, 'EV diode shorted');
  }

  /** Draws the current the EVSE offers now (its duty) on the declared phases (1 when the PICS does not say). */
  async drawOffered(): Promise<void> {
    const o = this.port.latest();
    const a = offeredA(o.dutyPct);
    if (!cpOf(o).pwm || a === null) pilotFail(this.ctx, 'the EV cannot draw: the EVSE offers no current', 'PWM offering a current', describeObservation(o));
    const phases = this.ctx.pics?.iec61851?.phases ?? 1;
    await this.port.actuate({ currentA: [0, 1, 2].map((i) => (i < phases ? a : 0)) }, `EV draws ${a.toFixed(1)} A on ${phases} phase(s)`);
  }

  /** Seq 10.2 as the EV: it keeps S2 closed and draws after the stop request (checks it is charging). */
  keepCharging(): void {
    const d = this.port.commanded();
    if (!d.s2 || !d.currentA.some((a) => a > 0)) throw new EvcError(`the EV cannot keep charging: it is not (S2 ${d.s2 ? 'closed' : 'open'}, drawing ${d.currentA.join('/')} A)`);
    this.ctx.trace.note('iec61851', 'EV keeps S2 closed and draws: ignores the stop request (seq 10.2)', this.port.name);
  }

  /**
   * Seq 10.1 as the EV: waits until `fraction` of `limit` after the mark (PWM off), checking the EVSE keeps power
   * on meanwhile (it must give the EV its time), then opens S2.
   */
  async openS2Before(limit: PilotLimitName, fraction = 0.7): Promise<void> {
    await this.holdPower(true, limit, true, fraction);
    await this.openS2();
  }

  // ------------------------------------------------------------------ composite starting points

  /** Plugged in with a non-limiting cable, PWM on within T_step_X1. */
  async offered(): Promise<void> {
    await this.idle();
    await this.plugIn('non-limiting');
    await this.expectPwmOn('stepX1');
  }

  /** Offered current, S2 closed (with ventilation: D), power on within seq 4's bound, drawing the offered current. */
  async charging(ventilation = false): Promise<void> {
    await this.offered();
    await this.closeS2(ventilation);
    await this.expectPower(true, 'powerOnAfterC');
    await this.drawOffered();
  }

  // ------------------------------------------------------------------ the operator side of the EVSE

  async operatorStop(op: EvseOperator): Promise<void> {
    await op.requestStop();
    this.note('operator: stop request (seq 9)');
  }

  /** Asks the EVSE to become unavailable (state F). */
  async operatorUnavailable(op: EvseOperator): Promise<void> {
    if (!op.setUnavailable) throw new NotAutomatableError("'the operator makes the EVSE unavailable' needs the EVSE's operator side to do so: this rig's has none");
    await op.setUnavailable(true);
    this.note('operator: unavailable');
  }

  /** Asks the EVSE to offer half its current (at least 6 A): seq 6. */
  async operatorLowerCurrent(op: EvseOperator): Promise<void> {
    if (!op.setMaxCurrent) throw new NotAutomatableError("'the operator lowers the offered current' needs the EVSE's operator side to set a current: this rig's has none");
    this.loweredA = Math.max(6, Math.floor(this.expectedA() / 2));
    await op.setMaxCurrent(this.loweredA);
    this.note(`operator: offer ${this.loweredA} A (seq 6)`);
  }

  // ------------------------------------------------------------------ observations and verdicts

  /** Waits (bounded) for state A, no PWM, no power. */
  async expectStateA(): Promise<void> {
    const ok: Pred = (o) => { const c = cpOf(o); return c.state === 'A' && !c.pwm && !o.contactorClosed; };
    await this.waitState(ok, 'state A1: +12 V steady, no PWM, contactor open');
  }

  /** Holds state A without PWM for `limit` from now. */
  async holdStateA(limit: PilotLimitName): Promise<void> {
    const from = monoUs();
    const bad = await this.hold((o) => cpOf(o).state === 'A' && !cpOf(o).pwm, from, limit);
    if (bad) this.failHold(bad, from, limit, `state A without PWM (no EV) for ${this.ctx.limitsMs[limit]} ms`, `${cpOf(bad).label}${cpOf(bad).pwm ? ' (PWM with no EV)' : ''}`, 'the check started');
  }

  async expectLineState(state: 'B' | 'C' | 'D' | 'E'): Promise<void> {
    await this.waitState((o) => cpOf(o).state === state, `state ${state} on the line`);
  }

  /** PWM on within `limit` of the mark (plug-in). */
  async expectPwmOn(limit: PilotLimitName): Promise<void> {
    await this.timedWait((o) => cpOf(o).pwm && cpOf(o).state !== 'F', limit, 'PWM on (X2)');
  }

  /**
   * Seq 2.2 as the EV sees it: once unplugged the EV cannot see the EVSE's contactor, so it plugs in again (same
   * cable, S2 open) `limit` after the unplug (the mark) and its inlet must be dead at that instant: power there
   * means the contactor was still closed beyond the limit. A bench that re-plugs by relay does the same.
   */
  async expectDeadInletOnReplug(limit: PilotLimitName): Promise<void> {
    const from = this.requireMark();
    const untilUs = from.tUs + this.ctx.limitsMs[limit] * 1000;
    while (monoUs() < untilUs) await sleep(Math.max(1, (untilUs - monoUs()) / 1000));
    const plugged = await this.port.actuate({ connected: true, s2: false, ventilation: false, ppOhms: this.ppOhms, currentA: [0, 0, 0] }, 'EV plugged in again (inlet check)');
    const o = await this.waitState((x) => x.tUs >= plugged, 'a measurement after the EV plugged in again');
    if (o.contactorClosed) {
      const ms = (plugged - from.tUs) / 1000;
      pilotFail(this.ctx, `power at the inlet ${ms.toFixed(1)} ms after ${from.what}: the contactor was still closed beyond ${describeLimit(this.ctx, limit)}`, `inlet dead when plugged in again ${ms.toFixed(1)} ms after ${from.what}`, `power at the inlet: ${describeObservation(o)}`);
    }
  }

  /** Waits (bounded) for PWM off (X1) and marks that observation: seq 10 limits run from it. */
  async expectPwmOff(): Promise<void> {
    const o = await this.waitState((x) => !cpOf(x).pwm, 'PWM off (X1) after the stop request');
    this.mark = { what: 'PWM off observed', tUs: o.tUs };
    this.note(`PWM off observed at ${o.tUs} µs (seq 10 limits run from here)`);
  }

  expectFrequency(): void {
    const o = this.requirePwm('the PWM frequency');
    const dev = Math.abs(o.frequencyHz - PWM_FREQUENCY_HZ);
    if (dev > PWM_FREQUENCY_TOLERANCE_HZ) {
      pilotFail(this.ctx, `PWM frequency ${o.frequencyHz.toFixed(1)} Hz is ${dev.toFixed(1)} Hz off ${PWM_FREQUENCY_HZ} Hz (tolerance ±${PWM_FREQUENCY_TOLERANCE_HZ} Hz, src/iec61851/model)`, `${PWM_FREQUENCY_HZ} ± ${PWM_FREQUENCY_TOLERANCE_HZ} Hz`, `${o.frequencyHz.toFixed(1)} Hz: ${describeObservation(o)}`);
    }
  }

  /**
   * The duty encodes the current the EVSE must offer: 'declared' (its PICS limit, the cable does not limit),
   * 'cable' (the lesser of that and the plugged cable's rating), 'lowered' (what the operator asked for).
   * Waits (bounded) for a matching duty so a change in progress settles; fails with the last duty seen.
   */
  async expectDutyOffers(which: 'declared' | 'cable' | 'lowered'): Promise<void> {
    const { amps, why } = this.wanted(which);
    const duty = dutyOf(amps);
    const ok: Pred = (o) => cpOf(o).pwm && Math.abs(o.dutyPct - duty) <= DUTY_TOLERANCE_PCT;
    if (ok(this.port.latest())) return;
    try {
      await this.port.waitFor(ok, this.ctx.expectMs, `duty ${duty.toFixed(1)} % for ${amps} A`);
    } catch (e) {
      if (!(e instanceof WaitTimeoutError)) throw e;
      const o = this.port.latest();
      const got = cpOf(o).pwm ? `duty ${o.dutyPct.toFixed(1)} % offers ${offeredA(o.dutyPct)?.toFixed(1) ?? 'no'} A` : `no PWM (${cpOf(o).label})`;
      pilotFail(this.ctx, `the duty cycle does not encode ${amps} A (${why}): ${got} (tolerance ±${DUTY_TOLERANCE_PCT} % duty)`, `duty ${duty.toFixed(1)} % ± ${DUTY_TOLERANCE_PCT} (${amps} A)`, `${got}: ${describeObservation(o)}`);
    }
  }

  /** Power on (contactor closed) / off within `limit` of the mark. */
  async expectPower(on: boolean, limit: PilotLimitName): Promise<void> {
    await this.timedWait((o) => o.contactorClosed === on, limit, on ? 'power on (contactor closed)' : 'power off (contactor open)');
  }

  /**
   * Power stays on / off for `limit` from now, or (sinceMark) until `fraction` × `limit` after the mark (seq 10:
   * the EV's reaction time runs from PWM off).
   */
  async holdPower(on: boolean, limit: PilotLimitName, sinceMark = false, fraction = 1): Promise<void> {
    const from = sinceMark ? this.requireMark() : { what: 'the check started', tUs: monoUs() };
    const bad = await this.hold((o) => o.contactorClosed === on, from.tUs, limit, fraction);
    const state = on ? 'power on' : 'no power';
    if (bad) this.failHold(bad, from.tUs, limit, `${state} for ${Math.round(this.ctx.limitsMs[limit] * fraction)} ms`, on ? 'power removed' : 'power supplied', from.what, fraction);
  }

  /** No PWM offering a current for `limit` from now (X1, state F, or a duty that offers nothing). */
  async holdNoOffer(limit: PilotLimitName): Promise<void> {
    const from = monoUs();
    const bad = await this.hold((o) => !cpOf(o).pwm || offeredA(o.dutyPct) === null, from, limit);
    if (bad) this.failHold(bad, from, limit, `no current offered for ${this.ctx.limitsMs[limit]} ms`, `duty ${bad.dutyPct.toFixed(1)} % offers ${offeredA(bad.dutyPct)?.toFixed(1)} A`, 'the check started');
  }

  /**
   * Waits (bounded) for state F: the EVSE drives −12 V steady (no PWM). With the harness's diode shorted the EV's
   * own load divides that level (R1 against R2/R3, no diode to block it), so there any steady level below the
   * state E window counts as F.
   */
  async expectStateF(): Promise<void> {
    const loaded = this.port.commanded().diodeShorted && this.port.commanded().connected;
    const isF: Pred = (o) => !cpOf(o).pwm && (cpOf(o).state === 'F' || (loaded && o.cpHighV < CP_NOMINAL_V.E - CP_TOLERANCE_V));
    await this.waitState(isF, loaded ? `state F (−12 V steady, divided by the EV's load through its shorted diode: below ${CP_NOMINAL_V.E - CP_TOLERANCE_V} V)` : 'state F (−12 V steady)');
  }

  // ------------------------------------------------------------------ internals

  private get port() {
    return this.ctx.port;
  }

  private async act(change: Partial<EvDrive>, what: string): Promise<void> {
    const tUs = await this.port.actuate(change, what);
    this.mark = { what, tUs };
  }

  private note(summary: string): void {
    this.ctx.trace.note('iec61851', summary, this.port.name);
  }

  private requireMark(): Mark {
    if (!this.mark) throw new EvcError('no EV actuation or marked observation yet to measure from (a step order problem in the scenario)');
    return this.mark;
  }

  private requirePlugged(action: string): void {
    if (!this.port.commanded().connected) throw new EvcError(`the EV cannot ${action}: it is not plugged in (a step order problem in the scenario)`);
  }

  private requirePwm(what: string): PilotObservation {
    const o = this.port.latest();
    if (!cpOf(o).pwm) pilotFail(this.ctx, `${what} cannot be measured: no PWM on the line (${cpOf(o).label})`, 'PWM on (X2)', describeObservation(o));
    return o;
  }

  private limitA(): number {
    return evseLimitA(this.ctx.pics, this.ctx.picsSource);
  }

  private expectedA(): number {
    return this.wanted(readsPp(this.ctx.pics) ? 'cable' : 'declared').amps;
  }

  private wanted(which: 'declared' | 'cable' | 'lowered'): { amps: number; why: string } {
    const limit = this.limitA();
    const src = `${this.ctx.picsSource}: iec61851.maxCurrentA${this.ctx.pics?.iec61851?.cable === 'tethered' ? '/tetheredCableA' : ''}`;
    if (which === 'lowered') {
      if (this.loweredA === undefined) throw new EvcError('no current was asked of the operator yet (a step order problem in the scenario)');
      return { amps: this.loweredA, why: 'the current the operator set' };
    }
    if (which === 'declared' || !readsPp(this.ctx.pics)) return { amps: limit, why: `declared ${limit} A (${src})` };
    if (this.cableA === undefined || this.cableA === null) throw new EvcError('no cable plugged in to limit the current (a step order problem in the scenario)');
    return { amps: Math.min(limit, this.cableA), why: `lesser of the declared ${limit} A (${src}) and the ${this.cableA} A cable` };
  }

  /** First observation (the current one included) for which `ok` holds, within timeouts.iec61851.expect. */
  private async waitState(ok: Pred, what: string): Promise<PilotObservation> {
    const now = this.port.latest();
    if (ok(now)) return now;
    try {
      return await this.port.waitFor(ok, this.ctx.expectMs, what);
    } catch (e) {
      return asLimitTimeout(this.ctx, e, undefined, what, 'the step started');
    }
  }

  /** Waits for `ok` and judges the interval from the mark against `limit` (bounded by limit + expect). */
  private async timedWait(ok: Pred, limit: PilotLimitName, what: string): Promise<void> {
    const from = this.requireMark();
    const now = this.port.latest();
    let o: PilotObservation;
    if (ok(now)) o = now;
    else {
      try {
        o = await this.port.waitFor(ok, this.ctx.limitsMs[limit] + this.ctx.expectMs, what);
      } catch (e) {
        return asLimitTimeout(this.ctx, e, limit, what, from.what);
      }
    }
    // A condition that already held at the mark held from it: interval 0.
    const at = o.tUs < from.tUs ? { ...o, tUs: from.tUs } : o;
    assertWithin(this.ctx, limit, timed(from.tUs, at, `${what} after ${from.what}`), what, from.what);
  }

  /**
   * Watches every observation measured from `fromUs` until `fraction` × `limit` after it; returns the first for
   * which `ok` does not hold (the current one counts as the state at `fromUs`).
   */
  private async hold(ok: Pred, fromUs: number, limit: PilotLimitName, fraction = 1): Promise<PilotObservation | undefined> {
    const untilUs = fromUs + this.ctx.limitsMs[limit] * fraction * 1000;
    let bad: PilotObservation | undefined;
    const check = (o: PilotObservation): void => {
      if (!bad && o.tUs < untilUs && !ok(o)) bad = o;
    };
    const latest = this.port.latest();
    if (!ok(latest)) bad = { ...latest, tUs: Math.max(latest.tUs, fromUs) };
    const unsubscribe = this.port.subscribe(check);
    try {
      // observations reach this side after the line's measurement latency: look a little past the window
      const endUs = untilUs + Math.max(5, this.ctx.expectMs / 100) * 1000;
      while (!bad && monoUs() < endUs) await sleep(Math.min(20, Math.max(1, (endUs - monoUs()) / 1000)));
    } finally {
      unsubscribe();
    }
    return bad;
  }

  private failHold(bad: PilotObservation, fromUs: number, limit: PilotLimitName, expected: string, event: string, since: string, fraction = 1): never {
    const ms = Math.max(0, bad.tUs - fromUs) / 1000;
    const window = fraction === 1 ? describeLimit(this.ctx, limit) : `${fraction} × ${describeLimit(this.ctx, limit)}`;
    return pilotFail(this.ctx, `${event} ${ms.toFixed(1)} ms after ${since}, inside the window ${window}`, expected, `${event} at +${ms.toFixed(1)} ms: ${describeObservation(bad)}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The harness as the EVSE; the SUT is an EV (IEC 61851-1 Annex A, tag @sut:ev). It actuates the EVSE side of
 * the pilot (oscillator +12 V, PWM with the duty for a current from the model's current→duty table, state F,
 * the contactor) and observes the EV through the same port: its CP state from the measured levels, its diode
 * from the PWM low level, the current it draws per phase. Like a real EVSE it closes the contactor when the EV
 * asks for power (C, or D: the harness supports ventilation) while it offers basic charging, and opens it when
 * the EV leaves C/D (after a hold the scenario may set, to see what the EV draws in B).
 *
 * Timing verdicts take the interval between the actuation stamp the port returned and the stamp of the
 * observation that shows the EV's reaction (both monoUs) against the Annex A limit in limitsMs (rig overrides,
 * scaled). EV values come only from its PICS (evse-pics.ts).
 */
import { monoUs } from '../../core/clock';
import type { EvseDrive, PilotObservation } from '../line/types';
import { type CpClass, classifyCp, type CpState } from '../model/cp';
import { currentForDuty, DUTY_TOLERANCE_PCT, dutyForCurrent } from '../model/duty';
import { judgeTiming } from '../model/timing';
import type { PilotLimitName } from '../model/timings';
import type { PilotRoleContext } from './context';
import { type EvPicsValue, evValue } from './evse-pics';
import { CURRENT_MARGIN_A, describeLimit, describeObservation, elapsedUs, maxPhaseA, ms, ObservationLog, timeout, verdict } from './evse-watch';

/** How long a wait for a late reaction runs past its limit, so the verdict can name the measured value. */
const LATE_FACTOR = 3;

export interface Offer {
  dutyPct: number;
  /** Current the duty allows (0 for a duty that allows no basic charging). */
  limitA: number;
  /** monoUs at which the duty took effect on the line. */
  atUs: number;
}

export class EvseRole {
  readonly log: ObservationLog;
  private offer_: Offer | undefined;
  /** Hold the contactor closed this long after the EV leaves C/D (0: open at once, as a real EVSE does within 100 ms). */
  private holdAfterBMs = 0;
  private openTimer: NodeJS.Timeout | undefined;
  private forceTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private chain: Promise<unknown> = Promise.resolve();
  private followError: Error | undefined;
  private chargingSinceUs: number | undefined;
  /** monoUs of the last thing that happened on the EVSE's side or through the SUT's operator (see mark()). */
  private lastEventUs = 0;

  constructor(readonly ctx: PilotRoleContext<EvseDrive>) {
    this.log = new ObservationLog(ctx.port);
    ctx.port.subscribe((o) => this.follow(o));
  }

  // ------------------------------------------------------------------ what the EV declares

  evValue(name: EvPicsValue): number {
    return evValue(this.ctx.pics, this.ctx.picsSource, name);
  }

  classify(o: PilotObservation): CpClass {
    return classifyCp(o);
  }

  // ------------------------------------------------------------------ actuations (EVSE side)

  /** PWM at 1 kHz with the duty that offers `currentA` (model current→duty). */
  async offerCurrent(currentA: number): Promise<Offer> {
    return this.offerDuty(dutyForCurrent(currentA), `offer ${currentA} A`);
  }

  /**
   * PWM with a duty that offers at least `currentA` even when the EV reads it DUTY_TOLERANCE_PCT low (an EVSE's
   * duty accuracy, model/duty.ts): for offers at the EV's minimum current, which an exact duty (rounded down so
   * it never offers more than asked) could put a hair below it.
   */
  async offerAtLeast(currentA: number): Promise<Offer> {
    const exact = dutyForCurrent(currentA);
    const up = Math.round((exact + DUTY_TOLERANCE_PCT) * 100) / 100;
    return this.offerDuty(currentForDuty(up) !== null ? up : exact, `offer at least ${currentA} A (duty tolerance ${DUTY_TOLERANCE_PCT} %)`);
  }

  /** PWM at 1 kHz with this duty; the limit is what the duty allows (model duty→current, 0 where none). */
  async offerDuty(dutyPct: number, why = `duty ${dutyPct} %`): Promise<Offer> {
    this.rethrow();
    const atUs = await this.act({ pwm: true, dutyPct, frequencyHz: 1000, stateF: false }, why);
    this.offer_ = { dutyPct, limitA: currentForDuty(dutyPct) ?? 0, atUs };
    return this.offer_;
  }

  /** PWM off: +12 V steady (X1): a stop request when the EV charges (seq 9/10). */
  async stopPwm(): Promise<number> {
    this.rethrow();
    const atUs = await this.act({ pwm: false, dutyPct: 100 }, 'PWM off (X1)');
    this.offer_ = { dutyPct: 100, limitA: 0, atUs };
    return atUs;
  }

  async stateF(on: boolean): Promise<number> {
    this.rethrow();
    const atUs = await this.act({ stateF: on, pwm: false, dutyPct: on ? 0 : 100 }, on ? 'state F (−12 V): EVSE not available' : 'leave state F: +12 V steady (X1)');
    this.offer_ = { dutyPct: on ? 0 : 100, limitA: 0, atUs };
    return atUs;
  }

  /** State F for the named limit's duration (the EV's time to react; the line hides S2 while CP is at −12 V). */
  async holdStateF(name: PilotLimitName): Promise<number> {
    const atUs = await this.stateF(true);
    await sleep(this.ctx.limitsMs[name]);
    return atUs;
  }

  /** Keep the contactor closed this long after the EV opens S2 (a scenario that checks what the EV draws in B). */
  holdPowerAfterB(name: PilotLimitName): void {
    this.holdAfterBMs = this.ctx.limitsMs[name];
  }

  get offer(): Offer | undefined {
    return this.offer_;
  }

  // ------------------------------------------------------------------ the contactor, as an EVSE runs it

  /** Stamps an event the EVSE does not actuate itself (the EV's operator ends the charge), for the waits after it. */
  mark(what: string): number {
    this.lastEventUs = monoUs();
    this.note(`event: ${what}`);
    return this.lastEventUs;
  }

  get lastEvent(): number {
    return this.lastEventUs;
  }

  private act(change: Partial<EvseDrive>, why: string, event = true): Promise<number> {
    const p = this.chain.then(() => this.ctx.port.actuate(change, why));
    if (event) void p.then((t) => (this.lastEventUs = Math.max(this.lastEventUs, t)), () => undefined);
    this.chain = p.catch(() => undefined);
    return p;
  }

  private rethrow(): void {
    if (this.followError) throw this.followError;
  }

  private follow(o: PilotObservation): void {
    if (this.disposed) return;
    const cmd = this.ctx.port.commanded();
    const cls = classifyCp(o);
    const wantsPower = cls.state === 'C' || cls.state === 'D';
    const basic = cmd.pwm && !cmd.stateF && (currentForDuty(cmd.dutyPct) ?? 0) > 0;
    if (wantsPower && this.chargingSinceUs === undefined) this.chargingSinceUs = o.tUs;
    if (!wantsPower) this.chargingSinceUs = undefined;
    if (wantsPower && basic) {
      this.clearTimers();
      if (!cmd.contactor) this.switchContactor(true, `EV in ${cls.label}: close the contactor`);
      return;
    }
    if (!cmd.contactor) return this.clearTimers();
    // Stop request (PWM off) with the EV still in C/D: power stays until the EV opens S2 (seq 10.1), or is
    // forced off after forcedOffAfterStop (seq 10.2) as an EVSE does when the EV ignores the request.
    if (wantsPower && !cmd.pwm && !cmd.stateF) {
      const forceMs = this.ctx.limitsMs.forcedOffAfterStop;
      this.forceTimer ??= setTimeout(() => this.switchContactor(false, `EV still in ${cls.label} ${forceMs} ms after the stop request: power forced off (seq 10.2)`), forceMs);
      return;
    }
    clearTimeout(this.forceTimer);
    this.forceTimer = undefined;
    if (this.openTimer) return;
    if (this.holdAfterBMs > 0 && !wantsPower) {
      this.openTimer = setTimeout(() => this.switchContactor(false, `EV in ${cls.label}: open the contactor after the ${this.holdAfterBMs} ms hold`), this.holdAfterBMs);
      return;
    }
    this.switchContactor(false, `EV in ${cls.label}: open the contactor`);
  }

  private clearTimers(): void {
    clearTimeout(this.openTimer);
    clearTimeout(this.forceTimer);
    this.openTimer = undefined;
    this.forceTimer = undefined;
  }

  /** Stops running the contactor (scenario teardown, before the line closes): no timer outlives the scenario. */
  dispose(): void {
    this.disposed = true;
    this.clearTimers();
  }

  private switchContactor(closed: boolean, why: string): void {
    this.openTimer = undefined;
    this.forceTimer = undefined;
    if (this.disposed) return;
    this.act({ contactor: closed }, why, false).catch((e: Error) => {
      this.followError ??= e;
    });
  }

  // ------------------------------------------------------------------ observations and verdicts

  private note(text: string): void {
    this.ctx.trace.note('iec61851', text, this.ctx.port.name);
  }

  private lateWaitMs(name: PilotLimitName): number {
    return this.ctx.limitsMs[name] * LATE_FACTOR + this.ctx.expectMs;
  }

  private limitText(name: PilotLimitName): string {
    return describeLimit(name, this.ctx.limitsMs, this.ctx.scale);
  }

  private show(o: PilotObservation): string {
    return describeObservation(o, classifyCp(o).label);
  }

  /** The EV is on the line (not A) within expect; its first level must be in the B window (R2 2.74 kΩ + diode). */
  async expectPluggedInB(): Promise<PilotObservation> {
    const from = monoUs() - this.ctx.expectMs * 1000;
    const o = await this.log.first((x) => classifyCp(x).state !== 'A', from, this.ctx.expectMs);
    if (!o) timeout(this.ctx.trace, `no EV on the pilot line within ${this.ctx.expectMs} ms (expect): plug the EV under test in`, 'EV connected: state B (+9 V ± 1 V)', this.show(this.log.latest()));
    await sleep(this.ctx.limitsMs.powerOffAfterB);
    const settled = this.log.latest();
    for (const x of [o, settled]) {
      const cls = classifyCp(x);
      if (cls.state !== 'B') verdict(this.ctx.trace, `on plug-in the EV shows ${cls.label} at CP high level ${x.cpHighV.toFixed(2)} V, outside the state B window 8–10 V (R2 2.74 kΩ; IEC 61851-1 Table A.4 as cited, ±1 V)`, 'state B1: CP high level +9 V ± 1 V', this.show(x));
    }
    this.note(`verdict: EV plugged in, state B at ${settled.cpHighV.toFixed(2)} V`);
    return settled;
  }

  /** With PWM on, the PWM low level is −12 V ± 1 V on every observation for forMs (the EV's diode). */
  async expectDiodeHealthy(forMs = this.ctx.limitsMs.powerOnAfterC): Promise<void> {
    const since = this.offer_?.atUs ?? monoUs();
    const firstPwm = await this.log.first((x) => classifyCp(x).pwm, since, this.ctx.expectMs);
    if (!firstPwm) timeout(this.ctx.trace, 'no PWM observed on the line after the offer (harness side)', 'PWM on the line', this.show(this.log.latest()));
    const bad = await this.log.during((x) => classifyCp(x).diode === 'fault', since, forMs);
    if (bad) verdict(this.ctx.trace, `the PWM low level is ${bad.cpLowV.toFixed(2)} V: the EV's CP diode is shorted or missing (expected −12 V ± 1 V; IEC 61851-1 Table A.4 as cited)`, 'PWM low level −12 V ± 1 V', this.show(bad));
    this.note(`verdict: diode check ok for ${forMs} ms of PWM`);
  }

  /** For the named limit's duration (or forMs) from now the EV neither closes S2 (C/D) nor draws current. */
  async expectNoCharging(why: string, window: PilotLimitName, from = monoUs()): Promise<void> {
    const forMs = this.ctx.limitsMs[window];
    const bad = await this.log.during((x) => isCharging(x), from, forMs);
    if (bad) verdict(this.ctx.trace, `the EV ${classifyCp(bad).state === 'C' || classifyCp(bad).state === 'D' ? `closed S2 (${classifyCp(bad).label})` : `drew ${maxPhaseA(bad).toFixed(1)} A`} ${why}; watched for ${this.limitText(window)}`, `state B, no current (${why})`, this.show(bad));
    this.note(`verdict: no charging for ${forMs} ms (${why})`);
  }

  /** After the current offer the EV closes S2 (C, or D when it needs ventilation) within expect and draws current. */
  async expectStartsCharging(states: readonly CpState[] = ['C', 'D']): Promise<PilotObservation> {
    const since = this.requireOffer('the EV to start charging').atUs;
    const c = await this.log.first((x) => states.includes(classifyCp(x).state as CpState), since, this.ctx.expectMs);
    if (!c) timeout(this.ctx.trace, `the EV did not close S2 within ${this.ctx.expectMs} ms (expect) of the offer of ${this.offerText()}`, `state ${states.join(' or ')}`, this.show(this.log.latest()));
    const drawing = await this.log.first((x) => x.contactorClosed && maxPhaseA(x) > CURRENT_MARGIN_A, c.tUs, this.ctx.expectMs);
    if (!drawing) timeout(this.ctx.trace, `the EV closed S2 but drew no current within ${this.ctx.expectMs} ms (expect) of the contactor closing`, `current > ${CURRENT_MARGIN_A} A`, this.show(this.log.latest()));
    this.note(`verdict: EV charging (${classifyCp(c).label}) ${ms(elapsedUs(since, c, 'offer → S2 closed'))} after the offer`);
    return c;
  }

  /** From the moment it draws until the named window ends, no phase exceeds the offered limit (+ margin). */
  async expectWithinLimit(window: PilotLimitName = 'evFollowsDuty', from?: number): Promise<void> {
    const offer = this.requireOffer('the current limit check');
    const since = from ?? Math.max(offer.atUs, this.chargingSinceUs ?? offer.atUs);
    const bad = await this.log.during((x) => maxPhaseA(x) > offer.limitA + CURRENT_MARGIN_A, since, this.ctx.limitsMs[window]);
    if (bad) verdict(this.ctx.trace, `the EV draws ${maxPhaseA(bad).toFixed(1)} A, above the ${offer.limitA.toFixed(1)} A that duty ${offer.dutyPct} % allows (IEC 61851-1 duty→current as cited; margin ${CURRENT_MARGIN_A} A); watched for ${this.limitText(window)}`, `every phase ≤ ${offer.limitA.toFixed(1)} A`, this.show(bad));
    this.note(`verdict: current within ${offer.limitA.toFixed(1)} A for ${this.ctx.limitsMs[window]} ms`);
  }

  /** After a duty change the EV is within the new limit by evFollowsDuty, measured from the duty's stamp, and stays there. */
  async expectFollowsLimit(): Promise<void> {
    const offer = this.requireOffer('following a duty change');
    const within = (x: PilotObservation) => maxPhaseA(x) <= offer.limitA + CURRENT_MARGIN_A;
    const o = await this.expectWithin('evFollowsDuty', offer.atUs, within, `every phase ≤ ${offer.limitA.toFixed(1)} A (duty ${offer.dutyPct} %)`, 'the EV followed the duty change');
    await this.expectWithinLimit('evFollowsDuty', o.tUs);
  }

  /** After PWM went off the EV opens S2 (leaves C/D) within evStopReaction of the PWM-off stamp. */
  async expectOpensS2AfterStop(): Promise<PilotObservation> {
    const since = this.requireOffer('the stop reaction').atUs;
    return this.expectWithin('evStopReaction', since, (x) => !wantsPower(x), 'S2 open: state B1', 'the EV opened S2 after PWM off');
  }

  /** The EV draws nothing (≤ margin) once in B while the contactor is still closed, for the hold the EVSE kept power. */
  async expectNoCurrentInB(from: number): Promise<void> {
    const b = await this.log.first((x) => !wantsPower(x) && classifyCp(x).state !== 'A', from, this.ctx.expectMs);
    if (!b) timeout(this.ctx.trace, `the EV did not open S2 within ${this.ctx.expectMs} ms (expect)`, 'state B', this.show(this.log.latest()));
    const hold = Math.max(this.holdAfterBMs, 1);
    const bad = await this.log.during((x) => !wantsPower(x) && x.contactorClosed && maxPhaseA(x) > CURRENT_MARGIN_A, b.tUs, hold);
    if (bad) verdict(this.ctx.trace, `the EV draws ${maxPhaseA(bad).toFixed(1)} A in ${classifyCp(bad).label} with S2 open (it must stop drawing before it opens S2; the EVSE may keep power ${this.limitText('powerOffAfterB')})`, `≤ ${CURRENT_MARGIN_A} A once S2 is open`, this.show(bad));
    this.note(`verdict: no current in B during the ${hold} ms the contactor stayed closed`);
  }

  /** The EV stops drawing (≤ margin) within evFollowsDuty of the current offer's stamp and does not draw again for that long. */
  async expectStopsDrawing(): Promise<void> {
    const offer = this.requireOffer('the EV to stop drawing');
    const idle = (x: PilotObservation) => maxPhaseA(x) <= CURRENT_MARGIN_A;
    const o = await this.expectWithin('evFollowsDuty', offer.atUs, idle, `≤ ${CURRENT_MARGIN_A} A: duty ${offer.dutyPct} % allows ${offer.limitA.toFixed(1)} A, below the EV's minimum current`, 'the EV stopped drawing');
    const bad = await this.log.during((x) => !idle(x), o.tUs, this.ctx.limitsMs.evFollowsDuty);
    if (bad) verdict(this.ctx.trace, `the EV draws ${maxPhaseA(bad).toFixed(1)} A again while duty ${offer.dutyPct} % allows only ${offer.limitA.toFixed(1)} A, below its minimum current`, `≤ ${CURRENT_MARGIN_A} A`, this.show(bad));
  }

  /** Plug-in seen in B, then an offer of `currentA`, then the EV charging within that limit. */
  async charging(currentA: number, atLeast = false): Promise<void> {
    await this.expectPluggedInB();
    await (atLeast ? this.offerAtLeast(currentA) : this.offerCurrent(currentA));
    await this.expectStartsCharging();
  }

  /** The first time the EV asks for power after the offer, it signals D (ventilation), never C. */
  async expectVentilationRequest(): Promise<void> {
    const o = await this.expectStartsCharging(['C', 'D']);
    if (classifyCp(o).state !== 'D') verdict(this.ctx.trace, `the EV declares it needs ventilation but signals ${classifyCp(o).label} at ${o.cpHighV.toFixed(2)} V instead of D (+3 V: R3 270 Ω; IEC 61851-1 Table A.4 as cited)`, 'state D2 (+3 V ± 1 V)', this.show(o));
    const bad = await this.log.during((x) => classifyCp(x).state === 'C', o.tUs, this.ctx.limitsMs.evFollowsDuty);
    if (bad) verdict(this.ctx.trace, 'the EV that needs ventilation changed from D to C while charging', 'state D2', this.show(bad));
  }

  /**
   * The first observation from `since` for which `ok` holds, within the named limit of `since` (the actuation
   * stamp): waits past the limit (bounded) to name the measured value of a late EV.
   */
  private async expectWithin(name: PilotLimitName, since: number, ok: (o: PilotObservation) => boolean, expected: string, what: string): Promise<PilotObservation> {
    const limitMs = this.ctx.limitsMs[name];
    const o = await this.log.first(ok, since, this.lateWaitMs(name));
    if (!o) timeout(this.ctx.trace, `${what}: not seen within ${ms(this.lateWaitMs(name) * 1000)} (waited ${LATE_FACTOR}× the limit + expect); limit ${this.limitText(name)}`, `${expected} within ${limitMs} ms`, this.show(this.log.latest()));
    const took = elapsedUs(since, o, `${what} (${name})`);
    const judged = judgeTiming(took / 1000, limitMs, 'within', (o.uncertaintyUs ?? 0) / 1000);
    if (!judged.ok) verdict(this.ctx.trace, `${what} ${judged.text} after the EVSE's actuation; limit ${this.limitText(name)}`, `${expected} within ${limitMs} ms`, `after ${ms(took)}: ${this.show(o)}`);
    this.note(`verdict: ${what} after the actuation: ${judged.text} (limit ${name})`);
    return o;
  }

  private requireOffer(what: string): Offer {
    if (!this.offer_) throw new Error(`${what} needs an EVSE actuation first (a step that offers a duty or switches PWM off)`);
    return this.offer_;
  }

  private offerText(): string {
    return this.offer_ ? `duty ${this.offer_.dutyPct} % (${this.offer_.limitA.toFixed(1)} A)` : 'nothing';
  }
}

function sleep(msToWait: number): Promise<void> {
  return new Promise((r) => setTimeout(r, msToWait));
}

function wantsPower(o: PilotObservation): boolean {
  const s = classifyCp(o).state;
  return s === 'C' || s === 'D';
}

/** S2 closed (C/D) or current flowing. */
function isCharging(o: PilotObservation): boolean {
  return wantsPower(o) || maxPhaseA(o) > CURRENT_MARGIN_A;
}

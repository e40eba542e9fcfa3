/**
 * Verdict steps of the harness EV that span the end of the sequence: the charger stops (≤ stopCurrentA within
 * rampDownMs, never charging again, no d2 after the stop) and ends (d2 held for welding detection, d1 off,
 * unlock below safeVoltageV) within a bound; the charger gives up on an EV that misses one of its timers; it
 * refuses a battery it cannot serve; it follows a changed request or its own lowered available current;
 * it discharges within the EV's limit. Each wait is bounded by a limit of ctx.limits and names it.
 */
import { monoUs } from '../../core/clock';
import type { ChademoLimitName } from '../types';
import type { ChademoEvRole } from './ev';
import { type Seen, sleep } from './ev-log';
import { chademoFail, describeLimit, ms } from './verdicts';

/** Extra time the charger gets past a timer before the harness calls it late: its ramp down plus two cycles. */
function graceMs(role: ChademoEvRole): number {
  return role.ctx.limits.rampDownMs + 2 * role.ctx.limits.cyclePeriodMs;
}

/**
 * After the EV's (or the charger's) stop: the judge enforces the ramp down on every 0x109; here the EV keeps
 * driving the sequence (does the charger still charge?), finishes its welding detection, and the charger must
 * end the sequence (d2 off, d1 off, unlocked) within rampDownMs + weldingDetectionMs of the stop. A silent EV
 * cannot finish: only the ramp down and "no charging" are judged then.
 */
export async function expectStopsAndEnds(role: ChademoEvRole): Promise<void> {
  const L = role.ctx.limits;
  const trace = role.ctx.trace;
  role.holdWeldingReport();
  role.keepGoing();
  const stop = role.state.stop;
  if (!stop) throw new Error('the charger stopping needs a stop first (a step that stops the charge, or one the charger declares)');
  await persist(role, stop.atUs);
  role.releaseWelding();
  const d2Before = role.judge.d2RoseAtUs;
  const settle = (stop.atUs - monoUs()) / 1000 + role.rampLimitMs() + 2 * L.cyclePeriodMs;
  await role.log.first(() => false, monoUs(), Math.max(0, settle)); // rejects at once when the judge finds a breach
  role.log.throwIfFailed();
  const d2After = role.judge.d2RoseAtUs;
  if (d2Before === undefined && d2After !== undefined && d2After > stop.atUs + role.rampLimitMs() * 1000) {
    chademoFail(trace, `the charger set d2 ${ms(d2After - stop.atUs)} after the stop (${stop.cause})`, `no d2 after the stop (the charger ends the sequence; ${describeLimit(role.ctx, 'rampDownMs')})`, role.lastStatusText());
  }
  if (role.state.silent) {
    await sleep(2 * L.cyclePeriodMs);
    role.log.throwIfFailed();
    role.ctx.trace.note('chademo', `verdict: the charger stopped after the EV fell silent (${role.lastStatusText()})`);
    return;
  }
  const boundMs = L.rampDownMs + L.weldingDetectionMs;
  const left = (stop.atUs - monoUs()) / 1000 + boundMs;
  const d1 = await role.waitLine('d1', false, stop.atUs, left);
  if (!d1) chademoFail(trace, `the charger did not end the sequence (d1 still on) ${ms(monoUs() - stop.atUs)} after the stop (${stop.cause}); bound rampDownMs + weldingDetectionMs = ${boundMs} ms (${describeLimit(role.ctx, 'weldingDetectionMs')})`, 'd2 off, d1 off after the stop and the EV\'s welding detection', role.lastStatusText(), true);
  const unlock = await role.waitLine('lock', false, stop.atUs, Math.max(0, (stop.atUs - monoUs()) / 1000 + boundMs));
  if (!unlock) chademoFail(trace, `the charger did not unlock the connector within ${boundMs} ms of the stop (${stop.cause})`, `unlocked below ${describeLimit(role.ctx, 'safeVoltageV')}`, role.lastStatusText(), true);
  const j = role.judge;
  role.ctx.trace.note('chademo', `figures: stop (${stop.cause}) → d2 off ${j.d2FellAtUs !== undefined ? ms(j.d2FellAtUs - stop.atUs) : 'n/a'}, → d1 off ${ms(d1.tUs - stop.atUs)}, → unlock ${j.unlockedAtUs !== undefined ? ms(j.unlockedAtUs - stop.atUs) : 'n/a'}`);
  role.log.throwIfFailed();
}

/**
 * The EV keeps driving the sequence after the stop (k, contactors after d2, its request) until the charger ended
 * it (d1 off) or, with the contactors closed and the request out, for chargingAfterRequestMs + the ramp-down
 * limit + two cycles: a charger that ignores the stop starts charging in that window (the judge fails it). Only
 * then does the EV finish (welding detection, 102.5.3, 102.5.0 cleared): its withdrawal must not be what stops
 * the charger.
 */
async function persist(role: ChademoEvRole, stopUs: number): Promise<void> {
  const L = role.ctx.limits;
  const windowUs = (L.chargingAfterRequestMs + role.rampLimitMs() + 2 * L.cyclePeriodMs) * 1000;
  const bound = L.rampDownMs + L.weldingDetectionMs;
  const done = () => {
    if (!role.ctx.bus.lines.get('d1') || role.state.silent) return true;
    const closed = role.state.contactorsClosedAtUs;
    if (closed === undefined) return false;
    const last = role.state.requests[role.state.requests.length - 1];
    return monoUs() - Math.max(stopUs, closed, last.tUs) >= windowUs;
  };
  await role.waitFor(done, Math.max(0, (stopUs - monoUs()) / 1000 + bound), 'the charger ending the sequence after the stop (d1 off)', 'weldingDetectionMs');
}

/** The EV misses one of the charger's timers: the charger gives up (d1 off) within the limit + grace, and never charges. */
export async function expectGivesUp(role: ChademoEvRole, timer: 'kAfterD1Ms' | 'contactorAfterD2Ms' | 'requestAfterContactorMs'): Promise<void> {
  const L = role.ctx.limits;
  const j = role.judge;
  const from = timer === 'kAfterD1Ms' ? j.d1RoseAtUs : timer === 'contactorAfterD2Ms' ? j.d2RoseAtUs : role.state.contactorsClosedAtUs;
  if (from === undefined) throw new Error(`the ${timer} case needs its start first (${timer === 'kAfterD1Ms' ? 'd1' : timer === 'contactorAfterD2Ms' ? 'd2' : 'the EV closing its contactors'})`);
  const bound = L[timer] + graceMs(role);
  if (timer === 'requestAfterContactorMs') {
    // The charger waits for the EV's welding report before d2 off: past the bound the EV reports it (as an EV
    // that gave up too); a charger without the timeout still waits for the request and keeps d1 on.
    await sleep((from - monoUs()) / 1000 + bound);
    role.log.throwIfFailed();
    role.finish();
  }
  const left = (from - monoUs()) / 1000 + bound + (timer === 'requestAfterContactorMs' ? graceMs(role) : 0);
  const d1 = await role.waitLine('d1', false, from, Math.max(0, left));
  if (!d1) {
    chademoFail(role.ctx.trace, `the charger still waits ${ms(monoUs() - from)} after the EV missed ${timer}: d1 on, no timeout; limit ${describeLimit(role.ctx, timer)} + ${graceMs(role)} ms (rampDownMs + 2 cycles)`, `d1 off within ${bound} ms`, role.lastStatusText(), true);
  }
  role.ctx.trace.note('chademo', `figures: ${timer} expired: d1 off ${ms(d1.tUs - from)} after its start (limit ${L[timer]} ms)`);
  role.log.throwIfFailed();
}

/** After a stop with the EV's welding report withheld: d2 held at least weldingDetectionMs, off by weldingDetectionHardMs. */
export async function expectWeldingTimeout(role: ChademoEvRole): Promise<void> {
  const L = role.ctx.limits;
  const stop = role.state.stop;
  if (!stop) throw new Error('the welding-detection timeout needs a stop first');
  role.releaseWelding();
  const bound = L.weldingDetectionHardMs + graceMs(role);
  const d2 = await role.waitLine('d2', false, stop.atUs, Math.max(0, (stop.atUs - monoUs()) / 1000 + bound));
  if (!d2) chademoFail(role.ctx.trace, `the charger keeps d2 on ${ms(monoUs() - stop.atUs)} after the stop with no welding report; limit ${describeLimit(role.ctx, 'weldingDetectionHardMs')}`, `d2 off within ${bound} ms`, role.lastStatusText(), true);
  role.ctx.trace.note('chademo', `figures: no welding report: d2 off ${ms(d2.tUs - stop.atUs)} after the stop (hold ≥ ${L.weldingDetectionMs} ms, ≤ ${L.weldingDetectionHardMs} ms)`);
  role.log.throwIfFailed();
}

/** A battery the charger cannot serve: 109.5.3 before d2, never 109.5.0, then the sequence ends. */
export async function expectBatteryIncompatible(role: ChademoEvRole): Promise<void> {
  role.keepGoing();
  const k = role.requireK('the battery-compatibility check');
  const L = role.ctx.limits;
  const hit = await role.log.first((s) => (s.kind === 'frame' && s.msg.name === 'chargerStatus' && (s.msg.value.status.batteryIncompatible || s.msg.value.status.charging)) || (s.kind === 'line' && s.change.line === 'd2' && s.change.value === true), k, L.d2AfterKMs);
  const bad = !hit ? 'nothing within d2AfterKMs' : hit.kind === 'line' ? 'd2 set' : hit.msg.name === 'chargerStatus' && hit.msg.value.status.charging ? '109.5.0 set' : undefined;
  if (bad) chademoFail(role.ctx.trace, `the charger does not flag the EV's battery (max ${role.state.maxBatteryVoltageV} V, above its available voltage) as incompatible: ${bad}`, `109.5.3 (battery incompatible) before d2, within ${describeLimit(role.ctx, 'd2AfterKMs')}`, role.lastStatusText(), !hit);
  await expectStopsAndEnds(role);
}

/**
 * The EV declared a maximum charging time (0x101 b1): the charger's remaining time runs out that long (× the rig's
 * time scale) after its first 109.5.0 reached the harness, which is then the stop: ≤ stopCurrentA within
 * rampDownMs of it (the judge) and the end of the sequence. Ending charging more than two cycles before it fails too.
 */
export async function expectRemainingTimeStop(role: ChademoEvRole): Promise<void> {
  const L = role.ctx.limits;
  const start = role.judge.chargingSeenAtUs;
  const tens = role.state.maxChargingTime10s;
  if (start === undefined || tens === 0xff) throw new Error('the remaining-time case needs a declared maximum charging time (10 s units) and charging first');
  const dueUs = start + tens * 10_000 * role.ctx.scale * 1000;
  const ended = (s: Seen) => s.kind === 'frame' && s.msg.name === 'chargerStatus' && (!s.msg.value.status.charging || s.msg.value.presentCurrentA <= L.stopCurrentA);
  const early = await role.log.first(ended, monoUs(), Math.max(0, (dueUs - monoUs()) / 1000 - 2 * L.cyclePeriodMs));
  if (early) chademoFail(role.ctx.trace, `the charger ended charging ${ms(early.tUs - start)} after it began, before its remaining time (${tens * 10} s declared in 0x101 b1, × time scale ${role.ctx.scale}) ran out`, `charging for ${ms(dueUs - start)} (± two cycles)`, role.lastStatusText());
  await sleep(Math.max(0, (dueUs - monoUs()) / 1000));
  role.state.triggerStop('remaining time 0', dueUs, true, false);
  role.ctx.trace.note('chademo', `remaining time ran out ${ms(dueUs - start)} after the first 109.5.0 (EV 0x101 b1 = ${tens} × 10 s, × ${role.ctx.scale})`);
  await expectStopsAndEnds(role);
}

/** After the EV changed its request the charger follows it (the judge: never above it once rampDownMs + a cycle passed). */
export async function expectFollowsRequest(role: ChademoEvRole): Promise<void> {
  const L = role.ctx.limits;
  const last = role.state.requests[role.state.requests.length - 1];
  const target = Math.min(last.currentA, role.judge.params?.availableCurrentA ?? last.currentA);
  await role.waitFor(() => Math.abs((role.judge.status?.presentCurrentA ?? 0) - target) <= L.currentDeviationA, L.currentDeviationMs, `the charger following the request of ${last.currentA} A (within ${describeLimit(role.ctx, 'currentDeviationA')})`, 'currentDeviationMs');
  role.ctx.trace.note('chademo', `figures: request ${last.currentA} A → within ${L.currentDeviationA} A after ${ms(monoUs() - last.tUs)}`);
  await watch(role, L.rampDownMs + 2 * L.cyclePeriodMs);
}

/** The charger's operator lowered its available current (dynamic control agreed): 0x108 shows it and the current follows. */
export async function expectFollowsAvailable(role: ChademoEvRole, amps: number, sinceUs: number): Promise<void> {
  const L = role.ctx.limits;
  const bound = L.rampDownMs + 4 * L.cyclePeriodMs;
  const p = await role.log.first((s) => s.kind === 'frame' && s.msg.name === 'chargerParams' && s.msg.value.availableCurrentA === amps, sinceUs, bound);
  if (!p) chademoFail(role.ctx.trace, `0x108 does not show the lowered available current ${amps} A within ${bound} ms of the operator's limit (dynamic control agreed)`, `0x108 b3 = ${amps} A`, `last 0x108 b3 = ${role.judge.params?.availableCurrentA ?? 'none'} A`, true);
  await role.waitFor(() => (role.judge.status?.presentCurrentA ?? 0) <= amps, role.rampLimitMs() + 2 * L.cyclePeriodMs, `the charger's current at or below the lowered available ${amps} A`, 'rampDownMs');
  role.ctx.trace.note('chademo', `figures: available lowered to ${amps} A: 0x108 after ${ms(p.tUs - sinceUs)}, current ≤ ${amps} A after ${ms(monoUs() - sinceUs)}`);
  await watch(role, L.rampDownMs);
}

/** Watches the charger for `forMs` (the judge's rules), failing at once on a breach. */
export async function watch(role: ChademoEvRole, forMs: number): Promise<void> {
  await role.log.first(() => false, monoUs(), forMs);
  role.log.throwIfFailed();
}

/** 2.0 discharge offered: the charger sends 0x208 while charging and discharges within the EV's 0x200 maximum. */
export async function expectDischargeWithinLimit(role: ChademoEvRole): Promise<void> {
  const L = role.ctx.limits;
  const bound = 6 * L.cyclePeriodMs;
  const f = await role.log.first((s) => s.kind === 'frame' && s.msg.name === 'chargerDischarge', monoUs() - bound * 1000, bound);
  if (!f) chademoFail(role.ctx.trace, `no 0x208 from the charger within ${bound} ms although both sides declare discharge (2.0)`, '0x208 every cycle', role.lastStatusText(), true);
  await watch(role, 4 * L.cyclePeriodMs);
}

const GIVE_UP_TIMERS = ['kAfterD1Ms', 'contactorAfterD2Ms', 'requestAfterContactorMs'] as const;
/** A timer name from step text (the charger's timeouts on the EV that the harness EV can let expire). */
export function timerOf(name: string): (typeof GIVE_UP_TIMERS)[number] {
  const t = GIVE_UP_TIMERS.find((x) => x === name);
  if (!t) throw new Error(`unknown charger timeout '${name}' (known: ${GIVE_UP_TIMERS.join(', ')})`);
  return t;
}

export function limitText(role: ChademoEvRole, name: ChademoLimitName): string {
  return describeLimit(role.ctx, name);
}

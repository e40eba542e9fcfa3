/**
 * The reference EV (on-board charger) over the simulated pilot line, driven by a small hand-written EVSE peer
 * (not the harness roles): compliant behaviour in both configurations, and each named fault changing the
 * behaviour it names. Limits are Annex A values × the reference rig's pilot scale (0.2).
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { createSimulatedLine, type SimulatedLine } from '../src/iec61851/line/simulated';
import type { EvsePort, PilotObservation } from '../src/iec61851/line/types';
import { EV_FAULTS } from '../src/reference/iec61851/faults';
import { startReferenceEv, type ReferencePilotSut } from '../src/reference/iec61851/index';

const SCALE = 0.2;
const LIMIT = { evStopReaction: 3_000 * SCALE, evFollowsDuty: 5_000 * SCALE, settle: 1_000 * SCALE };
/** Duty for a current, the peer's own arithmetic (0.6 A per % up to 51 A). */
const duty = (amps: number): number => Math.round((amps / 0.6) * 10) / 10;

/** Bound of waits whose verdict is on the line's stamps, not on this timer. */
const WAIT_MS = 500;
const near = (v: number, nominal: number): boolean => Math.abs(v - nominal) < 1;
const inB = (o: PilotObservation): boolean => near(o.cpHighV, 9);
const inC = (o: PilotObservation): boolean => near(o.cpHighV, 6);
const inD = (o: PilotObservation): boolean => near(o.cpHighV, 3);
const charging = (o: PilotObservation): boolean => inC(o) || inD(o);
const maxA = (o: PilotObservation): number => Math.max(...o.currentA);
const ms = (fromUs: number, o: PilotObservation): number => (o.tUs - fromUs) / 1000;

interface Rig {
  evse: EvsePort;
  ev: ReferencePilotSut;
  line: SimulatedLine;
}

async function rig(t: TestContext, faults: string[] = [], variant: 'default' | 'alt' = 'default'): Promise<Rig> {
  const line = createSimulatedLine({ name: 'pilot:test', seed: 5 });
  const ev = await startReferenceEv(line.ev, { faults, variant, timeScale: SCALE });
  t.after(async () => {
    await ev.stop();
    await line.close();
    assert.equal(line.pendingTimers(), 0);
  });
  await line.evse.waitFor((o) => inB(o) || o.cpHighV < 8.5, 200, 'the EV plugged in');
  return { evse: line.evse, ev, line };
}

function seenWithin(port: EvsePort, pred: (o: PilotObservation) => boolean, withinMs: number): Promise<boolean> {
  return port.waitFor(pred, withinMs, 'probe').then(
    () => true,
    () => false,
  );
}

/** PWM for `amps`, wait for S2, power on, wait for the draw to settle; returns the settled observation. */
async function startCharge(evse: EvsePort, amps = 32): Promise<PilotObservation> {
  await evse.actuate({ pwm: true, dutyPct: duty(amps), frequencyHz: 1000 }, `PWM for ${amps} A`);
  await evse.waitFor(charging, LIMIT.settle, 'S2 closed');
  await evse.actuate({ contactor: true }, 'power on');
  return evse.waitFor((o) => maxA(o) > 0, LIMIT.settle, 'current drawn');
}

describe('reference EV (default: 32 A, min 8 A, 3 phases, needs ventilation)', () => {
  it('plugs in (B, healthy diode), asks for D when PWM offers enough, draws within the limit, follows a decrease, stops when PWM goes', async (t) => {
    const { evse } = await rig(t);
    assert.ok(inB(evse.latest()));
    assert.equal(await seenWithin(evse, charging, LIMIT.settle), false, 'no S2 without PWM');
    await evse.actuate({ pwm: true, dutyPct: duty(20), frequencyHz: 1000 }, 'PWM');
    const pwmOn = await evse.waitFor((o) => o.frequencyHz > 0, WAIT_MS, 'PWM measured');
    assert.ok(pwmOn.cpLowV < -11, `low level ${pwmOn.cpLowV} V: diode blocks`);
    await evse.waitFor(inD, LIMIT.settle, 'state D');
    await evse.actuate({ contactor: true }, 'power on');
    const o = await evse.waitFor((x) => maxA(x) > 0, LIMIT.settle, 'draw');
    assert.ok(o.currentA.every((a) => a > 15 && a <= 20), `draws ${o.currentA.join('/')} A ≤ 20 A on 3 phases`);
    const td = await evse.actuate({ dutyPct: duty(10) }, 'limit 10 A');
    const f = await evse.waitFor((x) => maxA(x) <= 10, LIMIT.evFollowsDuty, 'draw ≤ 10 A');
    assert.ok(ms(td, f) < LIMIT.evFollowsDuty / 2, `followed after ${ms(td, f)} ms`);
    assert.ok(maxA(f) > 8, 'still charging above its minimum');
    const ts = await evse.actuate({ pwm: false, dutyPct: 100 }, 'stop request: X1');
    const b = await evse.waitFor(inB, LIMIT.evStopReaction, 'S2 open');
    assert.ok(ms(ts, b) < LIMIT.evStopReaction / 2);
    assert.equal(maxA(b), 0, 'no current once S2 is open');
  });

  it('duty below its minimum: stops (opens S2); 5 %: digital communication, no basic charging; state F: S2 open', async (t) => {
    const { evse } = await rig(t);
    await startCharge(evse, 20);
    await evse.actuate({ dutyPct: duty(6) }, '6 A: below its 8 A minimum');
    await evse.waitFor((o) => inB(o) && maxA(o) === 0, LIMIT.evFollowsDuty, 'charge stopped');
    await evse.actuate({ dutyPct: 5 }, '5 %');
    assert.equal(await seenWithin(evse, charging, LIMIT.settle), false, 'no S2 at 5 %');
    await evse.actuate({ dutyPct: duty(20) }, '20 A again');
    await evse.waitFor(charging, LIMIT.settle, 'charging again');
    await evse.actuate({ stateF: true, pwm: false, contactor: false }, 'state F');
    await evse.waitFor(() => true, WAIT_MS, 'a sample');
    await new Promise((r) => setTimeout(r, 100));
    await evse.actuate({ stateF: false }, 'F released, X1');
    const x1 = await evse.waitFor((o) => o.frequencyHz === 0 && o.cpHighV > 0, WAIT_MS, 'X1 level');
    assert.ok(inB(x1), `S2 open after state F (CP ${x1.cpHighV} V)`);
  });

  it('operator: the EV ends the charge (seq 7) and resumes', async (t) => {
    const { evse, ev } = await rig(t);
    await startCharge(evse);
    await ev.operator.requestStop();
    await evse.waitFor((o) => inB(o) && maxA(o) === 0, LIMIT.evStopReaction, 'S2 open, no current');
    await ev.operator.resume();
    await evse.waitFor((o) => charging(o) && maxA(o) > 0, LIMIT.settle, 'charging again');
  });
});

describe('reference EV, second compliant configuration (alt: 16 A, min 10 A, 1 phase, no ventilation)', () => {
  it('closes S2 late but in time (C), draws ≤ 16 A on one phase, follows and stops late but within the limits', async (t) => {
    const { evse } = await rig(t, [], 'alt');
    const tp = await evse.actuate({ pwm: true, dutyPct: duty(32), frequencyHz: 1000 }, 'PWM 32 A');
    const c = await evse.waitFor(inC, 2 * LIMIT.settle, 'state C');
    assert.ok(ms(tp, c) > 100, 'alt reacts late');
    await evse.actuate({ contactor: true }, 'power on');
    const o = await evse.waitFor((x) => maxA(x) > 0, LIMIT.settle, 'draw');
    assert.ok(o.currentA[0] <= 16 && o.currentA[1] === 0 && o.currentA[2] === 0, `draws ${o.currentA.join('/')}`);
    const td = await evse.actuate({ dutyPct: duty(12) }, '12 A');
    const f = await evse.waitFor((x) => maxA(x) <= 12 && maxA(x) > 0, LIMIT.evFollowsDuty, 'draw ≤ 12 A');
    assert.ok(ms(td, f) > LIMIT.evFollowsDuty / 3 && ms(td, f) < LIMIT.evFollowsDuty, `followed after ${ms(td, f)} ms`);
    const ts = await evse.actuate({ pwm: false, dutyPct: 100 }, 'X1');
    const b = await evse.waitFor(inB, LIMIT.evStopReaction, 'S2 open');
    assert.ok(ms(ts, b) > LIMIT.evStopReaction / 3, `stopped after ${ms(ts, b)} ms`);
  });
});

describe('reference EV faults: each changes the behaviour it names', () => {
  const checked = new Set<string>();
  const fault = (name: string, fn: (r: Rig) => Promise<void>): void => {
    checked.add(name);
    it(name, async (t) => fn(await rig(t, [name])));
  };

  fault('ev-ignores-duty-reduction', async ({ evse }) => {
    await startCharge(evse, 32);
    await evse.actuate({ dutyPct: duty(16) }, '16 A');
    assert.equal(await seenWithin(evse, (o) => maxA(o) <= 16, LIMIT.evFollowsDuty + 100), false, 'keeps drawing more than 16 A');
  });
  fault('ev-slow-follow', async ({ evse }) => {
    await startCharge(evse, 32);
    const td = await evse.actuate({ dutyPct: duty(16) }, '16 A');
    const f = await evse.waitFor((o) => maxA(o) <= 16, 3 * LIMIT.evFollowsDuty, 'draw ≤ 16 A');
    assert.ok(ms(td, f) > LIMIT.evFollowsDuty, `followed after ${ms(td, f)} ms`);
  });
  fault('ev-overdraws', async ({ evse }) => {
    const o = await startCharge(evse, 20);
    assert.ok(maxA(o) > 20, `draws ${maxA(o)} A on a 20 A limit`);
  });
  fault('ev-charges-without-pwm', async ({ evse }) => {
    await evse.waitFor(charging, LIMIT.settle, 'S2 closed without PWM');
  });
  fault('ev-late-stop', async ({ evse }) => {
    await startCharge(evse);
    const ts = await evse.actuate({ pwm: false, dutyPct: 100 }, 'X1');
    const b = await evse.waitFor(inB, 3 * LIMIT.evStopReaction, 'S2 open');
    assert.ok(ms(ts, b) > LIMIT.evStopReaction, `S2 open after ${ms(ts, b)} ms`);
  });
  fault('ev-ignores-stop', async ({ evse }) => {
    await startCharge(evse);
    await evse.actuate({ pwm: false, dutyPct: 100 }, 'X1');
    assert.equal(await seenWithin(evse, inB, LIMIT.evStopReaction + 200), false, 'S2 stays closed');
  });
  fault('ev-draws-in-b', async ({ evse }) => {
    await startCharge(evse);
    await evse.actuate({ pwm: false, dutyPct: 100 }, 'X1 (contactor left closed)');
    await evse.waitFor((o) => inB(o) && maxA(o) > 0, LIMIT.evStopReaction, 'current in B');
  });
  fault('ev-shorted-diode', async ({ evse }) => {
    await evse.actuate({ pwm: true, dutyPct: duty(32), frequencyHz: 1000 }, 'PWM');
    const o = await evse.waitFor((x) => x.frequencyHz > 0, WAIT_MS, 'PWM measured');
    assert.ok(o.cpLowV > -10, `low level ${o.cpLowV} V`);
  });
  fault('ev-wrong-r2', async ({ evse }) => {
    const o = evse.latest();
    assert.ok(near(o.cpHighV, 7.3) && !inB(o), `B level ${o.cpHighV} V`);
  });
  fault('ev-no-ventilation-request', async ({ evse }) => {
    await evse.actuate({ pwm: true, dutyPct: duty(32), frequencyHz: 1000 }, 'PWM');
    await evse.waitFor(inC, LIMIT.settle, 'C instead of D');
  });
  fault('ev-charges-on-5pct', async ({ evse }) => {
    await evse.actuate({ pwm: true, dutyPct: 5, frequencyHz: 1000 }, '5 %');
    await evse.waitFor(charging, LIMIT.settle, 'S2 at 5 %');
    await evse.actuate({ contactor: true }, 'power');
    await evse.waitFor((o) => maxA(o) > 0, LIMIT.settle, 'draws at 5 %');
  });
  fault('ev-ignores-state-f', async ({ evse, line }) => {
    await evse.actuate({ stateF: true }, 'state F');
    await new Promise((r) => setTimeout(r, LIMIT.settle));
    assert.equal(line.ev.commanded().s2, true, 'S2 closed in state F');
  });
  fault('ev-below-min-draw', async ({ evse }) => {
    await evse.actuate({ pwm: true, dutyPct: duty(6), frequencyHz: 1000 }, '6 A (below its 8 A minimum)');
    await evse.waitFor(charging, LIMIT.settle, 'S2 closed');
    await evse.actuate({ contactor: true }, 'power');
    const o = await evse.waitFor((x) => maxA(x) > 0, LIMIT.settle, 'draw');
    assert.ok(maxA(o) > 6, `draws ${maxA(o)} A on a 6 A limit`);
  });

  it('covers every registered EV fault', () => {
    assert.deepEqual([...checked].sort(), Object.keys(EV_FAULTS).sort());
  });

  it('compliant EV in state F keeps S2 open (the line records what it commanded)', async (t) => {
    const { evse, line } = await rig(t);
    await evse.actuate({ stateF: true }, 'state F');
    await new Promise((r) => setTimeout(r, LIMIT.settle));
    assert.equal(line.ev.commanded().s2, false);
  });
});

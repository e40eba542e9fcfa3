/**
 * The harness as EVSE (src/iec61851/roles/evse.ts) on the simulated line, with the EV end driven by the test
 * itself (a scripted EV, not the reference EV): each verdict passes just inside its limit and fails just
 * outside, naming the limit and showing a diff; the PICS decides applicability.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { VerdictError } from '../../src/core/errors';
import { Trace } from '../../src/core/trace';
import { createSimulatedLine } from '../../src/iec61851/line/simulated';
import type { PilotLine } from '../../src/iec61851/line/types';
import { pilotLimitsMs } from '../../src/iec61851/model/timings';
import { EvseRole } from '../../src/iec61851/roles/evse';
import { belowMinimum, evValuesNotApplicable } from '../../src/iec61851/roles/evse-pics';
import type { Pics } from '../../src/rig/pics';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let line: PilotLine | undefined;
let role: EvseRole | undefined;

afterEach(async () => {
  role?.dispose();
  await line?.close();
  line = role = undefined;
});

/** Limits: evStopReaction 150 ms, evFollowsDuty 200 ms, powerOffAfterB 30 ms (wall clock, scale 1). */
function setUp(): { line: PilotLine; role: EvseRole; trace: Trace } {
  line = createSimulatedLine({ name: 'pilot:test', samplePeriodUs: 5000 });
  const trace = new Trace();
  role = new EvseRole({
    port: line.evse,
    trace,
    limitsMs: pilotLimitsMs(1, { evStopReaction: 150, evFollowsDuty: 200, powerOffAfterB: 30 }),
    expectMs: 400,
    scale: 1,
    pics: undefined,
    picsSource: 'test',
  });
  line.evse.useTrace(trace);
  return { line, role, trace };
}

/** Plugs the scripted EV in, offers 16 A and has it charge at `amps`. */
async function charging(l: PilotLine, r: EvseRole, amps: number): Promise<void> {
  await l.ev.actuate({ connected: true });
  await r.expectPluggedInB();
  await r.offerCurrent(16);
  await l.ev.actuate({ s2: true });
  await sleep(20);
  await l.ev.actuate({ currentA: [amps, amps, amps] });
  await r.expectStartsCharging();
}

async function rejectsNaming(p: Promise<unknown>, ...words: RegExp[]): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.ok(e instanceof VerdictError, `not a verdict: ${e.message}`);
    for (const w of words) assert.match(e.message, w);
    assert.match(e.message, /Diff \(- expected, \+ actual\)/);
    return true;
  });
}

describe('EvseRole stop reaction (evStopReaction)', () => {
  it('passes when the EV opens S2 well inside the limit', async () => {
    const { line: l, role: r } = setUp();
    await charging(l, r, 10);
    await r.stopPwm();
    await sleep(40);
    await l.ev.actuate({ currentA: [0, 0, 0], s2: false });
    await r.expectOpensS2AfterStop();
  });
  it('fails naming the limit when the EV opens S2 after it', async () => {
    const { line: l, role: r } = setUp();
    await charging(l, r, 10);
    await r.stopPwm();
    await sleep(250);
    await l.ev.actuate({ currentA: [0, 0, 0], s2: false });
    await rejectsNaming(r.expectOpensS2AfterStop(), /evStopReaction 150 ms/, /late/);
  });
});

describe('EvseRole current against the duty', () => {
  it('passes at the offer, fails 1 A above it', async () => {
    const a = setUp();
    await charging(a.line, a.role, 15.9);
    await a.role.expectWithinLimit('evFollowsDuty');
    a.role.dispose();
    await a.line.close();
    const b = setUp();
    await charging(b.line, b.role, 17);
    await rejectsNaming(b.role.expectWithinLimit('evFollowsDuty'), /draws 17\.0 A, above the 16\.0 A/);
  });
  it('an EV still drawing once S2 is open fails while the EVSE holds power', async () => {
    const { line: l, role: r } = setUp();
    r.holdPowerAfterB('powerOffAfterB');
    await charging(l, r, 10);
    const from = r.mark('scripted EV opens S2 drawing');
    await l.ev.actuate({ s2: false });
    await rejectsNaming(r.expectNoCurrentInB(from), /with S2 open/);
  });
});

describe('EV PICS', () => {
  const pics = (iec: Pics['iec61851']): Pics => ({ name: 'p', protocol: 'iec61851', sut: 'ev', iec61851: iec });
  it('a value the steps use and the PICS lacks makes the scenario not applicable', () => {
    assert.match(evValuesNotApplicable(pics({ maxCurrentA: 32 }), ['the test EVSE lowers the offer to its minimum current']) ?? '', /minCurrentA/);
    assert.equal(evValuesNotApplicable(pics({ maxCurrentA: 32, minCurrentA: 8 }), ['the test EVSE lowers the offer to its minimum current']), undefined);
    assert.equal(evValuesNotApplicable(undefined, ['its minimum current']), undefined);
  });
  it('"below its minimum current" needs a minimum a duty can undercut by more than the margin', () => {
    assert.match(evValuesNotApplicable(pics({ minCurrentA: 6.5 }), ['the test EVSE offers a current below its minimum current']) ?? '', /no duty offers less/);
    assert.equal(evValuesNotApplicable(pics({ minCurrentA: 6.6 }), ['the test EVSE offers a current below its minimum current']), undefined);
    assert.equal(belowMinimum(8), 7);
    assert.equal(belowMinimum(6.6), 6);
  });
});

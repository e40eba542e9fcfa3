/**
 * The harness as the EV (src/iec61851/roles/ev.ts) on a simulated line against the reference EVSE: a compliant
 * EVSE passes, a late one fails with a message naming the limit, its source, the measured value and the recent
 * iec61851 frames; the cable/PICS helpers (ev-pics.ts) pick codings and limits from the declaration only.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VerdictError } from '../../src/core/errors';
import { Trace } from '../../src/core/trace';
import { createSimulatedLine } from '../../src/iec61851/line/simulated';
import { pilotLimitsMs } from '../../src/iec61851/model/timings';
import { EvRole } from '../../src/iec61851/roles/ev';
import { evseLimitA, nonLimitingCable, ppOhmsOf, readsPp } from '../../src/iec61851/roles/ev-pics';
import { type PilotOperator, startReferenceEvse } from '../../src/reference/iec61851/index';
import type { Pics } from '../../src/rig/pics';

const PICS: Pics = { name: 'test EVSE', protocol: 'iec61851', sut: 'evse', iec61851: { maxCurrentA: 32, phases: 3, cable: 'socket' }, features: { 'socket-outlet': true, ventilation: true } };

/** limitScale: the compliant case judges against real-time limits (the reference still runs at 0.2) so load cannot flake it. */
async function withRole(faults: string[], fn: (role: EvRole, operator: PilotOperator) => Promise<void>, limitScale = 0.2): Promise<void> {
  const trace = new Trace();
  const line = createSimulatedLine({ name: 'pilot:test' });
  const sut = await startReferenceEvse(line.evse, { faults, variant: 'default', timeScale: 0.2 });
  line.ev.useTrace(trace);
  try {
    await fn(new EvRole({ port: line.ev, trace, limitsMs: pilotLimitsMs(limitScale), expectMs: 1600, scale: 0.2, pics: PICS, picsSource: "PICS 'test EVSE'" }), sut.operator);
  } finally {
    await sut.stop();
    await line.close();
  }
}

describe('EV role helpers (PICS and cable)', () => {
  it('takes the limit from the declaration, tethered cable included, and fails naming a missing value', () => {
    assert.equal(evseLimitA(PICS, 'p'), 32);
    assert.equal(evseLimitA({ ...PICS, iec61851: { maxCurrentA: 32, cable: 'tethered', tetheredCableA: 20 } }, 'p'), 20);
    assert.throws(() => evseLimitA({ ...PICS, iec61851: {} }, "PICS 'x'"), /PICS 'x' does not declare iec61851\.maxCurrentA/);
    assert.throws(() => evseLimitA(undefined, "rig 'r' (no iec61851 evse PICS)"), /iec61851\.maxCurrentA/);
  });
  it('codes cables by the model and picks a non-limiting one', () => {
    assert.equal(ppOhmsOf(13), 1500);
    assert.equal(ppOhmsOf(32), 220);
    assert.throws(() => ppOhmsOf(16), /no PP resistor codes a 16 A cable/);
    assert.deepEqual(nonLimitingCable(16), { ohms: 680, currentA: 20 });
    assert.deepEqual(nonLimitingCable(32), { ohms: 220, currentA: 32 });
    assert.deepEqual(nonLimitingCable(80), { ohms: 100, currentA: 63 });
    assert.equal(readsPp(PICS), true);
    assert.equal(readsPp({ ...PICS, iec61851: { cable: 'tethered' }, features: {} }), false);
  });
});

describe('EV role against the reference EVSE on a simulated line', () => {
  it('a compliant EVSE: charging, duty for the declared current, power off after C→B', async () => {
    await withRole([], async (role) => {
      await role.charging();
      role.expectFrequency();
      await role.expectDutyOffers('declared');
      await role.openS2();
      await role.expectPower(false, 'powerOffAfterB');
    }, 1);
  });
  it('a 13 A cable: the duty must encode 13 A; ignoring it fails naming the cable and the PICS', async () => {
    await withRole(['ignores-cable-limit'], async (role) => {
      await role.idle();
      await role.plugIn(13);
      await role.expectPwmOn('stepX1');
      await assert.rejects(role.expectDutyOffers('cable'), (e: Error) => {
        assert.ok(e instanceof VerdictError);
        assert.match(e.message, /does not encode 13 A \(lesser of the declared 32 A \(PICS 'test EVSE'.*and the 13 A cable\)/);
        assert.match(e.message, /Diff \(- expected, \+ actual\):/);
        return true;
      });
    });
  });
  it('a late contactor fails naming the limit, its sequence, scale and source, the measured value and the recent frames', async () => {
    await withRole(['contactor-closes-late'], async (role) => {
      await role.offered();
      await role.closeS2();
      await assert.rejects(role.expectPower(true, 'powerOnAfterC'), (e: Error) => {
        assert.ok(e instanceof VerdictError);
        assert.match(e.message, /power on \(contactor closed\) \d+\.\d ms after S2 closed \(state C\): beyond powerOnAfterC = 600 ms \(A 4: .*3000 ms real time × pilot scale 0\.2; source: IEC 61851-1 Annex A/);
        assert.match(e.message, /Recent frames \(last \d+\):[\s\S]*iec61851/);
        return true;
      });
    });
  });
  it('an EVSE forcing power off before the EV had its reaction time fails the hold', async () => {
    await withRole(['forced-off-early'], async (role, operator) => {
      await role.charging();
      await role.operatorStop(operator);
      await role.expectPwmOff();
      await assert.rejects(role.openS2Before('evStopReaction'), /power removed \d+\.\d ms after PWM off observed, inside the window 0\.7 × evStopReaction = 600 ms/);
    });
  });
});

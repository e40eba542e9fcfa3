/**
 * The pilot model (src/iec61851/model): duty ↔ current at every band edge, CP state windows just inside and
 * just outside each edge, the diode check, PWM frequency, PP coding edges, and each Annex A timing verdict
 * just inside and just outside its limit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CP_NOMINAL_V, type CpState, classifyCp, diodeCheck, stateOfLevel } from '../../src/iec61851/model/cp';
import { allowedCurrentA, currentForDuty, dutyForCurrent, dutyMeaning } from '../../src/iec61851/model/duty';
import { cableCurrentA, PP_CODING, ppOhmsFor, readPp } from '../../src/iec61851/model/pp';
import { checkFrequency, frequencyOk } from '../../src/iec61851/model/pwm';
import { intervalMs, judgeTiming } from '../../src/iec61851/model/timing';
import { PILOT_LIMITS, type PilotLimitName, pilotLimitsMs } from '../../src/iec61851/model/timings';

const near = (a: number | null, b: number, eps = 1e-6) => assert.ok(a !== null && Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

describe('duty → current', () => {
  it('every band edge, just inside and just outside', () => {
    const cases: [number, string | number][] = [
      [0, 'no-pwm'], [0.01, 'none'], [2.99, 'none'], [3, 'digital'], [4.49, 'digital'], [4.5, 'hlc'], [5, 'hlc'], [5.5, 'hlc'], [5.51, 'digital'],
      [7, 'digital'], [7.01, 'none'], [7.99, 'none'], [8, 6], [9.99, 6], [10, 6], [10.01, 6.006], [26.67, 16.002], [50, 30],
      [84.99, 50.994], [85, 51], [85.01, 52.525], [90, 65], [95.99, 79.975], [96, 80], [96.01, 80], [97, 80], [97.01, 'none'], [99.99, 'none'], [100, 'no-pwm'],
    ];
    for (const [d, want] of cases) {
      const m = dutyMeaning(d);
      const got = m.kind === 'current' ? m.currentA : m.kind === 'digital' ? (m.hlc ? 'hlc' : 'digital') : m.kind;
      if (typeof want === 'number') near(got as number, want, 1e-9);
      else assert.equal(got, want, `duty ${d} %`);
      assert.equal(currentForDuty(d), typeof want === 'number' ? (got as number) : null, `currentForDuty(${d})`);
      assert.equal(allowedCurrentA(d), typeof want === 'number' ? (got as number) : 0);
    }
    assert.equal(dutyMeaning(Number.NaN).kind, 'no-pwm');
  });
});

describe('current → duty', () => {
  it('both formulas and their edges', () => {
    assert.equal(dutyForCurrent(6), 10);
    assert.equal(dutyForCurrent(16), 26.66);
    assert.equal(dutyForCurrent(32), 53.33);
    assert.equal(dutyForCurrent(51), 85);
    assert.equal(dutyForCurrent(52), 85, 'no duty encodes 51–52.5 A: the lower offer');
    assert.equal(dutyForCurrent(52.5), 85);
    assert.equal(dutyForCurrent(53), 85.2);
    assert.equal(dutyForCurrent(60), 88);
    assert.equal(dutyForCurrent(80), 96);
    assert.throws(() => dutyForCurrent(5.99), /no PWM duty offers 5.99 A/);
    assert.throws(() => dutyForCurrent(80.01), RangeError);
    assert.throws(() => dutyForCurrent(Number.NaN), RangeError);
  });
  it('round trip: the duty for I offers I (never more, at most 0.025 A less) except the gap above 51 A up to 52.5 A', () => {
    for (let i = 6; i <= 80; i += 0.5) {
      const back = currentForDuty(dutyForCurrent(i));
      assert.ok(back !== null && back <= i + 1e-9, `${i} A → ${dutyForCurrent(i)} % → ${back} A`);
      if (i <= 51 || i > 52.5) assert.ok(i - back <= 0.025 + 1e-9, `${i} A → ${back} A`);
      else assert.equal(back, 51);
    }
  });
});

describe('CP state classification', () => {
  const pwm = (hi: number, lo = -12) => ({ cpHighV: hi, cpLowV: lo, frequencyHz: 1000, dutyPct: 26.7 });
  const steady = (v: number) => ({ cpHighV: v, cpLowV: v, frequencyHz: 0, dutyPct: v > 0 ? 100 : 0 });
  it('each window edge is inside, 0.01 V beyond is outside', () => {
    for (const [s, v] of Object.entries(CP_NOMINAL_V) as [CpState, number][]) {
      for (const x of [v - 1, v - 0.99, v, v + 0.99, v + 1]) assert.equal(stateOfLevel(x), s, `${x} V`);
      for (const x of [v - 1.01, v + 1.01]) assert.notEqual(stateOfLevel(x), s, `${x} V not ${s}`);
    }
    for (const gap of [10.5, 7.5, 4.5, 1.5, -1.5, -10.9, -13.01, 13.01, Number.NaN]) assert.equal(stateOfLevel(gap), null, `${gap} V`);
  });
  it('configurable tolerance', () => {
    assert.equal(stateOfLevel(9.6, 0.5), null);
    assert.equal(stateOfLevel(9.5, 0.5), 'B');
    assert.equal(stateOfLevel(10.4, 1.5), 'B');
    assert.equal(classifyCp(pwm(9.6), { toleranceV: 0.5 }).label, 'invalid (9.6 V)');
  });
  it('X1 / X2 by PWM presence; E and F without suffix', () => {
    assert.equal(classifyCp(steady(12)).label, 'A1');
    assert.equal(classifyCp(pwm(12)).label, 'A2');
    assert.equal(classifyCp(steady(9)).label, 'B1');
    assert.equal(classifyCp(pwm(8.79)).label, 'B2');
    assert.equal(classifyCp(pwm(5.62)).label, 'C2');
    assert.equal(classifyCp(steady(5.62)).label, 'C1');
    assert.equal(classifyCp(pwm(2.37)).label, 'D2');
    assert.equal(classifyCp(steady(0)).label, 'E');
    assert.equal(classifyCp(steady(-12)).label, 'F');
    assert.equal(classifyCp({ cpHighV: 9, cpLowV: -12, frequencyHz: 1000, dutyPct: 100 }).pwm, false);
  });
  it('diode check from the low level: −12 V ± 1 V ok, beyond it a fault under PWM, unknown without a low phase', () => {
    assert.equal(diodeCheck(pwm(8.79, -12)), 'ok');
    assert.equal(diodeCheck(pwm(8.79, -11)), 'ok');
    assert.equal(diodeCheck(pwm(8.79, -10.99)), 'fault');
    assert.equal(diodeCheck(pwm(8.79, -8.79)), 'fault');
    assert.equal(diodeCheck(pwm(8.79, -13.01)), 'fault');
    assert.equal(diodeCheck(steady(9)), 'unknown');
    assert.equal(classifyCp(pwm(8.79, -10.5), { lowToleranceV: 1.5 }).diode, 'ok');
  });
});

describe('PWM frequency', () => {
  it('980–1020 Hz accepted, edges included; configurable', () => {
    assert.equal(checkFrequency(980), 'ok');
    assert.equal(checkFrequency(1020), 'ok');
    assert.equal(checkFrequency(979.99), 'too-low');
    assert.equal(checkFrequency(1020.01), 'too-high');
    assert.equal(checkFrequency(1100), 'too-high');
    assert.equal(checkFrequency(0), 'no-pwm');
    assert.equal(frequencyOk(1030, 50), true);
    assert.equal(frequencyOk(1010, 5), false);
  });
});

describe('PP coding', () => {
  it('band edges (upper edge inclusive), open and invalid', () => {
    const cases: [number | null, number | string][] = [
      [null, 'open'], [2460.01, 'invalid'], [2460, 13], [1500, 13], [936.01, 13], [936, 20], [680, 20], [308.01, 20], [308, 32],
      [220, 32], [140.01, 32], [140, 63], [100, 63], [80.01, 63], [80, 'invalid'], [0, 'invalid'], [1e6, 'invalid'],
    ];
    for (const [ohms, want] of cases) {
      const r = readPp(ohms);
      assert.equal(r.kind === 'cable' ? r.currentA : r.kind, want, `${ohms} Ω`);
      assert.equal(cableCurrentA(ohms), typeof want === 'number' ? want : null);
    }
    assert.equal(cableCurrentA(100, { phases: 1 }), 70);
    assert.equal(cableCurrentA(220, { phases: 1 }), 32);
  });
  it('nominal resistor per current', () => {
    assert.deepEqual(PP_CODING.map((c) => [c.ohms, c.currentA]), [[1500, 13], [680, 20], [220, 32], [100, 63]]);
    assert.equal(ppOhmsFor(20), 680);
    assert.equal(ppOhmsFor(70), 100);
    assert.equal(ppOhmsFor(16), null);
  });
});

describe('timing verdicts', () => {
  for (const scale of [1, 0.2]) {
    const limits = pilotLimitsMs(scale);
    for (const name of Object.keys(PILOT_LIMITS) as PilotLimitName[]) {
      it(`${name} at scale ${scale}: just inside passes, just outside fails`, () => {
        const l = limits[name];
        assert.equal(l, Math.max(1, Math.round(PILOT_LIMITS[name].ms * scale)));
        assert.equal(judgeTiming(l - 0.001, l).ok, true);
        assert.equal(judgeTiming(l, l).ok, true, 'exactly on the limit');
        const late = judgeTiming(l + 0.001, l);
        assert.equal(late.ok, false);
        assert.match(late.text, /late/);
        assert.ok(late.marginMs < 0);
      });
    }
  }
  it('not-before (seq 10.2: no forced off before the EV had evStopReaction)', () => {
    const l = pilotLimitsMs(1).evStopReaction;
    assert.equal(judgeTiming(l + 0.001, l, 'not-before').ok, true);
    assert.equal(judgeTiming(l, l, 'not-before').ok, true);
    const early = judgeTiming(l - 0.001, l, 'not-before');
    assert.equal(early.ok, false);
    assert.match(early.text, /early/);
  });
  it('uncertainty is given to the SUT; overrides and scale; intervals', () => {
    assert.equal(judgeTiming(100.5, 100, 'within', 0.5).ok, true);
    assert.equal(judgeTiming(100.5, 100, 'within', 0.4).ok, false);
    assert.equal(judgeTiming(2999.5, 3000, 'not-before', 0.5).ok, true);
    assert.equal(pilotLimitsMs(0.2, { powerOffAfterB: 250 }).powerOffAfterB, 50);
    assert.equal(pilotLimitsMs(0.0001).powerOffAfterB, 1, 'never below 1 ms');
    assert.equal(intervalMs(1000, 101_000), 100);
    assert.throws(() => intervalMs(2, 1), /negative/);
    assert.throws(() => judgeTiming(-1, 100), RangeError);
  });
});

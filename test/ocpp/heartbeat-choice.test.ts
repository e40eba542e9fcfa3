/**
 * The heartbeat interval a scenario sets must be one the station is not using, far enough that a station
 * heartbeating at a fixed period fails. The steering CI's verify:faults saw TC_021 pass under
 * `fixed-heartbeat-interval` beside other runs: under load the fixed 60 s period was measured near 90 s and
 * 30 s was chosen, whose accepted band at timeScale 0.01 (300 ms ± 25 % + 250 ms) holds the real 600 ms.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bandsApart, chooseInterval, meaningful } from '../../src/ocpp/heartbeat-choice';

/** The 1.6 check's band on the reference rig (timeScale 0.01): ±25 % plus 250 ms of arrival allowance. */
const band16 = (s: number) => [s * 10 * 0.75 - 250, s * 10 * 1.25 + 250] as const;
const accepts = (s: number, ms: number) => band16(s)[0] <= ms && ms <= band16(s)[1];

describe('choosing a heartbeat interval the station does not use', () => {
  it('a fixed 60 s station measured at 90 s under load is not given an interval whose band holds its real period', () => {
    assert.equal(chooseInterval([300, 90]), 30, 'the factor 2 alone picks 30 s (the false pass)');
    assert.ok(accepts(30, 600), '30 s accepts a 600 ms period on this rig');
    const chosen = chooseInterval([300, 90], band16);
    assert.ok(!accepts(chosen, 600), `${chosen} s must not accept the real 600 ms period`);
    assert.ok(!accepts(chosen, 900) && !accepts(chosen, 3000), 'nor the measured or the reported one');
  });

  it('a fixed 60 s station measured exactly is not given an interval whose band holds 60 s either', () => {
    const chosen = chooseInterval([300, 60], band16);
    assert.ok(!accepts(chosen, 600), `${chosen} s`);
  });

  it('never an interval whose band reaches half or twice its period (30 s at timeScale 0.01 accepts 0–625 ms)', () => {
    assert.equal(meaningful(band16, 30), false);
    assert.equal(meaningful(band16, 100), false, '500–1500 ms holds 500 ms, half its period');
    assert.equal(meaningful(band16, 120), true);
    const chosen = chooseInterval([300, 300], band16);
    assert.equal(chosen, 120, 'a compliant station at 300 s is given 120 s, 1.2 s per heartbeat on this rig');
    assert.ok(!accepts(chosen, 600) && !accepts(chosen, 2400), 'half and twice the period fail');
  });

  it('on a real-time rig (timeScale 1) the factor 2 already keeps the bands apart', () => {
    const band1 = (s: number) => [s * 1000 * 0.75 - 250, s * 1000 * 1.25 + 250] as const;
    for (const used of [[60], [300, 290], [900, 60], [30]]) {
      const c = chooseInterval(used, band1);
      assert.equal(c, chooseInterval(used), `same choice for ${used.join(', ')} s`);
      for (const u of used) assert.ok(bandsApart(band1, c, u));
      assert.ok(meaningful(band1, c));
    }
  });
});

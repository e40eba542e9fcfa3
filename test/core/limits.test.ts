/**
 * Derived wait limits (issue #19): a wait for n periodic messages is bounded by n × interval × timeScale plus
 * its tolerance, scales with both, fits under the step backstop derived from the rig, and a wait that runs
 * out names its limit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Timeouts } from '../../src/core/config';
import { WaitTimeoutError } from '../../src/core/errors';
import { StartedRig } from '../../src/rig/rig';
import { BACKSTOP_FLOOR_MS, checkBackstop, LONGEST_FOLLOWED_INTERVAL_S, periodicLimit, stepBackstopMs, WaitLimitError, withinLimit } from '../../src/core/limits';

// The waits of the station heartbeat checks, as src/ocpp/v16/cs-heartbeat.ts and src/ocpp/v201/cs-heartbeat.ts make them.
const hb16 = (intervalS: number, timeScale: number) => periodicLimit({ what: 'Heartbeat', count: 4, intervalS, timeScale, tolerance: 0.25, slackMs: 750 });
const hb201 = (intervalS: number, timeScale: number, firstWaitMs = 0) => periodicLimit({ what: 'Heartbeat', count: 4, intervalS, timeScale, tolerance: 1, slackMs: 1000, firstWaitMs });
const realTime = { timeScale: 1, timeouts: new Timeouts() };
const reference = { timeScale: 0.01, timeouts: new Timeouts({ ocpp: { connect: 4000, response: 2000, expect: 3000, quiet: 800 } }) };

describe('periodic wait limits', () => {
  it('scale with the interval and with timeScale', () => {
    assert.equal(hb16(60, 1).perMessageMs, 75_750);
    assert.equal(hb16(120, 1).perMessageMs, 150_750);
    assert.equal(hb16(60, 0.01).perMessageMs, 1500);
    assert.equal(hb16(60, 1).totalMs, 4 * 75_750);
    // n × interval × timeScale ≤ limit ≤ n × interval × timeScale × (1 + tolerance) + n × slack
    for (const [s, ts] of [[30, 1], [60, 1], [300, 0.01], [3600, 0.001]]) {
      const l = hb16(s, ts);
      assert.ok(l.totalMs >= 4 * s * 1000 * ts, `${s} s at ${ts}`);
      assert.ok(l.totalMs <= 4 * (s * 1000 * ts * 1.25 + 750), `${s} s at ${ts}`);
    }
    // the interval-driven part scales linearly with timeScale; the per-message slack does not
    assert.equal(hb16(60, 1).totalMs - 4 * 750, 100 * (hb16(60, 0.01).totalMs - 4 * 750));
  });
  it('the first message may wait for the interval in force before', () => {
    const l = hb201(30, 1, 91_000);
    assert.equal(l.firstWaitMs, 91_000);
    assert.equal(l.totalMs, 91_000 + 3 * 61_000);
  });
  it('say what they wait for in words', () => {
    assert.match(hb16(60, 1).text, /^4 Heartbeats every 60 s \(± 25 % \+ 750 ms each\) need up to 303 s$/);
    assert.match(hb16(60, 0.01).text, /every 60 s \(600 ms at timeScale 0\.01\)/);
  });
});

describe('step backstop', () => {
  it('a 60 s heartbeat at timeScale 1 gets a limit above 240 s and below the backstop (TC_001_CS, TC_021_CS, TC_B_01_CS)', () => {
    const backstop = stepBackstopMs(realTime);
    for (const l of [hb16(60, 1), hb16(30, 1), hb201(30, 1, 91_000), periodicLimit({ what: 'Heartbeat', count: 3, intervalS: 60, timeScale: 1, tolerance: 1, slackMs: 1000 })]) {
      assert.ok(l.totalMs < backstop, l.text);
      assert.doesNotThrow(() => checkBackstop(l, realTime));
    }
    assert.ok(hb16(60, 1).totalMs > 240_000);
    assert.ok(backstop > 120_000, 'the old fixed 120 s step timeout cut these waits short');
  });
  it('derives from time scale and configured timeouts, stays finite, floor 120 s', () => {
    assert.ok(stepBackstopMs(reference) >= BACKSTOP_FLOOR_MS);
    assert.ok(stepBackstopMs(reference) < 10 * 60_000, 'reference rig: minutes');
    assert.ok(stepBackstopMs(realTime) > 3 * 3600_000 && Number.isFinite(stepBackstopMs(realTime)));
    assert.ok(stepBackstopMs({ timeScale: 1, timeouts: new Timeouts({ ocpp: { expect: 3600_000 } }) }) >= stepBackstopMs(realTime) + 2 * 3600_000 - 2 * 60_000);
    assert.equal(stepBackstopMs({ timeScale: 1, timeouts: new Timeouts({ steps: { backstop: 5000 } }) }), 5000);
  });
  it('a wait longer than the backstop fails at once naming both limits', () => {
    assert.throws(() => checkBackstop(hb16(3600 * 4, 1), realTime), (e: Error) => e instanceof WaitLimitError && /4 Heartbeats every 14400 s .*need up to .* h .*more than the step backstop of .* on this rig \(timeScale 1\): raise timeouts\.steps\.backstop/.test(e.message));
  });
});

describe('withinLimit', () => {
  it('names the limit and the message that ran out', async () => {
    const limit = hb16(60, 0.01);
    const waits: number[] = [];
    await assert.rejects(
      withinLimit(limit, reference, 'Heartbeat', 4, async (n, ms) => {
        waits.push(ms);
        if (n === 2) throw new WaitTimeoutError('Expected Heartbeat: no match within 1500 ms; none received');
        return n;
      }),
      (e: Error) => e instanceof WaitLimitError && /^4 Heartbeats every 60 s .* need up to 6\.0 s; Heartbeat 3 of 4 did not come within 1\.5 s — Expected Heartbeat: no match/.test(e.message),
    );
    assert.deepEqual(waits, [1500, 1500, 1500]);
  });
  it('passes verdicts other than timeouts through unchanged', async () => {
    const boom = new Error('not a timeout');
    await assert.rejects(withinLimit(hb16(60, 0.01), reference, 'Heartbeat', 4, async () => { throw boom; }), (e) => e === boom);
  });
});

describe('on a remote rig (the persistent test station of scripts/remote-station-catalogue.sh)', () => {
  const remote = (timeScale?: number) =>
    new StartedRig({ name: 'persistent-test-station', kind: 'remote', sutCompressesTime: timeScale !== undefined, ...(timeScale === undefined ? {} : { timeScale }), timeouts: { ocpp: { connect: 15000, response: 4000, expect: 5000, quiet: 800 } } });
  it('the waits scale with the rig time scale: CI at 0.02 waits 1/50 of the real-time intervals, a rig without timeScale waits real time', () => {
    const ci = remote(0.02);
    const real = remote();
    assert.equal(real.timeScale, 1);
    const [fast, slow] = [hb16(60, ci.timeScale), hb16(60, real.timeScale)];
    assert.equal(slow.totalMs - 4 * 750, 50 * (fast.totalMs - 4 * 750));
    assert.equal(fast.perMessageMs, Math.round(60_000 * 0.02 * 1.25 + 750));
    // each fits under the backstop derived from its own rig; the compressed one is minutes, the real-time one hours
    for (const [l, rig] of [[fast, ci], [slow, real]] as const) assert.doesNotThrow(() => checkBackstop(l, rig));
    assert.ok(stepBackstopMs(ci) < 15 * 60_000 && stepBackstopMs(real) > 3 * 3600_000);
    // the backstop scales with the rig too: beyond its configured timeouts (the same on both), by five of the longest followed intervals
    const longest = (ts: number) => periodicLimit({ what: 'message', count: 5, intervalS: LONGEST_FOLLOWED_INTERVAL_S, timeScale: ts, tolerance: 0.5, slackMs: 1000 }).totalMs;
    assert.equal(stepBackstopMs(real) - stepBackstopMs(ci), longest(1) - longest(0.02));
  });
});

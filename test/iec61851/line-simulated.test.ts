/**
 * The simulated pilot line (src/iec61851/line/simulated.ts): the circuit's levels in every state, what each
 * side sees of contactor and current, latency and stamps, bounded waits, the trace, and nothing left after close.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Trace } from '../../src/core/trace';
import { PilotLineError, PilotTimeoutError } from '../../src/iec61851/line/errors';
import { createSimulatedLine, lineTruth } from '../../src/iec61851/line/simulated';
import { EV_UNPLUGGED, EVSE_IDLE, type EvDrive, type EvseDrive } from '../../src/iec61851/line/types';
import { classifyCp } from '../../src/iec61851/model/cp';

const ev = (c: Partial<EvDrive>): EvDrive => ({ ...EV_UNPLUGGED, ...c });
const evse = (c: Partial<EvseDrive>): EvseDrive => ({ ...EVSE_IDLE, ...c });
const near = (a: number, b: number, eps = 0.01) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);
const pwm = evse({ pwm: true, dutyPct: 26.7 });

describe('circuit', () => {
  it('high level 12·R/(R+1 kΩ) in A, B, C, D; low level −12 V with a healthy diode', () => {
    near(lineTruth(EVSE_IDLE, EV_UNPLUGGED).cpHighV, 12);
    const b = lineTruth(pwm, ev({ connected: true }));
    near(b.cpHighV, (12 * 2740) / 3740);
    near(b.cpLowV, -12);
    assert.equal(b.frequencyHz, 1000);
    assert.equal(b.dutyPct, 26.7);
    const rc = (2740 * 1300) / 4040;
    near(lineTruth(pwm, ev({ connected: true, s2: true })).cpHighV, (12 * rc) / (rc + 1000));
    const rd = (2740 * 270) / 3010;
    near(lineTruth(pwm, ev({ connected: true, s2: true, ventilation: true })).cpHighV, (12 * rd) / (rd + 1000));
    for (const [d, s] of [[ev({}), 'A2'], [ev({ connected: true }), 'B2'], [ev({ connected: true, s2: true }), 'C2'], [ev({ connected: true, s2: true, ventilation: true }), 'D2']] as const) {
      assert.equal(classifyCp(lineTruth(pwm, d)).label, s);
    }
  });
  it('shorted diode: low level follows the load; state F −12 V steady; CP short 0 V; no PWM steady', () => {
    near(lineTruth(pwm, ev({ connected: true, diodeShorted: true })).cpLowV, (-12 * 2740) / 3740);
    const f = lineTruth(evse({ stateF: true, pwm: true }), ev({ connected: true }));
    assert.deepEqual([f.cpHighV, f.cpLowV, f.frequencyHz, f.dutyPct], [-12, -12, 0, 0]);
    const e = lineTruth(pwm, ev({ connected: true, cpShortToPe: true }));
    assert.deepEqual([e.cpHighV, e.cpLowV, e.frequencyHz, e.dutyPct], [0, 0, 0, 0]);
    const x1 = lineTruth(EVSE_IDLE, ev({ connected: true }));
    assert.equal(x1.frequencyHz, 0);
    assert.equal(x1.dutyPct, 100);
    near(x1.cpLowV, x1.cpHighV);
    assert.equal(classifyCp(x1).label, 'B1');
    near(lineTruth(pwm, ev({ connected: true, r2Ohms: 1553 })).cpHighV, 7.3);
  });
  it('power reaches the EV and current flows only with the contactor closed and the EV connected; PP as set', () => {
    const drawing = ev({ connected: true, s2: true, currentA: [16, 16, 16], ppOhms: 220 });
    assert.deepEqual(lineTruth(pwm, drawing).currentA, [0, 0, 0]);
    const on = lineTruth(evse({ ...pwm, contactor: true }), drawing);
    assert.deepEqual([on.powerAtInlet, on.currentA, on.ppOhms], [true, [16, 16, 16], 220]);
    const unplugged = lineTruth(evse({ ...pwm, contactor: true }), { ...drawing, connected: false });
    assert.deepEqual([unplugged.contactor, unplugged.powerAtInlet, unplugged.currentA], [true, false, [0, 0, 0]]);
  });
});

describe('simulated line', () => {
  it('actuations take effect after the latency; both sides observe the change with its stamp', async () => {
    const line = createSimulatedLine({ actuationLatencyUs: 2000, measurementLatencyUs: 1000, samplePeriodUs: 0, noiseV: 0, seed: 1 });
    try {
      const before = line.evse.latest().tUs;
      const seen = line.evse.waitFor((o) => classifyCp(o).state === 'B', 1000, 'state B');
      const t0 = performance.now();
      const stamp = await line.ev.actuate({ connected: true, ppOhms: 680 }, 'plug in');
      assert.ok(performance.now() - t0 >= 1.5, 'actuation latency honoured');
      assert.deepEqual(line.ev.commanded().ppOhms, 680);
      const o = await seen;
      assert.ok(stamp > before);
      assert.equal(o.tUs, stamp, 'edge-triggered measurement stamped when the change happened');
      assert.equal(o.ppOhms, 680);
      assert.equal((await line.ev.waitFor((x) => x.ppOhms === 680, 1000, 'PP')).ppOhms, 680);
    } finally {
      await line.close();
    }
  });
  it('periodic samples with noise, monotonic stamps, and nothing pending after close', async () => {
    const line = createSimulatedLine({ samplePeriodUs: 2000, noiseV: 0.05, seed: 7 });
    const got: number[] = [];
    const v: number[] = [];
    const enough = new Promise<void>((resolve) => {
      line.ev.subscribe((o) => {
        got.push(o.tUs);
        v.push(o.cpHighV);
        if (got.length >= 30) resolve();
      });
    });
    // bounded: a loaded machine may delay timers, so wait for the samples rather than a fixed time
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([enough, new Promise((r) => (bound = setTimeout(r, 3000)))]);
    clearTimeout(bound);
    await line.close();
    assert.ok(got.length >= 30, `${got.length} samples`);
    for (let i = 1; i < got.length; i++) assert.ok(got[i] >= got[i - 1]);
    assert.ok(new Set(v).size > 1, 'noisy');
    assert.ok(v.every((x) => Math.abs(x - 12) < 0.5));
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
    assert.ok(Math.abs(mean - 12) < 0.03 && sd > 0.025 && sd < 0.08, `Gaussian around 12 V with σ 0.05 V: mean ${mean}, sd ${sd}`);
    assert.equal(line.pendingTimers(), 0);
  });
  it('waitFor is bounded and names what, the limit and the last observation', async () => {
    const line = createSimulatedLine({ samplePeriodUs: 0 });
    try {
      await assert.rejects(line.ev.waitFor((o) => o.contactorClosed, 30, 'contactor closed'), (e: unknown) => {
        assert.ok(e instanceof PilotTimeoutError);
        assert.match(e.message, /contactor closed did not happen within 30 ms; last observation: CP A1 1[12]\.\d\d\/.* contactor open/);
        return true;
      });
    } finally {
      await line.close();
    }
  });
  it('bad actuations and a closed line reject naming the action; pending waits end at close', async () => {
    const line = createSimulatedLine();
    await assert.rejects(line.evse.actuate({ dutyPct: 120 }), /cannot do 'EVSE duty 120.0 %': dutyPct must be 0\.\.100/);
    await assert.rejects(line.ev.actuate({ s3: true } as never), /unknown EV drive field 's3'/);
    const waiting = line.ev.waitFor(() => false, 10_000, 'never');
    const acting = line.ev.actuate({ s2: true });
    await line.close();
    await assert.rejects(waiting, (e: unknown) => e instanceof PilotLineError && /closed while waiting for never/.test(e.message));
    await assert.rejects(acting, /EV S2 closed' did not take effect/);
    await assert.rejects(line.ev.actuate({ s2: true }), /cannot do 'EV S2 closed': the pilot line is closed/);
    assert.equal(line.pendingTimers(), 0);
  });
  it('the traced port records actuations (tx) and observed changes (rx), not every noisy sample', async () => {
    const line = createSimulatedLine({ samplePeriodUs: 1000, noiseV: 0.05, seed: 3 });
    const trace = new Trace();
    line.ev.useTrace(trace);
    try {
      await line.ev.actuate({ connected: true }, 'plug in');
      await line.ev.waitFor((o) => classifyCp(o).state === 'B', 1000, 'B');
      await line.evse.actuate({ pwm: true, dutyPct: 26.7 });
      await line.ev.waitFor((o) => o.frequencyHz > 0, 1000, 'PWM');
      await line.ev.actuate({ s2: true, currentA: [16, 16, 16] });
      await line.evse.actuate({ contactor: true });
      await line.ev.waitFor((o) => o.currentA[0] > 15, 1000, 'current');
      await line.ev.actuate({ diodeShorted: true });
      await line.ev.waitFor((o) => o.cpLowV > -10, 1000, 'diode fault');
      await line.ev.actuate({ ...line.ev.commanded(), s2: false }, 'whole drive written back');
      await new Promise((r) => setTimeout(r, 30));
    } finally {
      await line.close();
    }
    const f = trace.frames.filter((x) => x.protocol === 'iec61851');
    assert.ok(f.every((x) => x.channel === 'pilot:sim:ev'));
    const tx = f.filter((x) => x.dir === 'tx').map((x) => x.summary);
    assert.deepEqual(tx, ['EV plugged in (plug in)', 'EV S2 closed, draws 16.0/16.0/16.0 A', 'EV diode shorted', 'EV S2 open (whole drive written back)']);
    assert.ok(f.some((x) => x.dir === 'rx' && /diode check fault \(low level -5\.\d\d V\)/.test(x.summary ?? '')));
    const rx = f.filter((x) => x.dir === 'rx').map((x) => x.summary ?? '');
    assert.ok(rx.some((s) => /CP A1→B1/.test(s)));
    assert.ok(rx.some((s) => /CP B1→B2 .*PWM 1000 Hz 26\.7 %/.test(s)));
    assert.ok(rx.some((s) => /CP B2→C2/.test(s)));
    assert.ok(rx.some((s) => /contactor closed, current 16\.0\/16\.0\/16\.0 A/.test(s)));
    assert.ok(rx.some((s) => /CP C2→B2/.test(s)));
    assert.ok(rx.length <= 8, `only changes traced: ${rx.join(' | ')}`);
    const d = f.find((x) => x.dir === 'rx' && /C2/.test(x.summary ?? ''))?.decoded as { tUs: number; state: string };
    assert.equal(d.state, 'C2');
    assert.ok(Number.isInteger(d.tUs));
  });
});

/**
 * How precise are the pilot timing verdicts on the simulated line? The harness plays the EV (closes S2, then
 * waits for power; opens S2, then waits for power off) and measures each interval the way a verdict does:
 * from the stamp of its actuation to the stamp of the observation that shows the contactor's change
 * (model/timing intervalMs). A stand-in EVSE on the far end switches its contactor a known delay after the EV's
 * S2 change took effect (power on after B→C, seq 4; power off after C→B, seq 8.1).
 *
 *   injected  = contactor stamp − S2 stamp, both when the change took effect on the line (the truth)
 *   error     = measured − injected (the verdict's measurement error)
 *   seen      = when the harness's wait resolved − contactor stamp (how late the verdict learns of it)
 *   agree     = trials whose verdict against the seq 8.1 limit (powerOffAfterB, 100 ms real time) on the
 *               measured interval equals the verdict on the injected one (delays 95 / 105 ms probe the edge)
 * Reported per line setting and nominal delay: mean / p95 / max in ms over N trials (a fresh line each).
 * Settings: edge-triggered measurement (the default line) with default and slow latencies, and polled-only
 * instruments (a sample every 5 / 20 ms) such as a bench DMM. Prints figures, asserts nothing.
 *
 *   node --import tsx bench/pilot.bench.ts      (npm run bench -- pilot)
 *   EVC_BENCH_PILOT_N (trials per case, default 15)
 */
import { monoUs } from '../src/core/clock';
import { createSimulatedLine, type SimulatedLineOptions } from '../src/iec61851/line/simulated';
import type { EvsePort } from '../src/iec61851/line/types';
import { intervalMs, judgeTiming } from '../src/iec61851/model/timing';
import { PILOT_LIMITS } from '../src/iec61851/model/timings';

const N = Number(process.env.EVC_BENCH_PILOT_N ?? 15);
const DELAYS_MS = [5, 20, 95, 105];
const LIMIT_MS = PILOT_LIMITS.powerOffAfterB.ms;
const WAIT_MS = 2000;

interface Setting {
  label: string;
  opts: SimulatedLineOptions;
}

const SETTINGS: Setting[] = [
  { label: 'edge, act 0.2 / meas 0.3 ms', opts: {} },
  { label: 'edge, act 2 / meas 5 ms', opts: { actuationLatencyUs: 2000, measurementLatencyUs: 5000 } },
  { label: 'polled 5 ms, act 0.2 / meas 0.3', opts: { onChange: false, samplePeriodUs: 5000 } },
  { label: 'polled 20 ms, act 0.2 / meas 0.3', opts: { onChange: false, samplePeriodUs: 20_000 } },
];

interface Trial {
  injectedMs: number;
  errorMs: number;
  seenMs: number;
  agrees: boolean;
}

/**
 * The stand-in EVSE on the far end: PWM on at plug-in, then its contactor switched at a time the bench gives
 * it (the S2 stamp + the delay to inject, less the line's actuation latency), so the injected delay does not
 * depend on how this stand-in measures the line. The realized delay (the stamps) is what the bench compares with.
 */
function switchAt(port: EvsePort, atUs: number, latencyUs: number, contactor: boolean): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    setTimeout(() => port.actuate({ contactor }).then(resolve, reject), Math.max(0, (atUs - latencyUs - monoUs()) / 1000));
  });
}

async function trial(s: Setting, delayMs: number): Promise<Trial[]> {
  const line = createSimulatedLine({ ...s.opts, name: 'pilot:bench' });
  const latencyUs = s.opts.actuationLatencyUs ?? 200;
  try {
    await line.ev.actuate({ connected: true, ppOhms: 220 });
    await line.evse.actuate({ pwm: true, dutyPct: 26.66 });
    await line.ev.waitFor((o) => o.frequencyHz > 0, WAIT_MS, 'PWM on');
    const out: Trial[] = [];
    for (const closing of [true, false]) {
      const s2Stamp = await line.ev.actuate({ s2: closing, currentA: closing ? [16, 16, 16] : [0, 0, 0] });
      const switched = switchAt(line.evse, s2Stamp + delayMs * 1000, latencyUs, closing);
      switched.catch(() => undefined); // a wait that runs out closes the line first: the rejection is expected then
      const o = await line.ev.waitFor((x) => x.contactorClosed === closing, WAIT_MS, closing ? 'power on' : 'power off');
      const resolvedUs = monoUs();
      const contactorStamp = await switched;
      const measured = intervalMs(s2Stamp, o.tUs);
      const injected = intervalMs(s2Stamp, contactorStamp);
      const agrees = judgeTiming(measured, LIMIT_MS).ok === judgeTiming(injected, LIMIT_MS).ok;
      out.push({ injectedMs: injected, errorMs: measured - injected, seenMs: (resolvedUs - contactorStamp) / 1000, agrees });
    }
    return out;
  } finally {
    await line.close();
  }
}

function stats(xs: number[]): { mean: number; p95: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { mean, p95: s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)], max: s[s.length - 1] };
}

const fmt = (x: number): string => x.toFixed(3).padStart(8);

async function main(): Promise<void> {
  console.log(`pilot timing verdicts on the simulated line: ${N} trials per case, each power on after B→C (seq 4) and power off after C→B (seq 8.1)`);
  console.log(`${'line setting'.padEnd(34)} ${'delay'.padStart(6)}  ${'injected mean'.padStart(13)}  ${'|error| mean    p95     max'.padStart(27)}  ${'seen mean     p95     max'.padStart(26)}  agree  (ms)`);
  for (const s of SETTINGS) {
    for (const d of DELAYS_MS) {
      const all: Trial[] = [];
      for (let i = 0; i < N; i++) all.push(...(await trial(s, d)));
      const inj = stats(all.map((t) => t.injectedMs));
      const err = stats(all.map((t) => Math.abs(t.errorMs)));
      const seen = stats(all.map((t) => t.seenMs));
      const neg = all.filter((t) => t.errorMs < -1e-9).length;
      console.log(`${s.label.padEnd(34)} ${`${d}`.padStart(6)}  ${fmt(inj.mean).padStart(13)}  ${fmt(err.mean)}${fmt(err.p95)}${fmt(err.max)}   ${fmt(seen.mean)}${fmt(seen.p95)}${fmt(seen.max)}  ${`${all.filter((t) => t.agrees).length}/${all.length}`.padStart(5)}${neg ? `   (${neg} measured early)` : ''}`);
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

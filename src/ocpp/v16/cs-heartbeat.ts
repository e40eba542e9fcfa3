/**
 * Heartbeat-interval checks for an OCPP 1.6 charge point under test (harness = CSMS). A scenario that sets
 * an interval must set one the station is not already using, or a station that heartbeats at a fixed period
 * whatever it is told would pass. When connected, the intervals in use are the HeartbeatInterval it reports
 * (GetConfiguration) and the period it is measured to heartbeat at (a station reporting 150 s while sending
 * every 60 s would otherwise be given 75 s, whose tolerance holds 60 s); before its boot, the interval the
 * harness CSMS gives at boot. The choice (src/ocpp/heartbeat-choice.ts) keeps a factor 2 from each.
 */
import { EvcError, VerdictError } from '../../core/errors';
import { periodicLimit, withinLimit } from '../../core/limits';
import { chooseInterval, meaningful } from '../heartbeat-choice';
import { gapsFromNow, median } from '../periodic';
import type { CsWorld } from './cs-states';
import { scaledMs } from './cs-timing';

/** Relative tolerance on the observed period, plus an allowance (ms) for arrival-time jitter. */
const RELATIVE_TOLERANCE = 0.25;
const ARRIVAL_JITTER_MS = 250;

/** The HeartbeatInterval the connected station reports (GetConfiguration). */
async function reportedInterval(w: CsWorld): Promise<number> {
  const outcome = await w.ocppCsms.call('GetConfiguration', { key: ['HeartbeatInterval'] });
  const keys = outcome.kind === 'result' ? (outcome.payload.configurationKey as Array<{ key: string; value?: string }> | undefined) : undefined;
  const value = Number(keys?.find((k) => k.key === 'HeartbeatInterval')?.value);
  if (!Number.isFinite(value)) throw new VerdictError('GetConfiguration did not report HeartbeatInterval (a Core key every 1.6 charge point has)', undefined, w.trace.recent(12));
  return value;
}

/**
 * The intervals the station uses now (protocol seconds): connected, the one it reports and the period it
 * heartbeats at (median of two gaps); not yet booted, the one the harness gives at boot.
 */
export async function heartbeatIntervalsInUse(w: CsWorld): Promise<number[]> {
  const h = w.ocppCsms;
  if (!h.isStarted) return [h.runBootInterval() ?? h.ensureCsmsRole().state.heartbeatInterval]; // a real station keeps its last boot's
  const reported = await reportedInterval(w);
  if (reported <= 0) return [reported];
  const measured = median(await gapsFromNow(w, 'Heartbeat', 3, reported)) / 1000 / w.rig.timeScale;
  return [reported, Math.round(measured * 10) / 10];
}

/** The band of arrival gaps (ms) expectHeartbeatEvery accepts for `seconds` on this rig. */
function acceptedBand(w: CsWorld, seconds: number): [number, number] {
  const period = scaledMs(w, seconds);
  return [period * (1 - RELATIVE_TOLERANCE) - ARRIVAL_JITTER_MS, period * (1 + RELATIVE_TOLERANCE) + ARRIVAL_JITTER_MS];
}

/**
 * Chooses a heartbeat interval the station is not using and remembers it as a scenario variable. Before the
 * boot (one interval known, the harness's own) half of it, or double a short one, as long as its band excludes
 * that interval and holds neither half nor twice its own period; connected, the shared choice over the reported
 * and the measured interval (src/ocpp/heartbeat-choice.ts).
 */
export async function chooseHeartbeatInterval(w: CsWorld, name: string): Promise<number> {
  const inUse = await heartbeatIntervalsInUse(w);
  const band = (s: number) => acceptedBand(w, s);
  const excludes = (c: number, u: number) => {
    const [lo, hi] = band(c);
    const at = scaledMs(w, u);
    return at < lo || at > hi;
  };
  // before the boot the one interval is exact (the harness's own): its band need only exclude it
  const half = inUse.length === 1 && inUse[0] > 0 ? (inUse[0] >= 20 ? Math.round(inUse[0] / 2) : inUse[0] * 2) : undefined;
  const chosen = half !== undefined && excludes(half, inUse[0]) && meaningful(band, half) ? half : chooseInterval(inUse, band);
  w.ocppCsms.vars.set(name, chosen);
  w.trace.note('harness', `heartbeat interval in use ${inUse.length > 1 ? `${inUse[0]} s reported, ${inUse[1]} s measured` : `${inUse[0]} s`}; the scenario sets ${chosen} s`);
  return chosen;
}

/** A scenario variable holding a number of seconds. */
export function secondsVar(w: CsWorld, name: string): number {
  const v = Number(w.ocppCsms.vars.get(name));
  if (!w.ocppCsms.vars.has(name) || !Number.isFinite(v)) throw new EvcError(`variable \${${name}} is not set to a number of seconds`);
  return v;
}

/**
 * The station sends Heartbeat every `seconds` (scaled by the rig): four heartbeats, the median of the three
 * gaps within ±25 % of the period plus an arrival-jitter allowance (a factor-2 error is always outside).
 */
export async function expectHeartbeatEvery(w: CsWorld, seconds: number): Promise<void> {
  const h = w.ocppCsms;
  const period = scaledMs(w, seconds);
  const [lo, hi] = acceptedBand(w, seconds);
  // each within the upper bound + 500 ms; the whole wait within its derived limit (named if it runs out)
  const limit = periodicLimit({ what: 'Heartbeat', count: 4, intervalS: seconds, timeScale: w.rig.timeScale, tolerance: RELATIVE_TOLERANCE, slackMs: ARRIVAL_JITTER_MS + 500 });
  const items = await withinLimit(limit, w.rig, 'Heartbeat', 4, (_n, ms) => h.expectCall('Heartbeat', undefined, ms));
  const gaps = items.slice(1).map((b, i) => Math.round((b.receivedUs - items[i].receivedUs) / 1000));
  const mid = median(gaps);
  if (mid < lo || mid > hi) {
    throw new VerdictError(
      `Heartbeat came every ${mid} ms (median of ${gaps.join(', ')} ms); the interval set is ${seconds} s, ${period} ms on this rig (accepted ${Math.round(Math.max(0, lo))}–${Math.round(hi)} ms)`,
      undefined,
      w.trace.recent(12),
    );
  }
}

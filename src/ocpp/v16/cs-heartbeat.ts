/**
 * Heartbeat-interval checks for an OCPP 1.6 charge point under test (harness = CSMS). A scenario that sets
 * an interval must set one the station is not already using, or a station that heartbeats at a fixed period
 * whatever it is told would pass. The interval is derived from the one in use (read with GetConfiguration
 * when connected, else the one the harness CSMS gives at boot), never fixed in the scenario.
 */
import { EvcError, VerdictError } from '../../core/errors';
import { periodicLimit, withinLimit } from '../../core/limits';
import type { CsWorld } from './cs-states';
import { scaledMs } from './cs-timing';

/** Relative tolerance on the observed period, plus an allowance (ms) for arrival-time jitter. */
const RELATIVE_TOLERANCE = 0.25;
const ARRIVAL_JITTER_MS = 250;

/** The interval the station uses now: its HeartbeatInterval when connected, else what the harness gives at boot. */
export async function heartbeatIntervalInUse(w: CsWorld): Promise<number> {
  const h = w.ocppCsms;
  if (!h.isStarted) return h.runBootInterval() ?? h.ensureCsmsRole().state.heartbeatInterval; // a real station keeps its last boot's
  const outcome = await h.call('GetConfiguration', { key: ['HeartbeatInterval'] });
  const keys = outcome.kind === 'result' ? (outcome.payload.configurationKey as Array<{ key: string; value?: string }> | undefined) : undefined;
  const value = Number(keys?.find((k) => k.key === 'HeartbeatInterval')?.value);
  if (!Number.isFinite(value)) throw new VerdictError('GetConfiguration did not report HeartbeatInterval (a Core key every 1.6 charge point has)', undefined, w.trace.recent(12));
  return value;
}

/**
 * An interval at least a factor 2 away from `inUse` (half of it, or double when it is short), so the
 * tolerance of expectHeartbeatEvery cannot mistake one for the other. 0 (disabled) gives the boot interval.
 */
export function distinctInterval(inUse: number, bootInterval: number): number {
  if (inUse <= 0) return bootInterval > 0 ? bootInterval : 60;
  return inUse >= 20 ? Math.round(inUse / 2) : inUse * 2;
}

/** Chooses a heartbeat interval the station is not using and remembers it as a scenario variable. */
export async function chooseHeartbeatInterval(w: CsWorld, name: string): Promise<number> {
  const inUse = await heartbeatIntervalInUse(w);
  const chosen = distinctInterval(inUse, w.ocppCsms.ensureCsmsRole().state.heartbeatInterval);
  w.ocppCsms.vars.set(name, chosen);
  w.trace.note('harness', `heartbeat interval in use ${inUse} s; the scenario sets ${chosen} s`);
  return chosen;
}

/** A scenario variable holding a number of seconds. */
export function secondsVar(w: CsWorld, name: string): number {
  const v = Number(w.ocppCsms.vars.get(name));
  if (!w.ocppCsms.vars.has(name) || !Number.isFinite(v)) throw new EvcError(`variable \${${name}} is not set to a number of seconds`);
  return v;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The station sends Heartbeat every `seconds` (scaled by the rig): four heartbeats, the median of the three
 * gaps within ±25 % of the period plus an arrival-jitter allowance (a factor-2 error is always outside).
 */
export async function expectHeartbeatEvery(w: CsWorld, seconds: number): Promise<void> {
  const h = w.ocppCsms;
  const period = scaledMs(w, seconds);
  const lo = period * (1 - RELATIVE_TOLERANCE) - ARRIVAL_JITTER_MS;
  const hi = period * (1 + RELATIVE_TOLERANCE) + ARRIVAL_JITTER_MS;
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

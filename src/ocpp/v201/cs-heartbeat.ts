/**
 * Heartbeat interval checks for an OCPP 2.0.1 charging station under test (harness = CSMS) that cannot be
 * passed by a station heartbeating at one fixed interval whatever it is told: the scenario first learns the
 * interval the station is using (OCPPCommCtrlr.HeartbeatInterval as it reports it, and the period it actually
 * heartbeats at), then chooses an interval clearly different from both, and finally measures the period
 * against that choice with a tolerance tight enough to tell the two apart.
 */
import { EvcError, VerdictError } from '../../core/errors';
import { chooseInterval } from '../heartbeat-choice';
import { gapsFromNow, median } from '../periodic';
import { ensureBooted201, getVariable, type Cs201World } from './cs-states';

/** Tolerance of a measured period: this share of the interval, plus the arrival allowance below. */
const RELATIVE_TOLERANCE = 0.25;
/** Arrival-time allowance (ms) for transport latency and timer jitter. */
const ARRIVAL_SLACK_MS = 200;

function scaledMs(w: Cs201World, seconds: number): number {
  return Math.max(1, Math.round(seconds * 1000 * w.rig.timeScale));
}

/** The band of periods (ms) expectHeartbeatEvery accepts for `seconds` on this rig. */
function acceptedBand(w: Cs201World, seconds: number): [number, number] {
  const expected = scaledMs(w, seconds);
  const tolerance = expected * RELATIVE_TOLERANCE + ARRIVAL_SLACK_MS;
  return [expected - tolerance, expected + tolerance];
}

/**
 * Intervals the station uses now: the HeartbeatInterval it reports and the period it heartbeats at (in
 * protocol seconds; the period is measured over two gaps, waiting up to twice the reported interval).
 */
export async function intervalsInUse(w: Cs201World): Promise<{ reported?: number; measured?: number }> {
  await ensureBooted201(w);
  const text = await getVariable(w, 'OCPPCommCtrlr.HeartbeatInterval');
  if (text === undefined) throw new VerdictError('GetVariables OCPPCommCtrlr.HeartbeatInterval was not Accepted: the heartbeat interval (a required variable) cannot be read', undefined, w.trace.recent(6));
  const reported = Number(text);
  if (!Number.isFinite(reported) || reported <= 0) return { reported: undefined, measured: undefined };
  const gaps = await gapsFromNow(w, 'Heartbeat', 3, reported);
  return { reported, measured: (median(gaps) / 1000) / w.rig.timeScale };
}

/** Chooses an interval the station is not using and remembers it as the scenario variable `name`. */
export async function chooseUnusedInterval(w: Cs201World, name: string): Promise<number> {
  const { reported, measured } = await intervalsInUse(w);
  const chosen = chooseInterval([reported ?? NaN, measured ?? NaN], (s) => acceptedBand(w, s));
  w.ocppCsms.vars.set(name, chosen);
  w.ocppCsms.vars.set(`${name}_previous`, Math.max(reported ?? 0, measured ?? 0));
  return chosen;
}

/** The station heartbeats every `${name}` seconds, an interval chosen earlier in the scenario. */
export async function expectHeartbeatEveryChosen(w: Cs201World, name: string): Promise<void> {
  const v = Number(w.ocppCsms.vars.get(name));
  if (!w.ocppCsms.vars.has(name) || !Number.isFinite(v) || v <= 0) throw new EvcError(`\${${name}} is not a heartbeat interval chosen in this scenario`);
  await expectHeartbeatEvery(w, v, Number(w.ocppCsms.vars.get(`${name}_previous`) ?? 0));
}

/**
 * The station heartbeats every `seconds` (median of three gaps within the tolerance). The first Heartbeat may
 * still follow the interval in force before (`previousS`), so it is awaited that long.
 */
export async function expectHeartbeatEvery(w: Cs201World, seconds: number, previousS = 0): Promise<void> {
  const expected = scaledMs(w, seconds);
  const [lo, hi] = acceptedBand(w, seconds);
  const gaps = await gapsFromNow(w, 'Heartbeat', 4, seconds, Math.round(scaledMs(w, previousS) * 1.5 + 1000));
  const mid = median(gaps);
  if (mid < lo || mid > hi) {
    throw new VerdictError(
      `Heartbeat came every ${mid} ms (median of ${gaps.join(', ')} ms); the interval it was given, ${seconds} s, means ${expected} ms on this rig (accepted ${Math.round(lo)}–${Math.round(hi)} ms)`,
      undefined,
      w.trace.recent(12),
    );
  }
}

/**
 * Choosing a heartbeat interval a station under test is not already using, for any OCPP version. A station
 * that heartbeats at one fixed period whatever it is told passes a scenario whose interval happens to lie near
 * that period; so the choice keeps a factor SEPARATION from every interval in use — the one the station reports
 * AND the period it was measured to heartbeat at — and the measured period is then judged with a tolerance
 * (±25 % plus an arrival allowance) narrower than that factor.
 */
import { EvcError } from '../core/errors';

/** Shortest interval chosen (protocol seconds): short enough for a quick scenario, long enough to measure. */
export const MIN_CHOICE_S = 30;
/** A chosen interval differs from every interval in use by at least this factor. */
export const SEPARATION = 2;

/** The band of periods (ms, on the rig) a heartbeat check accepts for an interval of `seconds`; symmetric about the period. */
export type AcceptedBand = (seconds: number) => readonly [number, number];

/**
 * The smallest interval (>= MIN_CHOICE_S) differing by SEPARATION from every interval in use (NaN and <= 0
 * ignored) and, when `band` is given, whose accepted band
 * - does not overlap the band of any interval in use: a period measured under load is off by up to its own
 *   band, and on a compressed rig the arrival allowance widens a short interval's band past a factor 2 (a fixed
 *   60 s station measured at 90 s would otherwise be given 30 s, whose band at timeScale 0.01 holds 60 s);
 * - holds neither half nor twice the chosen period (see meaningful), whatever the station's fixed period is.
 */
export function chooseInterval(inUse: readonly number[], band?: AcceptedBand): number {
  const used = inUse.filter((u) => Number.isFinite(u) && u > 0);
  const candidates = new Set<number>([MIN_CHOICE_S, MIN_CHOICE_S * 2]);
  for (const u of used) for (const f of [1 / 3, 1 / 2.5, 2.5, 3]) candidates.add(Math.round(u * f));
  const apart = (c: number, u: number) => Math.max(c, u) / Math.min(c, u) >= SEPARATION && (!band || bandsApart(band, c, u));
  const fits = (c: number) => c >= MIN_CHOICE_S && (!band || meaningful(band, c)) && used.every((u) => apart(c, u));
  const pick = [...candidates].sort((a, b) => a - b).find(fits);
  if (pick === undefined) throw new EvcError(`no heartbeat interval differs enough from ${used.join(', ')} s`);
  return pick;
}

/**
 * The band of `seconds` holds neither half nor twice its period, so a station off by a factor 2 always fails.
 * On a compressed rig the fixed arrival allowance makes a short interval's band hold everything from 0 ms (at
 * timeScale 0.01 the 1.6 check accepts -25–625 ms for 30 s): such an interval is never chosen.
 */
export function meaningful(band: AcceptedBand, seconds: number): boolean {
  const [lo, hi] = band(seconds);
  const period = (lo + hi) / 2;
  return lo > period / 2 && hi < period * 2;
}

/** The accepted bands of `a` and `b` seconds do not overlap. */
export function bandsApart(band: AcceptedBand, a: number, b: number): boolean {
  const [aLo, aHi] = band(a);
  const [bLo, bHi] = band(b);
  return aHi < bLo || bHi < aLo;
}

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

/**
 * The smallest interval (>= MIN_CHOICE_S) differing by SEPARATION from every interval in use (NaN and <= 0
 * ignored) and, when `excludes` is given, whose accepted band excludes each of them (on a compressed rig the
 * arrival allowance widens a short interval's band past a factor 2).
 */
export function chooseInterval(inUse: readonly number[], excludes: (chosen: number, used: number) => boolean = () => true): number {
  const used = inUse.filter((u) => Number.isFinite(u) && u > 0);
  const candidates = new Set<number>([MIN_CHOICE_S, MIN_CHOICE_S * 2]);
  for (const u of used) for (const f of [1 / 3, 1 / 2.5, 2.5, 3]) candidates.add(Math.round(u * f));
  const fits = (c: number) => c >= MIN_CHOICE_S && used.every((u) => Math.max(c, u) / Math.min(c, u) >= SEPARATION && excludes(c, u));
  const pick = [...candidates].sort((a, b) => a - b).find(fits);
  if (pick === undefined) throw new EvcError(`no heartbeat interval differs enough from ${used.join(', ')} s`);
  return pick;
}

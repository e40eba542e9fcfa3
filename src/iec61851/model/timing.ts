/**
 * Timing verdicts (pure): a measured interval against an Annex A limit (src/iec61851/model/timings.ts gives the
 * limits with their sources). Two kinds: `within` — the event must happen no later than the limit (seq 4
 * power on within 3 s, seq 8.1 power off within 100 ms, seq 10.1 EV stops within 3 s, seq 6 EV follows a duty
 * change within 5 s, T_step_X1); `not-before` — the event must not happen earlier (seq 10.2: the EVSE forces
 * power off no earlier than the EV's reaction time). A measurement's uncertainty (bench: half the instrument
 * round trip) is given to the SUT: only an interval certainly beyond the limit fails.
 */

export type TimingKind = 'within' | 'not-before';

export interface TimingVerdict {
  ok: boolean;
  /** Limit minus measured (within) or measured minus limit (not-before), ms; negative when the limit is broken. */
  marginMs: number;
  /** e.g. `99.9 ms ≤ 100 ms (margin 0.1 ms)` or `100.2 ms > 100 ms (0.2 ms late)`. */
  text: string;
}

const f = (ms: number): string => `${Number(ms.toFixed(3))} ms`;

/** Judges `measuredMs` against `limitMs`. Exactly on the limit passes. */
export function judgeTiming(measuredMs: number, limitMs: number, kind: TimingKind = 'within', uncertaintyMs = 0): TimingVerdict {
  if (!Number.isFinite(measuredMs) || measuredMs < 0) throw new RangeError(`timing verdict: measured interval ${measuredMs} ms is not a duration`);
  if (!Number.isFinite(limitMs) || limitMs < 0) throw new RangeError(`timing verdict: limit ${limitMs} ms is not a duration`);
  const u = Math.max(0, uncertaintyMs);
  const pm = u > 0 ? ` ± ${f(u)}` : '';
  if (kind === 'within') {
    const marginMs = limitMs - measuredMs;
    const ok = marginMs + u >= -1e-9;
    return { ok, marginMs, text: ok ? `${f(measuredMs)}${pm} ≤ ${f(limitMs)} (margin ${f(marginMs)})` : `${f(measuredMs)}${pm} > ${f(limitMs)} (${f(-marginMs)} late)` };
  }
  const marginMs = measuredMs - limitMs;
  const ok = marginMs + u >= -1e-9;
  return { ok, marginMs, text: ok ? `${f(measuredMs)}${pm} ≥ ${f(limitMs)} (margin ${f(marginMs)})` : `${f(measuredMs)}${pm} < ${f(limitMs)} (${f(-marginMs)} early)` };
}

/** Interval between two monoUs stamps in ms (to ≥ from; a negative interval is the caller's clock bug). */
export function intervalMs(fromUs: number, toUs: number): number {
  if (!(toUs >= fromUs)) throw new RangeError(`timing verdict: interval from ${fromUs} µs to ${toUs} µs is negative`);
  return (toUs - fromUs) / 1000;
}

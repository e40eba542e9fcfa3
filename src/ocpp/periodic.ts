/**
 * Periodic and clock-aligned timing of messages from the SUT, in protocol seconds, for any OCPP version: the
 * rig's timeScale turns them into wall-clock time (reference rig: 60 s → 600 ms).
 *
 * Where the messages carry the SUT's own timestamps (timestamp, meterValue[].timestamp) the intervals are
 * measured on its clock, so transport latency does not blur them; otherwise on the arrival times, with a larger
 * allowance for latency. Periodic messages are judged by the median of several gaps (one late delivery does not
 * fail a scenario). Bounds: half to one and a half times the interval, plus the allowance — enough to catch an
 * interval that is ignored or doubled.
 */
import { VerdictError } from '../core/errors';
import type { InboxItem } from '../core/expect';
import { type BackstopSource, periodicLimit, withinLimit } from '../core/limits';
import type { Trace } from '../core/trace';
import type { CsmsSideContext } from './side-context';
import type { Payload } from './session';

/** What the timing checks need from the World. */
export interface TimingWorld {
  /** Timed messages come from a station under test (the harness plays the CSMS). */
  ocppCsms: Pick<CsmsSideContext, 'expectCall'>;
  trace: Trace;
  rig: BackstopSource;
}

/** Allowance (ms) when measuring on the station's clock: timer jitter only. */
const STATION_CLOCK_SLACK = { lo: 50, hi: 150 };
/** Allowance (ms) when measuring arrival times: transport latency under load (compression, busy CPU). */
const ARRIVAL_SLACK = { lo: 150, hi: 1000 };

export function scaledMs(w: TimingWorld, seconds: number): number {
  return Math.max(1, Math.round(seconds * 1000 * w.rig.timeScale));
}

/** When the station says it produced the message (ms), if it says so. */
export function stationTime(item: InboxItem<Payload>): number | undefined {
  const p = item.payload;
  const mv = (p.meterValue as Array<{ timestamp?: unknown }> | undefined)?.[0]?.timestamp;
  const ts = typeof p.timestamp === 'string' ? p.timestamp : typeof mv === 'string' ? mv : undefined;
  const t = ts === undefined ? NaN : Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/** Interval between two messages: on the station's clock when both carry a timestamp, else by arrival. */
export function gapOf(a: InboxItem<Payload>, b: InboxItem<Payload>): { ms: number; clock: 'station' | 'arrival' } {
  const ta = stationTime(a);
  const tb = stationTime(b);
  if (ta !== undefined && tb !== undefined) return { ms: tb - ta, clock: 'station' };
  return { ms: Math.round((b.receivedUs - a.receivedUs) / 1000), clock: 'arrival' };
}

export function bounds(w: TimingWorld, seconds: number, clock: 'station' | 'arrival'): { lo: number; hi: number } {
  const s = scaledMs(w, seconds);
  const slack = clock === 'station' ? STATION_CLOCK_SLACK : ARRIVAL_SLACK;
  return { lo: Math.max(0, s * 0.5 - slack.lo), hi: s * 1.5 + slack.hi };
}

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `count` consecutive `action` calls that arrived after this call, `seconds` apart (each within twice the interval
 * + 1 s, the first within `firstWaitMs` if longer; the whole wait within the derived limit, named if it runs out),
 * skipping those that arrived before (sent at the interval in force before); the arrival gaps in ms.
 */
export async function gapsFromNow(w: TimingWorld, action: string, count: number, seconds: number, firstWaitMs = 0): Promise<number[]> {
  const sinceUs = w.trace.nowUs();
  const limit = periodicLimit({ what: action, count, intervalS: seconds, timeScale: w.rig.timeScale, tolerance: 1, slackMs: 1000, firstWaitMs });
  const items = await withinLimit(limit, w.rig, action, count, async (_n, ms) => {
    for (;;) {
      const item: InboxItem<Payload> = await w.ocppCsms.expectCall(action, undefined, ms);
      if (item.receivedUs >= sinceUs) return item;
    }
  });
  return items.slice(1).map((b, i) => Math.round((b.receivedUs - items[i].receivedUs) / 1000));
}

/**
 * The station sends `action` (matching `partial`) periodically every `seconds`: `gaps + 1` messages, the
 * median gap within bounds.
 */
export async function expectPeriodic(w: TimingWorld, action: string, partial: unknown, seconds: number, gaps = 3): Promise<void> {
  const h = w.ocppCsms;
  // each within the arrival bound + 500 ms (1.5 × interval + 1.5 s); the whole wait within its derived limit
  const limit = periodicLimit({ what: action, count: gaps + 1, intervalS: seconds, timeScale: w.rig.timeScale, tolerance: 0.5, slackMs: ARRIVAL_SLACK.hi + 500 });
  const items = await withinLimit(limit, w.rig, action, gaps + 1, (_n, ms) => h.expectCall(action, partial, ms));
  const measured = items.slice(1).map((b, i) => gapOf(items[i], b));
  const clock = measured.every((g) => g.clock === 'station') ? 'station' : 'arrival';
  const { lo, hi } = bounds(w, seconds, clock);
  const mid = median(measured.map((g) => g.ms));
  if (mid < lo || mid > hi) {
    throw new VerdictError(
      `${action} came every ${mid} ms (median of ${measured.map((g) => g.ms).join(', ')} ms, ${clock} clock); an interval of ${seconds} s means ${scaledMs(w, seconds)} ms on this rig (accepted ${Math.round(lo)}–${Math.round(hi)} ms)`,
      undefined,
      w.trace.recent(12),
    );
  }
}

/**
 * Clock-aligned samples: three `action`s, one interval apart, whose first meterValue timestamps lie on the grid
 * of multiples of the interval. Judged on the median distance from the grid (one late timer does not fail the
 * scenario), tolerance 15 % of the interval but at least 150 ms (timer lateness on a busy host).
 */
export async function expectClockAligned(w: TimingWorld, action: string, partial: unknown, seconds: number): Promise<void> {
  const h = w.ocppCsms;
  const period = scaledMs(w, seconds);
  const tol = Math.max(150, period * 0.15);
  const limit = periodicLimit({ what: action, count: 3, intervalS: seconds, timeScale: w.rig.timeScale, tolerance: 0.5, slackMs: ARRIVAL_SLACK.hi + 500 });
  const times = await withinLimit(limit, w.rig, action, 3, async (_n, ms) => {
    const t = stationTime(await h.expectCall(action, partial, ms));
    if (t === undefined) throw new VerdictError(`${action} has no meterValue timestamp`, undefined, w.trace.recent(12));
    return t;
  });
  const dists = times.map((t) => Math.min(t % period, period - (t % period)));
  if (median(dists) > tol) {
    throw new VerdictError(
      `${action} meterValue timestamps ${times.map((t) => new Date(t).toISOString()).join(', ')} are ${dists.map(Math.round).join(', ')} ms off the ${seconds} s clock grid (${period} ms on this rig, median tolerance ${Math.round(tol)} ms)`,
      undefined,
      w.trace.recent(12),
    );
  }
  const steps = times.slice(1).map((t, i) => Math.round((t - times[i]) / period));
  if (steps.some((s) => s !== 1)) {
    throw new VerdictError(`clock-aligned ${action} skipped grid points: consecutive samples ${steps.join(', ')} intervals apart (expected 1)`, undefined, w.trace.recent(12));
  }
}

/**
 * Wait limits derived from what a wait is for, and the step backstop derived from the rig.
 *
 * Every protocol wait has its own bound: a response within the configured response time, a message the SUT
 * sends on its own within `timeouts.ocpp.expect`, and n periodic messages within n × interval × timeScale plus
 * a tolerance (periodicLimit). Cucumber's step timeout is only a backstop above all of them (stepBackstopMs):
 * derived from the rig's time scale and configured timeouts so that no correct wait is cut short (a real-time
 * charger heartbeating every 60 s needs minutes for four heartbeats), yet finite, so nothing hangs. A wait whose
 * own limit would not fit under the backstop fails at once, naming both (checkBackstop); a wait that runs out
 * names the limit it ran out of (withinLimit).
 */
import { scaledMs } from './config';
import { WaitTimeoutError } from './errors';

/** n messages expected one interval apart. */
export interface PeriodicSpec {
  /** What is awaited, singular (e.g. "Heartbeat"). */
  what: string;
  count: number;
  /** Protocol interval in seconds. */
  intervalS: number;
  timeScale: number;
  /** Share of the (scaled) interval one message may be late by (0.25 = 25 %). */
  tolerance: number;
  /** Wall-clock allowance per message (ms): transport latency, timer jitter. */
  slackMs: number;
  /** The first message may take this long instead (ms), e.g. while a previous interval is still in force. */
  firstWaitMs?: number;
}

export interface WaitLimit {
  /** Bound of each message after the first (ms). */
  perMessageMs: number;
  /** Bound of the first message (ms). */
  firstWaitMs: number;
  /** Bound of the whole wait (ms). */
  totalMs: number;
  /** The limit in words, e.g. "4 Heartbeats every 60 s (± 25 % + 750 ms each) need up to 303 s". */
  text: string;
}

/** "303 s", "1.5 s", "120 ms", "2 h 05 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 3600) return `${Math.round(s)} s`;
  const m = Math.round(s / 60);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The limit of a wait for `count` periodic messages: n × interval × timeScale plus the tolerance of each. */
export function periodicLimit(s: PeriodicSpec): WaitLimit {
  const period = scaledMs(s.intervalS, s.timeScale);
  const perMessageMs = Math.round(period * (1 + s.tolerance) + s.slackMs);
  const firstWaitMs = Math.max(perMessageMs, Math.round(s.firstWaitMs ?? 0));
  const totalMs = firstWaitMs + (s.count - 1) * perMessageMs;
  const scale = s.timeScale === 1 ? '' : ` (${formatDuration(period)} at timeScale ${s.timeScale})`;
  const text = `${s.count} ${s.what}s every ${s.intervalS} s${scale} (± ${Math.round(s.tolerance * 100)} % + ${s.slackMs} ms each) need up to ${formatDuration(totalMs)}`;
  return { perMessageMs, firstWaitMs, totalMs, text };
}

/** The longest protocol interval (s) a catalogue wait follows without failing at once (e.g. a 1.6 heartbeat interval chosen as half of a 3600 s one). */
export const LONGEST_FOLLOWED_INTERVAL_S = 1800;
/** The backstop never goes below this (ms): the reference rig's compressed waits are all far shorter. */
export const BACKSTOP_FLOOR_MS = 120_000;

/** What the backstop is derived from: the rig's time scale and its configured timeouts. */
export interface BackstopSource {
  timeScale: number;
  timeouts?: { toJSON(): Record<string, Record<string, number>> } | Record<string, Record<string, number>>;
}

function timeoutTable(src: BackstopSource): Record<string, Record<string, number>> {
  const t = src.timeouts;
  if (!t) return {};
  return typeof (t as { toJSON?: unknown }).toJSON === 'function' ? (t as { toJSON(): Record<string, Record<string, number>> }).toJSON() : (t as Record<string, Record<string, number>>);
}

/**
 * Cucumber's step (and hook) timeout for a rig, in ms: `timeouts.steps.backstop` when the rig sets it, else
 * the longest periodic wait the catalogue may make at the rig's time scale (five messages, each up to 1.5 ×
 * LONGEST_FOLLOWED_INTERVAL_S) plus twice the longest configured timeout, and at least BACKSTOP_FLOOR_MS.
 * Reference rig (timeScale 0.01): a few minutes; a real-time rig: about 4 h — a backstop only.
 */
export function stepBackstopMs(src: BackstopSource): number {
  const table = timeoutTable(src);
  const explicit = table.steps?.backstop;
  if (explicit !== undefined) return explicit;
  const configured = Object.entries(table)
    .filter(([proto]) => proto !== 'steps')
    .flatMap(([, v]) => Object.values(v))
    .reduce((a, b) => Math.max(a, b), 0);
  const periodic = periodicLimit({ what: 'message', count: 5, intervalS: LONGEST_FOLLOWED_INTERVAL_S, timeScale: src.timeScale, tolerance: 0.5, slackMs: 1000 }).totalMs;
  return Math.max(BACKSTOP_FLOOR_MS, periodic + 2 * configured);
}

/** A wait whose own limit exceeds what the rig allows, or that ran out of its limit. */
export class WaitLimitError extends WaitTimeoutError {}

/** Fails at once when a wait's limit cannot fit under the step backstop (the step would be cut short). */
export function checkBackstop(limit: WaitLimit, src: BackstopSource): void {
  const backstop = stepBackstopMs(src);
  if (limit.totalMs > backstop) {
    throw new WaitLimitError(
      `${limit.text}, more than the step backstop of ${formatDuration(backstop)} on this rig (timeScale ${src.timeScale}): raise timeouts.steps.backstop (ms) in the rig to wait that long`,
    );
  }
}

/**
 * Runs a wait of `count` messages under `limit` (after checkBackstop): a message that does not come within its
 * bound fails naming the whole limit and which message ran out.
 */
export async function withinLimit<T>(limit: WaitLimit, src: BackstopSource, what: string, count: number, take: (n: number, waitMs: number) => Promise<T>): Promise<T[]> {
  checkBackstop(limit, src);
  const out: T[] = [];
  for (let n = 0; n < count; n++) {
    const waitMs = n === 0 ? limit.firstWaitMs : limit.perMessageMs;
    try {
      out.push(await take(n, waitMs));
    } catch (e) {
      if (!(e instanceof WaitTimeoutError) || e instanceof WaitLimitError) throw e;
      throw new WaitLimitError(`${limit.text}; ${what} ${n + 1} of ${count} did not come within ${formatDuration(waitMs)} — ${e.headline}`, e.diff, e.frames);
    }
  }
  return out;
}

/**
 * The cyclic side of CHAdeMO: every frame is repeated at a fixed period (100 ms; on the reference rig scaled by
 * the rig's chademo.timeScale, the caller passes the scaled period).
 *
 * CyclicSender: one timer per side sends every frame that is set, in id order, once per round, on the real
 * channel. Rounds are scheduled one period after the previous round's due time (a timer's small lateness does
 * not accumulate); a round more than half a period late restarts the schedule from its own send time (one
 * long interval, no short catch-up interval after it). It measures its own
 * period (interval between successive rounds, taken from send()'s transmit stamps on the one monotonic clock,
 * src/core/clock.ts) and its jitter (|interval − period|): stats().
 *
 * CycleMonitor: per-id period statistics of received frames from CanFrame.tUs (monotonic µs stamped when the
 * frame reached JavaScript), the last decoded message of each id, and listeners for decoded and malformed
 * frames (ChademoFrameError: wrong DLC, unknown id in the CHAdeMO range, out-of-range values).
 */
import { monoUs } from '../../core/clock';
import type { Trace } from '../../core/trace';
import type { CanChannel } from '../../transport/can/channel';
import type { CanFrame } from '../../transport/can/frame';
import { CHADEMO_ID, type ChademoFrameName, type ChademoMessage, type ChademoVersion, inChademoRange } from '../types';
import { ChademoFrameError, decodeChademo, encodeChademo } from './codec';

/** p50/p99/max of a sample (ms), count = sample size. */
export interface CycleStats {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  minMs: number;
  count: number;
}

/** Percentiles (nearest rank) of µs samples, in ms. An empty sample gives zeros with count 0. */
export function cycleStats(samplesUs: readonly number[]): CycleStats {
  if (samplesUs.length === 0) return { p50Ms: 0, p99Ms: 0, maxMs: 0, minMs: 0, count: 0 };
  const s = [...samplesUs].sort((a, b) => a - b);
  const rank = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  const ms = (us: number) => Math.round(us) / 1000;
  return { p50Ms: ms(rank(0.5)), p99Ms: ms(rank(0.99)), maxMs: ms(s[s.length - 1]), minMs: ms(s[0]), count: s.length };
}

/** One line for a report: `period p50 100.1 ms, p99 101.3 ms, max 102.0 ms (n=14)`. */
export function formatCycleStats(label: string, s: CycleStats): string {
  return `${label} p50 ${s.p50Ms.toFixed(1)} ms, p99 ${s.p99Ms.toFixed(1)} ms, max ${s.maxMs.toFixed(1)} ms (n=${s.count})`;
}

/** Samples kept per series (a long charge at 100 ms: 10 minutes); older ones are dropped. */
const MAX_SAMPLES = 6000;
function push(a: number[], v: number): void {
  a.push(v);
  if (a.length > MAX_SAMPLES) a.splice(0, a.length - MAX_SAMPLES);
}

/** A round later than this fraction of the period restarts the schedule (see tick()). */
const LATE_FRACTION = 0.5;

export class CyclicSender {
  private readonly frames = new Map<ChademoFrameName, CanFrame>();
  private readonly skips = new Map<ChademoFrameName, number>();
  private timer: NodeJS.Timeout | undefined;
  /** When the current round is due (monotonic µs). */
  private dueUs = 0;
  private lastRoundUs: number | undefined;
  private readonly intervalsUs: number[] = [];
  private readonly jitterUs: number[] = [];
  private jitterFraction = 0;
  private stopped = false;
  /** Send failures (the channel refused a frame): counted and noted in the trace, the rounds go on. */
  sendErrors = 0;
  lastError: Error | undefined;

  constructor(
    private readonly channel: CanChannel,
    private periodMs: number,
    private readonly trace?: Trace,
  ) {
    if (!(periodMs > 0)) throw new RangeError(`CyclicSender: period must be > 0 ms, got ${periodMs}`);
  }

  /** Sets (or replaces) the content of one cyclic frame; it goes out from the next round. Starts the rounds. */
  set(msg: ChademoMessage, version: ChademoVersion): void {
    if (this.stopped) return;
    this.frames.set(msg.name, encodeChademo(msg, version));
    this.start();
  }

  /** Sends raw bytes under a CHAdeMO id cyclically (a reference SUT's malformed-frame fault). */
  setRaw(name: ChademoFrameName, frame: CanFrame): void {
    if (this.stopped) return;
    this.frames.set(name, frame);
    this.start();
  }

  /** Stops sending one frame. */
  remove(name: ChademoFrameName): void {
    this.frames.delete(name);
  }

  has(name: ChademoFrameName): boolean {
    return this.frames.has(name);
  }

  /** Leaves one frame out of the next `rounds` rounds (a gap in its cycle). */
  skip(name: ChademoFrameName, rounds: number): void {
    this.skips.set(name, rounds);
  }

  /** Each round's delay varies by up to ± fraction × period (uniformly); 0 (default) = on schedule. */
  setJitter(fraction: number): void {
    this.jitterFraction = Math.max(0, Math.min(0.95, fraction));
  }

  get period(): number {
    return this.periodMs;
  }

  /** Stops every frame and the timer. Idempotent. */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.frames.clear();
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Period (interval between successive rounds) and jitter (|interval − period|) measured so far. */
  stats(): CycleStats & { jitter: CycleStats; periodMs: number } {
    return { ...cycleStats(this.intervalsUs), jitter: cycleStats(this.jitterUs), periodMs: this.periodMs };
  }

  private start(): void {
    if (this.timer || this.stopped) return;
    this.dueUs = monoUs();
    this.lastRoundUs = undefined;
    // The first round after the current task: every set() of this task goes out together.
    this.timer = setTimeout(() => this.tick(), 0);
  }

  private tick(): void {
    if (this.stopped) return;
    if (this.frames.size === 0) {
      this.timer = undefined;
      return;
    }
    let first: number | undefined;
    const ids = [...this.frames.entries()].sort((a, b) => a[1].id - b[1].id);
    for (const [name, frame] of ids) {
      const left = this.skips.get(name);
      if (left !== undefined && left > 0) {
        this.skips.set(name, left - 1);
        continue;
      }
      try {
        const t = this.channel.send(frame);
        first ??= t;
      } catch (e) {
        this.sendErrors++;
        this.lastError = e as Error;
        this.trace?.record({ dir: 'note', protocol: 'chademo', channel: this.channel.name, raw: `send failed: ${(e as Error).message}` });
      }
    }
    const now = first ?? monoUs();
    if (this.lastRoundUs !== undefined) {
      const d = now - this.lastRoundUs;
      push(this.intervalsUs, d);
      push(this.jitterUs, Math.abs(d - this.periodMs * 1000));
    }
    this.lastRoundUs = now;
    const periodUs = this.periodMs * 1000;
    // On schedule (a timer firing a little late does not drift the rounds); a round more than LATE_FRACTION of
    // a period late restarts the schedule from its own send time: one long interval, never a short catch-up one.
    this.dueUs = now - this.dueUs > LATE_FRACTION * periodUs ? now + periodUs : this.dueUs + periodUs;
    const due = this.dueUs;
    const after = monoUs();
    const jitter = this.jitterFraction > 0 ? (Math.random() * 2 - 1) * this.jitterFraction * periodUs : 0;
    const delayMs = Math.max(0, (due + jitter - after) / 1000);
    this.timer = setTimeout(() => this.tick(), delayMs);
  }
}

/** The decoded value of each frame name. */
export type ChademoValues = { [M in ChademoMessage as M['name']]: M['value'] };

export type ChademoMessageListener = (msg: ChademoMessage, frame: CanFrame) => void;
export type ChademoMalformedListener = (error: ChademoFrameError, frame: CanFrame) => void;

/** Per-id reception record. */
interface IdRecord {
  lastUs: number;
  firstUs: number;
  count: number;
  intervalsUs: number[];
}

export class CycleMonitor {
  private readonly ids = new Map<number, IdRecord>();
  private readonly last = new Map<ChademoFrameName, ChademoMessage>();
  private readonly listeners = new Set<ChademoMessageListener>();
  private readonly malformedListeners = new Set<ChademoMalformedListener>();
  private readonly unsubscribe: () => void;
  /** Every malformed frame seen (bounded), with its error. */
  readonly malformed: { error: ChademoFrameError; frame: CanFrame }[] = [];
  private version: ChademoVersion;

  /** `version` decides the version-dependent fields (default 2.0, every field); setVersion() changes it. */
  constructor(
    readonly channel: CanChannel,
    opts: { version?: ChademoVersion } = {},
  ) {
    this.version = opts.version ?? '2.0';
    this.unsubscribe = channel.onFrame((f) => this.receive(f));
  }

  setVersion(v: ChademoVersion): void {
    this.version = v;
  }

  /** Period statistics of the frames received with this id (intervals between successive arrivals). */
  periodStats(id: number | ChademoFrameName): CycleStats {
    return cycleStats(this.ids.get(idOf(id))?.intervalsUs ?? []);
  }

  /** Monotonic µs of the last frame with this id, undefined if none came. */
  lastSeen(id: number | ChademoFrameName): number | undefined {
    return this.ids.get(idOf(id))?.lastUs;
  }

  firstSeen(id: number | ChademoFrameName): number | undefined {
    return this.ids.get(idOf(id))?.firstUs;
  }

  count(id: number | ChademoFrameName): number {
    return this.ids.get(idOf(id))?.count ?? 0;
  }

  /** The last well-formed message of a kind, if any came. */
  latest<N extends ChademoFrameName>(name: N): ChademoValues[N] | undefined {
    return this.last.get(name)?.value as ChademoValues[N] | undefined;
  }

  /** Monotonic µs of the last frame of any CHAdeMO id (undefined before the first). */
  lastAny(): number | undefined {
    let best: number | undefined;
    for (const r of this.ids.values()) if (best === undefined || r.lastUs > best) best = r.lastUs;
    return best;
  }

  onMessage(listener: ChademoMessageListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onMalformed(listener: ChademoMalformedListener): () => void {
    this.malformedListeners.add(listener);
    return () => this.malformedListeners.delete(listener);
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
    this.malformedListeners.clear();
  }

  private receive(frame: CanFrame): void {
    if (frame.ext || !inChademoRange(frame.id)) return;
    const t = frame.tUs ?? monoUs();
    let r = this.ids.get(frame.id);
    if (!r) {
      r = { lastUs: t, firstUs: t, count: 0, intervalsUs: [] };
      this.ids.set(frame.id, r);
    } else {
      push(r.intervalsUs, t - r.lastUs);
      r.lastUs = t;
    }
    r.count++;
    let msg: ChademoMessage;
    try {
      msg = decodeChademo(frame, this.version);
    } catch (e) {
      if (!(e instanceof ChademoFrameError)) throw e;
      if (this.malformed.length < 1000) this.malformed.push({ error: e, frame });
      for (const l of [...this.malformedListeners]) l(e, frame);
      return;
    }
    this.last.set(msg.name, msg);
    for (const l of [...this.listeners]) l(msg, frame);
  }
}

function idOf(id: number | ChademoFrameName): number {
  return typeof id === 'number' ? id : CHADEMO_ID[id];
}

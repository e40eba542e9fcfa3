/**
 * Plumbing both reference CHAdeMO SUTs use (no harness code): scaled limits, timers and waits that all die with
 * the SUT, and their own 100 ms cyclic sender (a reference needs to skip, jitter, flood and malform its frames
 * on purpose, which the harness's CyclicSender exists to avoid).
 */
import { EvcError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import { encodeChademo } from '../../chademo/framing/codec';
import { CHADEMO_LIMITS, type ChademoLimitName, type ChademoMessage, type ChademoVersion } from '../../chademo/types';
import type { CanChannel } from '../../transport/can/channel';
import type { CanFrame } from '../../transport/can/frame';

export type Limits = Record<ChademoLimitName, number>;

/** CHADEMO_LIMITS with every *Ms value (the cycle period too) × scale. */
export function scaledLimits(scale: number): Limits {
  const out = {} as Limits;
  for (const [k, l] of Object.entries(CHADEMO_LIMITS) as [ChademoLimitName, { value: number }][]) {
    out[k] = k.endsWith('Ms') && k !== 'cycleToleranceMs' ? l.value * scale : l.value;
  }
  return out;
}

export function checkFaults(who: string, faults: ReadonlySet<string>, known: Record<string, string>): Set<string> {
  const bad = [...faults].filter((f) => !(f in known));
  if (bad.length > 0) throw new EvcError(`reference CHAdeMO ${who}: unknown fault(s) ${bad.join(', ')} (known: ${Object.keys(known).join(', ')})`);
  return new Set(faults);
}

/** Milliseconds on the process's monotonic clock. */
export const nowMs = (): number => performance.now();

interface Wait {
  pred: () => boolean;
  done: (ok: boolean) => void;
}

/**
 * Timers and waits of one SUT. `until` resolves true as soon as its predicate holds (checked on every poke()),
 * false when its time runs out or the runtime is killed; kill() clears everything (nothing keeps node alive).
 */
export class Runtime {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly waits = new Set<Wait>();
  dead = false;

  constructor(
    private readonly who: string,
    private readonly trace?: Trace,
  ) {}

  after(ms: number, fn: () => void): () => void {
    if (this.dead) return () => undefined;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.dead) fn();
    }, Math.max(0, Math.round(ms)));
    this.timers.add(t);
    return () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
  }

  every(ms: number, fn: () => void): () => void {
    if (this.dead) return () => undefined;
    const t = setInterval(() => {
      if (!this.dead) fn();
    }, Math.max(1, Math.round(ms)));
    this.timers.add(t);
    return () => {
      clearInterval(t);
      this.timers.delete(t);
    };
  }

  sleep(ms: number): Promise<void> {
    return this.until(() => false, ms).then(() => undefined);
  }

  /** True when pred holds within ms (Infinity: no limit), false on timeout or kill. */
  until(pred: () => boolean, ms: number): Promise<boolean> {
    if (this.dead) return Promise.resolve(false);
    if (pred()) return Promise.resolve(true);
    return new Promise((resolve) => {
      let cancel: () => void = () => undefined;
      const w: Wait = {
        pred,
        done: (ok) => {
          this.waits.delete(w);
          cancel();
          resolve(ok);
        },
      };
      this.waits.add(w);
      if (Number.isFinite(ms)) cancel = this.after(ms, () => w.done(false));
    });
  }

  /** Re-checks every pending wait (after a frame, a line change, a tick). */
  poke(): void {
    for (const w of [...this.waits]) if (w.pred()) w.done(true);
  }

  note(summary: string): void {
    this.trace?.note('chademo', `reference ${this.who}: ${summary}`);
  }

  kill(): void {
    this.dead = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const w of [...this.waits]) w.done(false);
  }
}

/** One frame to send: a message (encoded for its version) or raw bytes. */
export type Outgoing = { msg: ChademoMessage; version: ChademoVersion } | { frame: CanFrame };

export function encodeOut(o: Outgoing): CanFrame {
  return 'frame' in o ? o.frame : encodeChademo(o.msg, o.version);
}

/**
 * Sends what `build` returns every period, drift-free (cycle n is due at start + n × period; a round more than
 * 10 % of a period late restarts the rhythm from its own time); with `jitter` the periods alternate 1.45 and
 * 0.55 × period. A refused send is noted once and the cycle goes on.
 */
export class Cycle {
  private cancel: (() => void) | undefined;
  private n = 0;
  private dueMs = 0;
  private refused = false;
  /** Every frame of the last cycle, by id (a flooder repeats one). */
  readonly last = new Map<number, CanFrame>();

  constructor(
    private readonly rt: Runtime,
    private readonly can: CanChannel,
    private readonly periodMs: number,
    private readonly jitter: boolean,
    private readonly build: (cycle: number) => Outgoing[],
  ) {}

  get running(): boolean {
    return this.cancel !== undefined;
  }

  start(): void {
    if (this.cancel) return;
    this.n = 0;
    this.dueMs = nowMs();
    this.fire();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  send(frame: CanFrame): void {
    if (this.can.closed) return;
    try {
      this.can.send(frame);
    } catch (e) {
      if (!this.refused) this.rt.note(`send refused: ${(e as Error).message}`);
      this.refused = true;
    }
  }

  private fire(): void {
    const n = this.n++;
    // a round more than 10 % of a period late (a stall of the shared process) restarts the rhythm from now:
    // one long interval, never a short catch-up one
    const now = nowMs();
    if (now - this.dueMs > 0.1 * this.periodMs) this.dueMs = now;
    for (const o of this.build(n)) {
      let f: CanFrame;
      try {
        f = encodeOut(o);
      } catch (e) {
        this.rt.note(`cannot encode: ${(e as Error).message}`);
        continue;
      }
      this.last.set(f.id, f);
      this.send(f);
    }
    const factor = this.jitter ? (n % 2 === 0 ? 1.45 : 0.55) : 1;
    this.dueMs += this.periodMs * factor;
    this.cancel = this.rt.after(Math.max(0, this.dueMs - nowMs()), () => this.fire());
  }
}

/** A copy of a frame with its data cut to `len` bytes (a malformed-DLC fault). */
export function truncated(f: CanFrame, len: number): CanFrame {
  return { id: f.id, data: f.data.slice(0, len) };
}

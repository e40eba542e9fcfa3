/**
 * Time source for the ISO-TP state machines. The real clock keeps sub-millisecond STmin (100–900 µs) by
 * finishing short waits on setImmediate; the fake clock lets unit tests step time explicitly.
 */
import { availableParallelism } from 'node:os';
import { monoUs } from '../transport/can/frame';

export interface IsoTpClock {
  /** Monotonic microseconds. */
  nowUs(): number;
  /** Runs fn once after delayUs (≥ 0). Returns a cancel function. */
  after(delayUs: number, fn: () => void): () => void;
}

/** Spinning on setImmediate below this many µs before the deadline; setTimeout before. */
const SPIN_US = 1500;

/**
 * Spinning keeps sub-millisecond STmin exact but holds the CPU: on a single CPU (user-mode Linux has one)
 * it starves the socketcan addon's receive thread, so there waits use timers only (rounded up to whole ms,
 * which still honours STmin as a minimum). EVC_CLOCK_SPIN=1/0 overrides.
 */
const SPIN = process.env.EVC_CLOCK_SPIN !== undefined ? process.env.EVC_CLOCK_SPIN === '1' : availableParallelism() > 1;

export const realClock: IsoTpClock = {
  nowUs: monoUs,
  after(delayUs: number, fn: () => void): () => void {
    const deadline = monoUs() + Math.max(0, delayUs);
    let timer: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;
    let cancelled = false;
    const spin = () => {
      immediate = undefined;
      if (cancelled) return;
      if (monoUs() >= deadline) fn();
      else immediate = setImmediate(spin);
    };
    const remaining = deadline - monoUs();
    if (!SPIN) {
      // libuv timers run on a cached millisecond loop time and may fire early: re-check against the deadline.
      const tick = () => {
        timer = undefined;
        if (cancelled) return;
        const left = deadline - monoUs();
        if (left <= 0) fn();
        else timer = setTimeout(tick, Math.max(1, Math.ceil(left / 1000)));
      };
      if (remaining <= 0) immediate = setImmediate(tick);
      else timer = setTimeout(tick, Math.ceil(remaining / 1000));
    } else if (remaining > SPIN_US) {
      timer = setTimeout(() => {
        timer = undefined;
        spin();
      }, Math.floor((remaining - SPIN_US) / 1000));
    } else {
      immediate = setImmediate(spin);
    }
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      if (immediate) clearImmediate(immediate);
    };
  },
};

interface FakeTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** A manual clock: nothing happens until advance()/runUntilIdle() is called. */
export class FakeClock implements IsoTpClock {
  private now: number;
  private seq = 0;
  private timers: FakeTimer[] = [];

  constructor(startUs = 1_000_000) {
    this.now = startUs;
  }

  nowUs(): number {
    return this.now;
  }

  after(delayUs: number, fn: () => void): () => void {
    const t: FakeTimer = { at: this.now + Math.max(0, delayUs), seq: this.seq++, fn, cancelled: false };
    this.timers.push(t);
    return () => {
      t.cancelled = true;
    };
  }

  /** Pending (not cancelled) timers. */
  get pending(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `us`, firing due timers in time order (timers they add fire too if due). */
  advance(us: number): void {
    const end = this.now + us;
    for (;;) {
      const next = this.nextDue(end);
      if (!next) break;
      this.now = Math.max(this.now, next.at);
      next.cancelled = true;
      next.fn();
    }
    this.now = end;
  }

  /** Fires every timer, jumping time, until none is left or `limitUs` of time has passed. */
  runUntilIdle(limitUs = 600_000_000): void {
    const end = this.now + limitUs;
    for (;;) {
      const next = this.nextDue(end);
      if (!next) return;
      this.now = Math.max(this.now, next.at);
      next.cancelled = true;
      next.fn();
    }
  }

  private nextDue(end: number): FakeTimer | undefined {
    this.timers = this.timers.filter((t) => !t.cancelled);
    let best: FakeTimer | undefined;
    for (const t of this.timers) {
      if (t.at > end) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  }
}

/**
 * What the harness EV saw of the charger, in arrival order: decoded CHAdeMO frames and digital-line changes,
 * each with its monotonic µs stamp. Waits are bounded (a timeout resolves undefined, the caller names the
 * limit); a rule the continuous judge broke rejects every pending wait at once, so a step fails with the
 * judge's verdict instead of waiting out its bound.
 */
import type { CanFrame } from '../../transport/can/frame';
import type { ChademoMessage, LineChange } from '../types';

export type Seen = { tUs: number; kind: 'frame'; msg: ChademoMessage; frame: CanFrame } | { tUs: number; kind: 'line'; change: LineChange };

interface Waiter {
  pred: (s: Seen) => boolean;
  resolve: (s: Seen | undefined) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/** Items kept (a flooding charger sends ~1000 frames a second; the judge has already seen every one). */
const KEEP = 20000;

export class SeenLog {
  private readonly items: Seen[] = [];
  private readonly waiters = new Set<Waiter>();
  private failure: Error | undefined;
  private readonly listeners = new Set<(s: Seen) => void>();

  /** Called with every item after the waits saw it. Returns an unsubscribe function. */
  subscribe(listener: (s: Seen) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  push(s: Seen): void {
    this.items.push(s);
    if (this.items.length > KEEP) this.items.splice(0, this.items.length - KEEP);
    for (const w of [...this.waiters]) {
      if (w.pred(s)) this.settle(w, () => w.resolve(s));
    }
    for (const l of [...this.listeners]) l(s);
  }

  /** The first rule the charger broke: every pending and later wait rejects with it. */
  fail(e: Error): void {
    this.failure ??= e;
    for (const w of [...this.waiters]) this.settle(w, () => w.reject(e));
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  /** The first item at or after `sinceUs` matching `pred`, waiting at most `timeoutMs` for it (undefined then). */
  first(pred: (s: Seen) => boolean, sinceUs: number, timeoutMs: number): Promise<Seen | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    const hit = this.items.find((s) => s.tUs >= sinceUs && pred(s));
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve, reject) => {
      const w: Waiter = { pred: (s) => s.tUs >= sinceUs && pred(s), resolve, reject, timer: setTimeout(() => this.settle(w, () => resolve(undefined)), Math.max(0, timeoutMs)) };
      this.waiters.add(w);
    });
  }

  /** Items at or after `sinceUs`. */
  since(sinceUs: number): Seen[] {
    return this.items.filter((s) => s.tUs >= sinceUs);
  }

  /** The last item matching `pred`. */
  last(pred: (s: Seen) => boolean): Seen | undefined {
    for (let i = this.items.length - 1; i >= 0; i--) if (pred(this.items[i])) return this.items[i];
    return undefined;
  }

  close(): void {
    this.listeners.clear();
    for (const w of [...this.waiters]) this.settle(w, () => w.resolve(undefined));
  }

  private settle(w: Waiter, fn: () => void): void {
    clearTimeout(w.timer);
    this.waiters.delete(w);
    fn();
  }
}

export function sleep(msToWait: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, msToWait)));
}

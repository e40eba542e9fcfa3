/**
 * Plumbing the reference pilot SUTs share: scaled one-shot timers that all die with the SUT, and a queue that
 * applies drive changes to the line port one at a time (only what differs from what is commanded).
 */
import { EvcError } from '../../core/errors';
import type { PilotPort } from '../../iec61851/line/types';

export class Timers {
  private readonly live = new Map<string, NodeJS.Timeout>();
  private dead = false;

  constructor(private readonly scale: number) {}

  /** Runs fn after realMs × scale unless cleared first; replaces a pending timer of the same name. */
  set(name: string, realMs: number, fn: () => void): void {
    this.clear(name);
    if (this.dead) return;
    const t = setTimeout(() => {
      this.live.delete(name);
      if (!this.dead) fn();
    }, Math.max(0, Math.round(realMs * this.scale)));
    this.live.set(name, t);
  }

  pending(name: string): boolean {
    return this.live.has(name);
  }

  clear(name: string): void {
    const t = this.live.get(name);
    if (t) clearTimeout(t);
    this.live.delete(name);
  }

  stopAll(): void {
    this.dead = true;
    for (const t of this.live.values()) clearTimeout(t);
    this.live.clear();
  }
}

/** Serialises actuations; a change equal to what is already commanded (or queued) is not sent. */
export class DriveQueue<D extends object> {
  private chain: Promise<unknown> = Promise.resolve();
  private wanted: D;
  private closed = false;
  /** The first actuation failure while running (the line went away): later changes are dropped. */
  failure: Error | undefined;

  constructor(private readonly port: PilotPort<D>) {
    this.wanted = { ...port.commanded() };
  }

  /** What the SUT has asked for (queued or applied). */
  get drive(): Readonly<D> {
    return this.wanted;
  }

  set(change: Partial<D>, why: string): void {
    if (this.closed || this.failure) return;
    const diff: Partial<D> = {};
    let any = false;
    for (const k of Object.keys(change) as (keyof D)[]) {
      const v = change[k] as D[keyof D];
      if (!same(this.wanted[k], v)) {
        diff[k] = v;
        any = true;
      }
    }
    if (!any) return;
    this.wanted = { ...this.wanted, ...diff };
    this.chain = this.chain.then(async () => {
      if (this.closed || this.failure) return;
      try {
        await this.port.actuate(diff, why);
      } catch (e) {
        if (!this.closed) this.failure = e instanceof Error ? e : new Error(String(e));
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.chain;
  }
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

export function checkFaults(who: string, faults: readonly string[], known: Record<string, string>): Set<string> {
  const bad = faults.filter((f) => !(f in known));
  if (bad.length > 0) throw new EvcError(`reference ${who}: unknown fault(s) ${bad.join(', ')} (known: ${Object.keys(known).join(', ')})`);
  return new Set(faults);
}

/**
 * One timer wheel for every station of a process: a single setInterval tick walks a ring of slots; an entry is
 * three numbers and a target (no closure, no per-station setTimeout). A timer is never cancelled: the target
 * ignores a firing it no longer wants (its arg carries the epoch or call sequence it was armed for).
 *
 * Delays are rounded up to whole ticks, so a timer fires at most one tick late (plus event-loop lag) and never
 * early. Entries further away than one turn of the ring carry the number of turns still to wait.
 */

export interface WheelTarget {
  onTimer(kind: number, arg: number): void;
}

interface Slot {
  targets: WheelTarget[];
  kinds: number[];
  args: number[];
  rounds: number[];
}

export interface WheelOptions {
  /** Tick period in ms (default 10). */
  tickMs?: number;
  /** Slots in the ring (default 1024: one turn = tickMs × slots). */
  slots?: number;
  /** For tests: no setInterval, advance() drives the wheel. */
  manual?: boolean;
}

export class TimerWheel {
  readonly tickMs: number;
  private readonly ring: Slot[];
  private cursor = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Wall-clock of the last tick processed (ms, performance.now based). */
  private last = 0;
  private size_ = 0;
  /** Errors thrown by targets: counted, never propagated (one station never takes the others down). */
  targetErrors = 0;
  lastTargetError: unknown;

  constructor(o: WheelOptions = {}) {
    this.tickMs = Math.max(1, Math.floor(o.tickMs ?? 10));
    const n = Math.max(8, Math.floor(o.slots ?? 1024));
    this.ring = Array.from({ length: n }, () => ({ targets: [], kinds: [], args: [], rounds: [] }));
    this.last = performance.now();
    if (!o.manual) {
      this.timer = setInterval(() => this.catchUp(), this.tickMs);
    }
  }

  /** Entries waiting. */
  get size(): number {
    return this.size_;
  }

  /** Arms a timer: target.onTimer(kind, arg) runs after delayMs (rounded up to a tick, at least one tick). */
  schedule(delayMs: number, target: WheelTarget, kind: number, arg = 0): void {
    const ticks = Math.max(1, Math.ceil(delayMs / this.tickMs));
    const n = this.ring.length;
    const slot = this.ring[(this.cursor + ticks) % n];
    slot.targets.push(target);
    slot.kinds.push(kind);
    slot.args.push(arg);
    slot.rounds.push(Math.floor((ticks - 1) / n));
    this.size_++;
  }

  /** Processes the ticks elapsed since the last one (a stalled loop catches up, in order). */
  private catchUp(): void {
    const now = performance.now();
    let due = Math.floor((now - this.last) / this.tickMs);
    if (due <= 0) return;
    this.last += due * this.tickMs;
    // a very long stall: process at most one full turn per call, the rest on the next ticks
    if (due > this.ring.length) due = this.ring.length;
    this.advance(due);
  }

  /** Moves the wheel by `ticks` ticks, firing what is due. */
  advance(ticks = 1): void {
    for (let t = 0; t < ticks; t++) {
      this.cursor = (this.cursor + 1) % this.ring.length;
      const slot = this.ring[this.cursor];
      const count = slot.targets.length;
      if (count === 0) continue;
      // entries armed while firing land in other slots (delay ≥ 1 tick) or, for a full turn, at the end of
      // this one with rounds ≥ 1: only the entries present now are examined
      const { targets, kinds, args, rounds } = slot;
      let keep = 0;
      for (let i = 0; i < count; i++) {
        if (rounds[i] > 0) {
          targets[keep] = targets[i];
          kinds[keep] = kinds[i];
          args[keep] = args[i];
          rounds[keep] = rounds[i] - 1;
          keep++;
          continue;
        }
        this.size_--;
        try {
          targets[i].onTimer(kinds[i], args[i]);
        } catch (e) {
          this.targetErrors++;
          this.lastTargetError = e;
        }
      }
      // entries appended during firing (count..length) shift down behind the kept ones
      const total = targets.length;
      for (let i = count; i < total; i++, keep++) {
        targets[keep] = targets[i];
        kinds[keep] = kinds[i];
        args[keep] = args[i];
        rounds[keep] = rounds[i];
      }
      targets.length = keep;
      kinds.length = keep;
      args.length = keep;
      rounds.length = keep;
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const s of this.ring) {
      s.targets.length = 0;
      s.kinds.length = 0;
      s.args.length = 0;
      s.rounds.length = 0;
    }
    this.size_ = 0;
  }
}

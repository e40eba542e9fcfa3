/**
 * Bounded waits on what a SUT sends. Protocol roles push what they receive into an Inbox as
 * (kind, payload) items; scenarios wait for items matching a partial payload.
 *
 * - `expect`: ordered by default — the match must arrive after the last item an expectation consumed.
 *   Items of other kinds in between are left alone (a station may interleave MeterValues).
 * - `expectAll`: several expectations satisfied in any order.
 * - `expectNone`: nothing matching arrives within a window.
 * Failures throw a VerdictError with a diff against the closest candidate and the recent frames.
 *
 * The role that fills the inbox may supply a `violation` judge: an item it judges (a malformed frame, a
 * message that breaks the protocol's schema) ends a wait AT ONCE with that problem as the headline, instead
 * of a later timeout. Judged: every item that arrives during the wait or arrived since the last asserted one,
 * every candidate of an awaited kind, and the items that would satisfy the wait. Valid items of other kinds
 * never end a wait.
 */
import { VerdictError, WaitTimeoutError } from './errors';
import { describeExpected, diffValues, formatMismatches } from './match';
import type { Frame, Trace } from './trace';

export interface InboxItem<P = unknown> {
  /** Position in the inbox, increasing. */
  index: number;
  /** What kind of message this is: an action name, a UDS service, a CAN id… */
  kind: string;
  payload: P;
  /** The frame this item was decoded from, if any. */
  frame?: Frame;
  /** Extra facts the role attaches (message id, connection, timing). */
  meta: Record<string, unknown>;
  consumed: boolean;
  receivedUs: number;
}

export interface Expectation {
  kind: string;
  /** Partial payload; see match.ts. Omit to accept any payload of that kind. */
  partial?: unknown;
  timeoutMs: number;
  /** Default true: must come after the last consumed item. */
  ordered?: boolean;
  /** Text for the failure headline, e.g. `StatusNotification(connectorId=1, status=Preparing)`. */
  label?: string;
}

type Waiter = { check: (item: InboxItem) => void };

/** Says what is wrong with an item (one line, quoting what was received), or undefined when nothing is. */
export type ViolationJudge<P> = (item: InboxItem<P>) => string | undefined;

export interface InboxOptions<P> {
  /** How many recent frames a failure shows (default 12). */
  recentFrames?: number;
  /** Items this judges end waits at once (see the module comment). */
  violation?: ViolationJudge<P>;
}

export class Inbox<P = unknown> {
  private readonly items: InboxItem<P>[] = [];
  private readonly waiters = new Set<Waiter>();
  private cursor = -1;
  private closedReason: string | undefined;
  private readonly recentFrames: number;
  private readonly judge: ViolationJudge<P>;

  constructor(
    private readonly trace: Trace,
    options: InboxOptions<P> = {},
  ) {
    this.recentFrames = options.recentFrames ?? 12;
    this.judge = options.violation ?? (() => undefined);
  }

  push(kind: string, payload: P, frame?: Frame, meta: Record<string, unknown> = {}): InboxItem<P> {
    const item: InboxItem<P> = { index: this.items.length, kind, payload, frame, meta, consumed: false, receivedUs: this.trace.nowUs() };
    this.items.push(item);
    for (const w of [...this.waiters]) w.check(item as InboxItem);
    return item;
  }

  /**
   * Whether an item of `kind` is here or arrives within `timeoutMs` (bounded; false on close). It is not
   * consumed: a later expectation still asserts it.
   */
  arrives(kind: string, timeoutMs: number): Promise<boolean> {
    if (this.items.some((i) => i.kind === kind)) return Promise.resolve(true);
    if (this.closedReason !== undefined) return Promise.resolve(false);
    return new Promise((resolve) => {
      const finish = (yes: boolean) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(yes);
      };
      const waiter: Waiter = { check: (item) => (item === undefined ? finish(false) : item.kind === kind ? finish(true) : undefined) };
      const timer = setTimeout(() => finish(false), timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** After close, waits fail at once with the reason (e.g. "connection closed by SUT (code 1006)"). */
  close(reason: string): void {
    this.closedReason = reason;
    for (const w of [...this.waiters]) w.check(undefined as unknown as InboxItem);
  }

  get all(): readonly InboxItem<P>[] {
    return this.items;
  }

  unconsumed(): InboxItem<P>[] {
    return this.items.filter((i) => !i.consumed);
  }

  /** Marks an item as asserted so the After guard does not report it. */
  consume(item: InboxItem<P>): void {
    item.consumed = true;
    if (item.index > this.cursor) this.cursor = item.index;
  }

  private candidates(e: Expectation): InboxItem<P>[] {
    const ordered = e.ordered ?? true;
    return this.items.filter((i) => !i.consumed && i.kind === e.kind && (!ordered || i.index > this.cursor));
  }

  private matches(e: Expectation, item: InboxItem<P>): boolean {
    return e.partial === undefined || diffValues(e.partial, item.payload).length === 0;
  }

  async expect(e: Expectation): Promise<InboxItem<P>> {
    const [item] = await this.expectAll([e]);
    return item;
  }

  /**
   * Waits until every expectation is met by a distinct item, in any order (each may still be ordered).
   * Ends at once, failing, when the judge finds a problem in an item (see the module comment).
   */
  expectAll(list: Expectation[]): Promise<InboxItem<P>[]> {
    const found: (InboxItem<P> | undefined)[] = list.map(() => undefined);
    const deadline = Math.max(...list.map((e) => e.timeoutMs));
    const startCursor = this.cursor;
    const tryFill = (): boolean => {
      list.forEach((e, n) => {
        if (found[n]) return;
        const hit = this.candidates(e).find((i) => this.matches(e, i) && !found.includes(i));
        if (hit) found[n] = hit;
      });
      return found.every(Boolean);
    };
    const finish = (): InboxItem<P>[] => {
      const got = found as InboxItem<P>[];
      got.forEach((i) => this.consume(i));
      return got;
    };
    /** The first judged problem among the items this wait answers for (in arrival order). */
    const firstViolation = (): VerdictError | undefined => {
      const awaited = new Set<InboxItem<P>>(found.filter((i): i is InboxItem<P> => i !== undefined));
      list.forEach((e, n) => {
        if (!found[n]) for (const i of this.candidates(e)) awaited.add(i);
      });
      for (const item of this.items) {
        if (item.consumed || !(awaited.has(item) || item.index > startCursor)) continue;
        const why = this.judge(item);
        if (why !== undefined) return this.violationFailure(list, found, item, why);
      }
      return undefined;
    };
    const filled = tryFill();
    const early = filled ? this.judgeFound(list, found) : firstViolation();
    if (early) return Promise.reject(early);
    if (filled) return Promise.resolve(finish());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: (item) => {
          if (tryFill()) {
            done();
            const bad = this.judgeFound(list, found);
            if (bad) reject(bad);
            else resolve(finish());
            return;
          }
          const why = item ? this.judge(item as InboxItem<P>) : undefined;
          if (why !== undefined) {
            done();
            reject(this.violationFailure(list, found, item as InboxItem<P>, why));
          } else if (this.closedReason !== undefined) {
            done();
            reject(this.failure(list, found, `${this.closedReason}`));
          }
        },
      };
      const timer = setTimeout(() => {
        done();
        reject(this.failure(list, found, `no match within ${deadline} ms`, true));
      }, deadline);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      if (this.closedReason !== undefined) {
        done();
        reject(this.failure(list, found, this.closedReason));
        return;
      }
      this.waiters.add(waiter);
    });
  }

  /** A wait that would be satisfied by an item the judge rejects fails, naming that item. */
  private judgeFound(list: Expectation[], found: (InboxItem<P> | undefined)[]): VerdictError | undefined {
    for (const item of [...found].sort((a, b) => a!.index - b!.index)) {
      const why = item ? this.judge(item) : undefined;
      if (why !== undefined) return this.violationFailure(list, found, item!, why);
    }
    return undefined;
  }

  private violationFailure(list: Expectation[], found: (InboxItem<P> | undefined)[], item: InboxItem<P>, why: string): VerdictError {
    const n = list.findIndex((e, k) => found[k] === item || (!found[k] && e.kind === item.kind));
    const e = list[n >= 0 ? n : found.findIndex((f) => !f)] ?? list[0];
    const diff = e.kind === item.kind && e.partial !== undefined ? diffValues(e.partial, item.payload) : [];
    return new VerdictError(
      `${why}\n  (while waiting for ${this.labelOf(e)})`,
      diff.length ? formatMismatches(diff) : undefined,
      this.trace.recent(this.recentFrames),
    );
  }

  private labelOf(e: Expectation): string {
    return e.label ?? (e.partial === undefined ? e.kind : `${e.kind} ${describeExpected(e.partial)}`);
  }

  /** Fails if an item of `kind` matching `partial` arrives within `withinMs` (or is already unconsumed). */
  async expectNone(kind: string, partial: unknown, withinMs: number, label?: string): Promise<void> {
    const e: Expectation = { kind, partial, timeoutMs: withinMs, ordered: false };
    const present = this.candidates(e).find((i) => this.matches(e, i));
    const violation = present ?? (await this.waitForMatch(e, withinMs));
    if (violation) {
      this.consume(violation);
      throw new VerdictError(
        `Expected no ${label ?? kind} within ${withinMs} ms, but one arrived: ${JSON.stringify(violation.payload)}`,
        undefined,
        this.trace.recent(this.recentFrames),
      );
    }
  }

  private waitForMatch(e: Expectation, withinMs: number): Promise<InboxItem<P> | undefined> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        check: (item) => {
          if (item && item.kind === e.kind && !item.consumed && this.matches(e, item as InboxItem<P>)) {
            finish(item as InboxItem<P>);
          }
        },
      };
      const timer = setTimeout(() => finish(undefined), withinMs);
      const finish = (v: InboxItem<P> | undefined) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(v);
      };
      this.waiters.add(waiter);
    });
  }

  private failure(list: Expectation[], found: (InboxItem<P> | undefined)[], why: string, timeout = false): VerdictError {
    const missing = list.filter((_e, n) => !found[n]);
    const e = missing[0];
    const label = this.labelOf(e);
    const closest = this.closest(e, found);
    let diff: string | undefined;
    let headline: string;
    if (closest && e.partial !== undefined) {
      diff = formatMismatches(closest.mismatches);
      headline = `Expected ${label}: ${why}; the closest ${e.kind} received did not match`;
    } else {
      const seen = [...new Set(this.items.filter((i) => !i.consumed).map((i) => i.kind))];
      headline = `Expected ${label}: ${why}; none received${seen.length ? ` (unasserted: ${seen.join(', ')})` : ''}`;
    }
    if (missing.length > 1) headline += ` (and ${missing.length - 1} more expectation(s) unmet)`;
    const Cls = timeout ? WaitTimeoutError : VerdictError;
    return new Cls(headline, diff, this.trace.recent(this.recentFrames));
  }

  /**
   * The unconsumed item of the expectation's kind with the fewest mismatches (the latest among equals),
   * preferring items the wait could still use (after the cursor when ordered).
   */
  private closest(e: Expectation, found: (InboxItem<P> | undefined)[]): { item: InboxItem<P>; mismatches: ReturnType<typeof diffValues> } | undefined {
    const usable = this.candidates(e).filter((i) => !found.includes(i));
    const pool = usable.length ? usable : this.items.filter((i) => i.kind === e.kind && !i.consumed);
    let best: { item: InboxItem<P>; mismatches: ReturnType<typeof diffValues> } | undefined;
    for (const item of pool) {
      const mismatches = e.partial === undefined ? [] : diffValues(e.partial, item.payload);
      if (!best || mismatches.length <= best.mismatches.length) best = { item, mismatches };
    }
    return best;
  }
}

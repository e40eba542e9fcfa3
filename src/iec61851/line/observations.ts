/**
 * What every pilot port does with the observations its instruments deliver: keeps the latest, traces it,
 * tells the subscribers, and settles the bounded waits whose predicate it meets. Shared by the simulated and
 * the bench line so both wait, time out and fail the same way.
 */
import { PilotTimeoutError } from './errors';
import type { PilotTraceRecorder } from './trace-recorder';
import type { PilotObservation } from './types';

interface Waiter {
  pred: (o: PilotObservation) => boolean;
  resolve: (o: PilotObservation) => void;
  reject: (e: unknown) => void;
  what: string;
  timer: NodeJS.Timeout;
}

export class ObservationHub {
  private latest_: PilotObservation;
  private readonly listeners = new Set<(o: PilotObservation) => void>();
  private readonly waiters = new Set<Waiter>();

  constructor(
    private readonly portName: string,
    first: PilotObservation,
    private readonly recorder: PilotTraceRecorder,
  ) {
    this.latest_ = first;
  }

  get latest(): PilotObservation {
    return this.latest_;
  }

  subscribe(fn: (o: PilotObservation) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The latest observation if it meets `pred`, else the first delivered one that does; PilotTimeoutError after timeoutMs. */
  waitFor(pred: (o: PilotObservation) => boolean, timeoutMs: number, what: string): Promise<PilotObservation> {
    try {
      if (pred(this.latest_)) return Promise.resolve(this.latest_);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<PilotObservation>((resolve, reject) => {
      const w: Waiter = {
        pred,
        resolve,
        reject,
        what,
        timer: setTimeout(() => {
          this.waiters.delete(w);
          reject(new PilotTimeoutError(what, timeoutMs, this.latest_, this.portName, this.recorder.recent()));
        }, Math.max(0, timeoutMs)),
      };
      this.waiters.add(w);
    });
  }

  deliver(o: PilotObservation): void {
    this.latest_ = o;
    this.recorder.observation(o);
    for (const fn of [...this.listeners]) fn(o);
    for (const w of [...this.waiters]) {
      let hit: boolean;
      try {
        hit = w.pred(o);
      } catch (e) {
        this.settle(w);
        w.reject(e);
        continue;
      }
      if (hit) {
        this.settle(w);
        w.resolve(o);
      }
    }
  }

  /** Rejects every pending wait with the error made for it (the port closed or its instrument failed). */
  rejectAll(errorFor: (what: string) => Error): void {
    for (const w of [...this.waiters]) {
      this.settle(w);
      w.reject(errorFor(w.what));
    }
  }

  /** Rejects the waits and forgets the subscribers (the port is closed). */
  close(errorFor: (what: string) => Error): void {
    this.rejectAll(errorFor);
    this.listeners.clear();
  }

  private settle(w: Waiter): void {
    this.waiters.delete(w);
    clearTimeout(w.timer);
  }
}

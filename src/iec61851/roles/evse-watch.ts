/**
 * What the harness-as-EVSE saw of the line, and the verdict text it writes (SUT = EV). Every observation the
 * EVSE port delivers is kept (bounded), so a wait can start at an actuation stamp even when the EV reacted
 * before the step got round to waiting; timing verdicts take both ends on monoUs (the actuation stamp the port
 * returned and the observation's own tUs). Failures name the limit, its Annex A sequence and source, the
 * measured value, a diff and the recent iec61851 frames.
 */
import { intervalUs } from '../../core/clock';
import { VerdictError, WaitTimeoutError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import type { EvsePort, PilotObservation } from '../line/types';
import { PILOT_LIMITS, type PilotLimitName } from '../model/timings';

const KEEP = 20_000;

/**
 * Current the harness tolerates above a limit, and below which the EV counts as drawing nothing, A: the
 * harness's measurement allowance (the standard gives the EV no tolerance; 0.5 A is the resolution a bench's
 * power meter is expected to have). Documented in data/catalogues/iec61851-ev.csv.
 */
export const CURRENT_MARGIN_A = 0.5;

export class ObservationLog {
  private readonly items: PilotObservation[] = [];
  private readonly waiters = new Set<(o: PilotObservation) => void>();

  constructor(private readonly port: EvsePort) {
    try {
      this.items.push(port.latest()); // what the line showed before this role listened (an EV plugged in already)
    } catch {
      // a line with no observation yet: the first one arrives through subscribe
    }
    port.subscribe((o) => {
      this.items.push(o);
      if (this.items.length > KEEP) this.items.splice(0, this.items.length - KEEP);
      for (const w of [...this.waiters]) w(o);
    });
  }

  latest(): PilotObservation {
    return this.items[this.items.length - 1] ?? this.port.latest();
  }

  /** Observations measured at or after sinceUs, in order of arrival. */
  since(sinceUs: number): PilotObservation[] {
    return this.items.filter((o) => o.tUs >= sinceUs);
  }

  /** The first observation at or after sinceUs for which pred holds; undefined when none came within timeoutMs (from now). */
  first(pred: (o: PilotObservation) => boolean, sinceUs: number, timeoutMs: number): Promise<PilotObservation | undefined> {
    const seen = this.since(sinceUs).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const done = (o: PilotObservation | undefined) => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        resolve(o);
      };
      const waiter = (o: PilotObservation) => {
        if (o.tUs >= sinceUs && pred(o)) done(o);
      };
      const timer = setTimeout(() => done(undefined), Math.max(0, timeoutMs));
      this.waiters.add(waiter);
    });
  }

  /** Watches from sinceUs until forMs from now; the first observation for which bad holds, or undefined. */
  async during(bad: (o: PilotObservation) => boolean, sinceUs: number, forMs: number): Promise<PilotObservation | undefined> {
    return this.first(bad, sinceUs, forMs);
  }
}

/** A limit as messages name it: `evStopReaction 600 ms (Annex A 10.1, 3000 ms × pilot time scale 1; source: …)`. */
export function describeLimit(name: PilotLimitName, limitsMs: Record<PilotLimitName, number>, scale: number): string {
  const def = PILOT_LIMITS[name];
  return `${name} ${limitsMs[name]} ms (${def.sequence}: ${def.meaning}; ${def.ms} ms${scale !== 1 ? ` × pilot time scale ${scale}` : ''} unless the rig overrides it; source: ${def.source})`;
}

export function ms(us: number): string {
  return `${(us / 1000).toFixed(1)} ms`;
}

/** The interval from an actuation stamp to an observation, both monoUs. */
export function elapsedUs(fromUs: number, o: PilotObservation, what: string): number {
  return intervalUs(fromUs, o.tUs, what);
}

export function pilotFrames(trace: Trace, count = 12) {
  return trace.frames.filter((f) => f.protocol === 'iec61851' || f.protocol === 'harness').slice(-count);
}

export function verdict(trace: Trace, headline: string, expected: string, actual: string, Kind: typeof VerdictError = VerdictError): never {
  throw new Kind(headline, `- ${expected}\n+ ${actual}`, pilotFrames(trace));
}

export function timeout(trace: Trace, headline: string, expected: string, actual: string): never {
  verdict(trace, headline, expected, actual, WaitTimeoutError);
}

/** One line for an observation: `CP +8.95/−11.98 V, 1000 Hz 53.3 %, contactor closed, 16.0/16.0/16.0 A`. */
export function describeObservation(o: PilotObservation, state: string): string {
  const pwm = o.frequencyHz > 0 ? `${o.frequencyHz.toFixed(0)} Hz ${o.dutyPct.toFixed(1)} %` : 'no PWM';
  const amps = o.currentA.map((a) => a.toFixed(1)).join('/');
  return `state ${state}: CP ${o.cpHighV.toFixed(2)}/${o.cpLowV.toFixed(2)} V, ${pwm}, contactor ${o.contactorClosed ? 'closed' : 'open'}, ${amps} A`;
}

export function maxPhaseA(o: PilotObservation): number {
  return o.currentA.length ? Math.max(...o.currentA) : 0;
}

/**
 * Pilot verdicts: every failure names what was expected against what was measured (a diff), the Annex A limit
 * with its sequence, real-time value, scale and source where one decides it, and the recent `iec61851` frames
 * of the scenario trace. Timing intervals run from the stamp of the harness's actuation (when it took effect
 * on the line) to the stamp of the observation (when it was measured), both monoUs on the one clock.
 */
import { intervalUs } from '../../core/clock';
import { VerdictError, WaitTimeoutError } from '../../core/errors';
import type { Frame, Trace } from '../../core/trace';
import { describeObservation, PilotTimeoutError } from '../line/errors';
import type { PilotObservation } from '../line/types';
import { PILOT_LIMITS, type PilotLimitName } from '../model/timings';
import type { PilotRoleContext } from './context';

/** The last pilot frames of the trace (the line's actuations and observations). */
export function recentPilotFrames(trace: Trace, count = 12): Frame[] {
  return trace.frames.filter((f) => f.protocol === 'iec61851').slice(-count);
}

/** Throws a VerdictError with a diff and the recent pilot frames. */
export function pilotFail(ctx: PilotRoleContext<unknown>, headline: string, expected: string, actual: string, Kind: typeof VerdictError = VerdictError): never {
  throw new Kind(headline, `- ${expected}\n+ ${actual}`, recentPilotFrames(ctx.trace));
}

/** A limit name from step text, checked against PILOT_LIMITS (a misspelt name is a harness error naming the known ones). */
export function limitName(name: string): PilotLimitName {
  if (!(name in PILOT_LIMITS)) throw new Error(`unknown Annex A limit '${name}' (known: ${Object.keys(PILOT_LIMITS).join(', ')})`);
  return name as PilotLimitName;
}

/** `powerOffAfterB = 20 ms (Annex A 8.1, 100 ms × pilot scale 1; source …)`. */
export function describeLimit(ctx: PilotRoleContext<unknown>, name: PilotLimitName): string {
  const def = PILOT_LIMITS[name];
  const ms = ctx.limitsMs[name];
  const real = ctx.scale === 1 ? '' : `, ${Math.round(ms / ctx.scale)} ms real time × pilot scale ${ctx.scale}`;
  return `${name} = ${ms} ms (${def.sequence}: ${def.meaning}${real}; source: ${def.source})`;
}

/** What a timing check measured: the interval and its uncertainty (bench instruments), ms. */
export interface Timed {
  ms: number;
  uncertaintyMs: number;
  observation: PilotObservation;
}

/** Interval from an actuation stamp to an observation, on monoUs (a negative one is a harness error). */
export function timed(fromUs: number, o: PilotObservation, what: string): Timed {
  return { ms: intervalUs(fromUs, o.tUs, what) / 1000, uncertaintyMs: (o.uncertaintyUs ?? 0) / 1000, observation: o };
}

/**
 * Fails when `t` is beyond the limit by more than the measurement's uncertainty (a bench stamp may be off by
 * half the instrument's round trip: only a certainly late event fails).
 */
export function assertWithin(ctx: PilotRoleContext<unknown>, limit: PilotLimitName, t: Timed, what: string, since: string): void {
  const limitMs = ctx.limitsMs[limit];
  if (t.ms - t.uncertaintyMs <= limitMs) return;
  const pm = t.uncertaintyMs > 0 ? ` ± ${t.uncertaintyMs.toFixed(1)}` : '';
  pilotFail(ctx, `${what} ${t.ms.toFixed(1)}${pm} ms after ${since}: beyond ${describeLimit(ctx, limit)}`, `${what} within ${limitMs} ms of ${since}`, `${what} after ${t.ms.toFixed(1)}${pm} ms: ${describeObservation(t.observation)}`);
}

/** Re-throws a line wait that ran out as a verdict naming the limit (other errors pass unchanged). */
export function asLimitTimeout(ctx: PilotRoleContext<unknown>, e: unknown, limit: PilotLimitName | undefined, what: string, since: string): never {
  if (e instanceof PilotTimeoutError) {
    const bound = limit ? `; limit ${describeLimit(ctx, limit)}` : `; bound timeouts.iec61851.expect = ${ctx.expectMs} ms (scaled)`;
    pilotFail(ctx, `${what}: not observed within ${e.limitMs} ms of ${since}${bound}`, `${what}`, `not seen; last observation: ${describeObservation(e.last)}`, WaitTimeoutError);
  }
  throw e;
}

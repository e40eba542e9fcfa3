/**
 * CHAdeMO verdicts of the harness roles: every failure names what was expected against what was measured (a
 * diff), the limit that decides it with its value, scale and source (CHADEMO_LIMITS, rig overrides), and the
 * recent CHAdeMO frames and digital-line changes of the scenario trace (protocols `can` and `chademo-line`).
 */
import { VerdictError, WaitTimeoutError } from '../../core/errors';
import type { Frame, Trace } from '../../core/trace';
import { CHADEMO_LIMITS, type ChademoLimitName, type ChademoRoleContext } from '../types';

/** The protocols of the trace a CHAdeMO verdict quotes. */
const QUOTED = new Set(['can', 'chademo-line', 'chademo']);

/** The last CHAdeMO frames, line changes and role notes of the trace. */
export function recentChademoFrames(trace: Trace, count = 16): Frame[] {
  return trace.frames.filter((f) => QUOTED.has(f.protocol)).slice(-count);
}

/** A verdict the harness EV reached about the charger (or the EV side of a harness charger). */
export class ChademoVerdictError extends VerdictError {}
/** A bounded wait ran out: a silent or slow SUT ends here, never in a hang. */
export class ChademoTimeoutError extends WaitTimeoutError {}

/** A VerdictError with a diff and the recent CHAdeMO frames (not thrown: the continuous judge records it). */
export function chademoVerdict(trace: Trace, headline: string, expected: string, actual: string, timeout = false): VerdictError {
  const Kind = timeout ? ChademoTimeoutError : ChademoVerdictError;
  return new Kind(headline, `- ${expected}\n+ ${actual}`, recentChademoFrames(trace));
}

/** Throws a VerdictError with a diff and the recent CHAdeMO frames. */
export function chademoFail(trace: Trace, headline: string, expected: string, actual: string, timeout = false): never {
  throw chademoVerdict(trace, headline, expected, actual, timeout);
}

/** A limit name from step text, checked against CHADEMO_LIMITS (a misspelt name names the known ones). */
export function chademoLimitName(name: string): ChademoLimitName {
  if (!(name in CHADEMO_LIMITS)) throw new Error(`unknown CHAdeMO limit '${name}' (known: ${Object.keys(CHADEMO_LIMITS).join(', ')})`);
  return name as ChademoLimitName;
}

/** `rampDownMs = 125 ms (500 ms real time × time scale 0.25; source: FACTS.md …)`. */
export function describeLimit(ctx: Pick<ChademoRoleContext, 'limits' | 'scale'>, name: ChademoLimitName): string {
  const value = ctx.limits[name];
  const unit = name.endsWith('Ms') ? ' ms' : name.endsWith('V') ? ' V' : name.endsWith('A') ? ' A' : '';
  const scaled = name.endsWith('Ms') && ctx.scale !== 1 && name !== 'cycleToleranceMs' ? `, ${Math.round(value / ctx.scale)} ms real time × time scale ${ctx.scale}` : '';
  return `${name} = ${value}${unit} (${CHADEMO_LIMITS[name].source}${scaled})`;
}

/** `12.3 ms`. */
export function ms(us: number): string {
  return `${(us / 1000).toFixed(1)} ms`;
}

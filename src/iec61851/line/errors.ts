/** Errors of a pilot line (simulated or bench): a bounded wait that ran out, an actuation the line cannot do. */
import { EvcError, WaitTimeoutError } from '../../core/errors';
import type { Frame } from '../../core/trace';
import { classifyCp } from '../model/cp';
import type { PilotObservation } from './types';

/** One line describing an observation, for messages: state, levels, PWM, PP, contactor, current and its stamp. */
export function describeObservation(o: PilotObservation | undefined): string {
  if (!o) return 'none yet';
  const pwm = o.frequencyHz > 0 ? `${o.frequencyHz.toFixed(0)} Hz ${o.dutyPct.toFixed(1)} %` : `no PWM (${o.dutyPct.toFixed(0)} %)`;
  const cur = o.currentA.map((a) => a.toFixed(1)).join('/');
  const pp = o.ppOhms === null ? 'PP open' : `PP ${o.ppOhms.toFixed(0)} Ω`;
  return `CP ${classifyCp(o).label} ${o.cpHighV.toFixed(2)}/${o.cpLowV.toFixed(2)} V, ${pwm}, ${pp}, contactor ${o.contactorClosed ? 'closed' : 'open'}, ${cur} A at ${o.tUs} µs`;
}

/**
 * A wait on the pilot line ran out: names what was awaited, the limit and the last observation this side had.
 * A WaitTimeoutError (a verdict: the SUT did not do it in time) carrying the recent trace frames when traced.
 */
export class PilotTimeoutError extends WaitTimeoutError {
  constructor(
    readonly what: string,
    readonly limitMs: number,
    readonly last: PilotObservation | undefined,
    readonly portName: string,
    frames: readonly Frame[] = [],
  ) {
    super(`pilot line ${portName}: ${what} did not happen within ${limitMs} ms; last observation: ${describeObservation(last)}`, undefined, frames);
  }
}

/** The line cannot do what was asked (closed line, bad value, instrument not answering): names the action. */
export class PilotLineError extends EvcError {}

/**
 * SUT = SECC, any standard: the SECC performance time of the last exchange (steps/v2g-secc.steps.ts
 * 'the SECC answered within {timer}'). Uses only the EVCC driver's public API.
 */
import { EvcError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import type { V2gTimerName } from '../timers';
import { fmtMs, v2gVerdict } from './common';
import type { V2gLimits } from './context';
import type { EvccDriver } from './evcc';

/** The last response arrived within the timer (e.g. seccPerformance, seccCurrentDemand, seccChargeLoop20). */
export function expectAnsweredWithin(d: EvccDriver, timer: V2gTimerName, limits: V2gLimits, trace: Trace): void {
  const ex = d.lastExchange;
  if (!ex) throw new EvcError('no request has been sent yet: send one before judging the answer time');
  if (ex.outcome.kind !== 'response') throw v2gVerdict(trace, `the SECC did not answer ${ex.request.name} (${ex.outcome.kind})`);
  const took = ex.outcome.tUs - ex.sentUs;
  if (took > limits.ms(timer) * 1000) {
    throw v2gVerdict(trace, `the SECC answered ${ex.request.name} ${fmtMs(took)} after it, over ${limits.explain(timer)}`, { raw: ex.outcome.raw, meaning: { message: ex.outcome.decoded.message, sessionId: ex.outcome.decoded.sessionId } });
  }
}

/**
 * A SECC-side loop timer (seccOngoing, seccCableCheck, seccPreCharge): the SECC ended the loop of `request`
 * (Finished / converged) within it, timed from the first request of the loop to the response that ended it.
 */
export function expectLoopFinishedWithin(d: EvccDriver, request: string, timer: V2gTimerName, limits: V2gLimits, trace: Trace): void {
  const took = d.loopTookUs(request);
  if (took === undefined) throw new EvcError(`no finished ${request} loop yet: run the session past it before judging it`);
  if (took > limits.ms(timer) * 1000) throw v2gVerdict(trace, `the SECC kept the ${request} loop going ${fmtMs(took)} from the first ${request}, over ${limits.explain(timer)}`);
}

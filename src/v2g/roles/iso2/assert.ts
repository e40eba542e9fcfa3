/**
 * Checks a step asks for on the harness EVCC's last ISO 15118-2 exchange: the response content the standard
 * requires (the procedure's own checks), for a request the scenario sent on its own (`When the EVCC sends …`
 * does not judge content; the compliant sequence does).
 */
import { EvcError } from '../../../core/errors';
import type { Trace } from '../../../core/trace';
import { v2gVerdict } from '../common';
import type { EvccDriver } from '../evcc';
import { checkIso2Response } from './evcc-checks';

export function expectIso2ResponseContent(driver: EvccDriver, trace: Trace): void {
  const ex = driver.lastExchange;
  const state = driver.state;
  if (!ex || !state) throw new EvcError('no ISO 15118-2 request has been sent yet: send one before judging its response');
  if (ex.outcome.kind !== 'response') throw v2gVerdict(trace, `the SECC did not answer ${ex.request.name} (${ex.outcome.kind})`);
  const { decoded, raw } = ex.outcome;
  const problems = checkIso2Response(decoded.message, ex.request, state);
  if (problems.length) throw v2gVerdict(trace, `${decoded.message.name} is not what ISO 15118-2 requires: ${problems.join('; ')}`, { raw, meaning: { message: decoded.message, sessionId: decoded.sessionId } });
}


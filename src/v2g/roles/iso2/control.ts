/**
 * What ISO 15118-2-only steps ask of the harness SECC (SUT = EVCC): keep a loop unfinished (Authorization,
 * ChargeParameterDiscovery, CableCheck answered Ongoing; PreCharge short of the EV's target) for a while or for
 * good, and judge whether the EVCC abandons an unfinished loop — SessionStopReq or closing the TCP connection —
 * within its own loop timer.
 */
import { monoUs } from '../../../core/clock';
import { EvcError } from '../../../core/errors';
import type { Trace } from '../../../core/trace';
import type { V2gTimerName } from '../../timers';
import { fmtMs, v2gVerdict } from '../common';
import type { V2gLimits } from '../context';
import type { SeccDriver } from '../secc';

export const ISO2_LOOPS = ['AuthorizationReq', 'ChargeParameterDiscoveryReq', 'CableCheckReq', 'PreChargeReq'];

/** From the next `request` on, the harness SECC keeps that loop unfinished for `ms` (Infinity: for good). */
export function holdIso2Loop(driver: SeccDriver, request: string, ms: number): void {
  if (!ISO2_LOOPS.includes(request)) throw new EvcError(`${request} is not an ISO 15118-2 loop (${ISO2_LOOPS.join(', ')})`);
  const state = driver.state;
  if (!state) throw new EvcError('no ISO 15118-2 session yet: run the session through SessionSetupReq before holding a loop');
  state.vars.iso2Hold = { ...((state.vars.iso2Hold as Record<string, number> | undefined) ?? {}), [request]: ms };
}

/**
 * Answers (loop held) until the EVCC abandons the `request` loop; fails when that came later than `timer` (plus one
 * loop cycle: 10 %, at least 100 ms) after the loop's first request, or when the EVCC goes on as if it had finished.
 */
export async function expectIso2LoopAbandoned(driver: SeccDriver, request: string, timer: V2gTimerName, limits: V2gLimits, trace: Trace): Promise<void> {
  const allowMs = Math.max(limits.ms(timer) * 1.1, limits.ms(timer) + 100);
  const log = driver.requests;
  let first = log.length;
  while (first > 0 && log[first - 1].request.name === request) first -= 1;
  let startUs = log[first]?.tUs;
  const judge = (atUs: number, how: string): void => {
    const took = atUs - (startUs ?? atUs);
    if (took > allowMs * 1000) throw v2gVerdict(trace, `the EVCC ${how} ${fmtMs(took)} after its first ${request}, over ${limits.explain(timer)} (+ one loop cycle: ${Math.round(allowMs)} ms)`);
  };
  for (;;) {
    let rec;
    try {
      rec = await driver.next();
    } catch (e) {
      if (e instanceof Error && /closed the TCP connection/.test(e.message)) return judge(monoUs(), 'closed the TCP connection');
      throw e;
    }
    if (rec.request.name === 'SessionStopReq') return judge(rec.tUs, 'stopped the session (SessionStopReq)');
    if (rec.request.name !== request) throw v2gVerdict(trace, `the EVCC went on with ${rec.request.name} although the SECC never finished ${request}`, { raw: rec.raw });
    startUs ??= rec.tUs;
    if ((rec.tUs - startUs) / 1000 > allowMs) throw v2gVerdict(trace, `the EVCC still sends ${request} ${fmtMs(rec.tUs - startUs)} after the first, over ${limits.explain(timer)}: it does not abandon the loop`, { raw: rec.raw });
  }
}

/**
 * After an answer with a FAILED code: the EVCC sends no further request and closes the TCP connection within
 * `timer` of that answer.
 */
export async function expectClosedWithoutRequest(driver: SeccDriver, timer: V2gTimerName, limits: V2gLimits, trace: Trace): Promise<void> {
  const last = driver.requests[driver.requests.length - 1];
  const fromUs = last?.answered?.sentUs ?? monoUs();
  let rec;
  try {
    rec = await driver.next();
  } catch (e) {
    if (!(e instanceof Error && /closed the TCP connection/.test(e.message))) throw e;
    const took = monoUs() - fromUs;
    if (took > (limits.ms(timer) * 1.1 + 100) * 1000) throw v2gVerdict(trace, `the EVCC closed the TCP connection ${fmtMs(took)} after the SECC's answer, over ${limits.explain(timer)}`);
    return;
  }
  throw v2gVerdict(trace, `the EVCC sent ${rec.request.name} after ${last?.request.name ?? 'the'} answer with a FAILED code instead of closing the TCP connection`, { raw: rec.raw });
}

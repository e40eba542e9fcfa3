/**
 * What DIN-only steps ask of the harness SECC (SUT = EVCC): stretch a loop (keep answering Ongoing, keep the
 * PreCharge voltage short of the target) and judge whether the EVCC gives a stretched loop up in time.
 */
import { monoUs } from '../../../core/clock';
import { EvcError } from '../../../core/errors';
import type { Trace } from '../../../core/trace';
import { fmtMs, v2gVerdict } from '../common';
import type { V2gLimits } from '../context';
import type { SeccDriver } from '../secc';
import type { V2gTimerName } from '../../timers';

const LOOPS = new Set(['ContractAuthenticationReq', 'ChargeParameterDiscoveryReq', 'CableCheckReq', 'PreChargeReq']);

function stateOf(driver: SeccDriver) {
  const state = driver.state;
  if (!state) throw new EvcError('no DIN session yet: run the session through SessionSetupReq before stretching a loop');
  return state;
}

/**
 * From the next `request` on, the harness SECC keeps its loop going for `ms` (Infinity: until the EVCC gives up):
 * Ongoing for ContractAuthentication / ChargeParameterDiscovery / CableCheck, short of the target for PreCharge.
 */
export function holdDinLoop(driver: SeccDriver, request: string, ms: number): void {
  if (!LOOPS.has(request)) throw new EvcError(`${request} is not a DIN loop (${[...LOOPS].join(', ')})`);
  const state = stateOf(driver);
  state.vars.dinHold = { ...((state.vars.dinHold as Record<string, number> | undefined) ?? {}), [request]: ms };
}

/** The harness SECC raises its PreCharge voltage to the EV's target in `n` answers. */
export function dinPreChargeSteps(driver: SeccDriver, n: number): void {
  const state = stateOf(driver);
  state.params = { ...state.params, values: { ...state.params.values, preChargeSteps: n } };
  delete state.vars.dinEvse;
}

/**
 * Answers the EVCC (loop held) until it gives the `request` loop up — closes the TCP connection or sends
 * SessionStopReq — and fails when that took longer than `timer` from the loop's first request, or never came.
 */
export async function expectDinLoopGivenUp(driver: SeccDriver, request: string, timer: V2gTimerName, limits: V2gLimits, trace: Trace): Promise<void> {
  const limitMs = limits.ms(timer);
  // an EVCC notices its loop timer when the next answer comes: one loop cycle (10 %, at least 100 ms) is allowed
  const allowMs = Math.max(limitMs * 1.1, limitMs + 100);
  const log = driver.requests;
  let first = log.length;
  while (first > 0 && log[first - 1].request.name === request) first--;
  let startUs = log[first]?.tUs;
  const judge = (atUs: number, how: string): void => {
    const took = atUs - (startUs ?? atUs);
    if (took > allowMs * 1000) throw v2gVerdict(trace, `the EVCC ${how} ${fmtMs(took)} after its first ${request}, over ${limits.explain(timer)} (+ one loop cycle: ${Math.round(allowMs)} ms)`);
  };
  for (;;) {
    try {
      const rec = await driver.next();
      if (rec.request.name === request) {
        startUs ??= rec.tUs;
        if ((rec.tUs - startUs) / 1000 > allowMs) {
          throw v2gVerdict(trace, `the EVCC still sends ${request} ${fmtMs(rec.tUs - startUs)} after the first, over ${limits.explain(timer)}: it does not give the loop up`, { raw: rec.raw });
        }
        continue;
      }
      if (rec.request.name === 'SessionStopReq') return judge(rec.tUs, 'stopped the session (SessionStopReq)');
      throw v2gVerdict(trace, `the EVCC went on with ${rec.request.name} although the SECC never finished ${request}`, { raw: rec.raw });
    } catch (e) {
      if (e instanceof Error && /closed the TCP connection/.test(e.message)) return judge(monoUs(), 'closed the TCP connection');
      throw e;
    }
  }
}


/**
 * -20 checks the generic step vocabulary has no phrase for (steps/v2g-iso20.steps.ts calls these): an EVCC that
 * gives up on a late answer, an EVCC that gives up a PreCharge that does not converge (the SECC performance time
 * of any standard is src/v2g/roles/answer-time.ts). They use only the role drivers' public API.
 */
import type { Trace } from '../../../core/trace';
import { V2gClosedError } from '../../transport/connection';
import type { V2gTimerName } from '../../timers';
import { fmtMs, v2gVerdict } from '../common';
import type { V2gLimits } from '../context';
import type { SeccDriver } from '../secc';

/**
 * SUT = EVCC: the SECC answers `name` at the timer's limit × 1.2; an EVCC that keeps its timeout has closed the
 * connection by then (the late answer cannot be sent). Taking the late answer is the verdict.
 */
export async function expectGivesUpOnLateAnswer(d: SeccDriver, name: string, timer: V2gTimerName, limits: V2gLimits, trace: Trace): Promise<void> {
  d.script(name, { delayTimer: timer });
  try {
    await d.runThrough(name);
  } catch (e) {
    if (e instanceof V2gClosedError) return;
    throw e;
  }
  const rec = [...d.requests].reverse().find((r) => r.request.name === name);
  if (rec?.closedBeforeAnswer) return; // the EVCC gave up before the late answer was due
  if (!rec?.answered) throw v2gVerdict(trace, `the SECC could not answer ${name} late: no answer was sent`);
  const late = rec.answered.sentUs - rec.tUs;
  throw v2gVerdict(trace, `the EVCC kept the connection open and took ${name.replace(/Req$/, 'Res')} ${fmtMs(late)} after its request, over ${limits.explain(timer)}: it must give up at the timeout`);
}

/**
 * SUT = EVCC, with the harness SECC holding the PreCharge voltage away from the target: after the first
 * DC_PreChargeReq the EVCC stops PreCharge (SessionStopReq, or closes) within the timer; a DC_PreChargeReq later
 * than the limit × 1.2 is the verdict.
 */
export async function expectPreChargeGivenUp(d: SeccDriver, timer: V2gTimerName, limits: V2gLimits, trace: Trace): Promise<void> {
  const lim = limits.ms(timer);
  let firstUs: number | undefined;
  for (;;) {
    let rec;
    try {
      rec = await d.next();
    } catch (e) {
      // closing instead of SessionStopReq also ends the PreCharge
      if (e instanceof V2gClosedError || /closed the TCP connection/.test((e as Error).message)) return;
      throw e;
    }
    const n = rec.request.name;
    if (n !== 'DC_PreChargeReq') {
      if (firstUs === undefined) continue;
      return;
    }
    firstUs ??= rec.tUs;
    const since = rec.tUs - firstUs;
    if (since > lim * 1.2 * 1000) {
      throw v2gVerdict(trace, `the EVCC still sends DC_PreChargeReq ${fmtMs(since)} after the first one with the present voltage held off the target, over ${limits.explain(timer)}`, { raw: rec.raw, meaning: { message: rec.request, sessionId: rec.sessionId } });
    }
  }
}

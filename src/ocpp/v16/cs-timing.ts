/**
 * Timing expectations for an OCPP 1.6 charge point under test, in protocol seconds: the rig's timeScale turns
 * them into wall-clock time (reference rig: 60 s → 600 ms).
 *
 * Where the messages carry the station's own timestamps (StatusNotification.timestamp, MeterValues
 * meterValue[].timestamp) the intervals are measured on the station's clock, so transport latency does not
 * blur them; otherwise on the arrival times, with a larger allowance for latency. Periodic messages are judged
 * by the median of several gaps (one late delivery does not fail a scenario). Bounds: half to one and a half
 * times the interval, plus the allowance — enough to catch an interval that is ignored or doubled.
 */
import { VerdictError } from '../../core/errors';
import type { InboxItem } from '../../core/expect';
import { bounds, expectClockAligned, expectPeriodic, gapOf, scaledMs } from '../periodic';
import type { Payload } from '../session';
import { type CsWorld, rememberSession } from './cs-states';

export { expectClockAligned, expectPeriodic, scaledMs };

/** The message a step asserted last on the current connection. */
function lastAsserted(w: CsWorld): InboxItem<Payload> | undefined {
  const items = w.ocppCsms.session.inbox.all.filter((i) => i.consumed);
  return items.length ? items.reduce((a, b) => (b.receivedUs > a.receivedUs ? b : a)) : undefined;
}

/**
 * The station sends `action` about `seconds` after the last message a step asserted (e.g. the Available that
 * ends a ConnectionTimeOut, measured from the Preparing; a BootNotification retried after the Pending
 * interval). With `exclusive`, no other message may come in between.
 */
export async function expectAfterAbout(w: CsWorld, action: string, partial: unknown, seconds: number, exclusive = false): Promise<void> {
  const h = w.ocppCsms;
  rememberSession(h);
  const from = lastAsserted(w);
  const fromUs = from?.receivedUs ?? w.trace.nowUs();
  const item = await h.expectCall(action, partial, Math.round(bounds(w, seconds, 'arrival').hi) + 500);
  const gap = from ? gapOf(from, item) : { ms: Math.round((item.receivedUs - fromUs) / 1000), clock: 'arrival' as const };
  const { lo, hi } = bounds(w, seconds, gap.clock);
  if (gap.ms < lo || gap.ms > hi) {
    throw new VerdictError(
      `${action} came ${gap.ms} ms (${gap.clock} clock) after the previous message; ${seconds} s means ${scaledMs(w, seconds)} ms on this rig (accepted ${Math.round(lo)}–${Math.round(hi)} ms)`,
      undefined,
      w.trace.recent(12),
    );
  }
  if (exclusive) {
    const between = h.session.inbox.all.filter((i) => i.receivedUs > fromUs && i.index < item.index && i.kind !== action);
    if (between.length) {
      throw new VerdictError(`the station sent ${between.map((i) => i.kind).join(', ')} before ${action}, where only ${action} was allowed`, undefined, w.trace.recent(12));
    }
  }
}

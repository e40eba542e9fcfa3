/**
 * Timing expectations for an OCPP 1.6 charge point under test, in protocol seconds: the rig's timeScale turns
 * them into wall-clock time (reference rig: 60 s → 600 ms). Bounds are generous (half to one and a half
 * times the interval, plus a small absolute slack) so they catch an interval that is ignored or doubled
 * without flaking on scheduling jitter.
 */
import { VerdictError } from '../../core/errors';
import type { InboxItem } from '../../core/expect';
import type { Payload } from '../session';
import { type CsWorld, rememberSession } from './cs-states';

const SLACK_MS = 60;

export function scaledMs(w: CsWorld, seconds: number): number {
  return Math.max(1, Math.round(seconds * 1000 * w.rig.timeScale));
}

const ms = (us: number) => Math.round(us / 1000);

/** When the last message a step asserted on the current connection arrived (µs on the trace clock). */
function lastAssertedUs(w: CsWorld): number | undefined {
  const items = w.ocpp.session.inbox.all.filter((i) => i.consumed);
  return items.length ? Math.max(...items.map((i) => i.receivedUs)) : undefined;
}

function window(w: CsWorld, seconds: number): { lo: number; hi: number } {
  const s = scaledMs(w, seconds);
  return { lo: Math.max(0, s * 0.5 - SLACK_MS), hi: s * 1.5 + SLACK_MS };
}

/**
 * The station sends `action` (matching `partial`) `count + 1` times, each `seconds` after the previous one
 * (the first within one interval and a half). Checks every gap.
 */
export async function expectPeriodic(w: CsWorld, action: string, partial: unknown, seconds: number, count = 2): Promise<void> {
  const h = w.ocpp;
  const { lo, hi } = window(w, seconds);
  let prev: InboxItem<Payload> = await h.expectCall(action, partial, Math.round(hi) + 500);
  for (let n = 0; n < count; n++) {
    const next = await h.expectCall(action, partial, Math.round(hi) + 100);
    const gap = ms(next.receivedUs - prev.receivedUs);
    if (gap < lo || gap > hi) {
      throw new VerdictError(
        `${action} #${n + 2} came ${gap} ms after the previous one; an interval of ${seconds} s means ${scaledMs(w, seconds)} ms on this rig (accepted ${Math.round(lo)}–${Math.round(hi)} ms)`,
        undefined,
        w.trace.recent(12),
      );
    }
    prev = next;
  }
}

/**
 * The station sends `action` about `seconds` after the last message a step asserted (e.g. the Available that
 * ends a ConnectionTimeOut, or a BootNotification retried after the Pending interval). With `exclusive`, no
 * other message may come in between.
 */
export async function expectAfterAbout(w: CsWorld, action: string, partial: unknown, seconds: number, exclusive = false): Promise<void> {
  const h = w.ocpp;
  rememberSession(h);
  const { lo, hi } = window(w, seconds);
  const fromUs = lastAssertedUs(w) ?? w.trace.nowUs();
  const item = await h.expectCall(action, partial, Math.round(hi) + 500);
  const gap = ms(item.receivedUs - fromUs);
  if (gap < lo || gap > hi) {
    throw new VerdictError(
      `${action} came ${gap} ms after the previous message; ${seconds} s means ${scaledMs(w, seconds)} ms on this rig (accepted ${Math.round(lo)}–${Math.round(hi)} ms)`,
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

/**
 * Clock-aligned samples: `action` arrives every `seconds`, and each one's first meterValue timestamp lies on a
 * multiple of the interval (tolerance 10 % of the interval, at least 40 ms).
 */
export async function expectClockAligned(w: CsWorld, action: string, partial: unknown, seconds: number): Promise<void> {
  const h = w.ocpp;
  const period = scaledMs(w, seconds);
  const tol = Math.max(40, period * 0.1);
  const { hi } = window(w, seconds);
  for (let n = 0; n < 3; n++) {
    const item = await h.expectCall(action, partial, Math.round(hi) + 500);
    const ts = ((item.payload.meterValue as Array<{ timestamp?: string }> | undefined) ?? [])[0]?.timestamp;
    const t = typeof ts === 'string' ? Date.parse(ts) : NaN;
    const off = t % period;
    const dist = Math.min(off, period - off);
    if (!(dist <= tol)) {
      throw new VerdictError(
        `${action} timestamp ${String(ts)} is ${Number.isNaN(dist) ? 'not a date-time' : `${Math.round(dist)} ms off`} the ${seconds} s clock grid (${period} ms on this rig, tolerance ${Math.round(tol)} ms)`,
        undefined,
        w.trace.recent(12),
      );
    }
  }
}

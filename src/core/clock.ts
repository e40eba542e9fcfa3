/**
 * The one clock of every timing measurement (P2, P2*, STmin, N_Cr, bench figures): monotonic microseconds
 * from `performance.now()` (the process's high-resolution clock, never stepped by NTP). Both ends of an
 * interval are taken on it, each as close to the socket as the transport allows: a send just before the write
 * call, a receive when the bytes reach JavaScript. Kernel (wall-clock) stamps are never converted into this
 * clock: where a transport has kernel stamps for BOTH ends of an interval (SocketCAN: the loopback of the sent
 * frame and the received frame), the interval is taken between those two instead, wholly on the kernel's clock;
 * otherwise wholly on this one. One interval never mixes the two.
 */
import { EvcError } from './errors';

/** Monotonic microseconds since process start (fractional part dropped). */
export function monoUs(): number {
  return Math.floor(performance.now() * 1000);
}

/**
 * An interval the harness measured came out negative (or not a number): its own clock handling is broken.
 * A harness error, never a verdict on the SUT.
 */
export class HarnessTimingError extends EvcError {}

/** `toUs − fromUs` in µs; throws HarnessTimingError when negative, naming what was measured. */
export function intervalUs(fromUs: number, toUs: number, what: string, clock = 'the monotonic clock'): number {
  const d = toUs - fromUs;
  if (!Number.isFinite(d) || d < 0) {
    throw new HarnessTimingError(`harness timing error: ${what} measured ${Number.isFinite(d) ? `${(d / 1000).toFixed(3)} ms` : 'no value'} (from ${fromUs} µs to ${toUs} µs on ${clock}); a negative interval means the harness stamped an end on another clock or out of order`);
  }
  return d;
}

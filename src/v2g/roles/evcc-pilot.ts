/**
 * The harness EVCC's pilot moves before V2G (SUT = SECC): plug in (state B, the PP resistance kept), then the
 * EVSE's 5 % duty within a bounded wait. Kept apart from roles/evcc.ts so the driver stays one file's size.
 */
import type { Trace } from '../../core/trace';
import type { EvPort, PilotObservation } from '../../iec61851/line/types';
import { fmtMs, v2gVerdict } from './common';

/** Waits at most `ms` for PWM at `pct` % duty (± 0.5); `verdict` heads the failure. */
export async function awaitDuty(pilot: EvPort, pct: number, ms: number, trace: Trace, waitingFor: string, verdict: string): Promise<void> {
  await pilot.waitFor((o) => o.frequencyHz > 0 && Math.abs(o.dutyPct - pct) <= 0.5, ms, waitingFor).catch((e: Error) => {
    throw v2gVerdict(trace, `${verdict}: ${e.message}`);
  });
}

/**
 * Plugs the EV in (state B) with `watch` subscribed first (its unsubscribe handed to `keep` at once, so a failed
 * wait leaks nothing), then waits for 5 % duty within expectMs. Returns the plug-in time (monoUs).
 */
export async function plugInEv(pilot: EvPort, expectMs: number, trace: Trace, watch: (o: PilotObservation) => void, keep: (unsubscribe: () => void) => void): Promise<number> {
  keep(pilot.subscribe(watch));
  const plugUs = await pilot.actuate({ connected: true, ppOhms: pilot.commanded().ppOhms ?? 220 }, 'V2G: EV plugged in (state B)');
  await awaitDuty(pilot, 5, expectMs, trace, 'the SECC to raise 5 % duty after plug-in', `the EVSE did not show 5 % duty within ${expectMs} ms of plug-in (timeouts.v2g.expect)`);
  return plugUs;
}

/**
 * The SECC closed its contactor only after the EV switched to state C: waits (bounded) for a measurement taken
 * after `sinceUs` (the line delivers them after a latency), then judges `found` (energised-before-C findings so
 * far) and the contactor / state-C times `times()` reads then.
 */
export async function expectEnergisedAfterC(pilot: EvPort, sinceUs: number, expectMs: number, trace: Trace, found: readonly string[], times: () => { contactorUs?: number; stateCUs?: number }): Promise<void> {
  await pilot.waitFor((o) => o.tUs >= sinceUs, expectMs, 'a pilot measurement after the last answer').catch(() => undefined);
  const lines = [...found];
  const { contactorUs, stateCUs } = times();
  if (contactorUs !== undefined && (stateCUs === undefined || contactorUs < stateCUs)) {
    lines.push(`the contactor closed at ${fmtMs(contactorUs)} while the EV ${stateCUs === undefined ? 'never switched to state C' : `switched to state C only at ${fmtMs(stateCUs)}`}`);
  }
  if (lines.length) throw v2gVerdict(trace, `the SECC energised before state C: ${lines.join('; ')}`);
}

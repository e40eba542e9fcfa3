/**
 * OCTT 1.6 "reusable states" shared by the catalogue's Given steps. Each brings the connection from the
 * general preconditions (station Accepted and idle, nothing queued) to the named state, asserting every
 * message on the way so the scenario starts from a known trace.
 */
import { EvcError } from '../core/errors';
import { m } from '../core/match';
import type { OcppHarness } from './harness';

/** Booted: BootNotification accepted, every connector (0..N) reported Available. */
export async function booted16(h: OcppHarness): Promise<void> {
  if (h.version !== '1.6') throw new EvcError(`the 1.6 Booted state was asked for an OCPP ${h.version} scenario`);
  await h.start();
  const connectors = Array.from({ length: h.connectors + 1 }, (_, i) => i);
  if (h.side === 'station') {
    await h.expectCall('BootNotification', { chargePointVendor: m.string(), chargePointModel: m.string() });
    await h.expectCallsInAnyOrder(connectors.map((c) => ({ action: 'StatusNotification', partial: { connectorId: c, status: 'Available' } })));
    return;
  }
  await h.call('BootNotification', { chargePointVendor: 'EVC', chargePointModel: 'Harness-Station', firmwareVersion: '1.0.0' });
  h.assertResult({ status: 'Accepted', currentTime: m.dateTime(), interval: m.integer() });
  for (const c of connectors) {
    await h.call('StatusNotification', { connectorId: c, errorCode: 'NoError', status: 'Available', timestamp: new Date().toISOString() });
    h.assertResult({});
  }
}

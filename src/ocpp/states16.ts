/**
 * OCTT 1.6 "reusable states" shared by the catalogue's Given steps. Each brings the connection from the
 * general preconditions (station Accepted and idle, nothing queued) to the named state, asserting every
 * message on the way so the scenario starts from a known trace.
 */
import { EvcError } from '../core/errors';
import { m } from '../core/match';
import type { OcppSideContext } from './context-base';

/**
 * On a rig with a real station the harness CSMS listens for the whole run (csms/persistent-endpoint.ts): a
 * station connected and Accepted earlier in the run is Booted already — the official tools' general
 * precondition is "connected and Accepted", not "freshly booted" — so no BootNotification is expected.
 * Not connected: start() waited for it; connected but not booted in this run: its boot is expected as usual.
 */
function carriedOver(h: OcppSideContext): boolean {
  const since = h.side === 'station' ? h.stationBootedSince() : undefined;
  if (since === undefined) return false;
  const statuses = h.stationStatusesInRun();
  h.parts.trace.note('harness', `station already booted and connected since ${new Date(since).toISOString()}: Booted carries over (no BootNotification expected)${statuses ? `; connectors last reported ${statuses}` : ''}`);
  return true;
}

/** Booted, for the scenario's OCPP version. */
export async function booted(h: OcppSideContext): Promise<void> {
  if (h.version === '1.6') return booted16(h);
  return booted201(h);
}

/**
 * 2.0.1 Booted: BootNotification accepted, then a StatusNotification Available for connector 1 of every EVSE
 * (in any order).
 */
export async function booted201(h: OcppSideContext): Promise<void> {
  await h.start();
  const evses = Array.from({ length: h.connectors }, (_, i) => i + 1);
  if (carriedOver(h)) return;
  if (h.side === 'station') {
    await h.expectCall('BootNotification', { reason: m.string(), chargingStation: { model: m.string(), vendorName: m.string() } });
    await h.expectCallsInAnyOrder(evses.map((e) => ({ action: 'StatusNotification', partial: { evseId: e, connectorId: 1, connectorStatus: 'Available', timestamp: m.dateTime() } })));
    return;
  }
  await h.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'Harness-Station', vendorName: 'EVC', firmwareVersion: '1.0.0' } });
  h.assertResult({ status: 'Accepted', currentTime: m.dateTime(), interval: m.integer() });
  for (const e of evses) {
    await h.call('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus: 'Available', evseId: e, connectorId: 1 });
    h.assertResult({});
  }
}

/** Booted: BootNotification accepted, every connector (0..N) reported Available. */
export async function booted16(h: OcppSideContext): Promise<void> {
  if (h.version !== '1.6') throw new EvcError(`the 1.6 Booted state was asked for an OCPP ${h.version} scenario`);
  await h.start();
  const connectors = Array.from({ length: h.connectors + 1 }, (_, i) => i);
  if (carriedOver(h)) return;
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

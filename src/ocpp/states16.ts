/**
 * OCTT 1.6 "reusable states" shared by the catalogue's Given steps. Each brings the connection from the
 * general preconditions (station Accepted and idle, nothing queued) to the named state, asserting every
 * message on the way so the scenario starts from a known trace.
 */
import { EvcError } from '../core/errors';
import { m } from '../core/match';
import type { OcppSideContext } from './context-base';

/**
 * On a rig with a real station the harness CSMS listens for the whole run (csms/persistent-endpoint.ts), and the
 * official tools' general precondition is "connected and Accepted", not "freshly booted". So Booted is
 * established from where the station is (CsmsSideContext.runBoot):
 * - booted and connected earlier in the run: it carries over (no BootNotification expected); a connector whose
 *   last reported status is not Available must report Available within the expect timeout (the previous
 *   scenario's teardown left it idle), or the state fails naming the connector;
 * - connected, but registered before the run (no BootNotification in it): the harness asks for one with
 *   TriggerMessage; a 2.0.1 station answering Rejected is Accepted already (F06.FR.17); then each connector's
 *   status is asked for the same way. A station that cannot be triggered is reset (OCPP Reset);
 * - otherwise (reference rigs, a station booting now) its boot is expected as usual.
 * Returns true when Booted is established without the usual boot sequence.
 */
async function establishedInRun(h: OcppSideContext, connectors: number[]): Promise<boolean> {
  if (h.side !== 'station') return false;
  const run = await h.runBoot();
  if (run === 'fresh') return false;
  const v16 = h.version === '1.6';
  const key = (c: number) => (v16 ? String(c) : `${c}/1`);
  if (run === 'carried') {
    const statuses = h.stationStatusesInRun();
    h.parts.trace.note('harness', `station already booted and connected since ${new Date(h.stationBootedSince()!).toISOString()}: Booted carries over (no BootNotification expected)${statuses ? `; connectors last reported ${statuses}` : ''}`);
    const busy = connectors.filter((c) => (h.stationStatusMap().get(key(c)) ?? 'Available') !== 'Available');
    for (const c of busy) await expectAvailable(h, c, `connector ${key(c)} last reported ${h.stationStatusMap().get(key(c))}: the station is not idle`);
    return true;
  }
  const boot = await h.call('TriggerMessage', { requestedMessage: 'BootNotification' });
  const status = boot.kind === 'result' ? String(boot.payload.status) : boot.code;
  if (status === 'Accepted') {
    await h.expectCall('BootNotification', v16 ? { chargePointVendor: m.string(), chargePointModel: m.string() } : { reason: 'Triggered' });
  } else if (!v16 && status === 'Rejected') {
    h.parts.trace.note('harness', 'the station rejected TriggerMessage(BootNotification): it is registered and Accepted already (F06.FR.17)');
    h.markRegisteredInRun();
  } else {
    await h.resetForBoot(`it is registered from before this run and answered TriggerMessage(BootNotification) with ${status}`);
    return false;
  }
  for (const c of connectors) {
    const out = await h.call('TriggerMessage', v16 ? { requestedMessage: 'StatusNotification', connectorId: c } : { requestedMessage: 'StatusNotification', evse: { id: c, connectorId: 1 } });
    const st = out.kind === 'result' ? String(out.payload.status) : out.code;
    if (st === 'Accepted') await expectAvailable(h, c, `the station was asked for connector ${key(c)}'s status`);
    else h.parts.trace.note('harness', `connector ${key(c)}: status not known (TriggerMessage(StatusNotification) answered ${st})`);
  }
  return true;
}

async function expectAvailable(h: OcppSideContext, c: number, why: string): Promise<void> {
  h.parts.trace.note('harness', `${why}: expecting StatusNotification Available`);
  await h.expectCall('StatusNotification', h.version === '1.6' ? { connectorId: c, status: 'Available' } : { evseId: c, connectorId: 1, connectorStatus: 'Available' });
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
  if (await establishedInRun(h, evses)) return;
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
  if (await establishedInRun(h, connectors)) return;
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

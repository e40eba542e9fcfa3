import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startReferenceCsms } from '../../src/reference/ocpp201/csms';
import { sleep, startPair, until, txEvents } from './helpers';

describe('reference OCPP 2.0.1 station: availability, reset, reservation, offline, smart charging, firmware, logs', () => {
  it('ChangeAvailability: EVSE Inoperative → Unavailable; Scheduled while a transaction runs, applied when it ends', async () => {
    const p = await startPair();
    try {
      let since = p.csms.mark();
      assert.equal(((await p.csms.call(p.id, 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } })) as any).status, 'Accepted');
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 && s.connectorStatus === 'Unavailable' });
      assert.equal(((await p.csms.call(p.id, 'RequestStartTransaction', { idToken: { idToken: 'TAG3', type: 'Central' }, remoteStartId: 1, evseId: 2 })) as any).status, 'Rejected');
      assert.equal(((await p.csms.call(p.id, 'ChangeAvailability', { operationalStatus: 'Operative', evse: { id: 2 } })) as any).status, 'Accepted');
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 && s.connectorStatus === 'Available' });
      await p.station.plugIn(1);
      await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.eventType === 'Started' });
      since = p.csms.mark();
      assert.equal(((await p.csms.call(p.id, 'ChangeAvailability', { operationalStatus: 'Inoperative' })) as any).status, 'Scheduled');
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 && s.connectorStatus === 'Unavailable', timeoutMs: 500 }).then(
        () => assert.fail('station went Unavailable while a transaction runs'),
        () => undefined,
      );
      await p.station.unplug(1);
      await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.eventType === 'Ended' && e.triggerReason === 'EVCommunicationLost' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 1 && s.connectorStatus === 'Unavailable' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 && s.connectorStatus === 'Unavailable' });
    } finally {
      await p.stop();
    }
  });

  it('UnlockConnector: Unlocked, UnknownConnector, OngoingAuthorizedTransaction', async () => {
    const p = await startPair();
    try {
      assert.equal(((await p.csms.call(p.id, 'UnlockConnector', { evseId: 1, connectorId: 1 })) as any).status, 'Unlocked');
      assert.equal(((await p.csms.call(p.id, 'UnlockConnector', { evseId: 1, connectorId: 2 })) as any).status, 'UnknownConnector');
      assert.equal(((await p.csms.call(p.id, 'UnlockConnector', { evseId: 7, connectorId: 1 })) as any).status, 'UnknownConnector');
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG1');
      await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.triggerReason === 'Authorized' });
      assert.equal(((await p.csms.call(p.id, 'UnlockConnector', { evseId: 1, connectorId: 1 })) as any).status, 'OngoingAuthorizedTransaction');
    } finally {
      await p.stop();
    }
  });

  it('Reset Immediate during a transaction: Ended(ResetCommand, ImmediateReset), ResetOrReboot event, BootNotification RemoteReset', async () => {
    const p = await startPair();
    try {
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG1');
      await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.triggerReason === 'Authorized' });
      const since = p.csms.mark();
      assert.equal(((await p.csms.call(p.id, 'Reset', { type: 'OnIdle' })) as any).status, 'Scheduled');
      assert.equal(((await p.csms.call(p.id, 'Reset', { type: 'Immediate' })) as any).status, 'Accepted');
      const ended = await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.eventType === 'Ended' });
      assert.equal(ended.triggerReason, 'ResetCommand');
      assert.equal(ended.transactionInfo.stoppedReason, 'ImmediateReset');
      const ev = await p.csms.waitFor(p.id, 'SecurityEventNotification', { since });
      assert.equal(ev.type, 'ResetOrReboot');
      const boot = await p.csms.waitFor(p.id, 'BootNotification', { since, timeoutMs: 3000 });
      assert.equal(boot.reason, 'RemoteReset');
      await p.station.waitAccepted(3000);
      assert.equal(p.csms.connectionCount(p.id), 2);
    } finally {
      await p.stop();
    }
  });

  it('ReserveNow: Reserved, other tokens refused, the reserving token starts with reservationId; expiry → ReservationStatusUpdate Expired', async () => {
    const p = await startPair();
    try {
      await p.csms.waitFor(p.id, 'StatusNotification', { since: 0, match: (x) => x.evseId === 2 });
      let since = p.csms.mark();
      const expiry = new Date(Date.now() + 3600_000).toISOString();
      assert.equal(((await p.csms.call(p.id, 'ReserveNow', { id: 5, expiryDateTime: expiry, idToken: { idToken: 'TAG3', type: 'ISO14443' }, evseId: 1 })) as any).status, 'Accepted');
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 1 && s.connectorStatus === 'Reserved' });
      assert.equal(((await p.csms.call(p.id, 'RequestStartTransaction', { idToken: { idToken: 'TAG1', type: 'Central' }, remoteStartId: 1, evseId: 1 })) as any).status, 'Rejected');
      await p.station.presentIdTag('TAG3', 1);
      const started = await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.eventType === 'Started' });
      assert.equal(started.reservationId, 5);
      assert.equal(started.triggerReason, 'Authorized');
      since = p.csms.mark();
      const soon = new Date(Date.now() + 20_000).toISOString(); // 20 s x 0.01 = 200 ms
      assert.equal(((await p.csms.call(p.id, 'ReserveNow', { id: 6, expiryDateTime: soon, idToken: { idToken: 'TAG1', type: 'ISO14443' }, evseId: 2 })) as any).status, 'Accepted');
      assert.equal(((await p.csms.call(p.id, 'ReserveNow', { id: 7, expiryDateTime: soon, idToken: { idToken: 'TAG1', type: 'ISO14443' }, evseId: 1 })) as any).status, 'Occupied');
      const upd = await p.csms.waitFor(p.id, 'ReservationStatusUpdate', { since });
      assert.deepEqual(upd, { reservationId: 6, reservationUpdateStatus: 'Expired' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 && s.connectorStatus === 'Available' });
      assert.equal(((await p.csms.call(p.id, 'CancelReservation', { reservationId: 6 })) as any).status, 'Rejected');
    } finally {
      await p.stop();
    }
  });

  it('offline: TransactionEvents are queued with offline=true and replayed in seqNo order; no new BootNotification on reconnect', async () => {
    const p = await startPair();
    try {
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG1');
      const started = await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.triggerReason === 'Authorized' });
      await until(() => p.station.queuedMessages() === 0, 1000, 'queue flushed');
      await p.station.goOffline();
      await p.station.evSuspend(1);
      await p.station.unplug(1);
      assert.equal(p.station.queuedMessages(), 2);
      const since = p.csms.mark();
      await p.station.goOnline();
      const ended = await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.eventType === 'Ended' });
      assert.equal(ended.offline, true);
      assert.equal(ended.transactionInfo.stoppedReason, 'EVDisconnected');
      const tx = txEvents(p).filter((e) => e.transactionInfo.transactionId === started.transactionInfo.transactionId);
      assert.deepEqual(tx.map((e) => e.seqNo), [0, 1, 2, 3]);
      assert.deepEqual(tx.map((e) => e.offline ?? false), [false, false, true, true]);
      assert.equal(p.csms.received(p.id, 'BootNotification').length, 1);
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 1 && s.connectorStatus === 'Available' });
    } finally {
      await p.stop();
    }
  });

  it('smart charging: TxDefaultProfile limits power, GetCompositeSchedule reports it, GetChargingProfiles/ReportChargingProfiles, ClearChargingProfile', async () => {
    const p = await startPair();
    try {
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG1');
      await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.triggerReason === 'Authorized' });
      assert.equal(p.station.powerW(1), 11040);
      const profile = {
        id: 11,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Relative',
        chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 6 }] }],
      };
      assert.equal(((await p.csms.call(p.id, 'SetChargingProfile', { evseId: 0, chargingProfile: profile })) as any).status, 'Accepted');
      await until(() => p.station.powerW(1) === 6 * 230 * 3, 1000, 'limited power');
      const comp = (await p.csms.call(p.id, 'GetCompositeSchedule', { duration: 300, chargingRateUnit: 'A', evseId: 1 })) as any;
      assert.equal(comp.status, 'Accepted');
      assert.deepEqual(comp.schedule.chargingSchedulePeriod, [{ startPeriod: 0, limit: 6 }]);
      assert.equal(((await p.csms.call(p.id, 'SetChargingProfile', { evseId: 2, chargingProfile: { ...profile, id: 12, chargingProfilePurpose: 'TxProfile' } })) as any).status, 'Rejected');
      const since = p.csms.mark();
      assert.equal(((await p.csms.call(p.id, 'GetChargingProfiles', { requestId: 3, chargingProfile: { chargingProfilePurpose: 'TxDefaultProfile' } })) as any).status, 'Accepted');
      const rep = await p.csms.waitFor(p.id, 'ReportChargingProfiles', { since });
      assert.equal(rep.requestId, 3);
      assert.equal(rep.chargingProfile[0].id, 11);
      assert.equal(((await p.csms.call(p.id, 'ClearChargingProfile', { chargingProfileId: 11 })) as any).status, 'Accepted');
      assert.equal(((await p.csms.call(p.id, 'ClearChargingProfile', { chargingProfileId: 11 })) as any).status, 'Unknown');
      await until(() => p.station.powerW(1) === 11040, 1000, 'full power again');
    } finally {
      await p.stop();
    }
  });

  it('UpdateFirmware: Downloading → Downloaded → Installing → InstallRebooting → boot FirmwareUpdate → Installed, all with requestId; GetLog → Uploading → Uploaded', async () => {
    const p = await startPair();
    try {
      const since = p.csms.mark();
      const res = (await p.csms.call(p.id, 'UpdateFirmware', { requestId: 77, firmware: { location: 'https://fw.example.com/fw.bin', retrieveDateTime: new Date().toISOString() } })) as any;
      assert.equal(res.status, 'Accepted');
      await p.csms.waitFor(p.id, 'FirmwareStatusNotification', { since, match: (f) => f.status === 'Installed', timeoutMs: 4000 });
      const statuses = p.csms.received(p.id, "FirmwareStatusNotification").map((m) => m.payload);
      assert.deepEqual(statuses.map((s) => s.status), ['Downloading', 'Downloaded', 'Installing', 'InstallRebooting', 'Installed']);
      assert.ok(statuses.every((s) => s.requestId === 77));
      const boots = p.csms.received(p.id, 'BootNotification');
      assert.equal(boots.at(-1)!.payload.reason, 'FirmwareUpdate');
      const log = (await p.csms.call(p.id, 'GetLog', { logType: 'DiagnosticsLog', requestId: 9, log: { remoteLocation: 'https://logs.example.com/up' } })) as any;
      assert.equal(log.status, 'Accepted');
      assert.ok(log.filename);
      await p.csms.waitFor(p.id, 'LogStatusNotification', { since, match: (l) => l.status === 'Uploaded' });
      assert.deepEqual(p.csms.received(p.id, 'LogStatusNotification').map((m) => [m.payload.status, m.payload.requestId]), [['Uploading', 9], ['Uploaded', 9]]);
    } finally {
      await p.stop();
    }
  });
});

describe('reference OCPP 2.0.1 station: network profiles, password change, master pass, customer information, meter values', () => {
  it('SetNetworkProfile + NetworkConfigurationPriority (RebootRequired) + Reset: the station reconnects with the new slot; a downgrade is Rejected', async () => {
    const p = await startPair({ station: { securityProfile: 1 }, csms: { securityProfile: 1 } });
    try {
      const other = await startReferenceCsms({
        version: '2.0.1',
        stations: { [p.id]: { password: 'secret-password-201' } },
        securityProfile: 1,
        idTags: {},
        heartbeatInterval: 10,
        faults: [],
        timeScale: 0.01,
      });
      try {
        const data = { ocppVersion: 'OCPP20', ocppTransport: 'JSON', ocppCsmsUrl: other.url, messageTimeout: 30, securityProfile: 1, ocppInterface: 'Wired0' };
        assert.equal(((await p.csms.call(p.id, 'SetNetworkProfile', { configurationSlot: 1, connectionData: { ...data, securityProfile: 0 } })) as any).status, 'Rejected');
        assert.equal(((await p.csms.call(p.id, 'SetNetworkProfile', { configurationSlot: 1, connectionData: { ...data, securityProfile: 2 } })) as any).status, 'Rejected');
        assert.equal(((await p.csms.call(p.id, 'SetNetworkProfile', { configurationSlot: 1, connectionData: data })) as any).status, 'Accepted');
        const set = (await p.csms.call(p.id, 'SetVariables', { setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NetworkConfigurationPriority' }, attributeValue: '1,0' }] })) as any;
        assert.equal(set.setVariableResult[0].attributeStatus, 'RebootRequired');
        await p.csms.call(p.id, 'Reset', { type: 'Immediate' });
        const boot = await other.waitFor(p.id, 'BootNotification', { since: 0, timeoutMs: 3000 });
        assert.equal(boot.reason, 'RemoteReset');
      } finally {
        await other.stop();
      }
    } finally {
      await p.stop();
    }
  });

  it('BasicAuthPassword: too short Rejected; a valid one is Accepted and the station reconnects with it', async () => {
    const p = await startPair({ station: { securityProfile: 1 }, csms: { securityProfile: 1, faults: ['accepts-bad-password'] } });
    try {
      const set = (value: string) => p.csms.call(p.id, 'SetVariables', { setVariableData: [{ component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' }, attributeValue: value }] }) as Promise<any>;
      assert.equal((await set('short')).setVariableResult[0].attributeStatus, 'Rejected');
      assert.equal((await set('a-brand-new-password-1234')).setVariableResult[0].attributeStatus, 'Accepted');
      await until(() => p.csms.connectionCount(p.id) === 2, 2000, 'reconnection');
      await p.station.waitAccepted(2000);
      assert.equal(p.csms.received(p.id, 'BootNotification').length, 1);
    } finally {
      await p.stop();
    }
  });

  it('MasterPassGroupId: a master pass stops every transaction (stoppedReason MasterPass) and starts none', async () => {
    const p = await startPair({ station: { configuration: { 'AuthCtrlr.MasterPassGroupId': 'GROUP1' } } });
    try {
      await p.csms.call(p.id, 'RequestStartTransaction', { idToken: { idToken: 'TAG3', type: 'Central' }, remoteStartId: 1, evseId: 1 });
      // another token on EVSE 2: the same one would get ConcurrentTx in its Started answer and be deauthorized, racing the master pass
      await p.csms.call(p.id, 'RequestStartTransaction', { idToken: { idToken: 'TAG4', type: 'Central' }, remoteStartId: 2, evseId: 2 });
      await until(() => p.station.transactionId(1) && p.station.transactionId(2), 2000, 'two transactions');
      await p.station.presentIdTag('TAG2');
      await until(() => txEvents(p).filter((e) => e.eventType === 'Ended').length === 2, 2000, 'both ended');
      assert.ok(txEvents(p).filter((e) => e.eventType === 'Ended').every((e) => e.transactionInfo.stoppedReason === 'MasterPass'));
      assert.equal(txEvents(p).filter((e) => e.eventType === 'Started').length, 2);
    } finally {
      await p.stop();
    }
  });

  it('CustomerInformation: Accepted + NotifyCustomerInformation with data / No data; Invalid without an identifier', async () => {
    const p = await startPair();
    try {
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG1');
      await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.triggerReason === 'Authorized' });
      assert.equal(((await p.csms.call(p.id, 'CustomerInformation', { requestId: 1, report: true, clear: true, idToken: { idToken: 'TAG1', type: 'ISO14443' } })) as any).status, 'Accepted');
      const first = await p.csms.waitFor(p.id, 'NotifyCustomerInformation', { since: 0 });
      assert.match(first.data, /TAG1/);
      assert.equal(((await p.csms.call(p.id, 'CustomerInformation', { requestId: 2, report: true, clear: false, idToken: { idToken: 'TAG1', type: 'ISO14443' } })) as any).status, 'Accepted');
      const second = await p.csms.waitFor(p.id, 'NotifyCustomerInformation', { since: 0, match: (n) => n.requestId === 2 });
      assert.equal(second.data, 'No data');
      assert.equal(((await p.csms.call(p.id, 'CustomerInformation', { requestId: 3, report: true, clear: false })) as any).status, 'Invalid');
    } finally {
      await p.stop();
    }
  });

  it('clock-aligned MeterValues without a transaction, MeterValueClock during one; TxEndedInterval samples in Ended', async () => {
    const p = await startPair({ station: { connectors: 1, configuration: { 'AlignedDataCtrlr.Interval': '10', 'SampledDataCtrlr.TxEndedInterval': '5' } } });
    try {
      const mv = await p.csms.waitFor(p.id, 'MeterValues', { since: 0 });
      assert.equal(mv.evseId, 1);
      assert.equal(mv.meterValue[0].sampledValue[0].context, 'Sample.Clock');
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG1');
      const clock = await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.triggerReason === 'MeterValueClock' });
      assert.equal(clock.meterValue[0].sampledValue[0].context, 'Sample.Clock');
      await p.station.unplug(1);
      const ended = await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.eventType === 'Ended' });
      const contexts = ended.meterValue.map((m: any) => m.sampledValue[0].context);
      assert.equal(contexts[0], 'Transaction.Begin');
      assert.equal(contexts.at(-1), 'Transaction.End');
      assert.ok(contexts.includes('Sample.Periodic'), contexts.join());
    } finally {
      await p.stop();
    }
  });
});

describe('reference OCPP 2.0.1 station: firmware variants', () => {
  it('DownloadScheduled / InstallScheduled (installDateTime and a running transaction), AcceptedCanceled, InvalidCertificate, InvalidSignature, DownloadFailed', async () => {
    const p = await startPair();
    try {
      const fw = (requestId: number, firmware: Record<string, unknown>) => p.csms.call(p.id, 'UpdateFirmware', { requestId, firmware: { location: 'https://fw.example.com/a.bin', retrieveDateTime: new Date().toISOString(), ...firmware } }) as Promise<any>;
      const statuses = (id: number) => p.csms.received(p.id, 'FirmwareStatusNotification').filter((m) => m.payload.requestId === id).map((m) => m.payload.status);
      assert.equal((await fw(1, { signingCertificate: 'not a certificate', signature: 'AAAA' })).status, 'InvalidCertificate');
      await p.csms.waitFor(p.id, 'SecurityEventNotification', { since: 0, match: (e) => e.type === 'InvalidFirmwareSigningCertificate' });
      assert.equal((await fw(2, { location: 'https://nowhere.invalid/fw.bin' })).status, 'Accepted');
      await p.csms.waitFor(p.id, 'FirmwareStatusNotification', { since: 0, match: (f) => f.requestId === 2 && f.status === 'DownloadFailed' });
      assert.deepEqual(statuses(2), ['Downloading', 'DownloadFailed']);
      // retrieve in 30 s (300 ms scaled): DownloadScheduled, then a new request cancels it
      assert.equal((await fw(3, { retrieveDateTime: new Date(Date.now() + 30_000).toISOString() })).status, 'Accepted');
      await p.csms.waitFor(p.id, 'FirmwareStatusNotification', { since: 0, match: (f) => f.requestId === 3 && f.status === 'DownloadScheduled' });
      p.station.simulate({ invalidFirmwareSignature: true });
      assert.equal((await fw(4, { signature: 'c2lnbmF0dXJl' })).status, 'AcceptedCanceled');
      await p.csms.waitFor(p.id, 'FirmwareStatusNotification', { since: 0, match: (f) => f.requestId === 4 && f.status === 'InvalidSignature' });
      assert.deepEqual(statuses(4), ['Downloading', 'Downloaded', 'InvalidSignature']);
      await p.csms.waitFor(p.id, 'SecurityEventNotification', { since: 0, match: (e) => e.type === 'InvalidFirmwareSignature' });
      p.station.simulate({ invalidFirmwareSignature: false });
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG1');
      await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.triggerReason === 'Authorized' });
      assert.equal((await fw(5, { installDateTime: new Date(Date.now() + 20_000).toISOString() })).status, 'Accepted');
      await p.csms.waitFor(p.id, 'FirmwareStatusNotification', { since: 0, match: (f) => f.requestId === 5 && f.status === 'InstallScheduled' });
      await new Promise((r) => setTimeout(r, 400));
      assert.ok(!statuses(5).includes('Installing'), statuses(5).join());
      await p.station.presentIdTag('TAG1');
      await p.csms.waitFor(p.id, 'FirmwareStatusNotification', { since: 0, match: (f) => f.requestId === 5 && f.status === 'Installed', timeoutMs: 4000 });
      assert.deepEqual(statuses(5), ['Downloading', 'Downloaded', 'InstallScheduled', 'Installing', 'InstallRebooting', 'Installed']);
    } finally {
      await p.stop();
    }
  });
});

describe('reference OCPP 2.0.1 station: status after an offline period', () => {
  it('offline shorter than OfflineThreshold: only changed connectors; longer: every connector', async () => {
    const p = await startPair({ station: { configuration: { 'OCPPCommCtrlr.OfflineThreshold': '30' } } });
    try {
      await p.csms.waitFor(p.id, 'StatusNotification', { since: 0, match: (s) => s.evseId === 2 });
      await p.station.goOffline();
      await p.station.plugIn(1);
      let since = p.csms.mark();
      await p.station.goOnline();
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 1 && s.connectorStatus === 'Occupied' });
      await sleep(100);
      assert.deepEqual(p.csms.received(p.id, 'StatusNotification').slice(2).map((m) => m.payload.evseId), [1]);
      await p.station.goOffline();
      await sleep(400); // > 30 s x 0.01
      since = p.csms.mark();
      await p.station.goOnline();
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 });
      assert.deepEqual(p.csms.received(p.id, 'StatusNotification').slice(3).map((m) => m.payload.evseId).sort(), [1, 2]);
    } finally {
      await p.stop();
    }
  });
});

describe('reference OCPP 2.0.1 station: reset variants and availability levels', () => {
  it('Reset OnIdle without a transaction reboots; EVSE reset Immediate ends only that EVSE\'s transaction; OnIdle EVSE reset is Scheduled', async () => {
    const p = await startPair();
    try {
      await p.station.plugIn(1);
      await p.station.plugIn(2);
      await until(() => p.station.transactionId(1) && p.station.transactionId(2), 2000, 'two transactions');
      let since = p.csms.mark();
      assert.equal(((await p.csms.call(p.id, 'Reset', { type: 'OnIdle', evseId: 2 })) as any).status, 'Scheduled');
      assert.equal(((await p.csms.call(p.id, 'Reset', { type: 'Immediate', evseId: 1 })) as any).status, 'Accepted');
      const ended = await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.eventType === 'Ended' });
      assert.equal(ended.evse.id, 1);
      assert.equal(ended.transactionInfo.stoppedReason, 'ImmediateReset');
      assert.ok(p.station.transactionId(2));
      await p.station.unplug(2);
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 && s.connectorStatus === 'Unavailable' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 && s.connectorStatus === 'Available' });
      assert.equal(p.csms.received(p.id, 'BootNotification').length, 1);
      await p.station.unplug(1);
      since = p.csms.mark();
      assert.equal(((await p.csms.call(p.id, 'Reset', { type: 'OnIdle' })) as any).status, 'Accepted');
      assert.equal((await p.csms.waitFor(p.id, 'BootNotification', { since, timeoutMs: 3000 })).reason, 'RemoteReset');
    } finally {
      await p.stop();
    }
  });

  it('ChangeAvailability: connector level, station level, same state again Accepted, Unavailable persists across a reboot', async () => {
    const p = await startPair();
    try {
      await p.csms.waitFor(p.id, 'StatusNotification', { since: 0, match: (s) => s.evseId === 2 });
      let since = p.csms.mark();
      assert.equal(((await p.csms.call(p.id, 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 1 } })) as any).status, 'Accepted');
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 1 && s.connectorStatus === 'Unavailable' });
      assert.equal(((await p.csms.call(p.id, 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 1 } })) as any).status, 'Accepted');
      assert.equal(((await p.csms.call(p.id, 'ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 3 } })) as any).status, 'Rejected');
      assert.equal(((await p.csms.call(p.id, 'ChangeAvailability', { operationalStatus: 'Inoperative' })) as any).status, 'Accepted');
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 && s.connectorStatus === 'Unavailable' });
      since = p.csms.mark();
      await p.station.powerCycle();
      await p.csms.waitFor(p.id, 'BootNotification', { since, timeoutMs: 3000 });
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 });
      assert.deepEqual(p.csms.received(p.id, 'StatusNotification').slice(-2).map((m) => m.payload.connectorStatus), ['Unavailable', 'Unavailable']);
      const ev = await p.csms.waitFor(p.id, 'SecurityEventNotification', { since });
      assert.equal(ev.type, 'StartupOfTheDevice');
      assert.equal(((await p.csms.call(p.id, 'ChangeAvailability', { operationalStatus: 'Operative' })) as any).status, 'Accepted');
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 && s.connectorStatus === 'Available' });
      assert.equal(p.station.status(1), 'Unavailable'); // the connector itself is still Inoperative
    } finally {
      await p.stop();
    }
  });
});

describe('reference OCPP 2.0.1 station: reservation without an EVSE', () => {
  it('the last free EVSE shows Reserved; only the reserving token may use it (reservationId in Started)', async () => {
    const p = await startPair();
    try {
      await p.csms.waitFor(p.id, 'StatusNotification', { since: 0, match: (s) => s.evseId === 2 });
      const since = p.csms.mark();
      const expiry = new Date(Date.now() + 3600_000).toISOString();
      assert.equal(((await p.csms.call(p.id, 'ReserveNow', { id: 21, expiryDateTime: expiry, idToken: { idToken: 'TAG3', type: 'ISO14443' } })) as any).status, 'Accepted');
      await sleep(50);
      assert.equal(p.station.status(1), 'Available');
      assert.equal(p.station.status(2), 'Available');
      await p.station.plugIn(1);
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 2 && s.connectorStatus === 'Reserved' });
      await p.station.presentIdTag('TAG1', 2);
      await sleep(100);
      assert.equal(txEvents(p).filter((e) => e.evse.id === 2).length, 0);
      await p.station.presentIdTag('TAG3', 2);
      const started = await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.evse.id === 2 && e.eventType === 'Started' });
      assert.equal(started.reservationId, 21);
    } finally {
      await p.stop();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPair, sleep, until } from './helpers';

describe('reference OCPP 1.6: local auth, reservation, smart charging, firmware', () => {
  it('local authorization list: version, full and differential updates, version mismatch, used offline', async () => {
    const p = await startPair({ station: { configuration: { LocalPreAuthorize: 'true' } } });
    try {
      assert.deepEqual(await p.csms.call(p.id, 'GetLocalListVersion', {}), { listVersion: 0 });
      const full = {
        listVersion: 3,
        updateType: 'Full',
        localAuthorizationList: [
          { idTag: 'LOCAL1', idTagInfo: { status: 'Accepted' } },
          { idTag: 'LOCAL2', idTagInfo: { status: 'Blocked' } },
        ],
      };
      assert.deepEqual(await p.csms.call(p.id, 'SendLocalList', full), { status: 'Accepted' });
      assert.deepEqual(await p.csms.call(p.id, 'GetLocalListVersion', {}), { listVersion: 3 });
      const diff = { listVersion: 2, updateType: 'Differential', localAuthorizationList: [{ idTag: 'LOCAL3', idTagInfo: { status: 'Accepted' } }] };
      assert.deepEqual(await p.csms.call(p.id, 'SendLocalList', diff), { status: 'VersionMismatch' });
      assert.deepEqual(await p.csms.call(p.id, 'SendLocalList', { ...diff, listVersion: 4 }), { status: 'Accepted' });
      assert.deepEqual(await p.csms.call(p.id, 'GetLocalListVersion', {}), { listVersion: 4 });
      // LocalPreAuthorize: a listed id starts without Authorize
      const since = p.csms.mark();
      await p.station.plugIn(1);
      await p.station.presentIdTag('LOCAL3');
      const start = await p.csms.waitFor(p.id, 'StartTransaction', { since });
      assert.equal(start.idTag, 'LOCAL3');
      assert.equal(p.csms.received(p.id, 'Authorize').length, 0);
      await p.csms.call(p.id, 'ChangeConfiguration', { key: 'LocalAuthListEnabled', value: 'false' });
      assert.deepEqual(await p.csms.call(p.id, 'GetLocalListVersion', {}), { listVersion: -1 });
      assert.deepEqual(await p.csms.call(p.id, 'SendLocalList', full), { status: 'NotSupported' });
    } finally {
      await p.stop();
    }
  });

  it('reservation: Reserved status, only the reserving id (or same parentIdTag) may use it, cancel, expiry', async () => {
    const p = await startPair();
    try {
      const since = p.csms.mark();
      const expiry = new Date(Date.now() + 3600_000).toISOString();
      const r = { connectorId: 1, expiryDate: expiry, idTag: 'TAG1', parentIdTag: 'GROUP1', reservationId: 7 };
      assert.deepEqual(await p.csms.call(p.id, 'ReserveNow', r), { status: 'Accepted' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 1 && s.status === 'Reserved' });
      assert.deepEqual(await p.csms.call(p.id, 'ReserveNow', { ...r, reservationId: 8, connectorId: 1 }), { status: 'Occupied' });
      // TAG3 may not use connector 1; TAG2 shares the parentIdTag GROUP1 and may
      await p.station.presentIdTag('TAG3', 1);
      await sleep(30);
      assert.equal(p.station.status(1), 'Reserved');
      await p.station.presentIdTag('TAG2', 1);
      await p.station.plugIn(1);
      const start = await p.csms.waitFor(p.id, 'StartTransaction', { since });
      assert.equal(start.reservationId, 7);
      assert.equal(start.idTag, 'TAG2');
      // cancel and expiry on connector 2
      assert.deepEqual(await p.csms.call(p.id, 'CancelReservation', { reservationId: 99 }), { status: 'Rejected' });
      assert.deepEqual(await p.csms.call(p.id, 'ReserveNow', { ...r, connectorId: 2, reservationId: 9 }), { status: 'Accepted' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 2 && s.status === 'Reserved' });
      const beforeCancel = p.csms.mark();
      assert.deepEqual(await p.csms.call(p.id, 'CancelReservation', { reservationId: 9 }), { status: 'Accepted' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since: beforeCancel, match: (s) => s.connectorId === 2 && s.status === 'Available' });
      const soon = new Date(Date.now() + 5000).toISOString(); // 5 s x 0.01 = 50 ms
      const mark = p.csms.mark();
      assert.deepEqual(await p.csms.call(p.id, 'ReserveNow', { ...r, connectorId: 2, reservationId: 10, expiryDate: soon }), { status: 'Accepted' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since: mark, match: (s) => s.connectorId === 2 && s.status === 'Reserved' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since: mark, match: (s) => s.connectorId === 2 && s.status === 'Available' });
      await p.station.raiseFault(2, 'GroundFailure');
      assert.deepEqual(await p.csms.call(p.id, 'ReserveNow', { ...r, connectorId: 2, reservationId: 11 }), { status: 'Faulted' });
    } finally {
      await p.stop();
    }
  });

  it('smart charging: stack levels, TxProfile rules, composite schedule and the limit applied', async () => {
    const p = await startPair({ station: { connectors: 1, configuration: { MeterValueSampleInterval: '0' } } });
    try {
      const schedule = (limit: number, extra: Record<string, unknown> = {}) => ({
        chargingRateUnit: 'A',
        chargingSchedulePeriod: [{ startPeriod: 0, limit }],
        ...extra,
      });
      const txDefault = {
        connectorId: 0,
        csChargingProfiles: {
          chargingProfileId: 1,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: {
            chargingRateUnit: 'A',
            chargingSchedulePeriod: [
              { startPeriod: 0, limit: 16 },
              { startPeriod: 300, limit: 10 },
            ],
          },
        },
      };
      assert.deepEqual(await p.csms.call(p.id, 'SetChargingProfile', txDefault), { status: 'Accepted' });
      // a TxProfile needs a running transaction
      const txProfile = {
        connectorId: 1,
        csChargingProfiles: { chargingProfileId: 2, stackLevel: 1, chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative', chargingSchedule: schedule(6) },
      };
      assert.deepEqual(await p.csms.call(p.id, 'SetChargingProfile', txProfile), { status: 'Rejected' });
      const comp = (await p.csms.call(p.id, 'GetCompositeSchedule', { connectorId: 1, duration: 600 })) as any;
      assert.equal(comp.status, 'Accepted');
      assert.deepEqual(comp.chargingSchedule.chargingSchedulePeriod, [
        { startPeriod: 0, limit: 16 },
        { startPeriod: 300, limit: 10 },
      ]);
      // a higher stack level overrides the first 120 s
      const higher = {
        connectorId: 0,
        csChargingProfiles: {
          chargingProfileId: 3,
          stackLevel: 2,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Relative',
          chargingSchedule: schedule(8, { duration: 120 }),
        },
      };
      assert.deepEqual(await p.csms.call(p.id, 'SetChargingProfile', higher), { status: 'Accepted' });
      const comp2 = (await p.csms.call(p.id, 'GetCompositeSchedule', { connectorId: 1, duration: 600, chargingRateUnit: 'W' })) as any;
      assert.deepEqual(comp2.chargingSchedule.chargingSchedulePeriod, [
        { startPeriod: 0, limit: 5520 },
        { startPeriod: 120, limit: 11040 },
        { startPeriod: 300, limit: 6900 },
      ]);
      // ChargePointMaxProfile caps everything
      const max = {
        connectorId: 0,
        csChargingProfiles: { chargingProfileId: 4, stackLevel: 0, chargingProfilePurpose: 'ChargePointMaxProfile', chargingProfileKind: 'Absolute', chargingSchedule: schedule(7, { startSchedule: new Date(Date.now() - 1000).toISOString() }) },
      };
      assert.deepEqual(await p.csms.call(p.id, 'SetChargingProfile', { ...max, connectorId: 1 }), { status: 'Rejected' });
      assert.deepEqual(await p.csms.call(p.id, 'SetChargingProfile', max), { status: 'Accepted' });
      const comp3 = (await p.csms.call(p.id, 'GetCompositeSchedule', { connectorId: 1, duration: 600 })) as any;
      assert.deepEqual(comp3.chargingSchedule.chargingSchedulePeriod, [{ startPeriod: 0, limit: 7 }]);
      // the limit is applied: 7 A x 3 x 230 V
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG3');
      await p.csms.waitFor(p.id, 'StartTransaction', { since: 0 });
      const txId = await until(() => p.station.transactionId(1), 2000, 'transactionId');
      assert.equal(p.station.powerW(1), 4830);
      assert.deepEqual(await p.csms.call(p.id, 'SetChargingProfile', { ...txProfile, csChargingProfiles: { ...txProfile.csChargingProfiles, transactionId: txId + 1 } }), {
        status: 'Rejected',
      });
      assert.deepEqual(await p.csms.call(p.id, 'SetChargingProfile', { ...txProfile, csChargingProfiles: { ...txProfile.csChargingProfiles, transactionId: txId } }), {
        status: 'Accepted',
      });
      assert.equal(p.station.powerW(1), 4140);
      // clear
      assert.deepEqual(await p.csms.call(p.id, 'ClearChargingProfile', { id: 77 }), { status: 'Unknown' });
      assert.deepEqual(await p.csms.call(p.id, 'ClearChargingProfile', { chargingProfilePurpose: 'ChargePointMaxProfile' }), { status: 'Accepted' });
      assert.deepEqual(await p.csms.call(p.id, 'ClearChargingProfile', { id: 2 }), { status: 'Accepted' });
      assert.equal(p.station.powerW(1), 5520);
      // a zero limit suspends the EVSE
      const since = p.csms.mark();
      const zero = { connectorId: 1, csChargingProfiles: { ...txProfile.csChargingProfiles, chargingProfileId: 5, chargingSchedule: schedule(0) } };
      assert.deepEqual(await p.csms.call(p.id, 'SetChargingProfile', zero), { status: 'Accepted' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.status === 'SuspendedEVSE' });
    } finally {
      await p.stop();
    }
  });

  it('remote start with a TxProfile applies it; a TxDefaultProfile in RemoteStart is Rejected', async () => {
    const p = await startPair({ station: { connectors: 1 } });
    try {
      const profile = (purpose: string) => ({
        chargingProfileId: 10,
        stackLevel: 0,
        chargingProfilePurpose: purpose,
        chargingProfileKind: 'Relative',
        chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 3000 }] },
      });
      assert.deepEqual(await p.csms.call(p.id, 'RemoteStartTransaction', { connectorId: 1, idTag: 'TAG3', chargingProfile: profile('TxDefaultProfile') }), {
        status: 'Rejected',
      });
      await p.station.plugIn(1);
      assert.deepEqual(await p.csms.call(p.id, 'RemoteStartTransaction', { connectorId: 1, idTag: 'TAG3', chargingProfile: profile('TxProfile') }), {
        status: 'Accepted',
      });
      await p.csms.waitFor(p.id, 'StartTransaction', { since: 0 });
      assert.equal(p.station.powerW(1), 3000);
    } finally {
      await p.stop();
    }
  });

  it('feature profiles missing from SupportedFeatureProfiles are NotSupported', async () => {
    const p = await startPair({ station: { configuration: { SupportedFeatureProfiles: 'Core' } } });
    try {
      assert.deepEqual(await p.csms.call(p.id, 'GetLocalListVersion', {}), { listVersion: -1 });
      assert.deepEqual(await p.csms.call(p.id, 'SendLocalList', { listVersion: 1, updateType: 'Full' }), { status: 'NotSupported' });
      await assert.rejects(p.csms.call(p.id, 'ReserveNow', { connectorId: 1, expiryDate: new Date().toISOString(), idTag: 'TAG1', reservationId: 1 }), (e: any) => e.rpcErrorCode === 'NotSupported');
      await assert.rejects(p.csms.call(p.id, 'GetCompositeSchedule', { connectorId: 1, duration: 60 }), (e: any) => e.rpcErrorCode === 'NotSupported');
      assert.deepEqual(await p.csms.call(p.id, 'ClearCache', {}), { status: 'Accepted' });
    } finally {
      await p.stop();
    }
  });

  it('firmware update, download failure, diagnostics upload', async () => {
    const p = await startPair();
    try {
      const since = p.csms.mark();
      await p.csms.call(p.id, 'UpdateFirmware', { location: 'https://fw.example.com/fw.bin', retrieveDate: new Date().toISOString() });
      for (const status of ['Downloading', 'Downloaded', 'Installing']) await p.csms.waitFor(p.id, 'FirmwareStatusNotification', { since, match: (s) => s.status === status });
      await p.csms.waitFor(p.id, 'BootNotification', { since });
      await p.csms.waitFor(p.id, 'FirmwareStatusNotification', { since, match: (s) => s.status === 'Installed', timeoutMs: 3000 });
      assert.equal(p.csms.received(p.id, 'BootNotification').at(-1)!.payload.firmwareVersion, '1.0.1');
      const m2 = p.csms.mark();
      await p.csms.call(p.id, 'UpdateFirmware', { location: 'ftp://nowhere.invalid/fw.bin', retrieveDate: new Date().toISOString() });
      await p.csms.waitFor(p.id, 'FirmwareStatusNotification', { since: m2, match: (s) => s.status === 'DownloadFailed' });
      const diag = (await p.csms.call(p.id, 'GetDiagnostics', { location: 'ftp://logs.example.com/' })) as any;
      assert.match(diag.fileName, /diagnostics/);
      await p.csms.waitFor(p.id, 'DiagnosticsStatusNotification', { since: m2, match: (s) => s.status === 'Uploaded' });
    } finally {
      await p.stop();
    }
  });
});

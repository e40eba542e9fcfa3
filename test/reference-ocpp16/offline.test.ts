import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPair, sleep, until } from './helpers';

describe('reference OCPP 1.6: offline behaviour, power loss, EV-side disconnect', () => {
  it('queues transaction messages while offline and replays them in order on reconnect (no new boot)', async () => {
    const p = await startPair({ station: { configuration: { MeterValueSampleInterval: '10' } } });
    try {
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG3');
      await p.csms.waitFor(p.id, 'StartTransaction', { since: 0 });
      await until(() => p.station.transactionId(1), 2000, 'transactionId');
      await p.station.goOffline();
      await until(() => p.station.queuedMessages() >= 1, 3000, 'a sample queued while offline'); // 100 ms interval
      await p.station.presentIdTag('TAG3'); // cached id, stop offline
      assert.ok(p.station.queuedMessages() >= 2, `queued ${p.station.queuedMessages()}`);
      const since = p.csms.mark();
      await p.station.goOnline();
      const stop = await p.csms.waitFor(p.id, 'StopTransaction', { since });
      assert.equal(stop.transactionId, 1001);
      assert.equal(stop.reason, 'Local');
      const after = p.csms.received(p.id).slice(since).map((m) => m.action);
      assert.equal(after.includes('BootNotification'), false);
      const firstMv = after.indexOf('MeterValues');
      assert.ok(firstMv >= 0 && firstMv < after.indexOf('StopTransaction'), after.join(','));
      await until(() => p.station.queuedMessages() === 0, 2000, 'empty queue');
    } finally {
      await p.stop();
    }
  });

  it('offline start with an id on the local list (LocalAuthorizeOffline); blocked and expired ids are refused', async () => {
    const p = await startPair();
    try {
      const list = [
        { idTag: 'LOCAL1', idTagInfo: { status: 'Accepted' } },
        { idTag: 'LOCAL2', idTagInfo: { status: 'Blocked' } },
        { idTag: 'LOCAL3', idTagInfo: { status: 'Accepted', expiryDate: '2020-01-01T00:00:00.000Z' } },
      ];
      assert.deepEqual(await p.csms.call(p.id, 'SendLocalList', { listVersion: 1, updateType: 'Full', localAuthorizationList: list }), { status: 'Accepted' });
      await p.station.goOffline();
      await p.station.plugIn(1);
      await p.station.plugIn(2);
      await p.station.presentIdTag('LOCAL2', 2);
      await p.station.presentIdTag('LOCAL3', 2);
      assert.equal(p.station.queuedMessages(), 0);
      await p.station.presentIdTag('LOCAL1', 1);
      assert.equal(p.station.queuedMessages(), 1);
      const since = p.csms.mark();
      await p.station.goOnline();
      assert.equal((await p.csms.waitFor(p.id, 'StartTransaction', { since })).idTag, 'LOCAL1');
    } finally {
      await p.stop();
    }
  });

  it('offline start with an unknown id (AllowOfflineTxForUnknownId) is stopped DeAuthorized when the CSMS says Invalid', async () => {
    const p = await startPair({ station: { configuration: { AllowOfflineTxForUnknownId: 'true', StopTransactionOnInvalidId: 'true' } } });
    try {
      await p.station.goOffline();
      await p.station.plugIn(1);
      await p.station.presentIdTag('UNKNOWN');
      await sleep(20);
      const since = p.csms.mark();
      await p.station.goOnline();
      const start = await p.csms.waitFor(p.id, 'StartTransaction', { since });
      assert.equal(start.idTag, 'UNKNOWN');
      const stop = await p.csms.waitFor(p.id, 'StopTransaction', { since });
      assert.equal(stop.reason, 'DeAuthorized');
    } finally {
      await p.stop();
    }
  });

  it('StopTransactionOnInvalidId=false keeps the transaction but suspends the EVSE', async () => {
    const p = await startPair({ station: { configuration: { AllowOfflineTxForUnknownId: 'true', StopTransactionOnInvalidId: 'false' } } });
    try {
      await p.station.goOffline();
      await p.station.plugIn(1);
      await p.station.presentIdTag('UNKNOWN');
      const since = p.csms.mark();
      await p.station.goOnline();
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 1 && s.status === 'SuspendedEVSE' });
      assert.equal(p.csms.received(p.id, 'StopTransaction').length, 0);
    } finally {
      await p.stop();
    }
  });

  it('power cycle during a transaction: StopTransaction PowerLoss after the new boot', async () => {
    const p = await startPair();
    try {
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG3');
      await p.csms.waitFor(p.id, 'StartTransaction', { since: 0 });
      await until(() => p.station.transactionId(1), 2000, 'transactionId');
      await p.station.goOffline();
      const since = p.csms.mark();
      await p.station.powerCycle();
      await p.station.goOnline();
      await p.csms.waitFor(p.id, 'BootNotification', { since, timeoutMs: 3000 });
      const stop = await p.csms.waitFor(p.id, 'StopTransaction', { since, timeoutMs: 3000 });
      assert.equal(stop.reason, 'PowerLoss');
    } finally {
      await p.stop();
    }
  });

  it('EV-side disconnect stops the transaction (EVDisconnected); with UnlockConnectorOnEVSideDisconnect=false it stays Finishing', async () => {
    const p = await startPair({ station: { configuration: { UnlockConnectorOnEVSideDisconnect: 'false' } } });
    try {
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG3');
      await p.csms.waitFor(p.id, 'StartTransaction', { since: 0 });
      const since = p.csms.mark();
      await p.station.unplug(1);
      assert.equal((await p.csms.waitFor(p.id, 'StopTransaction', { since })).reason, 'EVDisconnected');
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 1 && s.status === 'Finishing' });
      const m = p.csms.mark();
      await p.station.presentIdTag('TAG3');
      await p.csms.waitFor(p.id, 'StatusNotification', { since: m, match: (s) => s.connectorId === 1 && s.status === 'Available' });
    } finally {
      await p.stop();
    }
  });

  it('MinimumStatusDuration suppresses statuses that do not last', async () => {
    const p = await startPair({ station: { configuration: { MinimumStatusDuration: '20' } } }); // 200 ms
    try {
      await p.csms.waitFor(p.id, 'StatusNotification', { since: 0, match: (s) => s.connectorId === 2 });
      const since = p.csms.mark();
      await p.station.plugIn(1);
      await p.station.unplug(1); // Preparing for a moment only
      await p.station.raiseFault(2, 'GroundFailure');
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 2 && s.status === 'Faulted', timeoutMs: 3000 });
      assert.equal(p.csms.received(p.id, 'StatusNotification').slice(0).filter((m) => m.payload.connectorId === 1 && m.payload.status === 'Preparing').length, 0);
    } finally {
      await p.stop();
    }
  });

  it('hardware: fault on a connector, lock failure, EV suspend', async () => {
    const p = await startPair();
    try {
      const since = p.csms.mark();
      await p.station.raiseFault(2, 'GroundFailure');
      const f = await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 2 && s.status === 'Faulted' });
      assert.equal(f.errorCode, 'GroundFailure');
      await p.station.clearFault(2);
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 2 && s.status === 'Available' && s.errorCode === 'NoError' });
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG3');
      await p.csms.waitFor(p.id, 'StartTransaction', { since });
      await p.station.evSuspend(1);
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 1 && s.status === 'SuspendedEV' });
      p.station.simulate({ lockFailure: true });
      await p.station.plugIn(2);
      await p.station.presentIdTag('TAG1', 2);
      const lock = await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 2 && s.errorCode === 'ConnectorLockFailure' });
      assert.equal(lock.status, 'Faulted');
    } finally {
      await p.stop();
    }
  });
});

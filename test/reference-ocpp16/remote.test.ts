import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPair, sleep } from './helpers';

describe('reference OCPP 1.6: CSMS-initiated core operations', () => {
  it('remote start (AuthorizeRemoteTxRequests=true) and remote stop', async () => {
    const p = await startPair({ station: { configuration: { AuthorizeRemoteTxRequests: 'true' } } });
    try {
      await p.station.plugIn(2);
      const since = p.csms.mark();
      assert.deepEqual(await p.csms.call(p.id, 'RemoteStartTransaction', { connectorId: 0, idTag: 'TAG1' }), { status: 'Rejected' });
      assert.deepEqual(await p.csms.call(p.id, 'RemoteStartTransaction', { connectorId: 2, idTag: 'TAG1' }), { status: 'Accepted' });
      await p.csms.waitFor(p.id, 'Authorize', { since });
      const start = await p.csms.waitFor(p.id, 'StartTransaction', { since });
      assert.equal(start.connectorId, 2);
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 2 && s.status === 'Charging' });
      const txId = p.station.transactionId(2)!;
      assert.deepEqual(await p.csms.call(p.id, 'RemoteStopTransaction', { transactionId: txId + 100 }), { status: 'Rejected' });
      assert.deepEqual(await p.csms.call(p.id, 'RemoteStopTransaction', { transactionId: txId }), { status: 'Accepted' });
      const stop = await p.csms.waitFor(p.id, 'StopTransaction', { since });
      assert.equal(stop.reason, 'Remote');
      assert.equal(stop.idTag, undefined);
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 2 && s.status === 'Finishing' });
    } finally {
      await p.stop();
    }
  });

  it('remote start first times out after ConnectionTimeOut', async () => {
    const p = await startPair({ station: { configuration: { ConnectionTimeOut: '10' } } });
    try {
      const since = p.csms.mark();
      assert.deepEqual(await p.csms.call(p.id, 'RemoteStartTransaction', { idTag: 'TAG3' }), { status: 'Accepted' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 1 && s.status === 'Preparing' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 1 && s.status === 'Available' });
      assert.equal(p.csms.received(p.id, 'StartTransaction').length, 0);
    } finally {
      await p.stop();
    }
  });

  it('soft reset with a transaction: StopTransaction SoftReset, then a new BootNotification', async () => {
    const p = await startPair();
    try {
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG3');
      const since = p.csms.mark();
      await p.csms.waitFor(p.id, 'StartTransaction', { since: 0 });
      assert.deepEqual(await p.csms.call(p.id, 'Reset', { type: 'Soft' }), { status: 'Accepted' });
      const stop = await p.csms.waitFor(p.id, 'StopTransaction', { since });
      assert.equal(stop.reason, 'SoftReset');
      await p.csms.waitFor(p.id, 'BootNotification', { since, timeoutMs: 3000 });
      await p.station.waitAccepted(3000);
    } finally {
      await p.stop();
    }
  });

  it('configuration: get all / listed keys, unknownKey, change, readonly, not supported, reboot required', async () => {
    const p = await startPair();
    try {
      const all = (await p.csms.call(p.id, 'GetConfiguration', {})) as any;
      const keys = all.configurationKey.map((k: any) => k.key);
      for (const k of ['HeartbeatInterval', 'MeterValueSampleInterval', 'ConnectionTimeOut', 'NumberOfConnectors', 'SupportedFeatureProfiles', 'LocalAuthListMaxLength'])
        assert.ok(keys.includes(k), k);
      assert.equal(all.configurationKey.find((k: any) => k.key === 'AuthorizationKey').value, undefined);
      const some = (await p.csms.call(p.id, 'GetConfiguration', { key: ['NumberOfConnectors', 'Nope'] })) as any;
      assert.deepEqual(some, { configurationKey: [{ key: 'NumberOfConnectors', readonly: true, value: '2' }], unknownKey: ['Nope'] });
      const change = (key: string, value: string) => p.csms.call(p.id, 'ChangeConfiguration', { key, value });
      assert.deepEqual(await change('MeterValueSampleInterval', '30'), { status: 'Accepted' });
      assert.deepEqual(await change('MeterValueSampleInterval', '-5'), { status: 'Rejected' });
      assert.deepEqual(await change('NumberOfConnectors', '4'), { status: 'Rejected' });
      assert.deepEqual(await change('NoSuchKey', '1'), { status: 'NotSupported' });
      assert.deepEqual(await change('ConnectorPhaseRotation', '0.RST,1.RTS,2.RST'), { status: 'RebootRequired' });
      assert.deepEqual(await change('MeterValuesSampledData', 'Energy.Active.Import.Register,Bogus'), { status: 'Rejected' });
      assert.equal(p.station.configuration('MeterValueSampleInterval'), '30');
      assert.deepEqual(await p.csms.call(p.id, 'DataTransfer', { vendorId: 'Other' }), { status: 'UnknownVendorId' });
      assert.deepEqual(await p.csms.call(p.id, 'ClearCache', {}), { status: 'Accepted' });
    } finally {
      await p.stop();
    }
  });

  it('change availability: Inoperative now, Scheduled during a transaction', async () => {
    const p = await startPair();
    try {
      const since = p.csms.mark();
      assert.deepEqual(await p.csms.call(p.id, 'ChangeAvailability', { connectorId: 2, type: 'Inoperative' }), { status: 'Accepted' });
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 2 && s.status === 'Unavailable' });
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG3');
      await p.csms.waitFor(p.id, 'StartTransaction', { since });
      assert.deepEqual(await p.csms.call(p.id, 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' }), { status: 'Scheduled' });
      await p.station.presentIdTag('TAG3');
      await p.csms.waitFor(p.id, 'StopTransaction', { since });
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 1 && s.status === 'Unavailable' });
    } finally {
      await p.stop();
    }
  });

  it('unlock connector: unknown connector NotSupported, during a session stops it with UnlockCommand', async () => {
    const p = await startPair();
    try {
      assert.deepEqual(await p.csms.call(p.id, 'UnlockConnector', { connectorId: 9 }), { status: 'NotSupported' });
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG3');
      const since = p.csms.mark();
      await p.csms.waitFor(p.id, 'StartTransaction', { since: 0 });
      assert.deepEqual(await p.csms.call(p.id, 'UnlockConnector', { connectorId: 1 }), { status: 'Unlocked' });
      assert.equal((await p.csms.waitFor(p.id, 'StopTransaction', { since })).reason, 'UnlockCommand');
      p.station.simulate({ unlockFailure: true });
      assert.deepEqual(await p.csms.call(p.id, 'UnlockConnector', { connectorId: 2 }), { status: 'UnlockFailed' });
    } finally {
      await p.stop();
    }
  });

  it('trigger message: StatusNotification for one connector, MeterValues, Rejected for a bad connector', async () => {
    const p = await startPair();
    try {
      await p.csms.waitFor(p.id, 'StatusNotification', { since: 0, match: (s) => s.connectorId === 2 });
      await sleep(20);
      const since = p.csms.mark();
      assert.deepEqual(await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'StatusNotification', connectorId: 2 }), { status: 'Accepted' });
      const s = await p.csms.waitFor(p.id, 'StatusNotification', { since });
      assert.equal(s.connectorId, 2);
      assert.deepEqual(await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'MeterValues', connectorId: 1 }), { status: 'Accepted' });
      const mv = await p.csms.waitFor(p.id, 'MeterValues', { since });
      assert.equal(mv.meterValue[0].sampledValue[0].context, 'Trigger');
      assert.deepEqual(await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'Heartbeat', connectorId: 7 }), { status: 'Rejected' });
      assert.deepEqual(await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'DiagnosticsStatusNotification' }), { status: 'Accepted' });
      assert.equal((await p.csms.waitFor(p.id, 'DiagnosticsStatusNotification', { since })).status, 'Idle');
    } finally {
      await p.stop();
    }
  });
});

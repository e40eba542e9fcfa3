import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPair, sleep, until } from './helpers';

describe('reference OCPP 1.6 station <-> CSMS: core profile', () => {
  it('boots, reports every connector (incl. 0) and heartbeats at the scaled interval', async () => {
    const p = await startPair();
    try {
      const boot = p.csms.received(p.id, 'BootNotification');
      assert.equal(boot.length, 1);
      assert.equal(boot[0].payload.chargePointVendor, 'EVC');
      await p.csms.waitFor(p.id, 'StatusNotification', { since: 0, match: (s) => s.connectorId === 2 });
      const statuses = p.csms.received(p.id, 'StatusNotification').map((m) => m.payload.connectorId);
      assert.deepEqual(statuses.slice(0, 3), [0, 1, 2]);
      assert.equal(p.station.configuration('HeartbeatInterval'), '10');
      // 10 s x 0.01 = 100 ms apart
      // five: one late handling (31 ms then 96 ms seen in CI) is spread over four gaps
      await until(() => p.csms.received(p.id, 'Heartbeat').length >= 5, 4000, 'five heartbeats');
      const at = p.csms.received(p.id, 'Heartbeat').map((m) => m.at);
      // the mean gap: arrival times are taken when this process handles each frame, so under load one late
      // handling shortens the next gap (33 ms seen in CI) while the station kept its interval
      const mean = (at[at.length - 1] - at[0]) / (at.length - 1);
      assert.ok(mean >= 70, `heartbeats ${Math.round(mean)} ms apart on average (${at.slice(1).map((t, i) => t - at[i]).join(', ')} ms)`);
    } finally {
      await p.stop();
    }
  });

  it('runs a plug-in-first session: Preparing, Authorize, StartTransaction, Charging, MeterValues, StopTransaction', async () => {
    const p = await startPair({ station: { configuration: { MeterValueSampleInterval: '10', MeterValuesSampledData: 'Energy.Active.Import.Register,Power.Active.Import', StopTxnSampledData: 'Energy.Active.Import.Register' } } });
    try {
      const since = p.csms.mark();
      await p.station.plugIn(1);
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 1 && s.status === 'Preparing' });
      await p.station.presentIdTag('TAG1');
      const auth = await p.csms.waitFor(p.id, 'Authorize', { since });
      assert.equal(auth.idTag, 'TAG1');
      const start = await p.csms.waitFor(p.id, 'StartTransaction', { since });
      assert.equal(start.connectorId, 1);
      assert.equal(start.meterStart, 0);
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 1 && s.status === 'Charging' });
      const mv = await p.csms.waitFor(p.id, 'MeterValues', { since, timeoutMs: 2000 });
      assert.equal(mv.transactionId, 1001);
      assert.equal(mv.meterValue[0].sampledValue[0].context, 'Sample.Periodic');
      assert.equal(p.station.transactionId(1), 1001);
      await sleep(100);
      await p.station.presentIdTag('TAG1');
      const stop = await p.csms.waitFor(p.id, 'StopTransaction', { since });
      assert.equal(stop.transactionId, 1001);
      assert.equal(stop.reason, 'Local');
      assert.equal(stop.idTag, 'TAG1');
      assert.ok(stop.meterStop > 0, `meterStop ${stop.meterStop}`);
      const contexts = stop.transactionData.map((d: any) => d.sampledValue[0].context);
      assert.equal(contexts[0], 'Transaction.Begin');
      assert.equal(contexts.at(-1), 'Transaction.End');
      assert.equal(stop.transactionData.at(-1).sampledValue[0].value, String(stop.meterStop));
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.connectorId === 1 && s.status === 'Finishing' });
      const beforeUnplug = p.csms.mark();
      await p.station.unplug(1);
      await p.csms.waitFor(p.id, 'StatusNotification', { since: beforeUnplug, match: (s) => s.connectorId === 1 && s.status === 'Available' });
      assert.equal(p.csms.transactions()[0].active, false);
    } finally {
      await p.stop();
    }
  });
});

describe('reference OCPP 1.6 station: boot Pending / Rejected', () => {
  it('Pending: answers configuration calls, rejects remote start, boots again after the interval, sends nothing else', async () => {
    const p = await startPair({ csms: { faults: ['boot-pending-forever'] }, waitAccepted: false });
    try {
      await p.csms.waitForStation(p.id);
      await p.csms.waitFor(p.id, 'BootNotification', { since: 0 });
      const conf = (await p.csms.call(p.id, 'GetConfiguration', { key: ['HeartbeatInterval'] })) as any;
      assert.equal(conf.configurationKey[0].key, 'HeartbeatInterval');
      assert.deepEqual(await p.csms.call(p.id, 'RemoteStartTransaction', { idTag: 'TAG3' }), { status: 'Rejected' });
      await until(() => p.csms.received(p.id, 'BootNotification').length >= 3, 3000, 'repeated BootNotification'); // every 10 s x 0.01
      assert.deepEqual([...new Set(p.csms.received(p.id).map((m) => m.action))], ['BootNotification']);
    } finally {
      await p.stop();
    }
  });

  it('Rejected: only BootNotification, repeated after the interval', async () => {
    const p = await startPair({ csms: { faults: ['boot-rejected'] }, waitAccepted: false });
    try {
      await until(() => p.csms.received(p.id, 'BootNotification').length >= 2, 3000, 'second BootNotification');
      assert.deepEqual([...new Set(p.csms.received(p.id).map((m) => m.action))], ['BootNotification']);
    } finally {
      await p.stop();
    }
  });
});

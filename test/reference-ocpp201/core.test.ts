import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPair, until, txEvents } from './helpers';

const RFC3339_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('reference OCPP 2.0.1 station <-> CSMS: core', () => {
  it('boots (PowerUp), reports each EVSE connector 1 as Available and heartbeats at the interval', async () => {
    const p = await startPair();
    try {
      const boot = p.csms.received(p.id, 'BootNotification');
      assert.equal(boot.length, 1);
      assert.equal(boot[0].payload.reason, 'PowerUp');
      assert.equal(boot[0].payload.chargingStation.vendorName, 'EVC');
      await p.csms.waitFor(p.id, 'StatusNotification', { since: 0, match: (s) => s.evseId === 2 });
      const st = p.csms.received(p.id, 'StatusNotification').map((m) => m.payload);
      assert.deepEqual(st.map((s) => [s.evseId, s.connectorId, s.connectorStatus]), [[1, 1, 'Available'], [2, 1, 'Available']]);
      assert.match(st[0].timestamp, RFC3339_MS);
      assert.equal(p.station.variable('OCPPCommCtrlr.HeartbeatInterval'), '10');
      await until(() => p.csms.received(p.id, 'Heartbeat').length >= 5, 4000, 'five heartbeats');
      const at = p.csms.received(p.id, 'Heartbeat').map((m) => m.at);
      const mean = (at[at.length - 1] - at[0]) / (at.length - 1);
      assert.ok(mean >= 60 && mean < 500, `heartbeats ${at.map((x) => x - at[0]).join(',')} ms apart`);
    } finally {
      await p.stop();
    }
  });

  it('runs a cable-first transaction: Started(CablePluggedIn) → Authorize → Updated(Authorized) → periodic → Ended(StopAuthorized), seqNo 0..n', async () => {
    const p = await startPair({ station: { configuration: { 'SampledDataCtrlr.TxUpdatedInterval': '10' } } });
    try {
      const since = p.csms.mark();
      await p.station.plugIn(1);
      await p.csms.waitFor(p.id, 'StatusNotification', { since, match: (s) => s.evseId === 1 && s.connectorStatus === 'Occupied' });
      const started = await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.eventType === 'Started' });
      assert.equal(started.triggerReason, 'CablePluggedIn');
      assert.equal(started.seqNo, 0);
      assert.equal(started.transactionInfo.chargingState, 'EVConnected');
      assert.deepEqual(started.evse, { id: 1, connectorId: 1 });
      assert.equal(started.meterValue[0].sampledValue[0].context, 'Transaction.Begin');
      await p.station.presentIdTag('TAG1');
      const auth = await p.csms.waitFor(p.id, 'Authorize', { since });
      assert.deepEqual(auth.idToken, { idToken: 'TAG1', type: 'ISO14443' });
      const authorized = await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.triggerReason === 'Authorized' });
      assert.equal(authorized.transactionInfo.chargingState, 'Charging');
      assert.equal(authorized.idToken.idToken, 'TAG1');
      await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.triggerReason === 'MeterValuePeriodic' });
      await p.station.presentIdTag('TAG1');
      const ended = await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.eventType === 'Ended' });
      assert.equal(ended.triggerReason, 'StopAuthorized');
      assert.equal(ended.transactionInfo.stoppedReason, 'Local');
      // TxEndedMeasurands: sampled at the start and at the end
      assert.deepEqual(ended.meterValue.map((m: any) => m.sampledValue[0].context), ['Transaction.Begin', 'Transaction.End']);
      assert.ok(ended.meterValue[1].sampledValue[0].value > 0);
      const seq = txEvents(p).filter((e) => e.transactionInfo.transactionId === started.transactionInfo.transactionId).map((e) => e.seqNo);
      assert.deepEqual(seq, seq.map((_s, i) => i));
      for (const e of txEvents(p)) assert.match(e.timestamp, RFC3339_MS);
      const before = p.csms.mark();
      await p.station.unplug(1);
      await p.csms.waitFor(p.id, 'StatusNotification', { since: before, match: (s) => s.evseId === 1 && s.connectorStatus === 'Available' });
      assert.equal(p.csms.transactions()[0].active, false);
    } finally {
      await p.stop();
    }
  });

  it('RequestStartTransaction: Accepted, Authorize, Started with triggerReason RemoteStart and the remoteStartId; RequestStopTransaction ends it', async () => {
    const p = await startPair();
    try {
      const since = p.csms.mark();
      const res = (await p.csms.call(p.id, 'RequestStartTransaction', { idToken: { idToken: 'TAG3', type: 'Central' }, remoteStartId: 42, evseId: 2 })) as any;
      assert.equal(res.status, 'Accepted');
      await p.csms.waitFor(p.id, 'Authorize', { since });
      const started = await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.eventType === 'Started' });
      assert.equal(started.triggerReason, 'RemoteStart');
      assert.equal(started.transactionInfo.remoteStartId, 42);
      assert.equal(started.evse.id, 2);
      await p.station.plugIn(2);
      const plugged = await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.triggerReason === 'CablePluggedIn' });
      assert.equal(plugged.transactionInfo.chargingState, 'Charging');
      const stop = (await p.csms.call(p.id, 'RequestStopTransaction', { transactionId: started.transactionInfo.transactionId })) as any;
      assert.equal(stop.status, 'Accepted');
      const ended = await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.eventType === 'Ended' });
      assert.equal(ended.triggerReason, 'RemoteStop');
      assert.equal(ended.transactionInfo.stoppedReason, 'Remote');
      assert.deepEqual(txEvents(p).map((e) => e.seqNo), [0, 1, 2]);
      assert.equal(((await p.csms.call(p.id, 'RequestStopTransaction', { transactionId: 'nope' })) as any).status, 'Rejected');
    } finally {
      await p.stop();
    }
  });
});

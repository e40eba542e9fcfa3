import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sleep, startPair, txEvents, until } from './helpers';

const setVar = (component: string, variable: string, attributeValue: string) => ({ setVariableData: [{ component: { name: component }, variable: { name: variable }, attributeValue }] });

describe('reference OCPP 2.0.1 station: authorization', () => {
  it('a Blocked token does not authorize the cable-first transaction; authorization first then no cable → Ended(EVConnectTimeout, Timeout)', async () => {
    const p = await startPair({ station: { configuration: { 'TxCtrlr.EVConnectionTimeOut': '10' } } });
    try {
      await p.station.plugIn(1);
      await p.station.presentIdTag('BLOCKED');
      const auth = await p.csms.waitFor(p.id, 'Authorize', { since: 0 });
      assert.equal(auth.idToken.idToken, 'BLOCKED');
      await sleep(100);
      assert.deepEqual(txEvents(p).map((e) => e.triggerReason), ['CablePluggedIn']);
      await p.station.presentIdTag('TAG1', 2);
      const started = await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.evse.id === 2 && e.eventType === 'Started' });
      assert.equal(started.triggerReason, 'Authorized');
      assert.equal(started.transactionInfo.chargingState, 'Idle');
      const ended = await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.evse.id === 2 && e.eventType === 'Ended' });
      assert.equal(ended.triggerReason, 'EVConnectTimeout');
      assert.equal(ended.transactionInfo.stoppedReason, 'Timeout');
    } finally {
      await p.stop();
    }
  });

  it('a token of the same group stops the transaction, another token does not', async () => {
    const p = await startPair();
    try {
      await p.station.plugIn(1);
      await p.station.presentIdTag('TAG1');
      await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.triggerReason === 'Authorized' });
      await p.station.presentIdTag('TAG3', 1);
      await sleep(100);
      assert.ok(!txEvents(p).some((e) => e.eventType === 'Ended'));
      await p.station.presentIdTag('TAG2', 1);
      const ended = await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.eventType === 'Ended' });
      assert.equal(ended.triggerReason, 'StopAuthorized');
      assert.equal(ended.idToken.idToken, 'TAG2');
    } finally {
      await p.stop();
    }
  });

  it('authorization cache: LocalPreAuthorize skips Authorize for a cached token; ClearCache empties it', async () => {
    const p = await startPair();
    try {
      await p.station.presentIdTag('TAG3', 1);
      await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.eventType === 'Started' });
      await p.station.presentIdTag('TAG3', 1);
      await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.eventType === 'Ended' });
      assert.equal(p.csms.received(p.id, 'Authorize').length, 1);
      await p.csms.call(p.id, 'SetVariables', setVar('AuthCtrlr', 'LocalPreAuthorize', 'true'));
      await p.station.presentIdTag('TAG3', 2);
      await until(() => txEvents(p).filter((e) => e.eventType === 'Started').length === 2, 2000, 'second transaction');
      assert.equal(p.csms.received(p.id, 'Authorize').length, 1);
      assert.equal(((await p.csms.call(p.id, 'ClearCache', {})) as any).status, 'Accepted');
      await p.station.presentIdTag('TAG3', 1);
      await until(() => p.csms.received(p.id, 'Authorize').length === 2, 2000, 'Authorize after ClearCache');
      await p.csms.call(p.id, 'SetVariables', setVar('AuthCacheCtrlr', 'Enabled', 'false'));
      assert.equal(((await p.csms.call(p.id, 'ClearCache', {})) as any).status, 'Rejected');
    } finally {
      await p.stop();
    }
  });

  it('local authorization list: SendLocalList Full / Differential (VersionMismatch), GetLocalListVersion, offline authorization from the list', async () => {
    const p = await startPair();
    try {
      const list = (versionNumber: number, updateType: string, items: unknown[]) => p.csms.call(p.id, 'SendLocalList', { versionNumber, updateType, localAuthorizationList: items }) as Promise<any>;
      assert.equal(((await p.csms.call(p.id, 'GetLocalListVersion', {})) as any).versionNumber, 0);
      assert.equal((await list(3, 'Full', [{ idToken: { idToken: 'LOCAL9', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } }])).status, 'Accepted');
      assert.equal(((await p.csms.call(p.id, 'GetLocalListVersion', {})) as any).versionNumber, 3);
      assert.equal((await list(2, 'Differential', [{ idToken: { idToken: 'LOCAL8', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } }])).status, 'VersionMismatch');
      await p.station.goOffline();
      await p.station.plugIn(1);
      await p.station.presentIdTag('LOCAL9');
      await p.station.presentIdTag('STRANGER', 2);
      assert.equal(p.station.queuedMessages(), 2); // Started (CablePluggedIn) and Updated (Authorized) for LOCAL9 only
      const since = p.csms.mark();
      await p.station.goOnline();
      const upd = await p.csms.waitFor(p.id, 'TransactionEvent', { since, match: (e) => e.triggerReason === 'Authorized' });
      assert.equal(upd.idToken.idToken, 'LOCAL9');
      assert.equal(upd.offline, true);
    } finally {
      await p.stop();
    }
  });

  it('offline start for an unknown id (OfflineTxForUnknownIdEnabled); back online the CSMS says Unknown → Ended(Deauthorized, DeAuthorized) with StopTxOnInvalidId', async () => {
    const p = await startPair({ station: { configuration: { 'AuthCtrlr.OfflineTxForUnknownIdEnabled': 'true' } } });
    try {
      await p.station.goOffline();
      await p.station.plugIn(1);
      await p.station.presentIdTag('NOBODY');
      await p.station.goOnline();
      const ended = await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0, match: (e) => e.eventType === 'Ended' });
      assert.equal(ended.triggerReason, 'Deauthorized');
      assert.equal(ended.transactionInfo.stoppedReason, 'DeAuthorized');
      assert.deepEqual(txEvents(p).map((e) => e.seqNo), [0, 1, 2]);
    } finally {
      await p.stop();
    }
  });
});

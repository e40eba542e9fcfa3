import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startReferenceCsms, type ReferenceCsmsControl } from '../../src/reference/ocpp201/csms';
import { ID_TAGS, PASSWORD, TIME_SCALE, until } from './helpers';
import { rawStation, type RawStation } from './probe';

const ID = 'PROBE-INTENT';
const BOOT = { chargingStation: { model: 'Probe', vendorName: 'EVC' }, reason: 'PowerUp' };

/** Runs `body` against a booted raw station connected to a reference CSMS with these faults / variant. */
async function withCsms(faults: string[], variant: 'default' | 'alt', body: (c: ReferenceCsmsControl, s: RawStation) => Promise<void>): Promise<void> {
  const c = await startReferenceCsms({ version: '2.0.1', stations: { [ID]: { password: PASSWORD } }, securityProfile: 0, idTags: ID_TAGS, heartbeatInterval: 60, faults, timeScale: TIME_SCALE, variant });
  const s = await rawStation(c.url, ID, { password: PASSWORD });
  try {
    await s.call('BootNotification', BOOT);
    await body(c, s);
  } finally {
    await s.close();
    await c.stop();
  }
}

/** Payloads of the CALLs of `action` the station received so far. */
function calls(s: RawStation, action: string): any[] {
  return s.frames.map((f) => JSON.parse(f) as unknown[]).filter((f) => f[0] === 2 && f[2] === action).map((f) => f[3]);
}

async function nth(s: RawStation, action: string, n: number): Promise<any> {
  return until(() => calls(s, action)[n - 1], 2000, `${action} #${n}`);
}

const startTx = (idToken: string) => ({ name: 'remotely-start-a-transaction', params: { idToken, evseId: 1 } });

describe('reference OCPP 2.0.1 CSMS: operator intents', () => {
  it('refuses an intent it does not know, naming it', async () => {
    await withCsms([], 'default', async (c) => {
      await assert.rejects(c.perform(ID, { name: 'fly-to-the-moon', params: {} }), /fly-to-the-moon/);
    });
  });

  it('gives every remote start its own remoteStartId (fault remote-start-id-reused: the same one)', async () => {
    for (const [faults, distinct] of [[[], true], [['remote-start-id-reused'], false]] as const) {
      await withCsms([...faults], 'default', async (c, s) => {
        await c.perform(ID, startTx('TAG1'));
        await c.perform(ID, startTx('TAG1'));
        const [a, b] = [await nth(s, 'RequestStartTransaction', 1), await nth(s, 'RequestStartTransaction', 2)];
        assert.equal(a.idToken.idToken, 'TAG1');
        assert.equal(a.evseId, 1);
        assert.equal(a.remoteStartId !== b.remoteStartId, distinct, JSON.stringify([a, b]));
      });
    }
  });

  it("stops the station's transaction by its transactionId (fault stop-wrong-transaction-id: its own number)", async () => {
    for (const [faults, same] of [[[], true], [['stop-wrong-transaction-id'], false]] as const) {
      await withCsms([...faults], 'default', async (c, s) => {
        const now = new Date().toISOString();
        await s.call('TransactionEvent', { eventType: 'Started', timestamp: now, triggerReason: 'Authorized', seqNo: 0, transactionInfo: { transactionId: 'tx-abc' }, evse: { id: 1, connectorId: 1 } });
        await c.perform(ID, { name: 'remotely-stop-the-transaction', params: { evseId: 1 } });
        assert.equal((await nth(s, 'RequestStopTransaction', 1)).transactionId === 'tx-abc', same);
        await assert.rejects(c.perform(ID, { name: 'remotely-stop-the-transaction', params: { evseId: 2 } }), /no transaction/);
      });
    }
  });

  it('builds Reset, ChangeAvailability and TriggerMessage from the request (and their faults break them)', async () => {
    await withCsms([], 'default', async (c, s) => {
      await c.perform(ID, { name: 'reset-an-evse', params: { type: 'OnIdle', evseId: 2 } });
      await c.perform(ID, { name: 'change-availability', params: { operationalStatus: 'Inoperative', evseId: 1, connectorId: 1 } });
      await c.perform(ID, { name: 'trigger-a-message', params: { requestedMessage: 'MeterValues' } });
      assert.deepEqual(await nth(s, 'Reset', 1), { type: 'OnIdle', evseId: 2 });
      assert.deepEqual(await nth(s, 'ChangeAvailability', 1), { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 1 } });
      assert.deepEqual(await nth(s, 'TriggerMessage', 1), { requestedMessage: 'MeterValues' });
    });
    await withCsms(['reset-wrong-type', 'availability-wrong-scope', 'trigger-message-wrong-target'], 'default', async (c, s) => {
      await c.perform(ID, { name: 'reset-an-evse', params: { type: 'OnIdle', evseId: 2 } });
      await c.perform(ID, { name: 'change-availability', params: { operationalStatus: 'Inoperative', evseId: 1, connectorId: 1 } });
      await c.perform(ID, { name: 'trigger-a-message', params: { requestedMessage: 'MeterValues' } });
      assert.equal((await nth(s, 'Reset', 1)).type, 'Immediate');
      assert.deepEqual(await nth(s, 'ChangeAvailability', 1), { operationalStatus: 'Inoperative', evse: { id: 1 } });
      assert.deepEqual(await nth(s, 'TriggerMessage', 1), { requestedMessage: 'MeterValues', evse: { id: 1 } });
    });
  });

  it('alt configuration: other id scheme, Actual left out, logs not supported', async () => {
    await withCsms([], 'alt', async (c, s) => {
      await c.perform(ID, { name: 'get-a-base-report', params: { reportBase: 'FullInventory' } });
      await c.perform(ID, { name: 'get-variables', params: { OCPPCommCtrlr: { HeartbeatInterval: 'Actual' } } });
      const report = await nth(s, 'GetBaseReport', 1);
      assert.ok(Number.isInteger(report.requestId) && report.requestId > 1000, JSON.stringify(report));
      assert.deepEqual((await nth(s, 'GetVariables', 1)).getVariableData, [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }]);
      await assert.rejects(c.perform(ID, { name: 'retrieve-a-log', params: { logType: 'DiagnosticsLog', remoteLocation: 'https://x.example/u' } }), /not supported/);
    });
  });

  it('handler faults: constant heartbeat interval, refused tokens collapsed to Invalid, MeterValues of EVSE 0 refused', async () => {
    const now = new Date().toISOString();
    const probe = async (faults: string[]) => {
      const c = await startReferenceCsms({ version: '2.0.1', stations: { [ID]: { password: PASSWORD } }, securityProfile: 0, idTags: ID_TAGS, heartbeatInterval: 120, faults, timeScale: TIME_SCALE });
      const s = await rawStation(c.url, ID, { password: PASSWORD });
      try {
        const boot = (await s.call('BootNotification', BOOT))[2] as any;
        const auth = (await s.call('Authorize', { idToken: { idToken: 'BLOCKED', type: 'ISO14443' } }))[2] as any;
        const mv = await s.call('MeterValues', { evseId: 0, meterValue: [{ timestamp: now, sampledValue: [{ value: 1 }] }] });
        return { interval: boot.interval, status: auth.idTokenInfo.status, mv: mv[0] };
      } finally {
        await s.close();
        await c.stop();
      }
    };
    assert.deepEqual(await probe([]), { interval: 120, status: 'Blocked', mv: 3 });
    assert.deepEqual(await probe(['constant-heartbeat-interval', 'auth-status-collapsed', 'meter-values-evse0-rejected']), { interval: 60, status: 'Invalid', mv: 4 });
  });

  it('refuses to delete a certificate the station has not listed', async () => {
    await withCsms([], 'default', async (c, s) => {
      await c.perform(ID, { name: 'list-the-installed-certificates', params: {} });
      await nth(s, 'GetInstalledCertificateIds', 1);
      // the probe answers {} (no certificates): nothing to delete
      await assert.rejects(c.perform(ID, { name: 'delete-the-installed-certificate', params: { certificateType: 'CSMSRootCertificate' } }), /has not listed/);
    });
  });
});

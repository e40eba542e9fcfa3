import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseInterval } from '../../src/ocpp/heartbeat-choice';
import { sleep, startPair, type Pair } from './helpers';

const call = (p: Pair, action: string, payload: Record<string, unknown>) => p.csms.call(p.id, action, payload) as Promise<any>;

async function withPair<T>(station: Parameters<typeof startPair>[0], fn: (p: Pair) => Promise<T>): Promise<T> {
  const p = await startPair(station);
  try {
    return await fn(p);
  } finally {
    await p.stop();
  }
}

describe('reference OCPP 2.0.1 station: second compliant configuration (variant alt)', () => {
  it('reports its own defaults and answers optional variables it lacks with UnknownVariable', async () => {
    await withPair({ station: { variant: 'alt', connectors: 3 } }, async (p) => {
      const r = await call(p, 'GetVariables', {
        getVariableData: [
          { component: { name: 'DeviceDataCtrlr' }, variable: { name: 'ItemsPerMessage', instance: 'GetReport' } },
          { component: { name: 'AuthCtrlr' }, variable: { name: 'MasterPassGroupId' } },
          { component: { name: 'ChargingStation' }, variable: { name: 'EVSECount' } },
        ],
      });
      assert.deepEqual(
        r.getVariableResult.map((x: any) => `${x.attributeStatus}:${x.attributeValue ?? ''}`),
        ['Accepted:6', 'UnknownVariable:', 'Accepted:3'],
      );
      const s = await call(p, 'SetVariables', { setVariableData: [{ component: { name: 'AlignedDataCtrlr' }, variable: { name: 'SendDuringIdle' }, attributeValue: 'true' }] });
      assert.equal(s.setVariableResult[0].attributeStatus, 'UnknownVariable');
    });
  });

  it('answers optional actions it does not implement with CALLERROR NotImplemented', async () => {
    await withPair({ station: { variant: 'alt', connectors: 3 } }, async (p) => {
      await assert.rejects(call(p, 'GetLog', { logType: 'DiagnosticsLog', requestId: 1, log: { remoteLocation: 'https://logs.example.com/x' } }), (err: Error & { rpcErrorCode?: string }) => {
        assert.equal(err.rpcErrorCode, 'NotImplemented');
        return true;
      });
    });
  });

  it('gives transactions ids that are not UUIDs (at most 36 characters)', async () => {
    const run = async (variant: 'default' | 'alt') =>
      withPair({ station: { variant, connectors: 3 } }, async (p) => {
        await p.station.plugIn(1);
        await p.station.presentIdTag('TAG1', 1);
        await p.csms.waitFor(p.id, 'TransactionEvent', { since: 0 });
        return { id: p.station.transactionId(1) ?? '' };
      });
    const alt = await run('alt');
    const def = await run('default');
    assert.match(def.id, /^[0-9a-f]{8}-[0-9a-f]{4}-/);
    assert.doesNotMatch(alt.id, /^[0-9a-f]{8}-[0-9a-f]{4}-/);
    assert.ok(alt.id.length > 0 && alt.id.length <= 36, alt.id);
  });
});

describe('heartbeat interval choice (2.0.1 station under test)', () => {
  it('differs by at least a factor 2 from every interval in use', () => {
    for (const used of [[300, 300], [300, 100], [60, 60], [30], [3600, 120], []]) {
      const c = chooseInterval(used);
      assert.ok(c >= 30, `${c}`);
      for (const u of used) assert.ok(Math.max(c, u) / Math.min(c, u) >= 2, `${c} vs ${u}`);
    }
  });

  it('fixed-heartbeat-interval keeps 100 s whatever it is told', async () => {
    const gaps = async (faults: string[]) =>
      withPair({ station: { faults } }, async (p) => {
        await call(p, 'SetVariables', { setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '30' }] });
        const since = Date.now();
        await sleep(1300);
        return p.csms.received(p.id, 'Heartbeat').filter((m) => m.at >= since).length;
      });
    const good = await gaps([]);
    const bad = await gaps(['fixed-heartbeat-interval']);
    assert.ok(good >= 3, `compliant: ${good} heartbeats in 1.3 s at 30 s x 0.01`);
    assert.ok(bad <= 2, `fixed: ${bad} heartbeats in 1.3 s at 100 s x 0.01`);
  });
});

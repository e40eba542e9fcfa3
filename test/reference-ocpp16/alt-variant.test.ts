import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startPair } from './helpers';

/**
 * The reference charge point's second compliant configuration (variant 'alt'): its own defaults, optional keys
 * it does not have (NotSupported / unknownKey), optional actions it does not implement (NotImplemented),
 * slower answers within the response timeout, and a meter register that does not start at 0.
 */
describe('reference OCPP 1.6 station, variant alt', () => {
  it('own defaults, optional keys and actions absent, slow but timely answers, meter in service', async () => {
    const p = await startPair({ station: { variant: 'alt', connectors: 3 } });
    try {
      const t0 = Date.now();
      const conf = (await p.csms.call(p.id, 'GetConfiguration', { key: ['NumberOfConnectors', 'MinimumStatusDuration', 'MeterValueSampleInterval'] })) as any;
      const took = Date.now() - t0;
      assert.ok(took >= 250 && took < 2000, `answered in ${took} ms`);
      assert.deepEqual(conf.unknownKey, ['MinimumStatusDuration']);
      assert.deepEqual(
        conf.configurationKey.map((k: any) => [k.key, k.value]),
        [
          ['NumberOfConnectors', '3'],
          ['MeterValueSampleInterval', '30'],
        ],
      );
      assert.deepEqual(await p.csms.call(p.id, 'ChangeConfiguration', { key: 'WebSocketPingInterval', value: '10' }), { status: 'NotSupported' });
      await assert.rejects(p.csms.call(p.id, 'GetLog', { logType: 'SecurityLog', requestId: 1, log: { remoteLocation: 'ftp://x.example.com/' } }), (e: Error & { rpcErrorCode?: string }) => e.rpcErrorCode === 'NotImplemented');
      await p.station.plugIn(3);
      await p.station.presentIdTag('TAG3', 3);
      const start = await p.csms.waitFor(p.id, 'StartTransaction', { since: 0, timeoutMs: 3000 });
      assert.equal(start.connectorId, 3);
      assert.ok((start.meterStart as number) > 0, `meterStart ${String(start.meterStart)}`);
    } finally {
      await p.stop();
    }
  });

  it('the default variant keeps every key and action', async () => {
    const p = await startPair();
    try {
      const conf = (await p.csms.call(p.id, 'GetConfiguration', { key: ['MinimumStatusDuration'] })) as any;
      assert.equal(conf.unknownKey, undefined);
      assert.equal(conf.configurationKey[0].key, 'MinimumStatusDuration');
    } finally {
      await p.stop();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../src/core/errors';
import { faultCatalogues, faultsFor } from '../../src/rig/faults';
import { loadReferenceSuts, registerReferenceCatalogues } from '../../src/rig/reference';
import { STATION_FAULTS } from '../../src/reference/ocpp201/faults';
import { TIME_SCALE } from './helpers';

describe('reference OCPP 2.0.1 SUTs through the rig registry', () => {
  it('registers the ocpp201-station / ocpp201-csms catalogues and resolves EVC_FAULTS-style names', () => {
    registerReferenceCatalogues();
    const ids = faultCatalogues().map((c) => c.id);
    assert.ok(ids.includes('ocpp201-station') && ids.includes('ocpp201-csms'), ids.join());
    assert.deepEqual(faultsFor('ocpp201-station', ['ocpp201-station/seqno-gap', 'ocpp201-csms/silent']), ['seqno-gap']);
    assert.throws(() => faultsFor('ocpp201-station', ['ocpp201-station/nope']), ConfigError);
    for (const d of Object.values(STATION_FAULTS)) assert.ok(d.length > 10 && !d.includes('\n'));
  });

  it('loadReferenceSuts(2.0.1) starts a CSMS and a station that boot against each other; version mismatch is a ConfigError', async () => {
    const refs = loadReferenceSuts('2.0.1');
    assert.equal(refs.stationCatalogue, 'ocpp201-station');
    const csms = await refs.startCsms({ version: '2.0.1', stations: { REG1: {} }, securityProfile: 0, idTags: {}, heartbeatInterval: 30, faults: [], timeScale: TIME_SCALE });
    try {
      const st = await refs.startStation({ version: '2.0.1', csmsUrl: csms.url, identity: 'REG1', securityProfile: 0, connectors: 1, faults: [], timeScale: TIME_SCALE, configuration: { HeartbeatInterval: '45' } });
      try {
        // configured 45 s, then the BootNotification interval (30 s) applies
        const hb = async () => ((await waitCall(() => csms.call('REG1', 'GetVariables', { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] }))) as any).getVariableResult[0].attributeValue;
        let value = await hb();
        for (let i = 0; value !== '30' && i < 100; i++) value = await hb();
        assert.equal(value, '30');
      } finally {
        await st.stop();
      }
    } finally {
      await csms.stop();
    }
    await assert.rejects(refs.startStation({ version: '1.6', csmsUrl: 'ws://127.0.0.1:1', identity: 'X', securityProfile: 0, connectors: 1, faults: [], timeScale: 1 }), ConfigError);
  });
});

/** Retries while the station is still connecting/booting. */
async function waitCall<T>(fn: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

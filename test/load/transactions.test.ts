/**
 * Transactions in the load mix, both versions, every payload checked against the schemas (validateSample 1):
 * OCPP 1.6 Authorize → StartTransaction → MeterValues → StopTransaction; OCPP 2.0.1 Authorize → TransactionEvent
 * Started / Updated / Ended (the station names the transaction and numbers its events). Against the lean load
 * CSMS; no error of any kind, and the calls counted per action.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveProfile, validateProfileData, type LoadProfileFile } from '../../src/load/profile';
import { runSwarm } from '../../src/load/swarm';
import { startLoadCsms } from '../../src/reference/load-csms/server';

function profile(url: string, ocppVersion: '1.6' | '2.0.1') {
  const data: LoadProfileFile = {
    csms: { url },
    stations: 6,
    ramp: { seconds: 0.3 },
    ocppVersion,
    idPattern: `TX${ocppVersion === '1.6' ? 16 : 201}-{n:03}`,
    messages: { heartbeatInterval: 1, statusNotification: true, transactions: { everySeconds: 0.2, durationSeconds: 1, meterValuesSeconds: 0.3, idTag: 'LOADTAG01' } },
    duration: 3,
    callTimeout: 2,
    connectTimeout: 3,
    validateSample: 1,
    workers: 0,
  };
  return resolveProfile(validateProfileData(data, 'test profile'), { source: 'test profile' });
}

describe('transactions in the load mix', { timeout: 60_000 }, () => {
  for (const version of ['1.6', '2.0.1'] as const) {
    it(`OCPP ${version}: authorize, start, meter values, stop; every payload valid, every answer matched`, async () => {
      const csms = await startLoadCsms({ heartbeatInterval: 60 });
      try {
        const s = await runSwarm(profile(csms.url, version), { run: `tx-${version}` });
        assert.equal(s.totalErrors, 0, `${JSON.stringify(s.errors)} ${JSON.stringify(s.lastErrors)}`);
        assert.equal(s.booted, 6);
        assert.ok((s.calls.Authorize ?? 0) >= 6, JSON.stringify(s.calls));
        if (version === '1.6') {
          for (const a of ['StartTransaction', 'MeterValues', 'StopTransaction']) assert.ok((s.calls[a] ?? 0) >= 6, `${a}: ${JSON.stringify(s.calls)}`);
        } else {
          // Started, at least two Updated and Ended per station's first transaction
          assert.ok((s.calls.TransactionEvent ?? 0) >= 6 * 4, JSON.stringify(s.calls));
          assert.equal(s.calls.StartTransaction, undefined);
        }
      } finally {
        await csms.stop();
      }
    });
  }
});

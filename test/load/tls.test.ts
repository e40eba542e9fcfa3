/**
 * Load mode over TLS: security profile 2 (wss:// + Basic auth, the CSMS's CA trusted) and 3 (wss:// + one client
 * certificate for the swarm) against the lean load CSMS serving wss:// with a test PKI. A CSMS whose certificate
 * the stations do not trust, and a client certificate the CSMS does not trust, are counted as socket errors,
 * not passed. What each security profile needs is checked before anything connects, one line per field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { resolveProfile, validateProfileData, type LoadProfileFile } from '../../src/load/profile';
import { runSwarm } from '../../src/load/swarm';
import { startLoadCsms, type LoadCsmsControl } from '../../src/reference/load-csms/server';
import { createTestPki, removeTestPki, type TestPki } from '../../src/transport/tls/pki';

let pki: TestPki;
const csmses: LoadCsmsControl[] = [];
before(async () => {
  pki = await createTestPki();
});
after(async () => {
  for (const c of csmses) await c.stop();
  await removeTestPki(pki);
});

function profile(url: string, extra: Partial<LoadProfileFile>) {
  const data: LoadProfileFile = { csms: { url }, stations: 5, ramp: { seconds: 0.3 }, idPattern: 'TLS-{n:03}', messages: { heartbeatInterval: 0.5, statusNotification: false }, duration: 2, callTimeout: 2, connectTimeout: 3, validateSample: 1, reconnect: { minMs: 300, maxMs: 600 }, workers: 0, ...extra };
  return resolveProfile(validateProfileData(data, 'tls profile'), { source: 'tls profile' });
}

describe('load mode over TLS', { timeout: 120_000 }, () => {
  it('security profile 2: wss with the CA trusted and Basic auth; an untrusted server certificate is a socket error', async () => {
    const csms = await startLoadCsms({ heartbeatInterval: 60, password: 'sp2-secret-0123', tls: { cert: pki.csmsServer.cert, key: pki.csmsServer.key } });
    csmses.push(csms);
    assert.match(csms.url, /^wss:\/\//);
    const ok = await runSwarm(profile(csms.url, { securityProfile: 2, password: 'sp2-secret-0123', tls: { ca: pki.rootCa.certFile } }), { run: 'sp2' });
    assert.equal(ok.totalErrors, 0, JSON.stringify(ok.lastErrors));
    assert.equal(ok.booted, 5);
    const untrusted = await runSwarm(profile(csms.url, { securityProfile: 2, password: 'sp2-secret-0123', tls: { ca: pki.bad.untrustedRootCa.certFile } }), { run: 'sp2-untrusted' });
    assert.equal(untrusted.booted, 0);
    assert.ok(untrusted.errors['socket-error'] >= 5, JSON.stringify(untrusted.errors));
  });

  it('security profile 3: a client certificate from the CSMS\'s CA; one from another CA is refused and counted', async () => {
    const csms = await startLoadCsms({ heartbeatInterval: 60, tls: { cert: pki.csmsServer.cert, key: pki.csmsServer.key, ca: pki.rootCa.cert } });
    csmses.push(csms);
    const client = await pki.stationClient('TLS-SWARM');
    const ok = await runSwarm(profile(csms.url, { securityProfile: 3, tls: { ca: pki.rootCa.certFile, cert: client.certFile, key: client.keyFile } }), { run: 'sp3' });
    assert.equal(ok.totalErrors, 0, JSON.stringify(ok.lastErrors));
    assert.equal(ok.booted, 5);
    const stranger = await pki.bad.untrustedClient('TLS-SWARM');
    const refused = await runSwarm(profile(csms.url, { securityProfile: 3, tls: { ca: pki.rootCa.certFile, cert: stranger.certFile, key: stranger.keyFile } }), { run: 'sp3-untrusted' });
    assert.equal(refused.booted, 0);
    assert.ok(refused.errors['socket-error'] + refused.errors['closed-by-csms'] >= 5, JSON.stringify(refused.errors));
  });

  it('each security profile\'s needs are checked first, one line per field', () => {
    assert.throws(
      () => profile('ws://127.0.0.1:1/ocpp', { securityProfile: 3, tls: { ca: '/nonexistent/ca.pem' } }),
      (e: Error) => /csms\.url: ws:\/\/127\.0\.0\.1:1\/ocpp: security profile 3 is TLS: the URL must be wss:\/\//.test(e.message) && /tls\.ca: \/nonexistent\/ca\.pem: no such file/.test(e.message) && /tls: security profile 3 needs tls\.cert and tls\.key/.test(e.message),
    );
    assert.throws(() => profile('wss://127.0.0.1:1/ocpp', { securityProfile: 0 }), /wss:\/\/ needs security profile 2 or 3/);
    assert.throws(() => profile('wss://127.0.0.1:1/ocpp', { securityProfile: 2 }), /password: is required with securityProfile 2/);
  });
});

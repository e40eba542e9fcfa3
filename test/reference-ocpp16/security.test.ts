import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { describe, it } from 'node:test';
import { startReferenceCsms } from '../../src/reference/ocpp16/csms';
import { startReferenceStation } from '../../src/reference/ocpp16/station';
import { startPair, until, TIME_SCALE } from './helpers';
import { makePki } from './pki';
import { startProbeStation } from './probe';

const ID = 'SECURE-CP';
const pki = makePki(ID);

async function tlsPair(sp: 2 | 3, stationFaults: string[] = [], csmsFaults: string[] = [], client?: { cert: string; key: string }, ca = pki.ca) {
  const csms = await startReferenceCsms({
    version: '1.6',
    stations: { [ID]: { password: 'secret-password-16' } },
    securityProfile: sp,
    tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca },
    idTags: {},
    heartbeatInterval: 60,
    faults: csmsFaults,
    timeScale: TIME_SCALE,
  });
  try {
    const station = await startReferenceStation({
      version: '1.6',
      csmsUrl: csms.url,
      identity: ID,
      securityProfile: sp,
      password: 'secret-password-16',
      tls: { ca, ...(client ?? (sp === 3 ? { cert: pki.clientCert, key: pki.clientKey } : {})) },
      connectors: 1,
      faults: stationFaults,
      timeScale: TIME_SCALE,
    });
    return { csms, station };
  } catch (err) {
    await csms.stop();
    throw err;
  }
}

describe('reference OCPP 1.6: security extension and security profiles', () => {
  it('SP2: TLS + Basic auth connects and boots', async () => {
    const { csms, station } = await tlsPair(2);
    try {
      await station.waitAccepted(3000);
      assert.ok(csms.url.startsWith('wss://'));
    } finally {
      await station.stop();
      await csms.stop();
    }
  });

  it('SP2: a CSMS certificate from an untrusted CA is refused (and reported once a trusted connection exists)', async () => {
    await assert.rejects(tlsPair(2, [], [], undefined, pki.rogueCa));
    // a station that keeps trying reports InvalidCentralSystemCertificate once it trusts the CSMS
    const csms = await startReferenceCsms({
      version: '1.6',
      stations: { [ID]: { password: 'secret-password-16' } },
      securityProfile: 2,
      tls: { cert: pki.serverCert, key: pki.serverKey },
      idTags: {},
      heartbeatInterval: 60,
      faults: [],
      timeScale: TIME_SCALE,
    });
    const st = await startReferenceStation({
      version: '1.6',
      csmsUrl: csms.url,
      identity: ID,
      securityProfile: 2,
      password: 'secret-password-16',
      tls: { ca: pki.rogueCa },
      connectors: 1,
      faults: [],
      timeScale: TIME_SCALE,
      keepTrying: true,
    });
    try {
      await new Promise((r) => setTimeout(r, 30));
      assert.equal(csms.connected().length, 0);
      st.installCsmsRoot(pki.ca);
      const ev = await csms.waitFor(ID, 'SecurityEventNotification', { since: 0, timeoutMs: 3000 });
      assert.equal(ev.type, 'InvalidCentralSystemCertificate');
    } finally {
      await st.stop();
      await csms.stop();
    }
    // with accepts-bad-csms-cert the station connects anyway
    const lax = await tlsPair(2, ['accepts-bad-csms-cert'], [], undefined, pki.rogueCa);
    try {
      await lax.station.waitAccepted(3000);
    } finally {
      await lax.station.stop();
      await lax.csms.stop();
    }
  });

  it('SP3: mutual TLS with a trusted client certificate; an untrusted one is refused unless the CSMS is faulty', async () => {
    const ok = await tlsPair(3);
    try {
      await ok.station.waitAccepted(3000);
    } finally {
      await ok.station.stop();
      await ok.csms.stop();
    }
    const rogue = { cert: pki.rogueClientCert, key: pki.rogueClientKey };
    await assert.rejects(tlsPair(3, [], [], rogue));
    const bad = await tlsPair(3, [], ['accepts-untrusted-client-cert'], rogue);
    try {
      await bad.station.waitAccepted(3000);
    } finally {
      await bad.station.stop();
      await bad.csms.stop();
    }
  });

  it('SP1: wrong password gets HTTP 401, unknown identity 404; AuthorizationKey change reconnects with the new key', async () => {
    const csmsStations: Record<string, { password?: string }> = { CP1: { password: 'first-password-16' } };
    const csms = await startReferenceCsms({
      version: '1.6',
      stations: csmsStations,
      securityProfile: 1,
      idTags: {},
      heartbeatInterval: 60,
      faults: [],
      timeScale: TIME_SCALE,
    });
    const base = { version: '1.6' as const, csmsUrl: csms.url, securityProfile: 1 as const, connectors: 1, faults: [], timeScale: TIME_SCALE };
    try {
      await assert.rejects(startReferenceStation({ ...base, identity: 'CP1', password: 'wrong-password-16' }), (e: any) => e.code === 401);
      await assert.rejects(startReferenceStation({ ...base, identity: 'NOBODY', password: 'first-password-16' }), (e: any) => e.code === 404);
      const st = await startReferenceStation({ ...base, identity: 'CP1', password: 'first-password-16' });
      try {
        await st.waitAccepted(3000);
        assert.deepEqual(await csms.call('CP1', 'ChangeConfiguration', { key: 'AuthorizationKey', value: 'short' }), { status: 'Rejected' });
        assert.deepEqual(await csms.call('CP1', 'ChangeConfiguration', { key: 'AuthorizationKey', value: 'second-password-16' }), { status: 'Accepted' });
        await until(() => csms.connectionCount('CP1') === 2, 3000, 'reconnect with the new key');
        await st.waitAccepted(3000);
      } finally {
        await st.stop();
      }
    } finally {
      await csms.stop();
    }
  });

  it('certificate signing: ExtendedTriggerMessage → SignCertificate → CertificateSigned Accepted; a foreign certificate is Rejected with a security event', async () => {
    const p = await startPair();
    try {
      const since = p.csms.mark();
      assert.deepEqual(await p.csms.call(p.id, 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' }), { status: 'Accepted' });
      const req = await p.csms.waitFor(p.id, 'SignCertificate', { since });
      assert.match(req.csr, /BEGIN CERTIFICATE REQUEST/);
      // the CSMS signs and sends CertificateSigned by itself (Accepted); a foreign chain is rejected
      await until(() => p.csms.sent(p.id, 'CertificateSigned').find((m) => m.result), 2000, 'CertificateSigned answered');
      assert.deepEqual(await p.csms.call(p.id, 'CertificateSigned', { certificateChain: pki.clientCert }), { status: 'Rejected' });
      const ev = await p.csms.waitFor(p.id, 'SecurityEventNotification', { since });
      assert.equal(ev.type, 'InvalidChargePointCertificate');
      await until(() => p.csms.sent(p.id, 'CertificateSigned').find((m) => m.result), 2000, 'CertificateSigned answered');
      assert.deepEqual(p.csms.sent(p.id, 'CertificateSigned').find((m) => m.result)!.result, { status: 'Accepted' });
      const leaf = new X509Certificate(p.csms.caCertificate);
      assert.match(leaf.subject, /EVC Reference CSMS CA/);
    } finally {
      await p.stop();
    }
  });

  it('certificate store: install, list hash data, delete; GetLog; signed firmware update with a bad signature', async () => {
    const p = await startPair();
    try {
      assert.deepEqual(await p.csms.call(p.id, 'GetInstalledCertificateIds', { certificateType: 'ManufacturerRootCertificate' }), { status: 'NotFound' });
      assert.deepEqual(await p.csms.call(p.id, 'InstallCertificate', { certificateType: 'ManufacturerRootCertificate', certificate: pki.ca }), { status: 'Accepted' });
      assert.deepEqual(await p.csms.call(p.id, 'InstallCertificate', { certificateType: 'ManufacturerRootCertificate', certificate: 'garbage' }), { status: 'Rejected' });
      const ids = (await p.csms.call(p.id, 'GetInstalledCertificateIds', { certificateType: 'ManufacturerRootCertificate' })) as any;
      assert.equal(ids.status, 'Accepted');
      assert.equal(ids.certificateHashData.length, 1);
      const h = ids.certificateHashData[0];
      assert.equal(h.serialNumber, new X509Certificate(pki.ca).serialNumber.toLowerCase().replace(/^0+/, ''));
      assert.deepEqual(await p.csms.call(p.id, 'DeleteCertificate', { certificateHashData: h }), { status: 'Accepted' });
      assert.deepEqual(await p.csms.call(p.id, 'DeleteCertificate', { certificateHashData: h }), { status: 'NotFound' });
      const since = p.csms.mark();
      const log = (await p.csms.call(p.id, 'GetLog', { logType: 'SecurityLog', requestId: 5, log: { remoteLocation: 'ftp://logs.example.com/' } })) as any;
      assert.equal(log.status, 'Accepted');
      const up = await p.csms.waitFor(p.id, 'LogStatusNotification', { since, match: (s) => s.status === 'Uploaded' });
      assert.equal(up.requestId, 5);
      const fw = {
        requestId: 9,
        firmware: { location: 'https://fw.example.com/f.bin', retrieveDateTime: new Date().toISOString(), signingCertificate: pki.ca, signature: 'not base64!' },
      };
      assert.deepEqual(await p.csms.call(p.id, 'SignedUpdateFirmware', fw), { status: 'Accepted' });
      await p.csms.waitFor(p.id, 'SignedFirmwareStatusNotification', { since, match: (s) => s.status === 'InvalidSignature' && s.requestId === 9 });
      await p.csms.waitFor(p.id, 'SecurityEventNotification', { since, match: (s) => s.type === 'InvalidFirmwareSignature' });
      assert.deepEqual(await p.csms.call(p.id, 'SignedUpdateFirmware', { ...fw, firmware: { ...fw.firmware, signingCertificate: 'nope' } }), {
        status: 'InvalidCertificate',
      });
    } finally {
      await p.stop();
    }
  });

  it('SecurityProfile upgrade 1 → 2: after a CentralSystemRootCertificate is installed the station reconnects over TLS', async () => {
    const stations = { [ID]: { password: 'secret-password-16' } };
    const common = { version: '1.6' as const, stations, idTags: {}, heartbeatInterval: 60, faults: [], timeScale: TIME_SCALE };
    const sp1 = await startReferenceCsms({ ...common, securityProfile: 1 });
    const sp2 = await startReferenceCsms({ ...common, securityProfile: 2, tls: { cert: pki.serverCert, key: pki.serverKey } });
    const st = await startReferenceStation({
      version: '1.6',
      csmsUrl: sp1.url,
      identity: ID,
      securityProfile: 1,
      password: 'secret-password-16',
      connectors: 1,
      faults: [],
      timeScale: TIME_SCALE,
      securityProfileUrls: { 2: sp2.url },
    });
    try {
      await st.waitAccepted(3000);
      assert.deepEqual(await sp1.call(ID, 'ChangeConfiguration', { key: 'SecurityProfile', value: '2' }), { status: 'Rejected' });
      assert.deepEqual(await sp1.call(ID, 'InstallCertificate', { certificateType: 'CentralSystemRootCertificate', certificate: pki.ca }), { status: 'Accepted' });
      assert.deepEqual(await sp1.call(ID, 'ChangeConfiguration', { key: 'SecurityProfile', value: '2' }), { status: 'Accepted' });
      await sp2.waitForStation(ID, 3000);
      assert.equal(st.configuration('SecurityProfile'), '2');
      assert.deepEqual(await sp2.call(ID, 'ChangeConfiguration', { key: 'SecurityProfile', value: '1' }), { status: 'Rejected' });
    } finally {
      await st.stop();
      await sp1.stop();
      await sp2.stop();
    }
  });

  it('SecurityProfile: downgrade Rejected, upgrade without a CSMS root Rejected', async () => {
    const p = await startPair();
    try {
      await p.csms.call(p.id, 'ChangeConfiguration', { key: 'SecurityProfile', value: '0' });
      assert.deepEqual(await p.csms.call(p.id, 'ChangeConfiguration', { key: 'SecurityProfile', value: '2' }), { status: 'Rejected' });
      await until(() => p.station.configuration('SecurityProfile') === '0', 500, 'unchanged');
    } finally {
      await p.stop();
    }
  });
});

describe('reference OCPP 1.6 CSMS: TLS version', () => {
  it('refuses TLS 1.1 unless accepts-tls11 is injected', async () => {
    const attempt = async (faults: string[]) => {
      const csms = await startReferenceCsms({
        version: '1.6',
        stations: { [ID]: { password: 'secret-password-16' } },
        securityProfile: 2,
        tls: { cert: pki.serverCert, key: pki.serverKey },
        idTags: {},
        heartbeatInterval: 60,
        faults,
        timeScale: TIME_SCALE,
      });
      try {
        const ps = await startProbeStation(csms.url, ID, {
          password: 'secret-password-16',
          wsOpts: { ca: pki.ca, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' },
        });
        await ps.stop();
        return true;
      } catch {
        return false;
      } finally {
        await csms.stop();
      }
    };
    assert.equal(await attempt([]), false);
    assert.equal(await attempt(['accepts-tls11']), true);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestPki, removeTestPki, type TestPki } from '../../src/transport/tls/pki';
import { startReferenceCsms, type ReferenceCsmsControl } from '../../src/reference/ocpp201/csms';
import { startReferenceStation, type ReferenceStationControl, type ReferenceStationOptions } from '../../src/reference/ocpp201/station';
import { PASSWORD, TIME_SCALE, startPair, until } from './helpers';

const ID = 'SECURE-CS-201';
let pki: TestPki;

async function csmsWith(sp: 1 | 2 | 3, server: { cert: string; key: string }, faults: string[] = [], options?: Record<string, unknown>) {
  return startReferenceCsms({
    version: '2.0.1',
    stations: { [ID]: { password: PASSWORD } },
    securityProfile: sp,
    tls: { cert: server.cert, key: server.key, ca: pki.rootCa.cert, options },
    idTags: {},
    heartbeatInterval: 60,
    faults,
    timeScale: TIME_SCALE,
  });
}

function stationFor(csms: ReferenceCsmsControl, sp: 1 | 2 | 3, o: Partial<ReferenceStationOptions> = {}): Promise<ReferenceStationControl> {
  return startReferenceStation({
    version: '2.0.1',
    csmsUrl: csms.url,
    identity: ID,
    securityProfile: sp,
    password: PASSWORD,
    tls: { ca: pki.rootCa.cert },
    connectors: 1,
    faults: [],
    timeScale: TIME_SCALE,
    ...o,
  });
}

describe('reference OCPP 2.0.1: security profiles and certificates', () => {
  before(async () => {
    pki = await createTestPki();
  });
  after(async () => {
    await removeTestPki(pki);
  });

  it('SP1: Basic auth; a wrong password is refused (401), an unknown identity gets 404', async () => {
    const csms = await csmsWith(1, pki.csmsServer);
    try {
      const st = await stationFor(csms, 1);
      await st.waitAccepted(3000);
      await st.stop();
      await assert.rejects(stationFor(csms, 1, { password: 'wrong-password-000' }), (e: any) => e.code === 401 || /401|Unauthorized/.test(String(e.message)));
      await assert.rejects(stationFor(csms, 1, { identity: 'NOBODY' }), (e: any) => e.code === 404 || /404|Not found/i.test(String(e.message)));
    } finally {
      await csms.stop();
    }
  });

  it('SP2: TLS + Basic auth connects and boots', async () => {
    const csms = await csmsWith(2, pki.csmsServer);
    try {
      assert.ok(csms.url.startsWith('wss://'));
      const st = await stationFor(csms, 2);
      await st.waitAccepted(3000);
      await st.stop();
    } finally {
      await csms.stop();
    }
  });

  it('SP2: an untrusted CSMS certificate is refused and reported as InvalidCsmsCertificate once a trusted connection exists', async () => {
    const csms = await csmsWith(2, pki.bad.untrustedServer);
    try {
      await assert.rejects(stationFor(csms, 2));
      const st = await stationFor(csms, 2, { keepTrying: true });
      try {
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(csms.connected().length, 0);
        st.installCsmsRoot(pki.bad.untrustedRootCa.cert);
        const ev = await csms.waitFor(ID, 'SecurityEventNotification', { since: 0, timeoutMs: 4000 });
        assert.equal(ev.type, 'InvalidCsmsCertificate');
      } finally {
        await st.stop();
      }
    } finally {
      await csms.stop();
    }
  });

  it('SP2: a CSMS offering only TLS 1.1 is refused; the accepts-tls11 fault connects', async () => {
    const csms = await csmsWith(2, pki.csmsServer, ['accepts-tls11'], { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    try {
      await assert.rejects(stationFor(csms, 2));
      const st = await stationFor(csms, 2, { faults: ['accepts-tls11'] });
      await st.waitAccepted(3000);
      await st.stop();
    } finally {
      await csms.stop();
    }
  });

  it('SP3: mutual TLS with the station client certificate; an untrusted client certificate is refused', async () => {
    const csms = await csmsWith(3, pki.csmsServer);
    try {
      const good = await pki.stationClient(ID);
      const st = await stationFor(csms, 3, { tls: { ca: pki.rootCa.cert, cert: good.cert, key: good.key } });
      await st.waitAccepted(3000);
      await st.stop();
      const bad = await pki.bad.untrustedClient(ID);
      await assert.rejects(stationFor(csms, 3, { tls: { ca: pki.rootCa.cert, cert: bad.cert, key: bad.key } }));
    } finally {
      await csms.stop();
    }
  });

  it('certificates: SignCertificate → CertificateSigned Accepted; InstallCertificate / GetInstalledCertificateIds / DeleteCertificate', async () => {
    const p = await startPair();
    try {
      assert.equal(((await p.csms.call(p.id, 'TriggerMessage', { requestedMessage: 'SignChargingStationCertificate' })) as any).status, 'Accepted');
      const sign = await p.csms.waitFor(p.id, 'SignCertificate', { since: 0 });
      assert.match(sign.csr, /BEGIN CERTIFICATE REQUEST/);
      assert.equal(sign.certificateType, 'ChargingStationCertificate');
      await until(() => p.csms.sent(p.id, 'CertificateSigned')[0]?.result, 2000, 'CertificateSigned answered');
      assert.equal(p.csms.sent(p.id, 'CertificateSigned')[0].result.status, 'Accepted');
      assert.equal(((await p.csms.call(p.id, 'GetInstalledCertificateIds', { certificateType: ['CSMSRootCertificate'] })) as any).status, 'NotFound');
      assert.equal(((await p.csms.call(p.id, 'InstallCertificate', { certificateType: 'CSMSRootCertificate', certificate: pki.rootCa.cert })) as any).status, 'Accepted');
      assert.equal(((await p.csms.call(p.id, 'InstallCertificate', { certificateType: 'CSMSRootCertificate', certificate: 'garbage' })) as any).status, 'Rejected');
      const ids = (await p.csms.call(p.id, 'GetInstalledCertificateIds', {})) as any;
      assert.equal(ids.status, 'Accepted');
      assert.equal(ids.certificateHashDataChain.length, 1);
      const hash = ids.certificateHashDataChain[0].certificateHashData;
      assert.equal(hash.hashAlgorithm, 'SHA256');
      assert.equal(((await p.csms.call(p.id, 'DeleteCertificate', { certificateHashData: hash })) as any).status, 'Accepted');
      assert.equal(((await p.csms.call(p.id, 'DeleteCertificate', { certificateHashData: hash })) as any).status, 'NotFound');
    } finally {
      await p.stop();
    }
  });

  it('faults: accepts-bad-csms-cert connects to an untrusted CSMS; no-security-event-on-bad-cert never reports it', async () => {
    const csms = await csmsWith(2, pki.bad.untrustedServer);
    try {
      const st = await stationFor(csms, 2, { faults: ['accepts-bad-csms-cert'] });
      await st.waitAccepted(3000);
      await st.stop();
      const quiet = await stationFor(csms, 2, { faults: ['no-security-event-on-bad-cert'], keepTrying: true });
      try {
        await new Promise((r) => setTimeout(r, 100));
        quiet.installCsmsRoot(pki.bad.untrustedRootCa.cert);
        await quiet.waitAccepted(4000);
        await new Promise((r) => setTimeout(r, 150));
        assert.equal(csms.received(ID, 'SecurityEventNotification').length, 0);
      } finally {
        await quiet.stop();
      }
    } finally {
      await csms.stop();
    }
  });

  it('CSMS faults: accepts-untrusted-client-cert (SP3) and accepts-tls11 (SP2)', async () => {
    const bad = await pki.bad.untrustedClient(ID);
    const sp3 = await csmsWith(3, pki.csmsServer, ['accepts-untrusted-client-cert']);
    try {
      const st = await stationFor(sp3, 3, { tls: { ca: pki.rootCa.cert, cert: bad.cert, key: bad.key } });
      await st.waitAccepted(3000);
      await st.stop();
    } finally {
      await sp3.stop();
    }
    const tls11 = { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' };
    for (const faults of [[], ['accepts-tls11']]) {
      const csms = await csmsWith(2, pki.csmsServer, faults);
      try {
        const attempt = stationFor(csms, 2, { faults: ['accepts-tls11'], tls: { ca: pki.rootCa.cert, options: tls11 } });
        if (faults.length === 0) await assert.rejects(attempt);
        else await (await attempt).stop();
      } finally {
        await csms.stop();
      }
    }
  });

  it('security profile upgrade SP1 → SP2: SetNetworkProfile (wss URL), NetworkConfigurationPriority, Reset → TLS connection to the new endpoint', async () => {
    const sp1 = await csmsWith(1, pki.csmsServer);
    const sp2 = await csmsWith(2, pki.csmsServer);
    try {
      const st = await stationFor(sp1, 1);
      try {
        await st.waitAccepted(3000);
        const data = { ocppVersion: 'OCPP20', ocppTransport: 'JSON', ocppCsmsUrl: sp2.url, messageTimeout: 30, securityProfile: 2, ocppInterface: 'Wired0' };
        assert.equal(((await sp1.call(ID, 'SetNetworkProfile', { configurationSlot: 1, connectionData: data })) as any).status, 'Accepted');
        const set = (await sp1.call(ID, 'SetVariables', { setVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'NetworkConfigurationPriority' }, attributeValue: '1,0' }] })) as any;
        assert.equal(set.setVariableResult[0].attributeStatus, 'RebootRequired');
        assert.equal(((await sp1.call(ID, 'Reset', { type: 'OnIdle' })) as any).status, 'Accepted');
        await sp2.waitFor(ID, 'BootNotification', { since: 0, timeoutMs: 4000 });
        await st.waitAccepted(3000);
        assert.equal(st.securityProfile, 2);
        assert.equal(st.variable('SecurityCtrlr.SecurityProfile'), '2');
      } finally {
        await st.stop();
      }
    } finally {
      await sp1.stop();
      await sp2.stop();
    }
  });
});

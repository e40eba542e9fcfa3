/**
 * Security is verified on the live connection, not assumed: real `evc test` runs (cucumber) on temporary
 * remote rigs against a tiny CSMS written for the purpose (./ocpp-csms-peer.ts, not the reference SUTs).
 * - A plain ws:// CSMS fails TC_086_CSMS, TC_087_CSMS and 2.0.1 TC_A_04_CSMS with a message naming TLS, while
 *   the SP1 case passes against it (the peer is a working CSMS; only the missing TLS fails the others).
 * - A wss:// CSMS whose certificate comes from a CA that is not the run PKI is reached through the rig's
 *   caFile (SP2) and caFile + certFile/keyFile (SP3), and not without the caFile.
 * - A missing rig file is one ConfigError line naming the rig and the field, before anything runs.
 * - The live check itself: a plain connection verified as security profile 2 fails naming TLS.
 * The test CA is generated into a temp folder and removed afterwards (no key is ever committed).
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Trace } from '../../src/core/trace';
import { verifyOutgoing } from '../../src/ocpp/security-check';
import { type TestPki, createTestPki, removeTestPki } from '../../src/transport/tls/pki';
import { connectWs } from '../../src/transport/ws/client';
import { type CsmsPeer, startCsmsPeer } from './ocpp-csms-peer';
import { spawnEvc } from '../support/evc-process';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-sec-verified-'));
const IDENTITY = 'EVC-SEC-001';
const PASSWORD = 'EvcSecPassword012345';
const F16 = 'features/ocpp16/security/tc-085-csms-connection-security.feature';
const F201 = 'features/ocpp201/a-security/a-security-profiles-csms.feature';

/** `evc test …` in a child process (asynchronous: the peer in this process keeps answering meanwhile). */
function evc(args: string[], rig: string, reports: string): Promise<{ code: number | null; out: string }> {
  return spawnEvc(['test', ...args], { EVC_RIG: rig, EVC_REPORTS_DIR: path.join(tmp, reports), EVC_TIME_SCALE: '' });
}

function rigFile(name: string, csms: Record<string, unknown>): string {
  const f = path.join(tmp, name);
  const rig = { name: `sec-${name}`, kind: 'remote', timeScale: 1, ocpp: { csms: { identity: IDENTITY, password: PASSWORD, heartbeatInterval: 300, ...csms } } };
  fs.writeFileSync(f, JSON.stringify(rig, null, 2));
  return f;
}

/** Every harness note of the run's traces (the report's evidence of what was verified). */
function notes(reports: string): string {
  const dir = path.join(tmp, reports, 'traces');
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n') : '';
}

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('a plain ws:// CSMS under TLS scenarios fails, naming TLS', () => {
  let peer: CsmsPeer;
  before(async () => {
    peer = await startCsmsPeer({ password: PASSWORD });
  });
  after(() => peer.close());

  it('OCPP 1.6: TC_085 (SP1) passes, TC_086 (SP2) and TC_087 (SP3) fail', async () => {
    const rig = rigFile('plain16.json', { version: '1.6', url: peer.url, securityProfile: 1 });
    const r = await evc([F16], rig, 'plain16');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /scenarios: 1 passed, 2 failed, 0 skipped/, r.out);
    assert.match(r.out, /security profile 2 needs TLS \(wss:\/\/\); the CSMS \(rig .*plain16\.json, ocpp\.csms\.url\) at ws:\/\/127\.0\.0\.1:\d+\/ocpp is plain WebSocket/);
    assert.match(r.out, /security profile 3 needs TLS \(wss:\/\/\)/);
    assert.ok(peer.seen.some((s) => s.identity === IDENTITY && s.authorization), 'the SP1 scenario really connected to the peer with Basic auth');
  });

  it('OCPP 2.0.1: TLS - server-side certificate - Valid certificate (TC_A_04_CSMS) fails', async () => {
    const rig = rigFile('plain201.json', { version: '2.0.1', url: peer.url, securityProfile: 1 });
    const r = await evc([F201, '--tags', '@TC_A_04_CSMS or @TC_A_06_CSMS'], rig, 'plain201');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /scenarios: 0 passed, 2 failed/, r.out);
    assert.match(r.out, /security profile 2 needs TLS \(wss:\/\/\);.* at ws:\/\/127\.0\.0\.1:\d+\/ocpp is plain WebSocket/);
    assert.doesNotMatch(r.out, /handshake with TLS ?v?1\.1/i, 'no verdict claims a TLS 1.1 handshake that never happened');
  });

  it('the live check: a plain connection verified as security profile 2 fails naming TLS', async () => {
    const trace = new Trace();
    const conn = await connectWs({ url: peer.url, identity: IDENTITY, subprotocols: ['ocpp1.6'], trace, timeoutMs: 5000, basicAuth: { user: IDENTITY, password: PASSWORD } });
    try {
      assert.throws(() => verifyOutgoing(conn.info, { securityProfile: 2, identity: IDENTITY, caLabel: 'x' }, trace), /security profile 2 needs TLS; the CSMS at ws:\/\/.* is plain WebSocket \(no TLS handshake happened\)/);
      verifyOutgoing(conn.info, { securityProfile: 1, identity: IDENTITY, caLabel: 'x' }, trace);
    } finally {
      await conn.close();
    }
  });
});

describe('a remote wss:// CSMS with a CA that is not the run PKI is reached through the rig files', () => {
  let pki: TestPki;
  let peer: CsmsPeer;
  let pkiDir: string;
  before(async () => {
    pkiDir = path.join(tmp, 'foreign-pki');
    pki = await createTestPki({ dir: pkiDir });
    const client = await pki.stationClient(IDENTITY);
    fs.copyFileSync(pki.rootCa.certFile, path.join(tmp, 'csms-ca.pem'));
    fs.copyFileSync(client.certFile, path.join(tmp, 'station.pem'));
    fs.copyFileSync(client.keyFile, path.join(tmp, 'station.key'));
    peer = await startCsmsPeer({ password: PASSWORD, tls: { cert: pki.csmsServer.cert, key: pki.csmsServer.key, ca: pki.rootCa.cert, requestCert: true } });
  });
  after(async () => {
    await peer.close();
    await removeTestPki(pki);
  });

  it('SP2 and SP3 pass with caFile (+ certFile/keyFile, relative to the rig file), validated against that CA', async () => {
    const rig = rigFile('wss.json', { version: '1.6', url: peer.url, securityProfile: 2, caFile: 'csms-ca.pem', certFile: 'station.pem', keyFile: 'station.key' });
    const r = await evc([F16, '--tags', '@TC_086_CSMS or @TC_087_CSMS'], rig, 'wss');
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /scenarios: 2 passed, 0 failed/);
    const text = notes('wss');
    const rootCn = /CN=([^,\n]+)/.exec(new X509Certificate(pki.rootCa.cert).subject)![1]!;
    assert.match(text, new RegExp(`security profile 2: server certificate .* validated against the rig's CA \\(.*wss\\.json ocpp\\.csms\\.caFile\\) \\([^)]*${rootCn}`));
    assert.match(text, /security profile 3: client certificate .*CN=EVC-SEC-001 presented/);
    assert.match(text, /security profile 2: TLS version TLSv1\.[23]/);
    assert.match(text, /security profile 2: cipher TLS_/);
    assert.ok(peer.seen.some((s) => s.tlsProtocol && s.clientCertSubject === IDENTITY), 'the peer saw the rig client certificate');
  });

  it('without caFile the same CSMS is not trusted (the run PKI / system store is not its CA)', async () => {
    const rig = rigFile('wss-noca.json', { version: '1.6', url: peer.url, securityProfile: 2 });
    const r = await evc([F16, '--tags', '@TC_086_CSMS'], rig, 'wss-noca');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /self[- ]signed|unable to (get|verify)/i);
  });

  it('SP3 against a remote CSMS without certFile/keyFile fails at once naming the fields (no made-up client certificate)', async () => {
    const rig = rigFile('wss-nocert.json', { version: '1.6', url: peer.url, securityProfile: 2, caFile: 'csms-ca.pem' });
    const r = await evc([F16, '--tags', '@TC_087_CSMS'], rig, 'wss-nocert');
    assert.equal(r.code, 1, r.out);
    assert.match(r.out, /wss-nocert\.json: ocpp\.csms\.certFile: and keyFile are required for a security profile 3 scenario against a remote CSMS/);
  });

  it('a missing caFile is one ConfigError line naming the rig file and field', async () => {
    const rig = rigFile('wss-missing.json', { version: '1.6', url: peer.url, securityProfile: 2, caFile: 'no-such-ca.pem' });
    const r = await evc([F16], rig, 'wss-missing');
    assert.equal(r.code, 2, r.out);
    assert.match(r.out.trim(), /^evc: .*wss-missing\.json: ocpp\.csms\.caFile: no-such-ca\.pem: file not found$/);
  });
});

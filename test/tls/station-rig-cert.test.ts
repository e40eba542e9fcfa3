/**
 * A real station at security profile 2 cannot be made to trust a CA generated for one run, so on a remote
 * station rig the harness CSMS presents the server certificate the rig names (ocpp.station.certFile/keyFile).
 * Real `evc test` runs against a small OCPP 1.6 station written for the purpose (not the reference SUT) that
 * trusts only a CA generated in this test:
 * - with the rig's certificate the station connects over TLS and boots;
 * - without it the scenario fails at once naming ocpp.station.certFile (never the run PKI's certificate);
 * - an untrusted root and TLS 1.1 run without commissioning (the listener alone presents them) and the station
 *   refuses both; peers that trust any certificate or accept TLS 1.1 fail those cases;
 * - an expired-certificate case fails at once saying a real station needs one from the CA it trusts.
 * The test CA lives in a temp folder removed afterwards (no key is committed).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { type TestPki, createTestPki, removeTestPki } from '../../src/transport/tls/pki';
import { spawnEvc } from '../support/evc-process';
import { freePort } from '../support/ports';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-station-cert-'));
const IDENTITY = 'EVC-SP2-STATION';
const PASSWORD = 'EvcSp2Password012345';

const FEATURE = `@ocpp16 @sut:station
Feature: a station at security profile 2 on a remote rig
  @untrusted
  Scenario: refuses a server certificate from an untrusted root
    Given the security profile is 2
    Given the CSMS presents a server certificate from an untrusted root
    Then the station refuses to open an OCPP connection within 2 seconds

  @tls11
  Scenario: refuses TLS 1.1
    Given the security profile is 2
    Given the CSMS presents only TLS 1.1
    Then the station refuses to open an OCPP connection within 2 seconds

  @untrusted3
  Scenario: refuses a server certificate from an untrusted root at profile 3
    Given the security profile is 3
    Given the CSMS presents a server certificate from an untrusted root
    Then the station refuses to open an OCPP connection within 2 seconds

  @boot
  Scenario: boots over TLS
    Given the security profile is 2
    Given the station is booted

  @expired
  Scenario: refuses an expired server certificate
    Given the security profile is 2
    Given the CSMS presents an expired server certificate
    Then the station refuses to open an OCPP connection within 2 seconds
`;

/**
 * Keeps connecting over wss:// (trusting only `ca`); boots and reports one connector, one CALL at a time. The
 * misbehaving variants: `trustsAnything` accepts any server certificate, `acceptsTls11` TLS 1.1.
 */
type PeerFlaw = 'trustsAnything' | 'acceptsTls11' | undefined;
function stationPeer(url: string, ca: string, flaw?: PeerFlaw, client?: { cert: string; key: string }) {
  let stopped = false;
  let ws: WebSocket | undefined;
  const connected: string[] = [];
  const loop = (async () => {
    while (!stopped) {
      const lax = flaw === 'trustsAnything' ? { rejectUnauthorized: false } : flaw === 'acceptsTls11' ? { minVersion: 'TLSv1.1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' } : {};
      const sock = new WebSocket(url, ['ocpp1.6'], { ca, ...lax, ...client, headers: { authorization: `Basic ${Buffer.from(`${IDENTITY}:${PASSWORD}`).toString('base64')}` } });
      const open = await new Promise<boolean>((r) => {
        sock.once('open', () => r(true));
        sock.once('error', () => r(false));
      });
      if (!open) {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      ws = sock;
      connected.push(url);
      const calls: [string, unknown][] = [
        ['BootNotification', { chargePointVendor: 'Peer', chargePointModel: 'SP2' }],
        ['StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Available' }],
        ['StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Available' }],
      ];
      let n = 0;
      const next = () => {
        const c = calls.shift();
        if (c) sock.send(JSON.stringify([2, `s${++n}`, c[0], c[1]]));
      };
      sock.on('message', (d) => {
        const [type, id, action] = JSON.parse(d.toString()) as [number, string, string];
        if (type === 2) sock.send(JSON.stringify([4, id, 'NotImplemented', `${action} not in this peer`, {}]));
        else next();
      });
      next();
      await new Promise<void>((r) => sock.once('close', () => r()));
    }
  })();
  return { connected, stop: async () => ((stopped = true), ws?.terminate(), await Promise.race([loop, new Promise((r) => setTimeout(r, 500))])) };
}

async function run(name: string, station: Record<string, unknown>, tags: string, flaw?: PeerFlaw, client?: { cert: string; key: string }) {
  const port = await freePort();
  const rig = path.join(tmp, `${name}.json`);
  const base = { version: '1.6', identity: IDENTITY, listenHost: '127.0.0.1', listenPort: port, path: '/ocpp', connectors: 1, securityProfile: 2, password: PASSWORD };
  fs.writeFileSync(rig, JSON.stringify({ name, kind: 'remote', timeScale: 1, ocpp: { station: { ...base, ...station } }, timeouts: { ocpp: { connect: 8000, response: 3000, expect: 3000 } } }));
  const peer = stationPeer(`wss://127.0.0.1:${port}/ocpp/${IDENTITY}`, fs.readFileSync(path.join(tmp, 'station-trusts.pem'), 'utf8'), flaw, client);
  try {
    const r = await spawnEvc(['test', path.join(tmp, 'sp2.feature'), '--tags', tags], { EVC_RIG: rig, EVC_REPORTS_DIR: path.join(tmp, `reports-${name}`), EVC_TIME_SCALE: '' }, 120_000);
    return { ...r, connections: peer.connected.length };
  } finally {
    await peer.stop();
  }
}

describe('a remote station at security profile 2 gets the server certificate the rig names', () => {
  let pki: TestPki;
  before(async () => {
    pki = await createTestPki({ dir: path.join(tmp, 'station-ca') });
    fs.copyFileSync(pki.rootCa.certFile, path.join(tmp, 'station-trusts.pem'));
    fs.copyFileSync(pki.csmsServer.certFile, path.join(tmp, 'server.pem'));
    fs.copyFileSync(pki.csmsServer.keyFile, path.join(tmp, 'server.key'));
    fs.writeFileSync(path.join(tmp, 'sp2.feature'), FEATURE);
  });
  after(async () => {
    await removeTestPki(pki);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('with ocpp.station.certFile/keyFile the station connects over TLS and boots', async () => {
    const r = await run('with-cert', { certFile: 'server.pem', keyFile: 'server.key' }, '@boot');
    assert.match(r.out, /1 passed, 0 failed/, r.out);
    assert.ok(r.connections >= 1);
  });

  it('without them the scenario fails at once naming ocpp.station.certFile, and the station never connects', async () => {
    const r = await run('no-cert', {}, '@boot');
    assert.notEqual(r.code, 0);
    assert.match(r.out, /ocpp\.station\.certFile: and keyFile are required for a security profile 2 scenario with a real station/);
    assert.equal(r.connections, 0);
  });

  it('an untrusted root and TLS 1.1 need no commissioning: the listener alone presents them, the station refuses both, and boots at the rig\'s certificate after', async () => {
    const r = await run('refusals', { certFile: 'server.pem', keyFile: 'server.key' }, '@untrusted or @tls11 or @boot');
    assert.match(r.out, /3 passed, 0 failed/, r.out);
  });

  it('misbehaving peers: a station that trusts any certificate, or accepts TLS 1.1, fails that case', async () => {
    const any = await run('trusts-anything', { certFile: 'server.pem', keyFile: 'server.key' }, '@untrusted', 'trustsAnything');
    assert.match(any.out, /0 passed, 1 failed/, any.out);
    assert.match(any.out, /The station opened an OCPP connection to a CSMS presenting a server certificate from an untrusted root/);
    const tls11 = await run('accepts-tls11', { certFile: 'server.pem', keyFile: 'server.key' }, '@tls11', 'acceptsTls11');
    assert.match(tls11.out, /0 passed, 1 failed/, tls11.out);
    assert.match(tls11.out, /The station opened an OCPP connection to a CSMS presenting only TLS 1\.1/);
  });

  it('at profile 3 the listener still checks client certificates against the rig\'s CA: the station refuses the untrusted root; one that trusts any server is seen connecting', async () => {
    const pair = await pki.stationClient(IDENTITY);
    const rig = { certFile: 'server.pem', keyFile: 'server.key', caFile: 'station-trusts.pem', securityProfile: 3 };
    const ok = await run('untrusted-sp3', rig, '@untrusted3', undefined, pair);
    assert.match(ok.out, /1 passed, 0 failed/, ok.out);
    const any = await run('untrusted-sp3-lax', rig, '@untrusted3', 'trustsAnything', pair);
    assert.match(any.out, /0 passed, 1 failed/, any.out);
    assert.match(any.out, /The station opened an OCPP connection to a CSMS presenting a server certificate from an untrusted root/);
  });

  it('an expired-certificate case fails at once: a real station needs one from the CA it trusts', async () => {
    const r = await run('expired', { certFile: 'server.pem', keyFile: 'server.key' }, '@expired');
    assert.notEqual(r.code, 0);
    assert.match(r.out, /presenting an expired server certificate to a real station needs one issued by the CA the station trusts/);
  });
});

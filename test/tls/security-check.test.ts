/**
 * The live security checks on real sockets (127.0.0.1, ephemeral ports, a test PKI in a temp folder):
 * what the harness CSMS verifies of a station's incoming connection, the cipher rule, and the TLS 1.1
 * refusal check telling "refused TLS 1.1" from "no TLS at all".
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Trace } from '../../src/core/trace';
import { cipherProblem, expectTls11Refused, verifyIncoming, verifyOutgoing } from '../../src/ocpp/security-check';
import { type TestPki, createTestPki, removeTestPki } from '../../src/transport/tls/pki';
import { connectWs } from '../../src/transport/ws/client';
import type { ConnectionInfo } from '../../src/transport/ws/connection';
import { WsServer } from '../../src/transport/ws/server';

const ID = 'EVC-CHECK-01';

/** A harness-style server; resolves the server-side ConnectionInfo of the first accepted connection. */
async function serve(trace: Trace, tls?: ConstructorParameters<typeof WsServer>[0]['tls']) {
  const server = new WsServer({ host: '127.0.0.1', port: 0, basePath: '/ocpp', subprotocols: ['ocpp1.6'], trace, tls, authorize: () => ({ accept: true }) });
  const url = await server.start();
  const accepted = new Promise<ConnectionInfo>((resolve) => server.onConnection((c) => resolve(c.info)));
  return { server, url, accepted };
}

describe('security checks on live connections', () => {
  let pki: TestPki;
  before(async () => {
    pki = await createTestPki();
  });
  after(() => removeTestPki(pki));

  it('a station over TLS with a client certificate and Basic auth verifies as SP2 and SP3; the notes name what was seen', async () => {
    const trace = new Trace();
    const { server, url, accepted } = await serve(trace, { cert: pki.csmsServer.cert, key: pki.csmsServer.key, ca: pki.rootCa.cert, requestCert: true });
    const client = await pki.stationClient(ID);
    const conn = await connectWs({ url, identity: ID, subprotocols: ['ocpp1.6'], trace, timeoutMs: 5000, basicAuth: { user: ID, password: 'pw' }, tls: { ca: pki.rootCa.cert, cert: client.cert, key: client.key } });
    try {
      const info = await accepted;
      assert.deepEqual(verifyIncoming(info, 2, trace), []);
      assert.deepEqual(verifyIncoming(info, 3, trace), []);
      assert.match(verifyIncoming(info, 1, trace).join('\n'), /security profile 1 runs over plain WebSocket; the station negotiated TLSv1\.[23]/);
      verifyOutgoing(conn.info, { securityProfile: 3, identity: ID, ca: pki.rootCa.cert, caLabel: 'the test root' }, trace);
      const notes = trace.frames.map((f) => f.summary).join('\n');
      assert.match(notes, /station connected with TLSv1\.[23]/);
      assert.match(notes, new RegExp(`station presented client certificate .*CN=${ID}`));
      assert.match(notes, /server certificate CN=localhost .* validated against the test root/);
      // the chain must lead to the CA named, not just to any CA Node trusted
      assert.throws(() => verifyOutgoing(conn.info, { securityProfile: 2, identity: ID, ca: pki.bad.untrustedRootCa.cert, caLabel: 'another root' }, trace), /does not lead to another root/);
    } finally {
      await conn.close();
      await server.stop();
    }
  });

  it('a station without client certificate fails SP3; one without Basic auth fails SP2; a plain one fails SP2', async () => {
    const trace = new Trace();
    const tlsSide = await serve(trace, { cert: pki.csmsServer.cert, key: pki.csmsServer.key, ca: pki.rootCa.cert, requestCert: true });
    const c1 = await connectWs({ url: tlsSide.url, identity: ID, subprotocols: ['ocpp1.6'], trace, timeoutMs: 5000, tls: { ca: pki.rootCa.cert } });
    const plainSide = await serve(trace);
    const c2 = await connectWs({ url: plainSide.url, identity: ID, subprotocols: ['ocpp1.6'], trace, timeoutMs: 5000 });
    try {
      const info = await tlsSide.accepted;
      assert.match(verifyIncoming(info, 3, trace).join('\n'), /security profile 3 needs a client certificate; the station presented none/);
      assert.match(verifyIncoming(info, 2, trace).join('\n'), /security profile 2 needs HTTP Basic auth/);
      assert.match(verifyIncoming(await plainSide.accepted, 2, trace).join('\n'), /security profile 2 needs TLS; the station connected over plain WebSocket/);
    } finally {
      await Promise.all([c1.close(), c2.close()]);
      await Promise.all([tlsSide.server.stop(), plainSide.server.stop()]);
    }
  });

  it('the TLS 1.1 refusal check: a plain endpoint is "no TLS at all", a TLS 1.2+ endpoint refusing 1.1 passes, one accepting it fails', async () => {
    const trace = new Trace();
    const plain = await serve(trace);
    const modern = await serve(trace, { cert: pki.csmsServer.cert, key: pki.csmsServer.key });
    const legacy = await serve(trace, { cert: pki.csmsServer.cert, key: pki.csmsServer.key, minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    try {
      await assert.rejects(expectTls11Refused(plain.url, pki.rootCa.cert, trace), /plain WebSocket \(no TLS at all\)/);
      await assert.rejects(expectTls11Refused(plain.url.replace(/^ws:/, 'wss:'), pki.rootCa.cert, trace), /completed no TLS 1\.2\+ handshake/);
      assert.match(await expectTls11Refused(modern.url, pki.rootCa.cert, trace), /refused the TLS 1\.1 handshake .* and completed TLSv1\.[23]/);
      await assert.rejects(expectTls11Refused(legacy.url, pki.rootCa.cert, trace), /completed a TLS handshake with TLSv1(\.1)?;/);
    } finally {
      await Promise.all([plain.server.stop(), modern.server.stop(), legacy.server.stop()]);
    }
  });

  it('cipher rule: TLS 1.2 suites OCPP lists pass, others and broken ones fail; TLS 1.3 AEAD suites pass', () => {
    assert.equal(cipherProblem('TLSv1.2', 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'), undefined);
    assert.equal(cipherProblem('TLSv1.2', 'TLS_RSA_WITH_AES_256_GCM_SHA384'), undefined);
    assert.equal(cipherProblem('TLSv1.3', 'TLS_AES_256_GCM_SHA384'), undefined);
    assert.match(cipherProblem('TLSv1.2', 'TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256')!, /not one of the suites OCPP lists/);
    assert.match(cipherProblem('TLSv1.2', 'TLS_RSA_WITH_NULL_SHA256')!, /forbids/);
    assert.match(cipherProblem('TLSv1.2', undefined)!, /no cipher/);
  });
});

/** checkStationClientCert (SP3 rules) and describePeerCertificate (trace). */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { checkStationClientCert, describePeerCertificate } from '../../src/transport/tls/inspect';
import { DEFAULT_OPERATOR, type TestPki, WRONG_OPERATOR, createTestPki, removeTestPki } from '../../src/transport/tls/pki';
import { tryConnect, withServer } from './helpers';
import * as tls from 'node:tls';

let pki: TestPki;
before(async () => {
  pki = await createTestPki();
});
after(async () => {
  if (pki) await removeTestPki(pki);
});

const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe('checkStationClientCert', () => {
  test('a good station certificate has no problems (PEM, DER, X509Certificate inputs)', async () => {
    const c = await pki.stationClient('CP001');
    assert.deepEqual(checkStationClientCert(c.cert, 'CP001', DEFAULT_OPERATOR), []);
    assert.deepEqual(checkStationClientCert(c.cert, 'CP001'), []);
    const parsed = new X509Certificate(c.cert);
    assert.deepEqual(checkStationClientCert(parsed, 'CP001', DEFAULT_OPERATOR), []);
    assert.deepEqual(checkStationClientCert(parsed.raw, 'CP001', DEFAULT_OPERATOR), []);
  });

  test('flags a wrong O', async () => {
    const c = await pki.bad.wrongOrgClient('CP001');
    const problems = checkStationClientCert(c.cert, 'CP001', DEFAULT_OPERATOR);
    assert.deepEqual(codes(problems), ['O_MISMATCH']);
    assert.match(problems[0]!.message, new RegExp(`O is "${WRONG_OPERATOR}", expected the operator "${DEFAULT_OPERATOR}"`));
  });

  test('flags a wrong CN (case-sensitive) and both at once', async () => {
    const c = await pki.stationClient('CP001');
    assert.deepEqual(codes(checkStationClientCert(c.cert, 'CP002', DEFAULT_OPERATOR)), ['CN_MISMATCH']);
    assert.deepEqual(codes(checkStationClientCert(c.cert, 'cp001', DEFAULT_OPERATOR)), ['CN_MISMATCH']);
    assert.deepEqual(codes(checkStationClientCert(c.cert, 'CP002', 'Some Other CPO')), ['O_MISMATCH', 'CN_MISMATCH']);
  });

  test('flags a missing O, an expired certificate, a CA and a server-only certificate', async () => {
    // csmsServer: no O, CN=localhost, serverAuth only.
    assert.deepEqual(codes(checkStationClientCert(pki.csmsServer.cert, 'CP001', DEFAULT_OPERATOR)), [
      'O_MISSING',
      'CN_MISMATCH',
      'NO_CLIENT_AUTH',
    ]);
    const expired = await pki.bad.expiredClient('CP001');
    assert.deepEqual(codes(checkStationClientCert(expired.cert, 'CP001', DEFAULT_OPERATOR)), ['EXPIRED']);
    const root = checkStationClientCert(pki.rootCa.cert, 'CP001');
    assert.ok(codes(root).includes('IS_CA'), JSON.stringify(root));
    // `at` lets a report judge a certificate at the time it was presented.
    const good = await pki.stationClient('CP001');
    assert.deepEqual(codes(checkStationClientCert(good.cert, 'CP001', DEFAULT_OPERATOR, new Date('2001-01-01T00:00:00Z'))), ['NOT_YET_VALID']);
  });

  test('garbage input is reported, not thrown', () => {
    assert.deepEqual(codes(checkStationClientCert('not a certificate', 'CP001')), ['UNPARSEABLE']);
  });
});

describe('describePeerCertificate', () => {
  test('both ends of a mutual TLS connection describe each other', async () => {
    const client = await pki.stationClient('CP001');
    await withServer(
      { cert: pki.csmsServer.cert, key: pki.csmsServer.key, ca: pki.rootCa.cert, requestCert: true, rejectUnauthorized: true },
      async (server) => {
        const r = await tryConnect(server.port, { ca: pki.rootCa.cert, cert: client.cert, key: client.key });
        assert.ok(r.ok, JSON.stringify(r));
        const serverSide = new X509Certificate(pki.csmsServer.cert);
        assert.equal(r.peer.present, true);
        assert.equal(r.peer.subject, 'CN=localhost');
        assert.equal(r.peer.fingerprint256, serverSide.fingerprint256);
        assert.equal(r.peer.validFrom, new Date(serverSide.validFrom).toISOString());
        assert.equal(r.peer.validTo, new Date(serverSide.validTo).toISOString());
        assert.match(r.peer.subjectAltName ?? '', /DNS:localhost/);
        assert.equal(r.peer.authorized, true);
        assert.equal(r.peer.authorizationError, undefined);

        const seen = server.accepted[0]!;
        assert.equal(seen.subject, `O=${DEFAULT_OPERATOR}, CN=CP001`);
        assert.equal(seen.issuer, r.peer.issuer);
        assert.equal(seen.fingerprint256, new X509Certificate(client.cert).fingerprint256);
        assert.equal(seen.authorized, true);
        assert.match(seen.protocol ?? '', /^TLSv1\.[23]$/);
      },
    );
  });

  test('an unverified server certificate is described with its authorization error', async () => {
    await withServer({ cert: pki.bad.expiredServer.cert, key: pki.bad.expiredServer.key }, async (server) => {
      const r = await tryConnect(server.port, { ca: pki.rootCa.cert, rejectUnauthorized: false });
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.peer.authorized, false);
      assert.equal(r.peer.authorizationError, 'CERT_HAS_EXPIRED');
      assert.equal(r.peer.subject, 'CN=localhost');
    });
  });

  test('a server without client certificates sees none', async () => {
    await withServer({ cert: pki.csmsServer.cert, key: pki.csmsServer.key }, async (server) => {
      const r = await tryConnect(server.port, { ca: pki.rootCa.cert });
      assert.ok(r.ok, JSON.stringify(r));
      const seen = server.accepted[0]!;
      assert.equal(seen.present, false);
      assert.equal(seen.subject, undefined);
    });
  });

  test('an unconnected socket is described without throwing', () => {
    const socket = new tls.TLSSocket(null as never);
    try {
      const info = describePeerCertificate(socket);
      assert.equal(info.present, false);
      assert.equal(info.authorized, false);
    } finally {
      socket.destroy();
    }
  });
});

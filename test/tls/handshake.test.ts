/**
 * Real TLS handshakes on 127.0.0.1 with the generated test PKI: server certificates (SP2), mutual TLS (SP3),
 * TLS 1.1 refusal, and https + ws usability.
 */
import assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { checkStationClientCert } from '../../src/transport/tls/inspect';
import { DEFAULT_OPERATOR, type TestPki, WRONG_OPERATOR, createTestPki, removeTestPki } from '../../src/transport/tls/pki';
import { tryConnect, withServer } from './helpers';

let pki: TestPki;

before(async () => {
  pki = await createTestPki();
});

after(async () => {
  if (pki) await removeTestPki(pki);
});

describe('SP2: server certificate as seen by a station (client)', () => {
  test('good CSMS certificate is accepted with the root CA', async (t) => {
    t.diagnostic(`createTestPki() took ${pki.createdInMs} ms (ec)`);
    await withServer({ cert: pki.csmsServer.cert, key: pki.csmsServer.key }, async (server) => {
      const byName = await tryConnect(server.port, { ca: pki.rootCa.cert });
      assert.equal(byName.ok, true, JSON.stringify(byName));
      assert.ok(byName.ok);
      assert.equal(byName.peer.authorized, true);
      assert.equal(byName.peer.subject, 'CN=localhost');
      assert.match(byName.peer.issuer ?? '', /^O=EVC Test PKI, CN=EVC Test Root CA /);
      assert.match(byName.peer.protocol ?? '', /^TLSv1\.[23]$/);
      // Connecting by IP address (no SNI) must match the IP SAN.
      const byIp = await tryConnect(server.port, { ca: pki.rootCa.cert, servername: undefined });
      assert.equal(byIp.ok, true, JSON.stringify(byIp));
    });
  });

  test('good certificate is rejected without the root CA in the trust store', async () => {
    await withServer({ cert: pki.csmsServer.cert, key: pki.csmsServer.key }, async (server) => {
      const r = await tryConnect(server.port);
      assert.equal(r.ok, false);
      assert.ok(!r.ok);
      assert.equal(r.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    });
  });

  test('expired server certificate is rejected: CERT_HAS_EXPIRED', async () => {
    const { cert, key } = pki.bad.expiredServer;
    await withServer({ cert, key }, async (server) => {
      const r = await tryConnect(server.port, { ca: pki.rootCa.cert });
      assert.ok(!r.ok, 'must not connect');
      assert.equal(r.code, 'CERT_HAS_EXPIRED');
    });
  });

  test('wrong-name server certificate is rejected: ERR_TLS_CERT_ALTNAME_INVALID', async () => {
    const { cert, key } = pki.bad.wrongNameServer;
    await withServer({ cert, key }, async (server) => {
      const byName = await tryConnect(server.port, { ca: pki.rootCa.cert });
      assert.ok(!byName.ok, 'must not connect by name');
      assert.equal(byName.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
      const byIp = await tryConnect(server.port, { ca: pki.rootCa.cert, servername: undefined });
      assert.ok(!byIp.ok, 'must not connect by IP');
      assert.equal(byIp.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
      // The chain itself is fine: only the name is wrong.
      const noNameCheck = await tryConnect(server.port, { ca: pki.rootCa.cert, checkServerIdentity: () => undefined });
      assert.equal(noNameCheck.ok, true, JSON.stringify(noNameCheck));
    });
  });

  test('server certificate from an untrusted root is rejected', async () => {
    const { cert, key } = pki.bad.untrustedServer;
    await withServer({ cert, key }, async (server) => {
      const r = await tryConnect(server.port, { ca: pki.rootCa.cert });
      assert.ok(!r.ok, 'must not connect');
      assert.equal(r.code, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    });
    // A server that also sends the untrusted root in its chain gives the other well-known error.
    await withServer({ cert: pki.bad.untrustedServer.cert + pki.bad.untrustedRootCa.cert, key }, async (server) => {
      const r = await tryConnect(server.port, { ca: pki.rootCa.cert });
      assert.ok(!r.ok, 'must not connect');
      assert.equal(r.code, 'SELF_SIGNED_CERT_IN_CHAIN');
    });
  });
});

describe('SP3: mutual TLS as seen by a CSMS (server)', () => {
  const mtls = () => ({ cert: pki.csmsServer.cert, key: pki.csmsServer.key, ca: pki.rootCa.cert, requestCert: true });

  test('good station client certificate is accepted and carries O=operator, CN=identity', async () => {
    const client = await pki.stationClient('CP001');
    await withServer({ ...mtls(), rejectUnauthorized: true }, async (server) => {
      const r = await tryConnect(server.port, { ca: pki.rootCa.cert, cert: client.cert, key: client.key });
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(server.accepted.length, 1);
      const seen = server.accepted[0]!;
      assert.equal(seen.authorized, true);
      assert.equal(seen.subject, `O=${DEFAULT_OPERATOR}, CN=CP001`);
      assert.equal(server.clientErrors.length, 0);
    });
  });

  for (const [label, make, code] of [
    ['expired', (id: string) => pki.bad.expiredClient(id), 'CERT_HAS_EXPIRED'],
    ['untrusted', (id: string) => pki.bad.untrustedClient(id), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
  ] as const) {
    test(`${label} client certificate is rejected (${code})`, async () => {
      const client = await make('CP002');
      // Strict server: Node destroys the socket after the handshake without an alert, so the client only sees
      // a close/reset and the server never emits secureConnection.
      await withServer({ ...mtls(), rejectUnauthorized: true }, async (server) => {
        const r = await tryConnect(server.port, { ca: pki.rootCa.cert, cert: client.cert, key: client.key });
        assert.equal(r.ok, false, JSON.stringify(r));
        assert.equal(server.accepted.length, 0);
      });
      // Checking server: the handshake completes, the reason is visible, the connection is dropped.
      await withServer({ ...mtls(), rejectUnauthorized: false }, async (server) => {
        const r = await tryConnect(server.port, { ca: pki.rootCa.cert, cert: client.cert, key: client.key });
        assert.equal(r.ok, false, JSON.stringify(r));
        assert.equal(server.accepted.length, 1);
        assert.equal(server.accepted[0]!.authorized, false);
        assert.equal(server.accepted[0]!.authorizationError, code);
      });
    });
  }

  test('client without a certificate is rejected by a strict server', async () => {
    await withServer({ ...mtls(), rejectUnauthorized: true }, async (server) => {
      const r = await tryConnect(server.port, { ca: pki.rootCa.cert });
      assert.equal(r.ok, false, JSON.stringify(r));
      assert.equal(server.accepted.length, 0);
    });
  });

  test('wrong-organisation client certificate passes the chain but fails the SP3 check', async () => {
    const client = await pki.bad.wrongOrgClient('CP003');
    await withServer({ ...mtls(), rejectUnauthorized: true }, async (server) => {
      const r = await tryConnect(server.port, { ca: pki.rootCa.cert, cert: client.cert, key: client.key });
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.equal(server.accepted[0]!.subject, `O=${WRONG_OPERATOR}, CN=CP003`);
    });
    assert.deepEqual(
      checkStationClientCert(client.cert, 'CP003', DEFAULT_OPERATOR).map((p) => p.code),
      ['O_MISMATCH'],
    );
  });
});

describe('TLS versions', () => {
  test('a TLS 1.2+ client cannot connect to the TLS 1.1-only server', async () => {
    await withServer(pki.tls11OnlyServerOptions(), async (server) => {
      const r = await tryConnect(server.port, { ca: pki.rootCa.cert });
      assert.ok(!r.ok, 'TLS 1.2+ client must not connect to a TLS 1.1 server');
      assert.match(r.code, /PROTOCOL|VERSION/); // ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION with Node 20
      assert.equal(server.accepted.length, 0);
      assert.deepEqual(server.clientErrors, ['ERR_SSL_UNSUPPORTED_PROTOCOL']);
    });
  });

  test('control: a TLS 1.1 client does connect to the TLS 1.1-only server (so the refusal above is about the version)', async () => {
    await withServer(pki.tls11OnlyServerOptions(), async (server) => {
      const r = await tryConnect(server.port, {
        ca: pki.rootCa.cert,
        minVersion: 'TLSv1.1',
        maxVersion: 'TLSv1.1',
        ciphers: 'DEFAULT:@SECLEVEL=0',
      });
      assert.equal(r.ok, true, JSON.stringify(r));
      assert.ok(r.ok);
      assert.equal(r.peer.protocol, 'TLSv1.1');
    });
  });
});

describe('https + ws', () => {
  test('certificates work directly with https and ws (wss with mutual TLS, ocpp1.6 subprotocol)', async () => {
    const client = await pki.stationClient('CP/ws 01');
    const httpsServer = https.createServer({
      cert: pki.csmsServer.cert,
      key: pki.csmsServer.key,
      ca: pki.rootCa.cert,
      requestCert: true,
      rejectUnauthorized: true,
    });
    const wss = new WebSocketServer({ server: httpsServer, handleProtocols: (protocols) => (protocols.has('ocpp1.6') ? 'ocpp1.6' : false) });
    const seen: string[][] = [];
    wss.on('connection', (ws, req) => {
      const socket = req.socket as import('node:tls').TLSSocket;
      seen.push(checkStationClientCert(socket.getPeerCertificate(), decodeURIComponent(req.url!.slice(1)), DEFAULT_OPERATOR).map((p) => p.code));
      ws.send('welcome');
    });
    await new Promise<void>((resolve) => httpsServer.listen(0, '127.0.0.1', resolve));
    try {
      const port = (httpsServer.address() as AddressInfo).port;
      // By IP: verified against the IP:127.0.0.1 SAN.
      const ws = new WebSocket(`wss://127.0.0.1:${port}/${encodeURIComponent('CP/ws 01')}`, 'ocpp1.6', {
        ca: pki.rootCa.cert,
        cert: client.cert,
        key: client.key,
      });
      const message = await new Promise<string>((resolve, reject) => {
        ws.once('message', (m) => resolve(String(m)));
        ws.once('error', reject);
      });
      assert.equal(message, 'welcome');
      assert.equal(ws.protocol, 'ocpp1.6');
      assert.deepEqual(seen, [[]]);
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close();
      });
    } finally {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      httpsServer.closeAllConnections();
      await new Promise<void>((resolve) => httpsServer.close(() => resolve()));
    }
  });
});

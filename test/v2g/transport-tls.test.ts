/**
 * V2GTP over real TLS on [::1] with the per-run V2G PKI: ISO 15118-2 TLS 1.2 (exactly ECDHE-ECDSA-AES128-SHA256
 * on prime256v1, SECC chain leaf → sub2 → sub1 verified against the V2G root), a server with a weak cipher seen
 * in the snapshot, bad SECC certificates refused, ISO 15118-20 TLS 1.3 with mutual authentication (and without
 * the client certificate: refused). Prints the PKI creation time and round-trip figures.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { monoUs } from '../../src/core/clock';
import { DEFAULT_EVSE_ID, DEFAULT_VEHICLE_ID, type V2gPki, createV2gPki, removeV2gPki } from '../../src/transport/tls/v2g-pki';
import {
  ISO2_CIPHER_IANA,
  ISO2_TLS,
  V2gClosedError,
  V2gConnectError,
  type V2gConnection,
  type V2gServer,
  type V2gTlsOptions,
  connectV2g,
  listenV2g,
} from '../../src/v2g/transport/connection';

let pki: V2gPki;
const open: (V2gServer | V2gConnection)[] = [];

before(async () => {
  pki = await createV2gPki();
});
after(async () => {
  await Promise.all(open.map((x) => x.close()));
  if (pki) {
    await removeV2gPki(pki);
    assert.equal(existsSync(pki.dir), false, 'PKI folder removed');
  }
});

const iso2Server = (over: Partial<V2gTlsOptions> = {}): V2gTlsOptions => ({ version: 'TLSv1.2', ca: [], cert: pki.seccChainPem, key: pki.secc.key, ...over });
const iso2Client = (over: Partial<V2gTlsOptions> = {}): V2gTlsOptions => ({ version: 'TLSv1.2', ca: [pki.v2gRoot.cert], ...over });

async function serve(tls: V2gTlsOptions): Promise<V2gServer> {
  const s = await listenV2g({ tls });
  open.push(s);
  return s;
}

async function roundTrips(client: V2gConnection, peer: V2gConnection, rounds: number): Promise<{ median: number; max: number }> {
  const rtts: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const sent = await client.send(0x8001, Uint8Array.from([0x80, i]));
    const req = await peer.receive(2000, 'request');
    assert.deepEqual([...req.payload], [0x80, i]);
    await peer.send(0x8001, req.payload);
    const res = await client.receive(2000, 'response');
    rtts.push((res.tUs - sent) / 1000);
  }
  rtts.sort((a, b) => a - b);
  return { median: rtts[rounds >> 1]!, max: rtts[rounds - 1]! };
}

describe('V2G PKI', () => {
  test('hierarchy, names, curves; creation time', (t) => {
    t.diagnostic(`createV2gPki(): ${pki.createdInMs} ms (16 certificates, openssl)`);
    const x = (pem: string) => new X509Certificate(pem);
    const root = x(pki.v2gRoot.cert);
    const [leaf, sub2, sub1] = pki.seccChainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!.map(x);
    assert.match(leaf!.subject, new RegExp(`CN=${DEFAULT_EVSE_ID.replace(/\*/g, '\\*')}`));
    assert.match(leaf!.subject, /DC=CPO/);
    assert.ok(leaf!.checkIssued(sub2!) && leaf!.verify(sub2!.publicKey));
    assert.ok(sub2!.checkIssued(sub1!) && sub2!.verify(sub1!.publicKey));
    assert.ok(sub1!.checkIssued(root) && sub1!.verify(root.publicKey));
    assert.equal(sub1!.ca && sub2!.ca && root.ca, true);
    assert.equal(leaf!.ca, false);
    for (const c of [root, leaf!, x(pki.contract.cert), x(pki.vehicle.cert), x(pki.oemProv.cert)]) {
      assert.equal(c.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    }
    assert.match(x(pki.contract.cert).subject, /CN=DEEVCC0000000001/);
    assert.equal(pki.contractChainPem.match(/BEGIN CERTIFICATE/g)?.length, 3);
    assert.ok(x(pki.vehicle.cert).verify(x(pki.oemRoot.cert).publicKey));
    assert.ok(x(pki.oemProv.cert).verify(x(pki.oemRoot.cert).publicKey));
    assert.equal(x(pki.bad.rsaSecc.cert).publicKey.asymmetricKeyType, 'rsa');
    assert.ok(new Date(x(pki.bad.expiredSecc.cert).validTo) < new Date());
    assert.ok(!x(pki.bad.untrustedSecc.cert).checkIssued(x(pki.cpoSub2.cert)));
    assert.ok(pki.dir.includes('evc-v2g-pki-') && !pki.dir.startsWith(process.cwd()));
  });
});

describe('ISO 15118-2 TLS 1.2', () => {
  test('round trip: TLSv1.2, exactly ECDHE-ECDSA-AES128-SHA256 on prime256v1, SECC chain to the V2G root', async (t) => {
    const server = await serve(iso2Server());
    const t0 = monoUs();
    const [client, peer] = await Promise.all([connectV2g({ host: '::1', port: server.port, tls: iso2Client(), timeoutMs: 5000 }), server.accept(5000)]);
    const handshakeMs = (monoUs() - t0) / 1000;
    open.push(client);
    assert.equal(client.tls?.protocol, 'TLSv1.2');
    assert.equal(client.tls?.cipher, ISO2_CIPHER_IANA);
    assert.equal(ISO2_TLS.ciphers, 'ECDHE-ECDSA-AES128-SHA256');
    assert.equal(client.tls?.ephemeralKey, 'ECDH prime256v1 256');
    assert.equal(client.tls?.authorized, true);
    assert.match(client.tls?.peer.subject ?? '', /CN=DE\*EVC\*E0001/);
    assert.equal(client.tls?.peerChain.length, 4, 'leaf, sub2, sub1, root');
    assert.equal(peer.tls?.protocol, 'TLSv1.2');
    assert.equal(peer.tls?.cipher, ISO2_CIPHER_IANA);
    const r = await roundTrips(client, peer, 30);
    t.diagnostic(`TLS 1.2 [::1]: handshake ${handshakeMs.toFixed(1)} ms; V2GTP round trip median ${r.median.toFixed(3)} ms, max ${r.max.toFixed(3)} ms`);
  });

  test('a server configured with a weak cipher is seen in the snapshot (client offering more than ISO)', async () => {
    const server = await serve(iso2Server({ ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384' }));
    const client = await connectV2g({ host: '::1', port: server.port, tls: iso2Client({ ciphers: `${ISO2_TLS.ciphers}:ECDHE-ECDSA-AES256-GCM-SHA384` }), timeoutMs: 5000 });
    open.push(client);
    assert.equal(client.tls?.protocol, 'TLSv1.2');
    assert.equal(client.tls?.cipher, 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384');
    assert.notEqual(client.tls?.cipher, ISO2_CIPHER_IANA);
  });

  test('an ISO-only client and a weak-cipher server: handshake refused, recorded on the server', async () => {
    const server = await serve(iso2Server({ ciphers: 'ECDHE-ECDSA-AES256-GCM-SHA384' }));
    await assert.rejects(connectV2g({ host: '::1', port: server.port, tls: iso2Client(), timeoutMs: 5000 }), (e: Error) => {
      assert.ok(e instanceof V2gConnectError, String(e));
      assert.match(e.message, /TLSv1\.2 connection to \[::1\]:\d+ failed: .*handshake failure/i);
      return true;
    });
    for (let i = 0; i < 100 && server.handshakeFailures.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(server.handshakeFailures[0]?.message ?? '', /no shared cipher/);
    await assert.rejects(server.accept(50), /last TLS handshake failure .*no shared cipher/);
  });

  for (const [name, pair, code] of [
    ['untrusted SECC (other root)', () => ({ cert: pki.chainPem(pki.bad.untrustedSecc), key: pki.bad.untrustedSecc.key }), /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/],
    ['expired SECC', () => ({ cert: pki.chainPem(pki.bad.expiredSecc), key: pki.bad.expiredSecc.key }), /CERT_HAS_EXPIRED/],
    ['RSA SECC', () => ({ cert: pki.chainPem(pki.bad.rsaSecc), key: pki.bad.rsaSecc.key }), /handshake failure/i],
  ] as const) {
    test(`${name} is refused by the EVCC`, async () => {
      const server = await serve(iso2Server(pair()));
      await assert.rejects(connectV2g({ host: '::1', port: server.port, tls: iso2Client(), timeoutMs: 5000 }), (e: Error) => e instanceof V2gConnectError && code.test(e.message));
    });
  }

  test('rejectUnauthorized false (a lenient EVCC) connects to the untrusted SECC; the snapshot says why it is not trusted', async () => {
    const server = await serve(iso2Server({ cert: pki.chainPem(pki.bad.untrustedSecc), key: pki.bad.untrustedSecc.key }));
    const client = await connectV2g({ host: '::1', port: server.port, tls: iso2Client({ rejectUnauthorized: false }), timeoutMs: 5000 });
    open.push(client);
    assert.equal(client.tls?.authorized, false);
    assert.match(client.tls?.authorizationError ?? '', /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/);
  });

  test('a TLS 1.3 client cannot talk to an ISO-2 (TLS 1.2 only) SECC', async () => {
    const server = await serve(iso2Server());
    await assert.rejects(connectV2g({ host: '::1', port: server.port, tls: { version: 'TLSv1.3', ca: [pki.v2gRoot.cert] }, timeoutMs: 5000 }), /protocol version|unsupported protocol/i);
  });

  test('a TLS server without a certificate is a configuration error', async () => {
    await assert.rejects(listenV2g({ tls: { version: 'TLSv1.2', ca: [] } }), /needs tls\.cert \(chain PEM\) and tls\.key/);
  });
});

describe('ISO 15118-20 TLS 1.3 mutual authentication', () => {
  const seccTls = (): V2gTlsOptions => ({ version: 'TLSv1.3', ca: [pki.oemRoot.cert], cert: pki.seccChainPem, key: pki.secc.key, requestCert: true });

  test('vehicle certificate verified by the SECC, SECC chain by the EVCC; round trip', async (t) => {
    const server = await serve(seccTls());
    const [client, peer] = await Promise.all([
      connectV2g({ host: '::1', port: server.port, tls: { version: 'TLSv1.3', ca: [pki.v2gRoot.cert], cert: pki.vehicle.cert, key: pki.vehicle.key }, timeoutMs: 5000 }),
      server.accept(5000),
    ]);
    open.push(client);
    assert.equal(client.tls?.protocol, 'TLSv1.3');
    assert.equal(client.tls?.authorized, true);
    assert.equal(peer.tls?.protocol, 'TLSv1.3');
    assert.equal(peer.tls?.authorized, true);
    assert.match(peer.tls?.peer.subject ?? '', new RegExp(`CN=${DEFAULT_VEHICLE_ID}`));
    assert.match(peer.tls?.localSubject ?? '', /CN=DE\*EVC\*E0001/);
    const r = await roundTrips(client, peer, 30);
    t.diagnostic(`TLS 1.3 mutual [::1]: V2GTP round trip median ${r.median.toFixed(3)} ms, max ${r.max.toFixed(3)} ms`);
  });

  test('without a client certificate the SECC refuses: the EVCC sees the connection fail, no connection is accepted', async () => {
    const server = await serve(seccTls());
    let failure: Error | undefined;
    try {
      const client = await connectV2g({ host: '::1', port: server.port, tls: { version: 'TLSv1.3', ca: [pki.v2gRoot.cert] }, timeoutMs: 5000 });
      open.push(client);
      // TLS 1.3: the client finishes its side before the SECC has checked the (missing) certificate.
      await client.receive(3000, 'SupportedAppProtocolRes').catch((e: Error) => (failure = e));
      assert.ok(failure instanceof V2gClosedError, String(failure));
    } catch (e) {
      failure = e as Error;
    }
    assert.match(failure?.message ?? '', /certificate required/i);
    await assert.rejects(server.accept(100), /no V2G connection .*last TLS handshake failure/);
    assert.match(server.handshakeFailures[0]?.message ?? '', /peer did not return a certificate/);
  });

  test('a vehicle certificate the SECC does not trust (issued under the V2G root, not the OEM root) is refused', async () => {
    const server = await serve(seccTls());
    let failure: Error | undefined;
    try {
      const client = await connectV2g({ host: '::1', port: server.port, tls: { version: 'TLSv1.3', ca: [pki.v2gRoot.cert], cert: pki.seccChainPem, key: pki.secc.key }, timeoutMs: 5000 });
      open.push(client);
      await client.receive(3000, 'SupportedAppProtocolRes').catch((e: Error) => (failure = e));
    } catch (e) {
      failure = e as Error;
    }
    // The SECC's TLS stack verifies after the handshake and drops the connection (no alert): the EVCC sees a close.
    assert.match(failure?.message ?? '', /unknown ca|closed by the peer/i, String(failure));
    for (let i = 0; i < 100 && server.handshakeFailures.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(server.handshakeFailures[0]?.message ?? '', /client certificate refused: UNABLE_TO_GET_ISSUER_CERT/);
    await assert.rejects(server.accept(50), /client certificate refused/);
  });
});

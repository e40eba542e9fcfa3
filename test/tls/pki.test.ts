/** The generated test PKI: what is issued, where it lives, how it is cleaned up, and how it fails. */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { EvcError } from '../../src/core/errors';
import tls from 'node:tls';
import { DEFAULT_OPERATOR, type TestPki, WRONG_HOST, WRONG_OPERATOR, createTestPki, removeTestPki } from '../../src/transport/tls/pki';
import { tryConnect, withServer } from './helpers';

// DER of the signature algorithm OIDs: ecdsa-with-SHA256 (1.2.840.10045.4.3.2), sha256WithRSAEncryption (1.2.840.113549.1.1.11).
const ECDSA_SHA256 = Buffer.from('06082a8648ce3d040302', 'hex');
const RSA_SHA256 = Buffer.from('06092a864886f70d01010b', 'hex');

const x509 = (pem: string) => new X509Certificate(pem);

describe('default (ECDSA P-256) PKI', () => {
  let pki: TestPki;
  before(async () => {
    pki = await createTestPki();
  });
  after(async () => {
    if (pki) await removeTestPki(pki);
  });

  test('is created under os.tmpdir() quickly', (t) => {
    t.diagnostic(`createTestPki() took ${pki.createdInMs} ms`);
    assert.ok(pki.dir.startsWith(tmpdir()), pki.dir);
    assert.equal(pki.keyType, 'ec');
    assert.ok(pki.createdInMs < 10_000, `took ${pki.createdInMs} ms`);
  });

  test('root CA is self-signed, CA:true, ECDSA P-256 with SHA-256', () => {
    const root = x509(pki.rootCa.cert);
    assert.equal(root.ca, true);
    assert.equal(root.subject, root.issuer);
    assert.ok(root.verify(root.publicKey));
    assert.equal(root.publicKey.asymmetricKeyType, 'ec');
    assert.equal(root.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
    assert.ok(root.raw.includes(ECDSA_SHA256));
  });

  test('CSMS server certificate: CN/SAN localhost, 127.0.0.1 and ::1, signed by the root, currently valid', () => {
    const root = x509(pki.rootCa.cert);
    const server = x509(pki.csmsServer.cert);
    assert.equal(server.ca, false);
    assert.equal(server.subject, 'CN=localhost');
    assert.equal(server.checkHost('localhost'), 'localhost');
    assert.equal(server.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(server.checkIP('::1'), '::1');
    assert.ok(server.checkIssued(root));
    assert.ok(server.verify(root.publicKey));
    assert.deepEqual(server.keyUsage, ['1.3.6.1.5.5.7.3.1']);
    // Backdated a little so a SUT with a lagging clock still accepts it.
    assert.ok(new Date(server.validFrom).getTime() < Date.now() - 3600_000);
    assert.ok(new Date(server.validTo).getTime() > Date.now() + 300 * 86_400_000);
  });

  test('bad server certificates are bad in exactly one way', () => {
    const root = x509(pki.rootCa.cert);
    const expired = x509(pki.bad.expiredServer.cert);
    assert.ok(new Date(expired.validTo).getTime() < Date.now());
    assert.ok(expired.verify(root.publicKey));
    assert.equal(expired.checkHost('localhost'), 'localhost');

    const wrongName = x509(pki.bad.wrongNameServer.cert);
    assert.equal(wrongName.subject, 'CN=wrong-host.invalid');
    assert.equal(wrongName.checkHost('localhost'), undefined);
    assert.equal(wrongName.checkIP('127.0.0.1'), undefined);
    assert.ok(wrongName.verify(root.publicKey));

    const otherRoot = x509(pki.bad.untrustedRootCa.cert);
    const untrusted = x509(pki.bad.untrustedServer.cert);
    assert.equal(otherRoot.ca, true);
    assert.notEqual(otherRoot.fingerprint256, root.fingerprint256);
    assert.ok(untrusted.verify(otherRoot.publicKey));
    assert.ok(!untrusted.verify(root.publicKey));
    assert.equal(untrusted.checkHost('localhost'), 'localhost');
  });

  test('station client certificates are issued lazily, cached per identity, with O/CN and clientAuth', async () => {
    const before = await readdir(pki.dir);
    assert.ok(!before.some((f) => f.startsWith('client-')), 'no client certificate before one is asked for');
    const [a, a2, b] = await Promise.all([pki.stationClient('CP001'), pki.stationClient('CP001'), pki.stationClient('CP002')]);
    assert.equal(a, a2);
    assert.equal(await pki.stationClient('CP001'), a);
    assert.notEqual(a.cert, b.cert);
    const cert = x509(a.cert);
    assert.equal(cert.subject, `O=${DEFAULT_OPERATOR}\nCN=CP001`);
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    assert.equal(cert.ca, false);
    assert.ok(cert.verify(x509(pki.rootCa.cert).publicKey));

    const other = await pki.stationClient('CP001', 'Other CPO B.V.');
    assert.notEqual(other, a);
    assert.equal(other.cert.includes('BEGIN CERTIFICATE'), true);
    assert.deepEqual(x509(other.cert).toLegacyObject().subject, Object.assign(Object.create(null), { O: 'Other CPO B.V.', CN: 'CP001' }));
  });

  test('identities with DN/path special characters are encoded, not interpreted', async () => {
    const identity = 'CP/01+x=y\\z, ÄÖ ../evil';
    const c = await pki.stationClient(identity);
    assert.equal(x509(c.cert).toLegacyObject().subject.CN, identity);
    assert.equal(c.certFile.startsWith(pki.dir), true);
    assert.ok(!c.certFile.slice(pki.dir.length + 1).includes('/'), c.certFile);
  });

  test('bad client certificates', async () => {
    const root = x509(pki.rootCa.cert);
    const expired = x509((await pki.bad.expiredClient('CP009')).cert);
    assert.ok(new Date(expired.validTo).getTime() < Date.now());
    assert.ok(expired.verify(root.publicKey));
    const untrusted = x509((await pki.bad.untrustedClient('CP009')).cert);
    assert.ok(untrusted.verify(x509(pki.bad.untrustedRootCa.cert).publicKey));
    assert.ok(!untrusted.verify(root.publicKey));
    const wrongOrg = x509((await pki.bad.wrongOrgClient('CP009')).cert);
    assert.equal(wrongOrg.subject, `O=${WRONG_OPERATOR}\nCN=CP009`);
    assert.ok(wrongOrg.verify(root.publicKey));
    await assert.rejects(pki.stationClient(''), EvcError);
  });

  test('key files are private and every file stays inside the PKI dir', async () => {
    for (const pair of [pki.rootCa, pki.csmsServer, pki.bad.untrustedRootCa, await pki.stationClient('CP001')]) {
      assert.ok(pair.keyFile.startsWith(pki.dir) && pair.certFile.startsWith(pki.dir));
      assert.match(pair.key, new RegExp(`^-----BEGIN ${'PRIVATE'} KEY-----\n`)); // spelled out of line so no tracked file looks like a key
      assert.match(pair.cert, /^-----BEGIN CERTIFICATE-----\n/);
      if (process.platform !== 'win32') assert.equal((await stat(pair.keyFile)).mode & 0o077, 0);
    }
  });

  test('tls11OnlyServerOptions uses the CSMS certificate and SECLEVEL=0', () => {
    const o = pki.tls11OnlyServerOptions();
    assert.equal(o.minVersion, 'TLSv1.1');
    assert.equal(o.maxVersion, 'TLSv1.1');
    assert.match(o.ciphers, /@SECLEVEL=0/);
    assert.equal(o.cert, pki.csmsServer.cert);
    assert.equal(o.key, pki.csmsServer.key);
  });
});

describe('RSA option (what OCTT expects)', () => {
  test('RSA 2048 + sha256WithRSAEncryption, usable for a TLS handshake', async (t) => {
    const pki = await createTestPki({ keyType: 'rsa' });
    try {
      t.diagnostic(`createTestPki({ keyType: 'rsa' }) took ${pki.createdInMs} ms`);
      for (const pem of [pki.rootCa.cert, pki.csmsServer.cert, (await pki.stationClient('CP001')).cert]) {
        const c = x509(pem);
        assert.equal(c.publicKey.asymmetricKeyType, 'rsa');
        assert.equal(c.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
        assert.ok(c.raw.includes(RSA_SHA256));
      }
      await withServer({ cert: pki.csmsServer.cert, key: pki.csmsServer.key }, async (server) => {
        const r = await tryConnect(server.port, { ca: pki.rootCa.cert });
        assert.equal(r.ok, true, JSON.stringify(r));
      });
    } finally {
      await removeTestPki(pki);
    }
    assert.equal(existsSync(pki.dir), false);
  });
});

describe('server names (a rig\'s advertisedHost)', () => {
  test('the server certificates name the extra IP address and DNS name; a station checking either host name connects', async () => {
    const pki = await createTestPki({ serverNames: ['127.0.0.2', 'harness.bench.example'] });
    try {
      for (const pem of [pki.csmsServer.cert, pki.bad.expiredServer.cert, pki.bad.untrustedServer.cert]) {
        assert.equal(x509(pem).subjectAltName, 'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:127.0.0.2, DNS:harness.bench.example');
      }
      assert.equal(x509(pki.bad.wrongNameServer.cert).subjectAltName, `DNS:${WRONG_HOST}`, 'the wrong-name certificate stays wrong');
      await withServer({ cert: pki.csmsServer.cert, key: pki.csmsServer.key }, async (server) => {
        for (const host of ['127.0.0.2', 'harness.bench.example']) {
          const r = await tryConnect(server.port, { ca: pki.rootCa.cert, servername: host.includes('.example') ? host : undefined, checkServerIdentity: (_h, cert) => tls.checkServerIdentity(host, cert) });
          assert.equal(r.ok, true, `${host}: ${JSON.stringify(r)}`);
        }
        const other = await tryConnect(server.port, { ca: pki.rootCa.cert, checkServerIdentity: (_h, cert) => tls.checkServerIdentity('127.0.0.3', cert) });
        assert.equal(other.ok, false, 'a host name it does not carry is refused');
      });
    } finally {
      await removeTestPki(pki);
    }
  });

  test('a name that is neither an IP address nor a DNS name is refused before anything is made', async () => {
    for (const bad of ['a b', 'x, DNS:evil.example', 'host\nsubjectAltName = DNS:evil', '-leading.example']) {
      await assert.rejects(createTestPki({ serverNames: [bad] }), (e: Error) => e instanceof EvcError && e.message.includes('cannot name'), bad);
    }
  });
});

describe('directories and clean-up', () => {
  let scratch: string;
  before(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'evc-pki-test-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  test('a caller-chosen dir is created, used, and removed; removing twice is fine', async () => {
    const dir = join(scratch, 'reports', 'pki');
    const pki = await createTestPki({ dir });
    assert.equal(pki.dir, dir);
    assert.ok(existsSync(pki.rootCa.certFile));
    await removeTestPki(pki);
    assert.equal(existsSync(dir), false);
    await removeTestPki(pki);
    await assert.rejects(pki.stationClient('CP001'), /already removed/);
  });

  test('removal waits for a client certificate still being issued', async () => {
    const pki = await createTestPki({ dir: join(scratch, 'pending') });
    const pending = pki.stationClient('CP-late');
    await removeTestPki(pki);
    await pending; // issued before the folder went away, not torn apart mid-write
    assert.equal(existsSync(pki.dir), false);
  });

  test('a leftover PKI from a crashed run is replaced; a foreign non-empty dir is refused and left alone', async () => {
    const dir = join(scratch, 'stale');
    const first = await createTestPki({ dir });
    const firstRoot = first.rootCa.cert;
    const second = await createTestPki({ dir });
    assert.notEqual(second.rootCa.cert, firstRoot);
    await removeTestPki(second);

    const foreign = join(scratch, 'foreign');
    await mkdir(foreign);
    await writeFile(join(foreign, 'keep.txt'), 'precious');
    await assert.rejects(createTestPki({ dir: foreign }), (err: unknown) => err instanceof EvcError && /not empty/.test(err.message));
    assert.deepEqual(await readdir(foreign), ['keep.txt']);
    await assert.rejects(
      removeTestPki({ ...second, dir: foreign }),
      (err: unknown) => err instanceof EvcError && /refusing/.test(err.message),
    );
    assert.deepEqual(await readdir(foreign), ['keep.txt']);
  });

  test('a missing openssl gives a clear EvcError and leaves nothing behind', async () => {
    const dir = join(scratch, 'no-openssl');
    await assert.rejects(
      createTestPki({ dir, openssl: join(scratch, 'definitely-not-openssl') }),
      (err: unknown) => err instanceof EvcError && /openssl not found/.test(err.message),
    );
    assert.equal(existsSync(dir), false);
  });

  test('an openssl failure is reported with its stderr and the dir is removed', async () => {
    const dir = join(scratch, 'failing');
    // A fake "openssl" that passes the version check but fails every real command.
    const fake = join(scratch, 'fake-openssl');
    await writeFile(fake, '#!/bin/sh\nif [ "$1" = version ]; then echo "OpenSSL 3.0.0 fake"; exit 0; fi\necho "boom: $1" >&2\nexit 3\n', { mode: 0o755 });
    if (process.platform === 'win32') return;
    await assert.rejects(
      createTestPki({ dir, openssl: fake }),
      (err: unknown) => err instanceof EvcError && /openssl req failed \(exit 3\): boom: req/.test(err.message),
    );
    assert.equal(existsSync(dir), false);
  });
});

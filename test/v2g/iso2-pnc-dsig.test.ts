/**
 * ISO 15118-2 Plug and Charge signatures: EXI fragments (EXI 1.0 §8.5.2) and xmldsig ECDSA P-256.
 * Fragment vectors: the xmldsig example of OpenV2G (src/test/main_example.c, `xmldsig_test`): an
 * AuthorizationReq fragment (Id "ID1", GenChallenge "Some Random Data") encoded with the ISO-2 schema, its
 * SHA-256 (given there as base64 0bXgPQBl…), and the SignedInfo fragment referencing it encoded with the
 * xmldsig schema. Copied as data (byte values), not code.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ExiError } from '../../src/exi';
import { decodeExiFragment, encodeExiFragment, fragmentGrammarOf } from '../../src/exi/fragment';
import { DSIG_ALG, fragmentDigest, signElements, signedInfoFor, verifySignature } from '../../src/v2g/security/xmldsig';

const AUTH_REQ_FRAGMENT = '80040152510c40829b7b6b2902930b73237b6902230ba309e8';
const AUTH_REQ_DIGEST = 'd1b5e03d0065bee56b3179844530' + '51eb54ca18fc0e0916174f8b3c77a98f4aa9';
const SIGNED_INFO_FRAGMENT =
  '808112b43a3a381d1797bbbbbb973b999737b93397aa2917b1b0b737b734b1b0b616b2bc3497a1ab43a3a381d1797bbbbbb973b999737b93397991' +
  '8181897981a17bc36b63239b4b396b6b7b93291b2b1b239b096b9b430991a9b220623494431025687474703a2f2f7777772e77332e6f72672f54' +
  '522f63616e6f6e6963616c2d6578692f4852d0e8e8e0745e5eeeeeee5cee665cdee4ce5e646060625e60685ef0dad8cadcc646e6d0c2646a6c84' +
  '1a36bc07a00cb7dcad662f3088a60a3d6a99431f81c122c2e9f1678ef531e9552370';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const authReq = { Id: 'ID1', GenChallenge: '536f6d652052616e646f6d2044617461' };

describe('EXI fragments (ISO-2 and xmldsig)', () => {
  it('encodes the AuthorizationReq fragment of the OpenV2G vector byte for byte, and its digest', () => {
    const bytes = encodeExiFragment('iso2', { AuthorizationReq: authReq });
    assert.equal(hex(bytes), AUTH_REQ_FRAGMENT);
    assert.equal(createHash('sha256').update(bytes).digest('hex'), AUTH_REQ_DIGEST);
    assert.equal(Buffer.from(AUTH_REQ_DIGEST, 'hex').toString('base64'), '0bXgPQBlvuVrMXmERTBR61TKGPwOCRYXT4s8d6mPSqk=');
  });

  it('encodes the SignedInfo fragment (xmldsig schema) of the vector byte for byte', () => {
    const si = signedInfoFor('iso2', [{ name: 'AuthorizationReq', body: authReq }]);
    assert.equal(si.Reference[0].DigestValue, AUTH_REQ_DIGEST);
    assert.equal(hex(encodeExiFragment('xmldsig', { SignedInfo: si })), SIGNED_INFO_FRAGMENT);
  });

  it('decodes both fragments back', () => {
    assert.deepEqual(decodeExiFragment('iso2', Buffer.from(AUTH_REQ_FRAGMENT, 'hex')), { AuthorizationReq: authReq });
    const si = decodeExiFragment('xmldsig', Buffer.from(SIGNED_INFO_FRAGMENT, 'hex')) as { SignedInfo: { Reference: Array<{ URI: string }> } };
    assert.equal(si.SignedInfo.Reference[0].URI, '#ID1');
  });

  it('uses all declared qnames (global and local) for the fragment code width', () => {
    const f = fragmentGrammarOf('iso2');
    assert.ok(f.entries.length > 200 && f.entries.length <= 254, `${f.entries.length} qnames`);
    assert.equal(f.bits, 8);
    assert.equal(fragmentGrammarOf('xmldsig').bits, 6);
  });

  it('rejects what is not one known element, and trailing content', () => {
    assert.throws(() => encodeExiFragment('iso2', { NoSuchElement: {} }), ExiError);
    assert.throws(() => encodeExiFragment('iso2', { AuthorizationReq: { Id: 'x', Bogus: 1 } }), ExiError);
    const bad = Buffer.from(AUTH_REQ_FRAGMENT, 'hex');
    assert.throws(() => decodeExiFragment('iso2', bad.subarray(0, 10)), ExiError);
    assert.throws(() => decodeExiFragment('iso2', Buffer.from('80ff', 'hex')), /fragment event code|SE\(\*\)|empty/);
  });
});

describe('xmldsig ECDSA P-256 over fragments', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-dsig-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cert = (name: string): { key: string; cert: string } => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const keyFile = path.join(dir, `${name}.key`);
    fs.writeFileSync(keyFile, keyPem);
    const out = execFileSync('openssl', ['req', '-new', '-x509', '-key', keyFile, '-subj', `/CN=${name}`, '-days', '1'], { encoding: 'utf8' });
    return { key: keyPem, cert: out };
  };
  const contract = cert('EMAID1');
  const other = cert('OTHER');
  const el = { name: 'AuthorizationReq', body: { Id: 'ID1', GenChallenge: '00112233445566778899aabbccddeeff' } };

  it('signs with a 64-byte raw r||s value that verifies', () => {
    const sig = signElements('iso2', [el], contract.key);
    assert.equal(sig.SignatureValue.CONTENT.length, 128);
    assert.equal(sig.SignedInfo.SignatureMethod.Algorithm, DSIG_ALG.signature);
    assert.equal(sig.SignedInfo.Reference[0].DigestValue, fragmentDigest('iso2', el));
    assert.deepEqual(verifySignature('iso2', sig, [el], contract.cert), []);
  });

  it('fails on another key, a changed element, a wrong reference and a DER value', () => {
    const sig = signElements('iso2', [el], contract.key);
    assert.match(verifySignature('iso2', sig, [el], other.cert).join('\n'), /does not verify/);
    const changed = { name: el.name, body: { ...el.body, GenChallenge: 'ffffffffffffffffffffffffffffffff' } };
    assert.match(verifySignature('iso2', sig, [changed], contract.cert).join('\n'), /DigestValue .* is not the SHA-256/);
    assert.match(verifySignature('iso2', sig, [{ name: el.name, body: { ...el.body, Id: 'ID2' } }], contract.cert).join('\n'), /no Reference with URI '#ID2'/);
    const der = { ...sig, SignatureValue: { CONTENT: sig.SignatureValue.CONTENT + '00' } };
    assert.match(verifySignature('iso2', der, [el], contract.cert).join('\n'), /65 bytes, expected 64/);
    assert.deepEqual(verifySignature('iso2', undefined, [el], contract.cert), ['Header.Signature is missing or has no SignedInfo']);
  });
});

/** ISO 15118-2 contract key transport (src/v2g/security/contract-key.ts): ECDH P-256 + concat KDF + AES-128-CBC. */
import assert from 'node:assert/strict';
import { createCipheriv, createECDH, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { concatKdf16, decryptContractKey, encryptContractKey, keyFromScalar, privateScalar, publicPoint, scalarMatchesCert } from '../../src/v2g/security/contract-key';

const pair = (): { pub: string; key: string } => {
  const k = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { pub: k.publicKey.export({ type: 'spki', format: 'pem' }).toString(), key: k.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
};

describe('contract private key encryption (CertificateInstallation/UpdateRes)', () => {
  it('round-trips: 48 bytes (IV + 32), a 65-byte DH public key, the scalar back with the receiver key', () => {
    const receiver = pair();
    const contract = pair();
    const { encrypted, dhPublicKey } = encryptContractKey(contract.key, receiver.pub);
    assert.equal(encrypted.length, 48);
    assert.equal(dhPublicKey.length, 65);
    assert.equal(dhPublicKey[0], 4);
    const scalar = decryptContractKey(encrypted, dhPublicKey, receiver.key);
    assert.deepEqual(scalar, privateScalar(contract.key));
    assert.ok(scalarMatchesCert(scalar, contract.pub));
    assert.equal(privateScalar(keyFromScalar(scalar)).toString('hex'), scalar.toString('hex'));
  });

  it('with another receiver key the result is not the contract key', () => {
    const contract = pair();
    const { encrypted, dhPublicKey } = encryptContractKey(contract.key, pair().pub);
    const wrong = decryptContractKey(encrypted, dhPublicKey, pair().key);
    assert.notDeepEqual(wrong, privateScalar(contract.key));
    assert.equal(scalarMatchesCert(wrong, contract.pub), false);
  });

  it('follows the stated construction: SHA-256(00000001 ‖ Z ‖ 01 55 56)[0..16), AES-128-CBC, no padding', () => {
    const receiver = pair();
    const contract = pair();
    const iv = Buffer.alloc(16, 7);
    const { encrypted, dhPublicKey } = encryptContractKey(contract.key, receiver.pub, iv);
    const own = createECDH('prime256v1');
    own.setPrivateKey(privateScalar(receiver.key));
    const key = concatKdf16(own.computeSecret(dhPublicKey));
    const c = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
    assert.deepEqual(encrypted, Buffer.concat([iv, c.update(privateScalar(contract.key)), c.final()]));
    assert.deepEqual(publicPoint(receiver.key), publicPoint(receiver.pub));
  });

  it('rejects malformed sizes', () => {
    const r = pair();
    assert.throws(() => decryptContractKey(Buffer.alloc(47), Buffer.alloc(65, 4), r.key), /48/);
    assert.throws(() => decryptContractKey(Buffer.alloc(48), Buffer.alloc(33, 2), r.key), /65/);
  });
});

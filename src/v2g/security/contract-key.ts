/**
 * ISO 15118-2 contract private key transport (CertificateInstallationRes / CertificateUpdateRes, [V2G2-818…824]
 * style): the CPS side makes an ephemeral secp256r1 key pair, agrees a secret (ECDH) with the receiving
 * certificate's public key (the OEM provisioning certificate for an installation, the old contract certificate
 * for an update), derives a 128-bit key with the NIST SP 800-56A concatenation KDF (SHA-256, one round:
 * SHA-256(0x00000001 ‖ Z ‖ OtherInfo), OtherInfo = AlgorithmID 0x01 ‖ PartyUInfo 0x55 'U' ‖ PartyVInfo 0x56 'V',
 * as the open -2 stacks use), and encrypts the 32-byte private key scalar with AES-128-CBC without padding
 * behind a random 16-byte IV: ContractSignatureEncryptedPrivateKey is IV ‖ ciphertext (48 bytes), DHpublickey
 * the ephemeral public point uncompressed (0x04 ‖ X ‖ Y, 65 bytes). node:crypto only.
 */
import { createCipheriv, createDecipheriv, createECDH, createHash, createPrivateKey, createPublicKey, type KeyObject, randomBytes, X509Certificate } from 'node:crypto';

const CURVE = 'prime256v1';
const OTHER_INFO = Buffer.from([0x01, 0x55, 0x56]);

export interface EncryptedContractKey {
  /** IV ‖ AES-128-CBC(scalar), 48 bytes. */
  encrypted: Buffer;
  /** The ephemeral public key, uncompressed point (65 bytes). */
  dhPublicKey: Buffer;
}

const b64u = (s: string | undefined): Buffer => Buffer.from(String(s ?? ''), 'base64url');

function jwkOf(key: KeyObject): { x: Buffer; y: Buffer; d?: Buffer; crv: string } {
  const j = key.export({ format: 'jwk' }) as { crv?: string; x?: string; y?: string; d?: string };
  if (j.crv !== 'P-256') throw new Error(`the key is not on secp256r1 (P-256): ${j.crv ?? 'not an EC key'}`);
  return { x: b64u(j.x), y: b64u(j.y), ...(j.d ? { d: b64u(j.d) } : {}), crv: j.crv };
}

/** The public key of a certificate (PEM) or a public key object, as an uncompressed point. */
export function publicPoint(from: string | KeyObject): Buffer {
  const key = typeof from === 'string' ? (from.includes('CERTIFICATE') ? new X509Certificate(from).publicKey : createPublicKey(from)) : from;
  const { x, y } = jwkOf(key.type === 'private' ? createPublicKey(key) : key);
  return Buffer.concat([Buffer.from([0x04]), x, y]);
}

/** The 32-byte private scalar of an EC P-256 private key (PEM). */
export function privateScalar(keyPem: string): Buffer {
  const { d } = jwkOf(createPrivateKey(keyPem));
  if (!d) throw new Error('not a private key');
  return Buffer.concat([Buffer.alloc(32 - d.length), d]);
}

/** A P-256 private key (PKCS#8 PEM) from its 32-byte scalar. */
export function keyFromScalar(scalar: Buffer): string {
  const ecdh = createECDH(CURVE);
  ecdh.setPrivateKey(scalar);
  const pub = ecdh.getPublicKey();
  const jwk = { kty: 'EC', crv: 'P-256', d: scalar.toString('base64url'), x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33, 65).toString('base64url') };
  return createPrivateKey({ key: jwk, format: 'jwk' }).export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** Whether a 32-byte scalar is the private key of the certificate's (PEM) public key. */
export function scalarMatchesCert(scalar: Buffer, certPem: string): boolean {
  if (scalar.length !== 32) return false;
  try {
    const ecdh = createECDH(CURVE);
    ecdh.setPrivateKey(scalar);
    return ecdh.getPublicKey().equals(publicPoint(certPem));
  } catch {
    return false;
  }
}

/** NIST SP 800-56A concatenation KDF, SHA-256, 16 bytes out (one round). */
export function concatKdf16(z: Buffer): Buffer {
  return createHash('sha256').update(Buffer.from([0, 0, 0, 1])).update(z).update(OTHER_INFO).digest().subarray(0, 16);
}

/** CPS side: encrypts the contract private key (PEM) to the receiver's certificate (PEM) or public key. */
export function encryptContractKey(contractKeyPem: string, receiver: string | KeyObject, iv: Buffer = randomBytes(16)): EncryptedContractKey {
  const eph = createECDH(CURVE);
  eph.generateKeys();
  const key = concatKdf16(eph.computeSecret(publicPoint(receiver)));
  const c = createCipheriv('aes-128-cbc', key, iv).setAutoPadding(false);
  const ct = Buffer.concat([c.update(privateScalar(contractKeyPem)), c.final()]);
  return { encrypted: Buffer.concat([iv, ct]), dhPublicKey: eph.getPublicKey() };
}

/** EVCC side: the 32-byte contract private key scalar, decrypted with the receiver's private key (PEM). Throws on malformed input. */
export function decryptContractKey(encrypted: Buffer, dhPublicKey: Buffer, receiverKeyPem: string): Buffer {
  if (encrypted.length !== 48) throw new Error(`ContractSignatureEncryptedPrivateKey has ${encrypted.length} bytes, expected 48 (16-byte IV + 32-byte key)`);
  if (dhPublicKey.length !== 65 || dhPublicKey[0] !== 0x04) throw new Error(`DHpublickey has ${dhPublicKey.length} bytes${dhPublicKey.length ? ` starting 0x${dhPublicKey[0].toString(16)}` : ''}, expected an uncompressed P-256 point (65 bytes, 0x04 …)`);
  const own = createECDH(CURVE);
  own.setPrivateKey(privateScalar(receiverKeyPem));
  const key = concatKdf16(own.computeSecret(dhPublicKey));
  const d = createDecipheriv('aes-128-cbc', key, encrypted.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([d.update(encrypted.subarray(16)), d.final()]);
}

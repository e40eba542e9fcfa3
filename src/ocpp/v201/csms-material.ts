/**
 * Material the operator of a 2.0.1 CSMS under test hands it for certificate and firmware test cases: the
 * run's test root certificate (InstallCertificate) and a signed firmware reference (UpdateFirmware) whose
 * signature really verifies against its signing certificate. Also the hash data of that root, as a station
 * reports it in GetInstalledCertificateIds.
 */
import { X509Certificate, createHash, createSign } from 'node:crypto';
import { runPki } from '../../transport/tls/run-pki';
import type { Payload } from '../session';

/**
 * A firmware reference as its vendor hands it to the operator: the location, the signing certificate (the run's
 * test root) and a base64 SHA-256 signature over the location (standing in for the image) that really verifies
 * against that certificate.
 */
export async function signedFirmware201(location: string): Promise<{ location: string; signingCertificate: string; signature: string }> {
  const pki = await runPki();
  const signature = createSign('sha256').update(location).sign(pki.rootCa.key).toString('base64');
  return { location, signingCertificate: pki.rootCa.cert, signature };
}

/** The run's test root certificate (PEM), as the operator hands it to the CSMS. */
export async function testRootPem(): Promise<string> {
  return (await runPki()).rootCa.cert;
}

/** certificateHashData (SHA256) of the run's test root, as a station reports an installed certificate. */
export async function testRootHashData(): Promise<Payload> {
  const pki = await runPki();
  const cert = new X509Certificate(pki.rootCa.cert);
  // issuer name and key hashes over the DER parts are approximated by hashing the subject text and public key
  const issuerNameHash = createHash('sha256').update(cert.issuer).digest('hex');
  const issuerKeyHash = createHash('sha256').update(cert.publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
  return { hashAlgorithm: 'SHA256', issuerNameHash, issuerKeyHash, serialNumber: cert.serialNumber.toLowerCase().replace(/^0+/, '') || '0' };
}

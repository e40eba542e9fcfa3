/**
 * Security-extension material the harness station (and the operator of a CSMS under test) needs in the 1.6
 * CSMS catalogue: a certificate signing request for the station, the run's test root certificate to install,
 * and a signed firmware update whose signature really verifies against its signing certificate.
 */
import { createSign } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultOpensslBinary, runOpenssl } from '../../transport/tls/openssl';
import { DEFAULT_OPERATOR } from '../../transport/tls/pki';
import { runPki } from '../../transport/tls/run-pki';
import type { OcppHarness } from '../harness';
import type { Payload } from '../session';

/**
 * A PEM certificate signing request for the station's identity (CN = identity, O = operator), made with the
 * openssl CLI on a fresh P-256 key in a temporary folder that is removed afterwards.
 */
export async function certificateSigningRequest(identity: string, operator = DEFAULT_OPERATOR): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evc-csr-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const { stdout } = await runOpenssl(defaultOpensslBinary(), [
      'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile,
      '-subj', `/O=${operator}/CN=${identity}`, '-sha256',
    ]);
    return stdout.trim();
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The operator makes the CSMS install the run's test root certificate as `certificateType`. */
export async function triggerInstallTestRoot(h: OcppHarness, certificateType: string): Promise<void> {
  const pki = await runPki();
  await h.triggerCsms('InstallCertificate', { certificateType, certificate: pki.rootCa.cert });
}

/**
 * The operator makes the CSMS send SignedUpdateFirmware for `location`: the signing certificate is the run's
 * test root and the signature (base64, SHA-256) is computed with its key over the location, standing in for
 * the firmware image.
 */
export async function triggerSignedFirmwareUpdate(h: OcppHarness, location: string, requestId: number): Promise<void> {
  const pki = await runPki();
  const signature = createSign('sha256').update(location).sign(pki.rootCa.key).toString('base64');
  const firmware: Payload = { location, retrieveDateTime: new Date().toISOString(), signingCertificate: pki.rootCa.cert, signature };
  await h.triggerCsms('SignedUpdateFirmware', { requestId, firmware });
}

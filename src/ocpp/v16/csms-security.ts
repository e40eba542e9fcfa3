/**
 * Security-extension material the harness station (and the operator of a CSMS under test) needs in the 1.6
 * CSMS catalogue: a certificate signing request for the station, the run's test root certificate to install,
 * and a signed firmware update whose signature really verifies against its signing certificate.
 */
import { X509Certificate, createPublicKey, createSign } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defaultOpensslBinary, runOpenssl } from '../../transport/tls/openssl';
import { DEFAULT_OPERATOR } from '../../transport/tls/pki';
import { runPki } from '../../transport/tls/run-pki';
import { EvcError, VerdictError } from '../../core/errors';
import { ConnectRefusedError, connectWs } from '../../transport/ws/client';
import type { StationSideContext } from '../side-context';

/**
 * A PEM certificate signing request for the station's identity (CN = identity, O = operator), made with the
 * openssl CLI on a fresh P-256 key in a temporary folder that is removed afterwards.
 */
export async function certificateSigningRequest(identity: string, operator = DEFAULT_OPERATOR): Promise<{ csr: string; keyPem: string }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'evc-csr-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const { stdout } = await runOpenssl(defaultOpensslBinary(), [
      'req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile,
      '-subj', `/O=${operator}/CN=${identity}`, '-sha256',
    ]);
    return { csr: stdout.trim(), keyPem: await fs.readFile(keyFile, 'utf8') };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The operator asks the CSMS to install the run's test root certificate as `certificateType`. */
export async function askInstallTestRoot(h: StationSideContext, certificateType: string): Promise<void> {
  const pki = await runPki();
  await h.askCsms('install a root certificate', [['certificateType', certificateType], ['certificate', pki.rootCa.cert]]);
}

/**
 * The operator asks the CSMS to update the firmware securely from `location`: the signing certificate is the run's
 * test root and the signature (base64, SHA-256) is computed with its key over the location, standing in for
 * the firmware image. The CSMS chooses the requestId.
 */
export async function askSignedFirmwareUpdate(h: StationSideContext, location: string): Promise<void> {
  const pki = await runPki();
  const signature = createSign('sha256').update(location).sign(pki.rootCa.key).toString('base64');
  const rows = [['location', location], ['signingCertificate', pki.rootCa.cert], ['signature', signature]];
  await h.askCsms('update the firmware securely', rows);
}

/**
 * The first certificate of a CertificateSigned chain must be issued for the station's signing request: the
 * public key of the key pair the CSR was made with, and CN = the station's identity.
 */
export function checkSignedForRequest(certificateChain: unknown, keyPem: string, identity: string): void {
  const leafPem = typeof certificateChain === 'string' ? /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(certificateChain)?.[0] : undefined;
  if (!leafPem) throw new VerdictError('CertificateSigned.certificateChain holds no PEM certificate');
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(leafPem);
  } catch (e) {
    throw new VerdictError(`CertificateSigned.certificateChain does not parse as X.509: ${(e as Error).message}`);
  }
  const want = createPublicKey(keyPem).export({ type: 'spki', format: 'der' });
  if (!leaf.publicKey.export({ type: 'spki', format: 'der' }).equals(want)) {
    throw new VerdictError("The signed certificate does not carry the public key of the station's signing request", `subject: ${leaf.subject}`);
  }
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(leaf.subject)?.[1];
  if (cn !== identity) throw new VerdictError(`The signed certificate's CN is '${cn ?? '(none)'}', expected the station identity '${identity}'`);
}

/**
 * Opens a second WebSocket as the station with Basic auth `password` and requires the CSMS to refuse it with
 * HTTP 401 (e.g. the AuthorizationKey it has just replaced). A connection that opens is closed again.
 */
export async function expectRefusedWithPassword(h: StationSideContext, password: string): Promise<void> {
  const st = h.station;
  if (!st) throw new EvcError('the station never connected');
  const o = st.opts;
  try {
    const conn = await connectWs({
      url: o.csmsUrl,
      identity: h.identity,
      subprotocols: [`ocpp${o.version}`],
      trace: o.trace,
      timeoutMs: o.connectTimeoutMs,
      basicAuth: { user: h.identity, password },
      tls: o.securityProfile >= 2 ? { ca: o.tls?.ca } : undefined,
    });
    await conn.close();
  } catch (e) {
    if (e instanceof ConnectRefusedError && /HTTP 401/.test(e.message)) return;
    throw new VerdictError(`Expected the CSMS to refuse the old AuthorizationKey with HTTP 401: ${(e as Error).message}`);
  }
  throw new VerdictError('The CSMS accepted a connection with the AuthorizationKey it had replaced');
}

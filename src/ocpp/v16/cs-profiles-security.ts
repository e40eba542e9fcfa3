/**
 * Security-extension (OCPP 1.6 security whitepaper) sequences for a charge point under test (harness = CSMS):
 * certificates from the run's test PKI, signing the station's CSR, signed firmware, AuthorizationKey and
 * security-profile changes, and what the harness CSMS saw on the WebSocket upgrade (Basic auth, TLS, client
 * certificate). A few capabilities the shared harness lacks are done here on the CsmsSideContext from outside:
 * replacing the CSMS endpoint (other TLS certificate / security profile) and changing the password it expects.
 */
import { X509Certificate, createPrivateKey, sign } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvcError, VerdictError } from '../../core/errors';
import { tableToPayload } from '../../core/table';
import type { Trace } from '../../core/trace';
import type { SecurityProfile } from '../version';
import type { StartedRig } from '../../rig/rig';
import { defaultOpensslBinary, runOpenssl } from '../../transport/tls/openssl';
import type { CertPair } from '../../transport/tls/pki';
import { runPki } from '../../transport/tls/run-pki';
import type { CsmsSideContext } from '../side-context';

/** What the security steps need from the World. */
export interface SecWorld {
  ocppCsms: CsmsSideContext;
  trace: Trace;
  rig: StartedRig;
  onCleanup(name: string, fn: () => Promise<void> | void): void;
}

// ------------------------------------------------------------------ certificates of the run's test PKI

/** Certificates a scenario can name: "root CA" (the CSMS trust anchor) and "other root CA" (a second, unrelated root). */
export async function pkiCertificate(name: string): Promise<CertPair> {
  const pki = await runPki();
  switch (name) {
    case 'root CA':
      return pki.rootCa;
    case 'other root CA':
      return pki.bad.untrustedRootCa;
    case 'CSMS server':
      return pki.csmsServer;
    default:
      throw new EvcError(`unknown test certificate '${name}' (known: root CA, other root CA, CSMS server)`);
  }
}

export async function installCertificate(h: CsmsSideContext, certificateType: string, name: string): Promise<void> {
  const { cert } = await pkiCertificate(name);
  await h.call('InstallCertificate', { certificateType, certificate: cert });
}

export interface HashData {
  hashAlgorithm: string;
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

const normSerial = (s: string) => s.toLowerCase().replace(/^0+(?=.)/, '');

/**
 * The last response is GetInstalledCertificateIds Accepted and lists the named certificate: an entry with its
 * serial number, a SHA-2 hash algorithm and hex digests of that length. The entry is kept for DeleteCertificate.
 */
export async function assertListsCertificate(h: CsmsSideContext, name: string): Promise<void> {
  const res = h.assertResult({ status: 'Accepted' });
  const serial = normSerial(new X509Certificate((await pkiCertificate(name)).cert).serialNumber);
  const list = (res.certificateHashData as HashData[] | undefined) ?? [];
  const hit = list.find((d) => normSerial(d.serialNumber) === serial);
  if (!hit) throw new VerdictError(`GetInstalledCertificateIds does not list the ${name} certificate (serial ${serial})`, `listed: ${JSON.stringify(list)}`);
  const hexLen = { SHA256: 64, SHA384: 96, SHA512: 128 }[hit.hashAlgorithm];
  const hex = (s: string) => hexLen !== undefined && new RegExp(`^[0-9a-fA-F]{${hexLen}}$`).test(s);
  if (!hexLen || !hex(hit.issuerNameHash) || !hex(hit.issuerKeyHash)) {
    throw new VerdictError(`the hash data of the ${name} certificate is malformed`, JSON.stringify(hit));
  }
  h.listedCertificate16 = hit;
}

/** DeleteCertificate with the hash data the station listed for the certificate last checked. */
export async function deleteListedCertificate(h: CsmsSideContext): Promise<void> {
  const hashData = h.listedCertificate16;
  if (!hashData) throw new EvcError('no certificate was listed yet: check GetInstalledCertificateIds first');
  await h.call('DeleteCertificate', { certificateHashData: { ...hashData } });
}

// ------------------------------------------------------------------ CSR signing

/** Signs a PKCS#10 CSR with the run's root CA (openssl x509 -req), returning the leaf certificate PEM. */
export async function signCsr(csr: string, days = 30): Promise<string> {
  const pki = await runPki();
  const dir = await mkdtemp(join(tmpdir(), 'evc-csr-'));
  try {
    await writeFile(join(dir, 'req.csr'), csr.endsWith('\n') ? csr : `${csr}\n`);
    await runOpenssl(defaultOpensslBinary(), [
      'x509', '-req', '-in', 'req.csr', '-CA', pki.rootCa.certFile, '-CAkey', pki.rootCa.keyFile,
      '-set_serial', `0x${Date.now().toString(16)}`, '-days', String(days), '-sha256', '-out', 'leaf.pem',
    ], dir);
    return await readFile(join(dir, 'leaf.pem'), 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The CSR of the SignCertificate request the scenario asserted last. */
function lastCsr(h: CsmsSideContext): string {
  const csr = h.lastItem?.kind === 'SignCertificate' ? (h.lastItem.payload.csr as string | undefined) : undefined;
  if (!csr) throw new EvcError('no SignCertificate request was asserted just before: expect it first ("the station sends SignCertificate with: …")');
  return csr;
}

/**
 * The last SignCertificate CSR is a PKCS#10 request whose self-signature verifies, with O = the station's
 * CpoName configuration value and a CN (the charge point's identity / serial number).
 */
export async function assertCsrSubject(h: CsmsSideContext, cpoName: string): Promise<void> {
  const csr = lastCsr(h);
  const dir = await mkdtemp(join(tmpdir(), 'evc-csr-'));
  let subject: string;
  try {
    await writeFile(join(dir, 'req.csr'), csr.endsWith('\n') ? csr : `${csr}\n`);
    const r = await runOpenssl(defaultOpensslBinary(), ['req', '-in', 'req.csr', '-verify', '-noout', '-subject', '-nameopt', 'RFC2253'], dir).catch((e: Error) => {
      throw new VerdictError('the station sent a CSR that is not a valid, self-signed PKCS#10 request', e.message);
    });
    subject = r.stdout.replace(/^subject=\s*/m, '').trim();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const rdn = Object.fromEntries(subject.split(/(?<!\\),/).map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).replace(/\\(.)/g, '$1')]));
  if (rdn.O !== cpoName || !rdn.CN) {
    throw new VerdictError(`the CSR subject must name the CPO (O = CpoName '${cpoName}') and the charge point (CN)`, `subject: ${subject}`);
  }
}

/** CertificateSigned with the station's last CSR signed by the run's root CA (leaf + root). */
export async function answerCsr(h: CsmsSideContext): Promise<void> {
  const leaf = await signCsr(lastCsr(h));
  const pki = await runPki();
  await h.call('CertificateSigned', { certificateChain: `${leaf.trim()}\n${pki.rootCa.cert.trim()}\n` });
}

/** CertificateSigned with a valid certificate that was not issued for the station's key (the CSMS's own). */
export async function sendForeignCertificate(h: CsmsSideContext): Promise<void> {
  const pki = await runPki();
  await h.call('CertificateSigned', { certificateChain: pki.csmsServer.cert });
}

// ------------------------------------------------------------------ signed firmware

/**
 * SignedUpdateFirmware from the table (requestId, firmware.location, firmware.retrieveDateTime, …) with a
 * signing certificate from the test PKI and a real signature (root CA key over the firmware location).
 */
export async function signedUpdateFirmware(h: CsmsSideContext, rows: string[][]): Promise<void> {
  const pki = await runPki();
  const payload = tableToPayload(rows);
  const fw = (payload.firmware ?? {}) as Record<string, unknown>;
  if (typeof fw.location !== 'string') throw new EvcError('the table must give firmware.location');
  fw.signingCertificate = pki.rootCa.cert;
  fw.signature = sign('sha256', Buffer.from(fw.location), createPrivateKey(pki.rootCa.key)).toString('base64');
  payload.firmware = fw;
  await h.call('SignedUpdateFirmware', payload);
}

// ------------------------------------------------------------------ the CSMS endpoint: password, TLS, profile

/** The harness CSMS expects `password` from now on (before the station is told its new AuthorizationKey). */
export function csmsExpectsPassword(h: CsmsSideContext, password: string): void {
  const csms = h.csms;
  if (!csms) throw new EvcError('the harness CSMS is not running');
  csms.expectPassword(h.identity, password);
  h.password = password;
}

/** ChangeConfiguration(AuthorizationKey): the CSMS expects the new key from the next connection on. */
export async function changeAuthorizationKey(h: CsmsSideContext, key: string): Promise<void> {
  csmsExpectsPassword(h, key);
  await h.call('ChangeConfiguration', { key: 'AuthorizationKey', value: key });
}

export type ServerCert = 'valid' | 'untrusted';

/**
 * Replaces the harness CSMS endpoint on the same host and port: the running one is stopped (the station loses
 * its connection and starts reconnecting) and a new one listens with the given security profile and, for
 * SP2/SP3, the run PKI's valid CSMS certificate or one from a CA the station does not trust.
 */
export async function replaceCsms(w: SecWorld, sp: SecurityProfile, cert: ServerCert = 'valid'): Promise<void> {
  const h = w.ocppCsms;
  const old = h.csms;
  if (!old) throw new EvcError('the harness CSMS is not running');
  if (await h.switchRunListener(sp, cert)) return; // a real station: the run's listener serves them on its port
  const url = new URL(old.url);
  const pki = await runPki();
  const server = cert === 'valid' ? pki.csmsServer : pki.bad.untrustedServer;
  // the station stays registered: a reconnect to the same Central System needs no new BootNotification
  const role = old.successor({ port: Number(url.port), securityProfile: sp }, true);
  if (sp >= 2) role.useTls({ cert: server.cert, key: server.key, ca: pki.rootCa.cert });
  await old.stop();
  await role.start();
  w.onCleanup('csms (replaced)', () => role.stop());
  h.useCsmsRole(role);
  w.trace.note('harness', `CSMS endpoint replaced: security profile ${sp}${sp >= 2 ? `, ${cert} server certificate` : ''} at ${role.url}`);
}

/** The station does not (manage to) connect to the current CSMS endpoint within `ms`. */
export async function expectNoConnection(h: CsmsSideContext, ms: number): Promise<void> {
  const before = h.csms?.session(h.identity); // on the run's listener: the connection closed when the endpoint switched
  await new Promise((r) => setTimeout(r, ms));
  const s = h.csms?.session(h.identity);
  if (s && s !== before) throw new VerdictError(`the station connected to ${h.csms?.url} although it should have refused it`);
}

// ------------------------------------------------------------------ what the upgrade carried

function connectionInfo(h: CsmsSideContext) {
  const s = h.session;
  return { info: s.conn.info };
}

/** The station's WebSocket upgrade carried HTTP Basic credentials identity:password (the CSMS would refuse others). */
export function assertBasicAuth(h: CsmsSideContext): void {
  const { info } = connectionInfo(h);
  const m = /^Basic\s+(.+)$/i.exec(info.authorization ?? '');
  const decoded = m ? Buffer.from(m[1], 'base64').toString('utf8') : '';
  if (decoded !== `${h.identity}:${h.password}`) {
    throw new VerdictError('the station did not authenticate with HTTP Basic <identity>:<AuthorizationKey>', `Authorization: ${info.authorization ?? '<absent>'}`);
  }
}

/** The connection is TLS 1.2 or newer. */
export function assertTls(h: CsmsSideContext): void {
  const { info } = connectionInfo(h);
  const version = info.tls?.protocol;
  if (!info.tls || !version || !/^TLSv1\.[23]$/.test(version)) {
    throw new VerdictError(`the station is not connected over TLS 1.2 or newer: ${info.tls ? `it negotiated ${version ?? 'an unknown version'}` : 'plain WebSocket, no TLS'}`);
  }
}

/** The station presented a client certificate that chains to the CSMS's trust anchor with CN = its identity. */
export function assertClientCertificate(h: CsmsSideContext): void {
  const { info } = connectionInfo(h);
  const c = info.peerCertificate;
  if (!c || !c.authorized || c.subject?.CN !== h.identity || !c.subject?.O) {
    throw new VerdictError('the station did not present a trusted client certificate with O = operator and CN = its identity', JSON.stringify(c ?? null));
  }
}

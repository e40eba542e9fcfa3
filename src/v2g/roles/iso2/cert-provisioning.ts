/**
 * ISO 15118-2 contract provisioning (Plug and Charge) for the harness EVCC (SUT = SECC): when the session is set
 * to install or update (setCertProvisioning, a step), ServiceDiscoveryRes must list the Certificate service
 * (ServiceID 2: a failed verdict naming it otherwise, the SECC's PICS declaring contract provisioning), the EVCC
 * selects it in PaymentServiceSelectionReq (ParameterSetID 1 Installation, 2 Update), then after
 * PaymentServiceSelection(Contract) sends
 * CertificateInstallationReq (Id, the OEM provisioning certificate, ListOfRootCertificateIDs of the V2G roots,
 * header ds:Signature over the request with the OEM provisioning key) or CertificateUpdateReq (Id, the current
 * contract chain, eMAID, ListOfRootCertificateIDs, signed with the current contract key). The response is
 * checked in full (checkCertProvisioningRes): the SA provisioning (CPS) chain leads to a trusted V2G root and is
 * valid now; the header signature covers ContractSignatureCertChain, ContractSignatureEncryptedPrivateKey,
 * DHpublickey and eMAID (its fragment as the V2G stacks write it, src/exi/fragment.ts), every Reference digest
 * matches (a mismatch names the element) and it verifies with the CPS leaf. A signature without a Reference to
 * eMAID is accepted: the project's protocol facts do not say the standard requires that fourth Reference
 * (open stacks, RISE-V2G and EVerest, do sign four; the harness SECC and the reference SECC sign four); the
 * contract chain links up and is valid; the decrypted private key (contract-key.ts, with the OEM provisioning key
 * or the old contract key) is the contract leaf's; eMAID is the contract leaf's CN (Annex H).
 * The installed contract then replaces the session's contract for PaymentDetails and Authorization.
 * Shared helpers for the harness SECC side (cert-provisioning-secc.ts) are here too. No I/O.
 */
import { X509Certificate } from 'node:crypto';
import type { V2gMessage } from '../../messages/types';
import { decryptContractKey, keyFromScalar, scalarMatchesCert } from '../../security/contract-key';
import { signElements, verifySignature, type SignedElement } from '../../security/xmldsig';
import type { PncCredentials, ProcedureState } from '../procedure';
import { arr, rec } from './common';
import { commonName, pemBlocks, sameEmaid } from './pnc';

export type CertProvisioning = 'Installation' | 'Update';
export const CERT_REQUESTS: Readonly<Record<CertProvisioning, string>> = { Installation: 'CertificateInstallationReq', Update: 'CertificateUpdateReq' };
/** The Id the harness EVCC gives its CertificateInstallationReq / CertificateUpdateReq. */
export const CERT_REQ_ID = 'ID1';
/** The elements of a CertificateInstallation/UpdateRes the CPS signature references. */
export const CERT_RES_SIGNED = ['ContractSignatureCertChain', 'ContractSignatureEncryptedPrivateKey', 'DHpublickey', 'eMAID'] as const;

const oneLine = (s: string): string => s.replace(/\n/g, ', ');

/** A CertificateChainType body (DER hex) from PEM blocks, leaf first. */
export function chainBody(pem: string, id?: string): Record<string, unknown> {
  const ders = pemBlocks(pem).map((p) => new X509Certificate(p).raw.toString('hex'));
  if (ders.length === 0) throw new Error('no certificate in the chain PEM');
  return { ...(id ? { Id: id } : {}), Certificate: ders[0], ...(ders.length > 1 ? { SubCertificates: { Certificate: ders.slice(1) } } : {}) };
}

/** The certificates of a CertificateChainType body, leaf first (throws when one does not parse). */
export function chainCerts(body: unknown): X509Certificate[] {
  const c = rec(body);
  return [c.Certificate, ...arr(rec(c.SubCertificates).Certificate)].map((d) => new X509Certificate(Buffer.from(String(d), 'hex')));
}

/** RootCertificateID entries (issuer name, decimal serial) naming each root. */
export function rootCertificateIds(rootsPem: readonly string[]): Record<string, unknown>[] {
  return rootsPem.map((pem) => {
    const c = new X509Certificate(pem);
    return { X509IssuerName: c.issuer.split('\n').reverse().join(','), X509SerialNumber: BigInt(`0x${c.serialNumber}`).toString() };
  });
}

/** Problems of a chain (leaf first): validity now, each link, and the top issued by one of the roots. */
export function chainProblems(certs: X509Certificate[], roots: readonly string[], what: string, now = new Date()): string[] {
  const out: string[] = [];
  for (const [i, c] of certs.entries()) {
    if (now < new Date(c.validFrom) || now > new Date(c.validTo)) out.push(`${what} certificate ${i} (${oneLine(c.subject)}) is not valid now (${c.validFrom} – ${c.validTo})`);
  }
  for (let i = 0; i + 1 < certs.length; i++) {
    if (!certs[i].checkIssued(certs[i + 1]) || !certs[i].verify(certs[i + 1].publicKey)) out.push(`${what} link ${i} → ${i + 1} is broken (${oneLine(certs[i].subject)} not issued by ${oneLine(certs[i + 1].subject)})`);
  }
  const top = certs[certs.length - 1];
  if (roots.length > 0 && top && !roots.map((r) => new X509Certificate(r)).some((r) => top.checkIssued(r) && top.verify(r.publicKey))) {
    out.push(`${what} does not lead to a trusted root (top issuer ${oneLine(top.issuer)})`);
  }
  return out;
}

/** The signed elements of a CertificateInstallation/UpdateRes body. */
export function certResElements(body: Record<string, unknown>): SignedElement[] {
  return CERT_RES_SIGNED.map((name) => ({ name, body: rec(body[name]) }));
}

/** The elements whose References a received CertificateInstallation/UpdateRes signature must hold: eMAID only when referenced. */
export function certResToVerify(body: Record<string, unknown>, signature: unknown): SignedElement[] {
  const uris = arr(rec(rec(signature).SignedInfo).Reference).map((r) => rec(r).URI);
  return certResElements(body).filter((el) => el.name !== 'eMAID' || uris.includes(`#${String(el.body.Id)}`));
}

function creds(state: ProcedureState): PncCredentials {
  const c = state.params.pnc;
  if (!c) throw new Error('PnC: the session has no contract credentials (rig: v2g.secc.pnc, or the reference run PKI)');
  return c;
}

// ---------------------------------------------------------------- harness EVCC (SUT = SECC)

/** A step: this session installs (or updates) its contract after PaymentServiceSelection. */
export function setCertProvisioning(state: ProcedureState, kind: CertProvisioning): void {
  if (state.params.payment !== 'PnC') throw new Error('contract certificate installation/update needs a Plug and Charge session (@pnc)');
  state.vars.certProvisioning = kind;
}

/** The sequence with the session's CertificateInstallation/UpdateReq after PaymentServiceSelectionReq. */
export function withCertProvisioning(seq: readonly string[], state: ProcedureState | undefined): readonly string[] {
  const kind = state?.vars.certProvisioning as CertProvisioning | undefined;
  if (!kind) return seq;
  const i = seq.indexOf('PaymentServiceSelectionReq');
  return i < 0 ? seq : [...seq.slice(0, i + 1), CERT_REQUESTS[kind], ...seq.slice(i + 1)];
}

/** The Certificate service (ServiceID 2) and its parameter sets: 1 Installation, 2 Update. */
export const CERT_SERVICE_ID = 2;
export const CERT_PARAMETER_SET: Readonly<Record<CertProvisioning, number>> = { Installation: 1, Update: 2 };

/** What the harness EVCC selects besides the charge service in PaymentServiceSelectionReq: the Certificate service when it installs / updates. */
export function certSelection(state: ProcedureState): Record<string, unknown>[] {
  const kind = state.vars.certProvisioning as CertProvisioning | undefined;
  return kind ? [{ ServiceID: CERT_SERVICE_ID, ParameterSetID: CERT_PARAMETER_SET[kind] }] : [];
}

/** Harness EVCC: a session that installs / updates needs the Certificate service in ServiceDiscoveryRes.ServiceList. */
function checkCertServiceListed(response: V2gMessage, state: ProcedureState): string[] {
  const kind = state.vars.certProvisioning as CertProvisioning | undefined;
  if (!kind || response.name !== 'ServiceDiscoveryRes' || !String(response.body.ResponseCode ?? '').startsWith('OK')) return [];
  const ids = arr(rec(response.body.ServiceList).Service).map((x) => rec(x).ServiceID);
  if (ids.includes(CERT_SERVICE_ID)) return [];
  return [`ServiceDiscoveryRes.ServiceList ${JSON.stringify(ids)} lacks the Certificate service (ServiceID ${CERT_SERVICE_ID}), which the EVCC must select before ${CERT_REQUESTS[kind]}; the SECC's PICS declares contract certificate ${kind.toLowerCase()} (v2g.values.contractProvisioning)`];
}

/** The harness EVCC's CertificateInstallationReq / CertificateUpdateReq (undefined: another request). */
export function certEvccRequest(name: string, state: ProcedureState): V2gMessage | undefined {
  if (name !== 'CertificateInstallationReq' && name !== 'CertificateUpdateReq') return undefined;
  const c = creds(state);
  const ids = { RootCertificateID: rootCertificateIds(c.v2gRootsPem ?? []) };
  if (ids.RootCertificateID.length === 0) throw new Error(`PnC: no V2G root certificates to name in ${name}.ListOfRootCertificateIDs`);
  let body: Record<string, unknown>;
  let keyPem: string | undefined;
  if (name === 'CertificateInstallationReq') {
    const prov = pemBlocks(c.oemProvChainPem ?? '')[0];
    if (!prov || !c.oemProvKeyPem) throw new Error('PnC: CertificateInstallationReq needs the OEM provisioning certificate and key');
    body = { Id: CERT_REQ_ID, OEMProvisioningCert: new X509Certificate(prov).raw.toString('hex'), ListOfRootCertificateIDs: ids };
    keyPem = c.oemProvKeyPem;
  } else {
    if (!c.contractChainPem || !c.contractKeyPem) throw new Error('PnC: CertificateUpdateReq needs the current contract chain and key');
    const leaf = new X509Certificate(pemBlocks(c.contractChainPem)[0]);
    body = { Id: CERT_REQ_ID, ContractSignatureCertChain: chainBody(c.contractChainPem), eMAID: c.eMAID ?? commonName(leaf), ListOfRootCertificateIDs: ids };
    keyPem = c.contractKeyPem;
  }
  return { name, body, header: { Signature: signElements('iso2', [{ name, body }], keyPem) } };
}

interface Installed {
  problems: string[];
  chainPem?: string;
  keyPem?: string;
  eMAID?: string;
}

/** Checks a CertificateInstallationRes / CertificateUpdateRes in full; on success what to install. */
function examine(response: V2gMessage, request: V2gMessage, state: ProcedureState): Installed {
  const c = creds(state);
  const b = response.body;
  const out: string[] = [];
  let sa: X509Certificate[] = [];
  try {
    sa = chainCerts(b.SAProvisioningCertificateChain);
    out.push(...chainProblems(sa, c.v2gRootsPem ?? [], 'SAProvisioningCertificateChain'));
  } catch (e) {
    out.push(`SAProvisioningCertificateChain holds a certificate that does not parse: ${(e as Error).message}`);
  }
  if (sa[0]) out.push(...verifySignature('iso2', response.header?.Signature, certResToVerify(b, response.header?.Signature), sa[0].toString()).map((p) => `CPS signature: ${p}`));
  let contract: X509Certificate[] = [];
  try {
    contract = chainCerts(b.ContractSignatureCertChain);
    out.push(...chainProblems(contract, [], 'ContractSignatureCertChain'));
  } catch (e) {
    out.push(`ContractSignatureCertChain holds a certificate that does not parse: ${(e as Error).message}`);
  }
  const leaf = contract[0];
  const eMAID = rec(b.eMAID).CONTENT;
  if (leaf && (typeof eMAID !== 'string' || !sameEmaid(eMAID, commonName(leaf)))) out.push(`eMAID '${String(eMAID)}' is not the contract certificate's CN '${commonName(leaf)}'`);
  const receiverKey = request.name === 'CertificateInstallationReq' ? c.oemProvKeyPem : c.contractKeyPem;
  let keyPem: string | undefined;
  try {
    const scalar = decryptContractKey(Buffer.from(String(rec(b.ContractSignatureEncryptedPrivateKey).CONTENT ?? ''), 'hex'), Buffer.from(String(rec(b.DHpublickey).CONTENT ?? ''), 'hex'), receiverKey ?? '');
    if (!leaf || !scalarMatchesCert(scalar, leaf.toString())) out.push(`the decrypted ContractSignatureEncryptedPrivateKey is not the private key of the contract certificate (decrypted with the ${request.name === 'CertificateInstallationReq' ? 'OEM provisioning' : 'old contract'} key)`);
    else keyPem = keyFromScalar(scalar);
  } catch (e) {
    out.push(`ContractSignatureEncryptedPrivateKey cannot be decrypted: ${(e as Error).message}`);
  }
  if (out.length > 0 || !leaf || !keyPem) return { problems: out };
  return { problems: [], chainPem: `${contract.map((x) => x.toString().trim()).join('\n')}\n`, keyPem, eMAID: String(eMAID) };
}

/** Harness EVCC: what is wrong with a CertificateInstallationRes / CertificateUpdateRes (beyond the driver's checks). */
export function checkCertProvisioningRes(response: V2gMessage, request: V2gMessage, state: ProcedureState): string[] {
  if (response.name === 'ServiceDiscoveryRes') return checkCertServiceListed(response, state);
  if (response.name !== 'CertificateInstallationRes' && response.name !== 'CertificateUpdateRes') return [];
  return examine(response, request, state).problems;
}

/** Harness EVCC: an OK CertificateInstallation/UpdateRes that checks out replaces the session's contract. */
export function recordCertProvisioning(response: V2gMessage, request: V2gMessage, state: ProcedureState): void {
  if (response.name !== 'CertificateInstallationRes' && response.name !== 'CertificateUpdateRes') return;
  if (!String(response.body.ResponseCode ?? '').startsWith('OK')) return;
  const got = examine(response, request, state);
  if (!got.chainPem) return;
  state.params = { ...state.params, pnc: { ...creds(state), contractChainPem: got.chainPem, contractKeyPem: got.keyPem, eMAID: got.eMAID } };
  state.vars.installedContractPem = pemBlocks(got.chainPem)[0];
}

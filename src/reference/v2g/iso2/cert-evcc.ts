/**
 * The reference EVCC's ISO 15118-2 CertificateInstallation / CertificateUpdate (written apart from the harness
 * roles). With PnC, when the SECC lists the Certificate service (ServiceID 2, ContractCertificate) and the EV's
 * configuration allows it (values.contractProvisioning, default both: the reference EV is set up without a
 * contract it trusts for good), it asks ServiceDetail(2), takes parameter set 1 (Installation) or 2 (Update),
 * selects it in PaymentServiceSelectionReq and sends CertificateInstallationReq (OEM provisioning certificate,
 * ListOfRootCertificateIDs, signed with the OEM provisioning key) or CertificateUpdateReq (its contract chain,
 * eMAID, signed with its contract key). It checks the answer: the CPS chain leads to its V2G root, the CPS
 * signature holds, the decrypted key is the new contract certificate's, eMAID is its CN; then it uses the new
 * contract for PaymentDetails and Authorization, else it stops. Faults: iso2-evcc-cert-req-unsigned,
 * iso2-evcc-accepts-bad-cps-signature, iso2-evcc-ignores-installed-contract.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { decryptContractKey, keyFromScalar, scalarMatchesCert } from '../../../v2g/security/contract-key';
import type { RefEvccConfig, RefEvccContext } from '../types';
import { certsOf, chainOf, chainTrusted, cnOf, pemCerts, refSign, refSignatureProblem } from './cert-sign';
import { list, obj, writeFrame, type Body } from './util';

export type RefCertChoice = 'Installation' | 'Update';

export interface EvccCertState {
  /** What the EV does after PaymentServiceSelection (chosen from the SECC's Certificate service). */
  choice?: RefCertChoice;
  /** The contract installed by the SECC's answer (chain PEM leaf first, key PEM). */
  installed?: { chainPem: string; keyPem: string };
}

export const CERT_SERVICE_ID = 2;
const SET_OF: Readonly<Record<number, RefCertChoice>> = { 1: 'Installation', 2: 'Update' };

function allowed(config: RefEvccConfig): RefCertChoice[] {
  const v = config.values.contractProvisioning;
  return Array.isArray(v) ? v.filter((x): x is RefCertChoice => x === 'Installation' || x === 'Update') : ['Installation', 'Update'];
}

/** ServiceDiscoveryRes lists the Certificate service and this EV would use it. */
export function wantsCertService(config: RefEvccConfig, serviceList: unknown, ctx: RefEvccContext): boolean {
  if (config.payment !== 'PnC' || !ctx.cert?.oemProvCertPem || allowed(config).length === 0) return false;
  return list(obj(serviceList).Service).some((x) => obj(x).ServiceID === CERT_SERVICE_ID && obj(x).ServiceCategory === 'ContractCertificate');
}

/** From ServiceDetailRes of the Certificate service: installation or update (undefined: neither fits). */
export function chooseCert(config: RefEvccConfig, body: Body): RefCertChoice | undefined {
  const sets = list(obj(body.ServiceParameterList).ParameterSet).map((p) => SET_OF[Number(obj(p).ParameterSetID)]).filter(Boolean);
  return allowed(config).find((c) => sets.includes(c));
}

export function parameterSetOf(choice: RefCertChoice): number {
  return choice === 'Installation' ? 1 : 2;
}

export function certRequestName(choice: RefCertChoice): string {
  return choice === 'Installation' ? 'CertificateInstallationReq' : 'CertificateUpdateReq';
}

function rootIds(ctx: RefEvccContext): Body {
  return {
    RootCertificateID: (ctx.cert?.v2gRootsPem ?? []).map((pem) => {
      const c = new X509Certificate(pem);
      return { X509IssuerName: c.issuer.split('\n').reverse().join(','), X509SerialNumber: BigInt(`0x${c.serialNumber}`).toString() };
    }),
  };
}

/** The signed frame of the EV's CertificateInstallationReq / CertificateUpdateReq, and its body. */
export function certRequestFrame(name: string, sessionId: string, contract: { chainPem: string; keyPem: string } | undefined, ctx: RefEvccContext): { body: Body; exi: Uint8Array } {
  const m = ctx.cert;
  let body: Body;
  let keyPem: string;
  if (name === 'CertificateInstallationReq') {
    if (!m?.oemProvCertPem || !m.oemProvKeyPem) throw new Error('no OEM provisioning certificate for CertificateInstallationReq');
    body = { Id: 'CI1', OEMProvisioningCert: new X509Certificate(m.oemProvCertPem).raw.toString('hex'), ListOfRootCertificateIDs: rootIds(ctx) };
    keyPem = m.oemProvKeyPem;
  } else {
    if (!contract) throw new Error('no contract to update');
    const chain = pemCerts(contract.chainPem);
    body = { Id: 'CU1', ContractSignatureCertChain: chainOf(chain), eMAID: cnOf(chain[0]), ListOfRootCertificateIDs: rootIds(ctx) };
    keyPem = contract.keyPem;
  }
  if (ctx.faults.has('iso2-evcc-cert-req-unsigned')) return { body, exi: writeFrame(name, sessionId, body) };
  return { body, exi: writeFrame(name, sessionId, body, { Signature: refSign([[name, body]], keyPem) }) };
}

/**
 * Checks a CertificateInstallationRes / CertificateUpdateRes (the header signature given apart): the installed
 * contract, or why the EV does not take it.
 */
export function acceptCertRes(body: Body, signature: unknown, receiverKeyPem: string, ctx: RefEvccContext): { chainPem: string; keyPem: string } | string {
  let cps: X509Certificate[];
  let contract: X509Certificate[];
  try {
    cps = certsOf(body.SAProvisioningCertificateChain);
    contract = certsOf(body.ContractSignatureCertChain);
  } catch {
    return 'a certificate of the answer does not parse';
  }
  if (chainTrusted(cps, ctx.cert?.v2gRootsPem ?? []) !== 'ok') return 'the SA provisioning (CPS) chain does not lead to the V2G root';
  const signed: [string, Body][] = ['ContractSignatureCertChain', 'ContractSignatureEncryptedPrivateKey', 'DHpublickey', 'eMAID'].map((n) => [n, obj(body[n])]);
  const why = refSignatureProblem(signature, signed, cps[0]);
  if (why && !ctx.faults.has('iso2-evcc-accepts-bad-cps-signature')) return `the CPS signature does not hold: ${why}`;
  if (why) ctx.note(`iso2 reference EVCC: CPS signature does not hold (${why}), accepted (fault)`);
  let scalar: Buffer;
  try {
    scalar = decryptContractKey(Buffer.from(String(obj(body.ContractSignatureEncryptedPrivateKey).CONTENT ?? ''), 'hex'), Buffer.from(String(obj(body.DHpublickey).CONTENT ?? ''), 'hex'), receiverKeyPem);
  } catch (e) {
    return `the contract key does not decrypt: ${(e as Error).message}`;
  }
  if (!scalarMatchesCert(scalar, contract[0].toString())) return 'the decrypted key is not the contract certificate\'s';
  const eMAID = String(obj(body.eMAID).CONTENT ?? '');
  if (eMAID.replace(/-/g, '').toUpperCase() !== cnOf(contract[0]).replace(/-/g, '').toUpperCase()) return `eMAID ${eMAID} is not the contract certificate's CN`;
  const keyPem = keyFromScalar(scalar);
  createPrivateKey(keyPem);
  return { chainPem: `${contract.map((c) => c.toString().trim()).join('\n')}\n`, keyPem };
}

/**
 * ISO 15118-2 contract provisioning for the harness SECC (SUT = EVCC). A step offers the Certificate service
 * (ServiceID 2, ServiceCategory ContractCertificate; ServiceDetail parameter set 1 "Installation" or 2 "Update");
 * an EVCC set up without a contract (or with one to renew) then sends CertificateInstallationReq or
 * CertificateUpdateReq after PaymentServiceSelection. The harness checks it: Id, the header signature over the
 * request (OEM provisioning key / current contract key), the OEM provisioning certificate leading to an OEM root
 * (`oemRootsPem`) or the current contract chain to an MO root (`trustedRootsPem`), ListOfRootCertificateIDs
 * present. It answers with the contract to install (`installContract*`), its private key encrypted to the
 * requester's public key (contract-key.ts), the CPS chain, eMAID, and a CPS header signature over
 * ContractSignatureCertChain, ContractSignatureEncryptedPrivateKey, DHpublickey and eMAID; FAILED_SignatureError /
 * FAILED_CertChainError / FAILED_CertificateExpired where the request is bad. The PaymentDetailsReq after it
 * must present the installed contract certificate. No I/O.
 */
import { X509Certificate } from 'node:crypto';
import type { V2gMessage } from '../../messages/types';
import { encryptContractKey } from '../../security/contract-key';
import { signElements, verifySignature } from '../../security/xmldsig';
import type { ProcedureState } from '../procedure';
import { arr, rec } from './common';
import { certResElements, chainBody, chainCerts, chainProblems, type CertProvisioning } from './cert-provisioning';
import { commonName, pemBlocks, sameEmaid } from './pnc';

const CERT_SERVICE_ID = 2;
const PARAMETER_SET: Readonly<Record<CertProvisioning, number>> = { Installation: 1, Update: 2 };

/** A step: the harness SECC offers the Certificate service for installation or update. */
export function offerCertService(state: ProcedureState, kind: CertProvisioning): void {
  if (state.params.payment !== 'PnC') throw new Error('offering contract certificate installation/update needs a Plug and Charge session (@pnc)');
  state.vars.certOffer = kind;
}

function offered(state: ProcedureState): CertProvisioning | undefined {
  const k = state.vars.certOffer;
  return k === 'Installation' || k === 'Update' ? k : undefined;
}

/** Adjusts a compliant response for the offer: the Certificate service in ServiceDiscoveryRes. */
export function withCertService(request: V2gMessage, body: Record<string, unknown>, state: ProcedureState): Record<string, unknown> {
  if (request.name !== 'ServiceDiscoveryReq' || !offered(state)) return body;
  const list = arr(rec(body.ServiceList).Service);
  const cert = { ServiceID: CERT_SERVICE_ID, ServiceName: 'Certificate', ServiceCategory: 'ContractCertificate', FreeService: true };
  return { ...body, ServiceList: { Service: [cert, ...list] } };
}

interface Judged {
  problems: string[];
  code?: string;
  /** The requester's public key holder (PEM): the OEM provisioning certificate or the old contract certificate. */
  receiverPem?: string;
}

function judge(request: V2gMessage, state: ProcedureState): Judged {
  const c = state.params.pnc ?? {};
  const b = request.body;
  const problems: string[] = [];
  let code: string | undefined;
  const fail = (p: string, k: string): void => {
    problems.push(p);
    code ??= k;
  };
  if (typeof b.Id !== 'string') problems.push(`${request.name} has no Id attribute (the signature references it)`);
  if (arr(rec(b.ListOfRootCertificateIDs).RootCertificateID).length === 0) problems.push(`${request.name}.ListOfRootCertificateIDs names no root`);
  let signer: X509Certificate | undefined;
  try {
    if (request.name === 'CertificateInstallationReq') {
      signer = new X509Certificate(Buffer.from(String(b.OEMProvisioningCert ?? ''), 'hex'));
      for (const p of chainProblems([signer], c.oemRootsPem ?? [], 'OEMProvisioningCert')) fail(p, /not valid now/.test(p) ? 'FAILED_CertificateExpired' : 'FAILED_CertChainError');
      if ((c.oemRootsPem ?? []).length === 0) problems.push('no OEM root to check the OEM provisioning certificate against (rig: v2g.evcc.pnc OEM roots)');
    } else {
      const certs = chainCerts(b.ContractSignatureCertChain);
      signer = certs[0];
      for (const p of chainProblems(certs, c.trustedRootsPem ?? [], 'ContractSignatureCertChain')) fail(p, /not valid now/.test(p) ? 'FAILED_CertificateExpired' : 'FAILED_CertChainError');
      if (typeof b.eMAID !== 'string' || !sameEmaid(b.eMAID, commonName(signer))) fail(`eMAID '${String(b.eMAID)}' is not the contract certificate's CN '${commonName(signer)}'`, 'FAILED_CertChainError');
    }
  } catch (e) {
    fail(`${request.name} holds a certificate that does not parse: ${(e as Error).message}`, 'FAILED_CertChainError');
  }
  if (signer) {
    const sig = verifySignature('iso2', request.header?.Signature, [{ name: request.name, body: b }], signer.toString());
    for (const p of sig) fail(`${request.name} signature: ${p}`, 'FAILED_SignatureError');
  }
  return { problems, code, receiverPem: signer?.toString() };
}

/** Harness SECC: the response to ServiceDetailReq(Certificate), CertificateInstallationReq, CertificateUpdateReq (undefined: another request). */
export function certSeccRespond(request: V2gMessage, state: ProcedureState): V2gMessage | undefined {
  const name = `${request.name.slice(0, -3)}Res`;
  if (request.name === 'ServiceDetailReq' && request.body.ServiceID === CERT_SERVICE_ID && offered(state)) {
    const kind = offered(state)!;
    return { name, body: { ResponseCode: 'OK', ServiceID: CERT_SERVICE_ID, ServiceParameterList: { ParameterSet: [{ ParameterSetID: PARAMETER_SET[kind], Parameter: [{ Name: 'Service', stringValue: kind }] }] } } };
  }
  if (request.name !== 'CertificateInstallationReq' && request.name !== 'CertificateUpdateReq') return undefined;
  const c = state.params.pnc ?? {};
  const j = judge(request, state);
  const chainPem = c.installContractChainPem ?? '';
  const leafPem = pemBlocks(chainPem)[0];
  if (!leafPem || !c.installContractKeyPem || !c.cpsChainPem || !c.cpsKeyPem) throw new Error('PnC: the harness SECC needs the contract to install and the CPS chain and key (rig: v2g.evcc.pnc, or the reference run PKI)');
  const enc = encryptContractKey(c.installContractKeyPem, j.receiverPem ?? leafPem);
  const body: Record<string, unknown> = {
    ResponseCode: j.code ?? 'OK',
    SAProvisioningCertificateChain: chainBody(c.cpsChainPem),
    ContractSignatureCertChain: chainBody(chainPem, 'id1'),
    ContractSignatureEncryptedPrivateKey: { Id: 'id2', CONTENT: enc.encrypted.toString('hex') },
    DHpublickey: { Id: 'id3', CONTENT: enc.dhPublicKey.toString('hex') },
    eMAID: { Id: 'id4', CONTENT: commonName(new X509Certificate(leafPem)) },
  };
  if (!j.code) state.vars.installedContractPem = leafPem;
  return { name, body, header: { Signature: signElements('iso2', certResElements(body), c.cpsKeyPem) } };
}

/** Harness SECC: what is wrong with the EVCC's request as far as contract provisioning goes. */
export function checkCertRequest(request: V2gMessage, state: ProcedureState): string[] {
  if (request.name === 'CertificateInstallationReq' || request.name === 'CertificateUpdateReq') return judge(request, state).problems;
  if (request.name === 'ServiceDetailReq' && request.body.ServiceID === CERT_SERVICE_ID && !offered(state)) return ['ServiceDetailReq.ServiceID 2 (Certificate) was not listed in ServiceDiscoveryRes'];
  const installed = state.vars.installedContractPem;
  if (request.name === 'PaymentDetailsReq' && typeof installed === 'string') {
    let leaf: X509Certificate | undefined;
    try {
      leaf = chainCerts(request.body.ContractSignatureCertChain)[0];
    } catch {
      return [];
    }
    if (!leaf.raw.equals(new X509Certificate(installed).raw)) return [`PaymentDetailsReq presents contract certificate serial ${leaf.serialNumber}, not the one just installed (serial ${new X509Certificate(installed).serialNumber})`];
  }
  return [];
}

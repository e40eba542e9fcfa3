/**
 * The reference SECC's ISO 15118-2 CertificateInstallation / CertificateUpdate (written apart from the harness
 * roles), after PaymentServiceSelection(Contract). Installation: the OEM provisioning certificate must be issued
 * by an OEM root it knows and valid (FAILED_CertChainError / FAILED_CertificateExpired), the header signature
 * over the request must hold with it (FAILED_SignatureError). Update: the contract chain must lead to an MO root,
 * eMAID be its CN, the signature hold with the contract certificate. The answer: the CPS chain (V2G root → CPS
 * sub-CAs → CPS leaf), the contract to install, its private key encrypted to the requester's certificate
 * (contract-key.ts), the ephemeral DH public key, eMAID, and a CPS header signature over ContractSignatureCertChain,
 * ContractSignatureEncryptedPrivateKey, DHpublickey and eMAID. Faults: iso2-cert-install-bad-signature,
 * iso2-cert-install-emaid-tampered (eMAID's spelling changed after signing: same eMAID, digest broken),
 * iso2-cert-install-key-mismatch, iso2-cert-install-untrusted-cps, iso2-cert-install-wrong-emaid,
 * iso2-cert-install-accepts-bad-signature, iso2-cert-update-accepts-bad-signature.
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { decodeExiJson } from '../../../exi';
import { encryptContractKey } from '../../../v2g/security/contract-key';
import type { RefSeccContext } from '../types';
import { certsOf, chainOf, chainTrusted, cnOf, pemCerts, refSign, refSignatureProblem } from './cert-sign';
import { obj, type Body } from './util';

export interface RefCertAnswer {
  body: Body;
  header?: Body;
}

function requestProblem(name: string, req: Body, ctx: RefSeccContext): { code?: string; receiver?: X509Certificate } {
  let signer: X509Certificate;
  try {
    signer = name === 'CertificateInstallationReq' ? new X509Certificate(Buffer.from(String(req.OEMProvisioningCert ?? ''), 'hex')) : certsOf(req.ContractSignatureCertChain)[0];
  } catch {
    return { code: 'FAILED_CertChainError' };
  }
  const chain = name === 'CertificateInstallationReq' ? [signer] : certsOf(req.ContractSignatureCertChain);
  const trust = chainTrusted(chain, name === 'CertificateInstallationReq' ? (ctx.cert?.oemRootsPem ?? []) : (ctx.moRootsPem ?? []));
  if (trust === 'expired') return { code: 'FAILED_CertificateExpired', receiver: signer };
  if (trust === 'untrusted') return { code: 'FAILED_CertChainError', receiver: signer };
  if (name === 'CertificateUpdateReq' && String(req.eMAID).replace(/-/g, '').toUpperCase() !== cnOf(signer).replace(/-/g, '').toUpperCase()) return { code: 'FAILED_CertChainError', receiver: signer };
  return { receiver: signer };
}

function signatureCode(name: string, req: Body, header: Body, signer: X509Certificate, ctx: RefSeccContext): string | undefined {
  const why = refSignatureProblem(header.Signature, [[name, req]], signer);
  if (!why) return undefined;
  const accepts = ctx.faults.has(name === 'CertificateInstallationReq' ? 'iso2-cert-install-accepts-bad-signature' : 'iso2-cert-update-accepts-bad-signature');
  ctx.note(`iso2 reference SECC: ${name} signature ${accepts ? 'accepted although it does not hold (fault)' : 'rejected'}: ${why}`);
  return accepts ? undefined : 'FAILED_SignatureError';
}

/** The answer to CertificateInstallationReq / CertificateUpdateReq (undefined: another request). */
export function certSeccAnswer(name: string, req: Body, exi: Uint8Array, ctx: RefSeccContext): RefCertAnswer | undefined {
  if (name !== 'CertificateInstallationReq' && name !== 'CertificateUpdateReq') return undefined;
  let header: Body;
  try {
    header = obj(obj(decodeExiJson('iso2', exi).V2G_Message).Header);
  } catch {
    header = {};
  }
  const m = ctx.cert;
  const f = ctx.faults;
  if (!m?.cpsChainPem || !m.cpsKeyPem || !m.installContractChainPem || !m.installContractKeyPem) {
    ctx.note(`iso2 reference SECC: no CPS material to answer ${name}`);
    return undefined;
  }
  const checked = requestProblem(name, req, ctx);
  const code = checked.code ?? (checked.receiver ? signatureCode(name, req, header, checked.receiver, ctx) : undefined);
  const untrusted = f.has('iso2-cert-install-untrusted-cps') && m.untrustedCpsChainPem && m.untrustedCpsKeyPem;
  const cpsChain = pemCerts(untrusted ? m.untrustedCpsChainPem! : m.cpsChainPem);
  const cpsKey = untrusted ? m.untrustedCpsKeyPem! : m.cpsKeyPem;
  const contract = pemCerts(m.installContractChainPem);
  const keyToSend = f.has('iso2-cert-install-key-mismatch')
    ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    : m.installContractKeyPem;
  const enc = encryptContractKey(keyToSend, checked.receiver?.publicKey ?? contract[0].publicKey);
  const cn = cnOf(contract[0]);
  const eMAID = f.has('iso2-cert-install-wrong-emaid') ? `${cn.slice(0, -1)}${cn.endsWith('X') ? 'Y' : 'X'}` : cn;
  const body: Body = {
    ResponseCode: code ?? 'OK',
    SAProvisioningCertificateChain: chainOf(cpsChain),
    ContractSignatureCertChain: chainOf(contract, 'id1'),
    ContractSignatureEncryptedPrivateKey: { Id: 'id2', CONTENT: enc.encrypted.toString('hex') },
    DHpublickey: { Id: 'id3', CONTENT: enc.dhPublicKey.toString('hex') },
    eMAID: { Id: 'id4', CONTENT: eMAID },
  };
  const signed = ['ContractSignatureCertChain', 'ContractSignatureEncryptedPrivateKey', 'DHpublickey', 'eMAID'].map((n): [string, Body] => [n, body[n] as Body]);
  const signature = refSign(signed, cpsKey);
  if (f.has('iso2-cert-install-emaid-tampered')) body.eMAID = { Id: 'id4', CONTENT: eMAID.toLowerCase() === eMAID ? eMAID.toUpperCase() : eMAID.toLowerCase() };
  if (f.has('iso2-cert-install-bad-signature')) {
    const v = signature.SignatureValue as Body;
    const bytes = Buffer.from(String(v.CONTENT), 'hex');
    bytes[9] ^= 0x20;
    v.CONTENT = bytes.toString('hex');
  }
  if (code) ctx.note(`iso2 reference SECC: ${name} answered ${code}`);
  return { body, header: { Signature: signature } };
}

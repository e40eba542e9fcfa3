/**
 * The reference EVCC's ISO 15118-2 Plug and Charge part (written apart from the harness roles): after
 * PaymentServiceSelection(Contract) it sends PaymentDetailsReq (its contract chain as DER, eMAID = the contract
 * certificate's CN), keeps the SECC's GenChallenge, and sends AuthorizationReq (Id, GenChallenge) with a V2G
 * header ds:Signature: one Reference to `#<Id>` holding the SHA-256 of the AuthorizationReq EXI fragment, the
 * ECDSA P-256 value (raw r‖s) over the SignedInfo fragment (xmldsig schema) with its contract key.
 * Faults: iso2-bad-signature, iso2-wrong-genchallenge, iso2-wrong-emaid, iso2-expired-contract.
 */
import { createHash, createPrivateKey, randomBytes, sign, X509Certificate } from 'node:crypto';
import { encodeExiJson } from '../../../exi';
import { encodeExiFragment } from '../../../exi/fragment';
import type { RefEvccContext } from '../types';
import type { Body } from './util';
import type { EvccCertState } from './cert-evcc';

const C14N = 'http://www.w3.org/TR/canonical-exi/';

export interface EvccPncState {
  challenge?: string;
  /** CertificateInstallation / Update (cert-evcc.ts). */
  cert?: EvccCertState;
}

function contract(ctx: RefEvccContext, p?: EvccPncState): { chain: X509Certificate[]; keyPem: string } {
  const installed = ctx.faults.has('iso2-evcc-ignores-installed-contract') ? undefined : p?.cert?.installed;
  const c = installed ?? (ctx.faults.has('iso2-expired-contract') && ctx.contract?.expired ? ctx.contract.expired : ctx.contract);
  if (!c) throw new Error('PnC needs a contract certificate and key (the run V2G PKI)');
  const pems = c.chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return { chain: pems.map((p) => new X509Certificate(p)), keyPem: c.keyPem };
}

export function paymentDetailsBody(ctx: RefEvccContext, p?: EvccPncState): Body {
  const { chain } = contract(ctx, p);
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(chain[0].subject)?.[1] ?? '';
  const eMAID = ctx.faults.has('iso2-wrong-emaid') ? `${cn.slice(0, -1)}${cn.endsWith('X') ? 'Y' : 'X'}` : cn;
  const subs = chain.slice(1).map((c) => c.raw.toString('hex'));
  return { eMAID, ContractSignatureCertChain: { Certificate: chain[0].raw.toString('hex'), ...(subs.length ? { SubCertificates: { Certificate: subs } } : {}) } };
}

export function authorizationBody(p: EvccPncState, ctx: RefEvccContext): Body {
  const challenge = ctx.faults.has('iso2-wrong-genchallenge') || !p.challenge ? randomBytes(16).toString('hex') : p.challenge;
  return { Id: 'A1', GenChallenge: challenge };
}

/** The whole V2G_Message of a signed AuthorizationReq (header SessionID + Signature). */
export function signedAuthorizationFrame(sessionId: string, body: Body, ctx: RefEvccContext, p?: EvccPncState): Uint8Array {
  const { keyPem } = contract(ctx, p);
  const digest = createHash('sha256').update(encodeExiFragment('iso2', { AuthorizationReq: body })).digest('hex');
  const signedInfo = {
    CanonicalizationMethod: { Algorithm: C14N },
    SignatureMethod: { Algorithm: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256' },
    Reference: [{ URI: `#${String(body.Id)}`, Transforms: { Transform: [{ Algorithm: C14N }] }, DigestMethod: { Algorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' }, DigestValue: digest }],
  };
  const value = sign('sha256', encodeExiFragment('xmldsig', { SignedInfo: signedInfo }), { key: createPrivateKey(keyPem), dsaEncoding: 'ieee-p1363' });
  if (ctx.faults.has('iso2-bad-signature')) value[5] ^= 0x40;
  const Signature = { SignedInfo: signedInfo, SignatureValue: { CONTENT: value.toString('hex') } };
  return encodeExiJson('iso2', { V2G_Message: { Header: { SessionID: sessionId.toLowerCase(), Signature }, Body: { AuthorizationReq: body } } });
}

/**
 * The reference SECC's ISO 15118-2 Plug and Charge part (written apart from the harness roles): after
 * PaymentServiceSelection(Contract) it takes PaymentDetailsReq (contract chain must lead to one of its MO roots,
 * eMAID = the contract certificate's CN, certificates valid now), answers a fresh 16-byte GenChallenge, then
 * checks AuthorizationReq: GenChallenge echoed, header ds:Signature with one Reference to `#<Id>` whose SHA-256
 * is that of the AuthorizationReq EXI fragment, and the raw r‖s ECDSA P-256 value over the SignedInfo fragment
 * (xmldsig schema) with the contract key. Faults: iso2-accepts-bad-signature, iso2-accepts-untrusted-contract,
 * iso2-short-genchallenge, iso2-ignores-genchallenge, iso2-reuses-genchallenge.
 */
import { createHash, randomBytes, verify, X509Certificate } from 'node:crypto';
import { decodeExiJson } from '../../../exi';
import { encodeExiFragment } from '../../../exi/fragment';
import type { RefSeccContext } from '../types';
import { list, obj, type Body } from './util';

export interface SeccPncState {
  selected?: string;
  challenge?: string;
  leaf?: X509Certificate;
}

/** The answer to a PnC request (undefined: not one, the EIM answers apply). Records what it needs in `p`. */
export function pncSeccAnswer(p: SeccPncState, name: string, req: Body, exi: Uint8Array, ctx: RefSeccContext): Body | undefined {
  if (name === 'PaymentServiceSelectionReq') {
    p.selected = String(req.SelectedPaymentOption);
    return undefined;
  }
  if (name === 'PaymentDetailsReq') {
    const code = chainCode(req, ctx, p);
    p.challenge = ctx.faults.has('iso2-reuses-genchallenge') ? fixedChallenge(ctx) : randomBytes(ctx.faults.has('iso2-short-genchallenge') ? 8 : 16).toString('hex');
    return { ResponseCode: code, GenChallenge: p.challenge, EVSETimeStamp: Math.floor(Date.now() / 1000) };
  }
  if (name === 'AuthorizationReq' && p.selected === 'Contract') {
    if (!p.challenge || !p.leaf) return { ResponseCode: 'FAILED_SequenceError', EVSEProcessing: 'Finished' };
    if (req.GenChallenge !== p.challenge && !ctx.faults.has('iso2-ignores-genchallenge')) return { ResponseCode: 'FAILED_ChallengeInvalid', EVSEProcessing: 'Finished' };
    const why = signatureProblem(req, exi, p.leaf);
    if (why && !ctx.faults.has('iso2-accepts-bad-signature')) {
      ctx.note(`iso2 reference SECC: AuthorizationReq signature rejected: ${why}`);
      return { ResponseCode: 'FAILED_SignatureError', EVSEProcessing: 'Finished' };
    }
    return { ResponseCode: 'OK', EVSEProcessing: 'Finished' };
  }
  return undefined;
}

/** iso2-reuses-genchallenge: one GenChallenge for every session of this SECC. */
function fixedChallenge(ctx: RefSeccContext): string {
  return createHash('sha256').update(`genchallenge:${ctx.variant}`).digest('hex').slice(0, 32);
}

function chainCode(req: Body, ctx: RefSeccContext, p: SeccPncState): string {
  const chain = obj(req.ContractSignatureCertChain);
  let certs: X509Certificate[];
  try {
    certs = [chain.Certificate, ...list(obj(chain.SubCertificates).Certificate)].map((d) => new X509Certificate(Buffer.from(String(d), 'hex')));
  } catch {
    return 'FAILED_CertChainError';
  }
  p.leaf = certs[0];
  const now = new Date();
  if (certs.some((c) => now < new Date(c.validFrom) || now > new Date(c.validTo))) return 'FAILED_CertificateExpired';
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(certs[0].subject)?.[1] ?? '';
  const flat = (s: string): string => s.replace(/-/g, '').toUpperCase();
  if (flat(String(req.eMAID)) !== flat(cn)) return 'FAILED_CertChainError';
  if (ctx.faults.has('iso2-accepts-untrusted-contract')) return 'OK';
  for (let i = 0; i + 1 < certs.length; i++) if (!certs[i].verify(certs[i + 1].publicKey)) return 'FAILED_CertChainError';
  const roots = (ctx.moRootsPem ?? []).map((r) => new X509Certificate(r));
  const top = certs[certs.length - 1];
  return roots.some((r) => top.checkIssued(r) && top.verify(r.publicKey)) ? 'OK' : 'FAILED_CertChainError';
}

/** Why the header signature does not hold for this AuthorizationReq (undefined: it holds). */
function signatureProblem(req: Body, exi: Uint8Array, leaf: X509Certificate): string | undefined {
  let sig: Body;
  try {
    sig = obj(obj(obj(decodeExiJson('iso2', exi).V2G_Message).Header).Signature);
  } catch {
    return 'undecodable header';
  }
  const si = obj(sig.SignedInfo);
  const refs = list(si.Reference).map(obj);
  if (refs.length !== 1 || refs[0].URI !== `#${String(req.Id)}`) return `Reference URIs ${refs.map((r) => String(r.URI)).join(', ') || 'none'} do not name #${String(req.Id)}`;
  const digest = createHash('sha256').update(encodeExiFragment('iso2', { AuthorizationReq: req })).digest('hex');
  if (String(refs[0].DigestValue) !== digest) return 'digest does not match the AuthorizationReq fragment';
  const value = Buffer.from(String(obj(sig.SignatureValue).CONTENT ?? ''), 'hex');
  if (value.length !== 64) return `signature value of ${value.length} bytes`;
  const signed = encodeExiFragment('xmldsig', { SignedInfo: si });
  return verify('sha256', signed, { key: leaf.publicKey, dsaEncoding: 'ieee-p1363' }, value) ? undefined : 'ECDSA value does not verify with the contract certificate';
}

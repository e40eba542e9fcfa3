/**
 * ISO 15118-2 Plug and Charge (PaymentOption Contract) for the harness procedures, both sides:
 * PaymentServiceSelection(Contract) → PaymentDetails (contract chain + eMAID; the SECC answers a 16-byte
 * GenChallenge) → Authorization (Id, GenChallenge echoed, V2G header `ds:Signature` over the EXI fragment of
 * AuthorizationReq with the contract key) → the rest as EIM. CertificateInstallation is not built here.
 *
 * Credentials come from the session params (`params.pnc`): the reference rig fills them from the run V2G PKI;
 * a real rig from its trust and contract files. No I/O here.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import type { V2gMessage } from '../../messages/types';
import { signElements, verifySignature } from '../../security/xmldsig';
import type { PncCredentials, ProcedureState } from '../procedure';
import { arr, rec } from './common';


/** What pncFromPki reads of the run V2G PKI (src/transport/tls/v2g-pki.ts V2gPki has it). */
interface PncPki {
  contractChainPem: string;
  contract: { key: string };
  moRoot: { cert: string };
  v2gRoot: { cert: string };
  oemRoot: { cert: string };
  oemProv: { cert: string; key: string };
  cps: { key: string };
  cpsChainPem: string;
  installContract: { key: string };
  installContractChainPem: string;
}

/**
 * Reference rig: the run V2G PKI's contract chain and key (EVCC side) and MO root (SECC side); for
 * CertificateInstallation/Update the OEM provisioning certificate and key and the V2G root (EVCC side), the CPS
 * chain and key, the OEM root and the contract to install (SECC side).
 */
export function pncFromPki(pki: PncPki): PncCredentials {
  return {
    contractChainPem: pki.contractChainPem, contractKeyPem: pki.contract.key, trustedRootsPem: [pki.moRoot.cert],
    oemProvChainPem: pki.oemProv.cert, oemProvKeyPem: pki.oemProv.key, v2gRootsPem: [pki.v2gRoot.cert],
    cpsChainPem: pki.cpsChainPem, cpsKeyPem: pki.cps.key, oemRootsPem: [pki.oemRoot.cert],
    installContractChainPem: pki.installContractChainPem, installContractKeyPem: pki.installContract.key,
  };
}

/** The Id the harness EVCC gives AuthorizationReq (referenced as `#ID1` by the signature). */
export const AUTH_REQ_ID = 'ID1';

export function pemBlocks(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

function derHex(pem: string): string {
  return new X509Certificate(pem).raw.toString('hex');
}

/** The CN of a certificate's subject ('' when it has none). */
export function commonName(cert: X509Certificate): string {
  const m = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject);
  return m ? m[1].trim() : '';
}

/** eMAIDs compare without dashes, case-insensitively (ISO 15118-2 Annex H). */
export function sameEmaid(a: string, b: string): boolean {
  const n = (s: string): string => s.replace(/-/g, '').toUpperCase();
  return n(a) === n(b);
}

function creds(state: ProcedureState): PncCredentials {
  const c = state.params.pnc;
  if (!c) throw new Error('PnC: the session has no contract credentials (rig: v2g contract files, or the reference run PKI)');
  return c;
}

// ---------------------------------------------------------------- EVCC side (SUT = SECC)

export function pncEvccRequest(name: string, state: ProcedureState): V2gMessage | undefined {
  if (state.params.payment !== 'PnC') return undefined;
  if (name === 'PaymentDetailsReq') {
    const c = creds(state);
    const chain = pemBlocks(c.contractChainPem ?? '');
    if (chain.length === 0) throw new Error('PnC: no contract certificate chain to send in PaymentDetailsReq');
    const leaf = new X509Certificate(chain[0]);
    const body: Record<string, unknown> = {
      eMAID: c.eMAID ?? commonName(leaf),
      ContractSignatureCertChain: { Certificate: derHex(chain[0]), ...(chain.length > 1 ? { SubCertificates: { Certificate: chain.slice(1).map(derHex) } } : {}) },
    };
    return { name, body };
  }
  if (name === 'AuthorizationReq') {
    const c = creds(state);
    if (!c.contractKeyPem) throw new Error('PnC: no contract private key to sign AuthorizationReq');
    const challenge = typeof state.vars.genChallenge === 'string' ? state.vars.genChallenge : '00'.repeat(16);
    const body = { Id: AUTH_REQ_ID, GenChallenge: challenge };
    const Signature = signElements('iso2', [{ name, body }], c.contractKeyPem);
    return { name, body, header: { Signature } };
  }
  return undefined;
}

/** Harness EVCC: what is wrong with the SECC's PaymentDetailsRes (beyond the driver's ResponseCode check). */
export function checkPaymentDetailsRes(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  const g = body.GenChallenge;
  if (typeof g !== 'string' || g.length !== 32) out.push(`PaymentDetailsRes.GenChallenge must be 16 bytes, got ${typeof g === 'string' ? `${g.length / 2} bytes (${g})` : JSON.stringify(g)}`);
  if (typeof body.EVSETimeStamp !== 'number' && typeof body.EVSETimeStamp !== 'string') out.push('PaymentDetailsRes.EVSETimeStamp is missing');
  return out;
}

/** Harness EVCC: keeps the GenChallenge for the signed AuthorizationReq. */
export function recordPncResponse(response: V2gMessage, state: ProcedureState): void {
  if (response.name === 'PaymentDetailsRes' && typeof response.body.GenChallenge === 'string') state.vars.genChallenge = response.body.GenChallenge;
}

// ---------------------------------------------------------------- SECC side (SUT = EVCC)

/** Checks a contract chain (leaf + SubCertificates, DER hex) against the trusted roots: problems, and the leaf PEM. */
export function checkContractChain(chainBody: unknown, eMAID: unknown, roots: readonly string[], now = new Date()): { problems: string[]; leafPem?: string; code?: string } {
  const chain = rec(chainBody);
  const ders = [chain.Certificate, ...arr(rec(chain.SubCertificates).Certificate)];
  let certs: X509Certificate[];
  try {
    certs = ders.map((d) => new X509Certificate(Buffer.from(String(d), 'hex')));
  } catch (e) {
    return { problems: [`ContractSignatureCertChain holds a certificate that does not parse: ${(e as Error).message}`], code: 'FAILED_CertChainError' };
  }
  const problems: string[] = [];
  let code: string | undefined;
  for (const [i, c] of certs.entries()) {
    if (now < new Date(c.validFrom) || now > new Date(c.validTo)) {
      problems.push(`${i === 0 ? 'contract certificate' : `sub-CA ${i}`} (${c.subject.replace(/\n/g, ', ')}) is not valid now (${c.validFrom} – ${c.validTo})`);
      code ??= 'FAILED_CertificateExpired';
    }
  }
  for (let i = 0; i + 1 < certs.length; i++) {
    if (!certs[i].checkIssued(certs[i + 1]) || !certs[i].verify(certs[i + 1].publicKey)) {
      problems.push(`chain link ${i} → ${i + 1} is broken: ${certs[i].subject.replace(/\n/g, ', ')} is not issued by ${certs[i + 1].subject.replace(/\n/g, ', ')}`);
      code ??= 'FAILED_CertChainError';
    }
  }
  const top = certs[certs.length - 1];
  const trusted = roots.map((r) => new X509Certificate(r)).some((r) => top.checkIssued(r) && top.verify(r.publicKey));
  if (!trusted) {
    problems.push(`the contract chain does not lead to a trusted MO root (top: issuer ${top.issuer.replace(/\n/g, ', ')})`);
    code ??= 'FAILED_CertChainError';
  }
  const cn = commonName(certs[0]);
  if (typeof eMAID !== 'string' || !sameEmaid(eMAID, cn)) {
    problems.push(`eMAID '${String(eMAID)}' is not the contract certificate's CN '${cn}'`);
    code ??= 'FAILED_CertChainError';
  }
  return { problems, leafPem: certs[0].toString(), code };
}

/** Harness SECC: the response body to a PnC request (undefined: not a PnC request); records what Authorization needs. */
export function pncSeccRespond(request: V2gMessage, state: ProcedureState): Record<string, unknown> | undefined {
  if (request.name === 'PaymentDetailsReq') {
    const r = chainOf(request, state);
    state.vars.contractLeafPem = r.leafPem;
    const challenge = randomBytes(16).toString('hex');
    state.vars.genChallenge = challenge;
    return { ResponseCode: r.code ?? 'OK', GenChallenge: challenge, EVSETimeStamp: Math.floor(Date.now() / 1000) };
  }
  if (request.name === 'AuthorizationReq' && state.params.payment === 'PnC') {
    const p = authorizationProblems(request, state);
    return { ResponseCode: p.code ?? 'OK', EVSEProcessing: 'Finished' };
  }
  return undefined;
}

function authorizationProblems(request: V2gMessage, state: ProcedureState): { problems: string[]; code?: string } {
  const problems: string[] = [];
  let code: string | undefined;
  const b = request.body;
  if (typeof state.vars.genChallenge !== 'string') return { problems: ['AuthorizationReq for PnC without a PaymentDetails exchange before it'], code: 'FAILED_SequenceError' };
  if (b.GenChallenge !== state.vars.genChallenge) {
    problems.push(`AuthorizationReq.GenChallenge ${String(b.GenChallenge)} is not the one of PaymentDetailsRes (${state.vars.genChallenge})`);
    code = 'FAILED_ChallengeInvalid';
  }
  if (typeof b.Id !== 'string') problems.push('AuthorizationReq has no Id attribute (the signature references it)');
  const leaf = state.vars.contractLeafPem;
  if (typeof leaf !== 'string') problems.push('no contract certificate from PaymentDetailsReq to check the signature with');
  else {
    const sig = verifySignature('iso2', request.header?.Signature, [{ name: request.name, body: b }], leaf);
    if (sig.length > 0) {
      problems.push(...sig.map((s) => `AuthorizationReq signature: ${s}`));
      code ??= 'FAILED_SignatureError';
    }
  }
  return { problems, code };
}

/** Harness SECC: what is wrong with a PnC request of the EVCC (the driver turns each line into a verdict). */
export function checkPncRequest(request: V2gMessage, state: ProcedureState): string[] {
  if (request.name === 'PaymentDetailsReq') return chainOf(request, state).problems;
  if (request.name === 'AuthorizationReq' && state.params.payment === 'PnC') return authorizationProblems(request, state).problems;
  return [];
}

function chainOf(request: V2gMessage, state: ProcedureState): ReturnType<typeof checkContractChain> {
  return checkContractChain(request.body.ContractSignatureCertChain, request.body.eMAID, state.params.pnc?.trustedRootsPem ?? []);
}

/**
 * XML signatures of the reference ISO 15118-2 modules' contract provisioning (written apart from the harness's
 * xmldsig.ts): a V2G header ds:Signature with one Reference per signed element (`#Id`, SHA-256 of its EXI
 * fragment in the -2 schema set), ECDSA P-256 raw r‖s over the SignedInfo fragment (xmldsig schema); and the
 * certificate chain helpers (CertificateChainType as DER hex).
 */
import { createHash, createPrivateKey, sign, verify, X509Certificate } from 'node:crypto';
import { encodeExiFragment } from '../../../exi/fragment';
import { list, obj, type Body } from './util';

const C14N = 'http://www.w3.org/TR/canonical-exi/';

function digest(name: string, body: Body): string {
  return createHash('sha256').update(encodeExiFragment('iso2', { [name]: body })).digest('hex');
}

/** A header ds:Signature over the named elements (each body holds its Id) with an EC P-256 key (PEM). */
export function refSign(elements: readonly [string, Body][], keyPem: string): Body {
  const signedInfo = {
    CanonicalizationMethod: { Algorithm: C14N },
    SignatureMethod: { Algorithm: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256' },
    Reference: elements.map(([name, body]) => ({
      URI: `#${String(body.Id)}`, Transforms: { Transform: [{ Algorithm: C14N }] }, DigestMethod: { Algorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' }, DigestValue: digest(name, body),
    })),
  };
  const value = sign('sha256', encodeExiFragment('xmldsig', { SignedInfo: signedInfo }), { key: createPrivateKey(keyPem), dsaEncoding: 'ieee-p1363' });
  return { SignedInfo: signedInfo, SignatureValue: { CONTENT: value.toString('hex') } };
}

/** Why a header signature does not hold for the named elements with the signer's certificate (undefined: it holds). */
export function refSignatureProblem(signature: unknown, elements: readonly [string, Body][], signer: X509Certificate): string | undefined {
  const sig = obj(signature);
  const si = obj(sig.SignedInfo);
  if (!sig.SignedInfo) return 'no header signature';
  const refs = list(si.Reference).map(obj);
  for (const [name, body] of elements) {
    const ref = refs.find((r) => r.URI === `#${String(body.Id)}`);
    if (!ref) return `no Reference to #${String(body.Id)} (${name})`;
    let want: string;
    try {
      want = digest(name, body);
    } catch {
      return `${name} does not encode as an EXI fragment`;
    }
    if (String(ref.DigestValue).toLowerCase() !== want) return `the digest of #${String(body.Id)} does not match the ${name} fragment`;
  }
  const value = Buffer.from(String(obj(sig.SignatureValue).CONTENT ?? ''), 'hex');
  if (value.length !== 64) return `signature value of ${value.length} bytes`;
  try {
    return verify('sha256', encodeExiFragment('xmldsig', { SignedInfo: si }), { key: signer.publicKey, dsaEncoding: 'ieee-p1363' }, value) ? undefined : 'the ECDSA value does not verify';
  } catch {
    return 'the SignedInfo cannot be checked';
  }
}

export function pemCerts(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((p) => new X509Certificate(p));
}

/** CertificateChainType (DER hex) of certificates, leaf first. */
export function chainOf(certs: X509Certificate[], id?: string): Body {
  const subs = certs.slice(1).map((c) => c.raw.toString('hex'));
  return { ...(id ? { Id: id } : {}), Certificate: certs[0].raw.toString('hex'), ...(subs.length ? { SubCertificates: { Certificate: subs } } : {}) };
}

/** The certificates of a CertificateChainType body (throws when one does not parse). */
export function certsOf(chain: unknown): X509Certificate[] {
  const c = obj(chain);
  return [c.Certificate, ...list(obj(c.SubCertificates).Certificate)].map((d) => new X509Certificate(Buffer.from(String(d), 'hex')));
}

export function cnOf(cert: X509Certificate): string {
  return /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1] ?? '';
}

/** Whether each link holds, each certificate is valid now, and the top is issued by one of the roots. */
export function chainTrusted(certs: X509Certificate[], rootsPem: readonly string[]): 'ok' | 'expired' | 'untrusted' {
  const now = new Date();
  if (certs.some((c) => now < new Date(c.validFrom) || now > new Date(c.validTo))) return 'expired';
  for (let i = 0; i + 1 < certs.length; i++) if (!certs[i].verify(certs[i + 1].publicKey)) return 'untrusted';
  const top = certs[certs.length - 1];
  return rootsPem.map((r) => new X509Certificate(r)).some((r) => top.checkIssued(r) && top.verify(r.publicKey)) ? 'ok' : 'untrusted';
}

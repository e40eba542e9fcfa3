/**
 * XML signatures as ISO 15118-2 carries them in the V2G header (`ds:Signature`): every signed element has an
 * `Id`; its Reference digests (SHA-256) the EXI fragment of that element in the message schema set, and the
 * signature (ECDSA P-256 / SHA-256, value raw r‖s, 64 bytes) covers the EXI fragment of `ds:SignedInfo`
 * encoded with the xmldsig schema alone. Canonicalization and transform: canonical EXI.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, X509Certificate } from 'node:crypto';
import { encodeExiFragment, type FragmentSetName } from '../../exi/fragment';

export const DSIG_ALG = {
  canonicalization: 'http://www.w3.org/TR/canonical-exi/',
  signature: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256',
  digest: 'http://www.w3.org/2001/04/xmlenc#sha256',
} as const;

export interface DsigReference {
  URI: string;
  Transforms: { Transform: Array<{ Algorithm: string }> };
  DigestMethod: { Algorithm: string };
  DigestValue: string;
}
export interface DsigSignedInfo {
  CanonicalizationMethod: { Algorithm: string };
  SignatureMethod: { Algorithm: string };
  Reference: DsigReference[];
}
/** `ds:Signature` as the EXI codec maps it (hex for base64Binary; the signature value under CONTENT). */
export interface DsigSignature {
  SignedInfo: DsigSignedInfo;
  SignatureValue: { CONTENT: string };
}

/** An element to sign or check: its local name and its body (holding the `Id` attribute). */
export interface SignedElement {
  name: string;
  body: Record<string, unknown>;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** SHA-256 (hex) of the EXI fragment of one element. */
export function fragmentDigest(set: FragmentSetName, el: SignedElement): string {
  return createHash('sha256').update(encodeExiFragment(set, { [el.name]: el.body })).digest('hex');
}

/** SignedInfo referencing each element by `#Id` with the digest of its fragment. */
export function signedInfoFor(set: FragmentSetName, elements: SignedElement[]): DsigSignedInfo {
  return {
    CanonicalizationMethod: { Algorithm: DSIG_ALG.canonicalization },
    SignatureMethod: { Algorithm: DSIG_ALG.signature },
    Reference: elements.map((el) => {
      const id = el.body.Id;
      if (typeof id !== 'string' || id === '') throw new Error(`cannot sign ${el.name}: it has no Id attribute`);
      return {
        URI: `#${id}`,
        Transforms: { Transform: [{ Algorithm: DSIG_ALG.canonicalization }] },
        DigestMethod: { Algorithm: DSIG_ALG.digest },
        DigestValue: fragmentDigest(set, el),
      };
    }),
  };
}

/** The bytes the signature covers: the xmldsig-schema EXI fragment of SignedInfo. */
export function signedInfoBytes(si: DsigSignedInfo): Uint8Array {
  return encodeExiFragment('xmldsig', { SignedInfo: si });
}

/** Signs the elements with an EC P-256 private key (PEM): a `ds:Signature` for the V2G header. */
export function signElements(set: FragmentSetName, elements: SignedElement[], keyPem: string): DsigSignature {
  const si = signedInfoFor(set, elements);
  const key = createPrivateKey(keyPem);
  const value = sign('sha256', signedInfoBytes(si), { key, dsaEncoding: 'ieee-p1363' });
  return { SignedInfo: si, SignatureValue: { CONTENT: hex(value) } };
}

/**
 * Checks a `ds:Signature` against the elements it should cover and the signer's certificate (PEM):
 * algorithms, one Reference per expected element (`#Id`), each digest over its fragment, then the 64-byte
 * r‖s value over SignedInfo. Returns one line per problem (empty: valid).
 */
export function verifySignature(set: FragmentSetName, signature: unknown, elements: SignedElement[], certPem: string): string[] {
  const problems: string[] = [];
  const sig = signature as Partial<DsigSignature> | undefined;
  const si = sig?.SignedInfo;
  if (!si) return ['Header.Signature is missing or has no SignedInfo'];
  if (si.CanonicalizationMethod?.Algorithm !== DSIG_ALG.canonicalization) problems.push(`CanonicalizationMethod is '${si.CanonicalizationMethod?.Algorithm}', expected ${DSIG_ALG.canonicalization}`);
  if (si.SignatureMethod?.Algorithm !== DSIG_ALG.signature) problems.push(`SignatureMethod is '${si.SignatureMethod?.Algorithm}', expected ${DSIG_ALG.signature}`);
  const refs = Array.isArray(si.Reference) ? si.Reference : [];
  for (const el of elements) {
    const id = el.body.Id;
    const ref = refs.find((r) => r.URI === `#${String(id)}`);
    if (typeof id !== 'string') problems.push(`${el.name} has no Id attribute to reference`);
    else if (!ref) problems.push(`no Reference with URI '#${id}' (for ${el.name}); references: ${refs.map((r) => r.URI).join(', ') || 'none'}`);
    else {
      if (ref.DigestMethod?.Algorithm !== DSIG_ALG.digest) problems.push(`Reference #${id}: DigestMethod '${ref.DigestMethod?.Algorithm}', expected ${DSIG_ALG.digest}`);
      let want: string;
      try {
        want = fragmentDigest(set, el);
      } catch (e) {
        problems.push(`Reference #${id}: ${el.name} cannot be encoded as an EXI fragment: ${(e as Error).message}`);
        continue;
      }
      if (String(ref.DigestValue).toLowerCase() !== want) problems.push(`Reference #${id}: DigestValue ${String(ref.DigestValue)} is not the SHA-256 of the ${el.name} fragment (${want})`);
    }
  }
  const value = Buffer.from(String(sig?.SignatureValue?.CONTENT ?? ''), 'hex');
  if (value.length !== 64) problems.push(`SignatureValue has ${value.length} bytes, expected 64 (raw r||s)`);
  else {
    let ok: boolean;
    try {
      const key = createPublicKey(new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'pem' }));
      ok = verify('sha256', signedInfoBytes(si as DsigSignedInfo), { key, dsaEncoding: 'ieee-p1363' }, value);
    } catch (e) {
      problems.push(`SignatureValue cannot be checked: ${(e as Error).message}`);
      return problems;
    }
    if (!ok) problems.push('SignatureValue does not verify over the SignedInfo fragment with the signer certificate\'s public key');
  }
  return problems;
}

import { createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, X509Certificate, type KeyObject } from 'node:crypto';

/**
 * Just enough DER / X.509 for the security functions of the reference SUTs (OCPP 1.6 and 2.0.1): a station builds a PKCS#10
 * CSR, the central system issues a certificate from it with its own CA, and certificate hash data
 * (GetInstalledCertificateIds / DeleteCertificate) is computed from a PEM.
 */

// ------------------------------------------------------------------ DER writing

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let x = n; x > 0; x >>= 8) bytes.unshift(x & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, content: Buffer) => Buffer.concat([Buffer.from([tag]), len(content.length), content]);
const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const ctx = (n: number, content: Buffer) => tlv(0xa0 + n, content);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bitString = (b: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
const octets = (b: Buffer) => tlv(0x04, b);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));

function intBytes(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && (b[i + 1] & 0x80) === 0) i++;
  const trimmed = b.subarray(i);
  return tlv(0x02, trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}
const int = (n: number) => intBytes(Buffer.from([n]));

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0] + parts[1]];
  for (const p of parts.slice(2)) {
    const stack = [p & 0x7f];
    for (let x = p >> 7; x > 0; x >>= 7) stack.unshift((x & 0x7f) | 0x80);
    out.push(...stack);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

const OID = {
  cn: '2.5.4.3',
  o: '2.5.4.10',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  rsaSha256: '1.2.840.113549.1.1.11',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

function name(cn: string, o?: string): Buffer {
  const rdns = [];
  if (o) rdns.push(set(seq(oid(OID.o), utf8(o))));
  rdns.push(set(seq(oid(OID.cn), utf8(cn))));
  return seq(...rdns);
}

function algFor(key: KeyObject): { id: Buffer; hash: string } {
  if (key.asymmetricKeyType === 'rsa') return { id: seq(oid(OID.rsaSha256), tlv(0x05, Buffer.alloc(0))), hash: 'sha256' };
  return { id: seq(oid(OID.ecdsaSha256)), hash: 'sha256' };
}

const pem = (label: string, der: Buffer) => `-----BEGIN ${label}-----\n${der.toString('base64').replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
function unpem(text: string): Buffer {
  const b64 = text.replace(/-----(BEGIN|END)[^-]+-----/g, '').replace(/\s+/g, '');
  return Buffer.from(b64, 'base64');
}

// ------------------------------------------------------------------ DER reading

interface Node {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
  raw: Buffer;
  content: Buffer;
}
function read(buf: Buffer, at = 0): Node {
  const tag = buf[at];
  let l = buf[at + 1];
  let p = at + 2;
  if (l & 0x80) {
    const n = l & 0x7f;
    l = 0;
    for (let i = 0; i < n; i++) l = (l << 8) | buf[p + i];
    p += n;
  }
  if (p + l > buf.length) throw new Error('DER: truncated');
  return { tag, start: at, contentStart: p, end: p + l, raw: buf.subarray(at, p + l), content: buf.subarray(p, p + l) };
}
function children(n: Node): Node[] {
  const out: Node[] = [];
  for (let at = 0; at < n.content.length; ) {
    const c = read(n.content, at);
    out.push(c);
    at = c.end;
  }
  return out;
}

// ------------------------------------------------------------------ CSR / certificates

/** A new EC P-256 key and a PKCS#10 CSR for it (CN = identity, O = organisation), PEM. */
export function buildCsr(commonName: string, organisation: string): { csr: string; privateKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const info = seq(int(0), name(commonName, organisation), spki, ctx(0, Buffer.alloc(0)));
  const alg = algFor(privateKey);
  const sig = sign(alg.hash, info, privateKey);
  return { csr: pem('CERTIFICATE REQUEST', seq(info, alg.id, bitString(sig))), privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
}

/** Parses and verifies a CSR; returns its subject (DER) and public key (SPKI DER), or undefined if invalid. */
export function parseCsr(csrPem: string): { subject: Buffer; spki: Buffer; commonName?: string } | undefined {
  try {
    const top = read(unpem(csrPem));
    const [info, , sigBits] = children(top);
    const [, subject, spki] = children(info);
    const key = createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
    const ok = verify('sha256', info.raw, key, sigBits.content.subarray(1));
    if (!ok) return undefined;
    const cnMatch = /CN=([^,\n]+)/.exec(describeName(subject));
    return { subject: subject.raw, spki: spki.raw, commonName: cnMatch?.[1] };
  } catch {
    return undefined;
  }
}

function describeName(n: Node): string {
  const parts: string[] = [];
  for (const rdn of children(n)) {
    for (const atv of children(rdn)) {
      const [o, v] = children(atv);
      const label = o.content.equals(oid(OID.cn).subarray(2)) ? 'CN' : o.content.equals(oid(OID.o).subarray(2)) ? 'O' : '?';
      parts.push(`${label}=${v.content.toString('utf8')}`);
    }
  }
  return parts.join(',');
}

function certificate(tbs: Buffer, key: KeyObject): Buffer {
  const alg = algFor(key);
  return seq(tbs, alg.id, bitString(sign(alg.hash, tbs, key)));
}

function tbsCert(opts: { serial: Buffer; issuer: Buffer; subject: Buffer; spki: Buffer; days: number; ca: boolean; issuerKey: KeyObject }): Buffer {
  const now = new Date(Date.now() - 60_000);
  const exts = opts.ca
    ? [seq(oid(OID.basicConstraints), bool(true), octets(seq(bool(true)))), seq(oid(OID.keyUsage), bool(true), octets(bitString(Buffer.from([0x06]), 1)))]
    : [
        seq(oid(OID.basicConstraints), bool(true), octets(seq())),
        seq(oid(OID.keyUsage), bool(true), octets(bitString(Buffer.from([0x80]), 7))),
        seq(oid(OID.extKeyUsage), octets(seq(oid(OID.clientAuth)))),
      ];
  return seq(
    ctx(0, int(2)),
    intBytes(opts.serial),
    algFor(opts.issuerKey).id,
    opts.issuer,
    seq(time(now), time(new Date(now.getTime() + opts.days * 86_400_000))),
    opts.subject,
    opts.spki,
    ctx(3, seq(...exts)),
  );
}

const serial = () => {
  const b = randomBytes(16);
  b[0] &= 0x7f;
  return b;
};

/** A self-signed CA that signs station certificates from CSRs (the CSMS side of SignCertificate). */
export function createIssuer(commonName: string): { caPem: string; sign(identity: string, csr: string): string | undefined } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caName = name(commonName, 'EVC Reference');
  const caDer = certificate(
    tbsCert({ serial: serial(), issuer: caName, subject: caName, spki: publicKey.export({ type: 'spki', format: 'der' }), days: 3650, ca: true, issuerKey: privateKey }),
    privateKey,
  );
  const caPem = pem('CERTIFICATE', caDer);
  return {
    caPem,
    sign(_identity, csr) {
      const parsed = parseCsr(csr);
      if (!parsed) return undefined;
      const der = certificate(
        tbsCert({ serial: serial(), issuer: caName, subject: parsed.subject, spki: parsed.spki, days: 365, ca: false, issuerKey: privateKey }),
        privateKey,
      );
      return pem('CERTIFICATE', der) + caPem;
    },
  };
}

export interface CertificateHashData {
  hashAlgorithm: 'SHA256';
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
}

/** Certificate hash data (as in OCSP CertID) of the first certificate in a PEM; the issuer key is its own for a root. */
export function hashData(certPem: string, issuerPem?: string): CertificateHashData | undefined {
  try {
    const x = new X509Certificate(certPem);
    const der = x.raw;
    const tbs = children(read(der))[0];
    const fields = children(tbs);
    const off = fields[0].tag === 0xa0 ? 1 : 0;
    const issuerName = fields[off + 2].raw;
    const issuerCert = issuerPem ? new X509Certificate(issuerPem) : x;
    const spki = read(issuerCert.publicKey.export({ type: 'spki', format: 'der' }));
    const keyBits = children(spki)[1].content.subarray(1);
    const h = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    return { hashAlgorithm: 'SHA256', issuerNameHash: h(issuerName), issuerKeyHash: h(keyBits), serialNumber: x.serialNumber.toLowerCase().replace(/^0+(?=.)/, '') };
  } catch {
    return undefined;
  }
}

/** Splits a PEM bundle into its certificates. */
export function splitPem(bundle: string): string[] {
  return bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

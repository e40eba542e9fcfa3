/**
 * Reading certificates for the trace and checking station client certificates against the OCPP security
 * profile 3 rules (client certificate O = CPO/operator name, CN = station identity / serial).
 */
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate, TLSSocket } from 'node:tls';

export interface PeerCertificateInfo {
  /** False when the peer sent no certificate (or the socket is not connected); the cert fields are then undefined. */
  present: boolean;
  /** One-line DN in certificate order, e.g. `O=EVC Test CPO, CN=CP001`. */
  subject?: string;
  issuer?: string;
  /** ISO 8601 UTC. */
  validFrom?: string;
  validTo?: string;
  /** SHA-256 fingerprint, colon-separated upper-case hex as Node prints it. */
  fingerprint256?: string;
  serialNumber?: string;
  subjectAltName?: string;
  /** Whether the peer certificate verified against the trust store (and, on a client, the host name). */
  authorized: boolean;
  /** OpenSSL/Node verification code such as CERT_HAS_EXPIRED, or undefined when authorized. */
  authorizationError?: string;
  /** Negotiated protocol and cipher, e.g. TLSv1.3 / TLS_AES_256_GCM_SHA384. */
  protocol?: string;
  cipher?: string;
}

/** Summarises the peer certificate of a connected TLS socket, for the trace. */
export function describePeerCertificate(socket: TLSSocket): PeerCertificateInfo {
  const cert = socket.getPeerCertificate();
  const present = !!cert && Object.keys(cert).length > 0 && !!cert.raw;
  const info: PeerCertificateInfo = {
    present,
    authorized: socket.authorized === true,
    authorizationError: errorCode(socket.authorizationError as unknown),
    protocol: socket.getProtocol() ?? undefined,
    cipher: socket.getCipher()?.name,
  };
  if (!present) return info;
  info.subject = formatDn(cert.subject);
  info.issuer = formatDn(cert.issuer);
  info.validFrom = isoDate(cert.valid_from);
  info.validTo = isoDate(cert.valid_to);
  info.fingerprint256 = cert.fingerprint256;
  info.serialNumber = cert.serialNumber;
  if (cert.subjectaltname) info.subjectAltName = cert.subjectaltname;
  return info;
}

export type StationCertProblemCode =
  | 'UNPARSEABLE'
  | 'O_MISSING'
  | 'O_MISMATCH'
  | 'O_MULTIPLE'
  | 'CN_MISSING'
  | 'CN_MISMATCH'
  | 'CN_MULTIPLE'
  | 'NOT_YET_VALID'
  | 'EXPIRED'
  | 'IS_CA'
  | 'NO_CLIENT_AUTH';

export interface StationCertProblem {
  code: StationCertProblemCode;
  message: string;
}

/** Anything a certificate may arrive as: PEM/DER, a parsed X509Certificate, or tls getPeerCertificate() output. */
export type CertificateInput = string | Buffer | X509Certificate | PeerCertificate;

const CLIENT_AUTH_OID = '1.3.6.1.5.5.7.3.2';
const ANY_EKU_OID = '2.5.29.37.0';

/**
 * Checks a station client certificate against the security profile 3 rules. Returns every problem found
 * (empty list = acceptable):
 * - subject O must equal `operator` (when given; otherwise it must merely be present),
 * - subject CN must equal the station `identity`,
 * - it must be within its validity period (`at`, default now), must not be a CA, and when it carries an
 *   extended key usage that must include clientAuth.
 * Values are compared exactly (case-sensitive), as the CSMS compares the CN with the identity in the URL.
 */
export function checkStationClientCert(
  cert: CertificateInput,
  identity: string,
  operator?: string,
  at: Date = new Date(),
): StationCertProblem[] {
  let legacy: PeerCertificate;
  try {
    legacy = toLegacy(cert);
  } catch (err) {
    return [{ code: 'UNPARSEABLE', message: `certificate could not be parsed: ${(err as Error).message}` }];
  }
  const problems: StationCertProblem[] = [];
  const add = (code: StationCertProblemCode, message: string) => problems.push({ code, message });
  const subject = (legacy.subject ?? {}) as unknown as Record<string, string | string[] | undefined>;

  const o = values(subject.O);
  if (o.length === 0) add('O_MISSING', `subject has no O (organization); SP3 requires O = the CPO name${operator ? ` '${operator}'` : ''}`);
  else if (o.length > 1) add('O_MULTIPLE', `subject has ${o.length} O attributes (${o.map(q).join(', ')}); expected exactly one`);
  else if (operator !== undefined && o[0] !== operator) add('O_MISMATCH', `subject O is ${q(o[0]!)}, expected the operator ${q(operator)}`);

  const cn = values(subject.CN);
  if (cn.length === 0) add('CN_MISSING', `subject has no CN; SP3 requires CN = the station identity ${q(identity)}`);
  else if (cn.length > 1) add('CN_MULTIPLE', `subject has ${cn.length} CN attributes (${cn.map(q).join(', ')}); expected exactly one`);
  else if (cn[0] !== identity) add('CN_MISMATCH', `subject CN is ${q(cn[0]!)}, expected the station identity ${q(identity)}`);

  const from = new Date(legacy.valid_from);
  const to = new Date(legacy.valid_to);
  if (!Number.isNaN(from.getTime()) && at < from) add('NOT_YET_VALID', `certificate is not valid before ${from.toISOString()}`);
  if (!Number.isNaN(to.getTime()) && at > to) add('EXPIRED', `certificate expired at ${to.toISOString()}`);

  if ((legacy as PeerCertificate & { ca?: boolean }).ca === true) add('IS_CA', 'certificate is a CA certificate (basicConstraints CA:true)');
  const eku = legacy.ext_key_usage;
  if (Array.isArray(eku) && eku.length > 0 && !eku.includes(CLIENT_AUTH_OID) && !eku.includes(ANY_EKU_OID)) {
    add('NO_CLIENT_AUTH', `extended key usage (${eku.join(', ')}) does not include clientAuth (${CLIENT_AUTH_OID})`);
  }
  return problems;
}

function toLegacy(cert: CertificateInput): PeerCertificate {
  if (cert instanceof X509Certificate) return cert.toLegacyObject();
  if (typeof cert === 'string' || Buffer.isBuffer(cert)) return new X509Certificate(cert).toLegacyObject();
  if (cert && typeof cert === 'object' && 'subject' in cert) {
    // getPeerCertificate() output; parse raw when present so both inputs behave identically.
    if (cert.raw && cert.raw.length > 0) return new X509Certificate(cert.raw).toLegacyObject();
    return cert;
  }
  throw new Error('expected PEM/DER, an X509Certificate or a PeerCertificate');
}

function values(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function q(s: string): string {
  return JSON.stringify(s);
}

/** `{ O: 'A', CN: 'B' }` → `O=A, CN=B` (insertion order is certificate order). */
function formatDn(dn: object | undefined): string | undefined {
  if (!dn) return undefined;
  return Object.entries(dn as Record<string, string | string[]>)
    .flatMap(([k, v]) => values(v).map((x) => `${k}=${x}`))
    .join(', ');
}

function isoDate(s: string | undefined): string | undefined {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString();
}

function errorCode(e: unknown): string | undefined {
  if (e === undefined || e === null || e === '') return undefined;
  if (typeof e === 'string') return e;
  if (typeof e === 'object') {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(e);
}

/** What a live TLS connection negotiated and presented, captured right after the handshake. */
export interface TlsSnapshot {
  /** e.g. TLSv1.3; undefined when the socket reports none. */
  protocol?: string;
  /** IANA name (TLS_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256…). */
  cipher?: string;
  /** Whether the peer's chain verified against the trust anchors given to this socket. */
  authorized: boolean;
  authorizationError?: string;
  peer: PeerCertificateInfo;
  /** The peer's chain as DER, leaf first, up to the anchor Node verified it against (when it did). */
  peerChain: Buffer[];
  /** Subject of the certificate this side presented, when it presented one. */
  localSubject?: string;
  /** Client side: the ephemeral key exchange, e.g. `ECDH prime256v1 256` (empty on a server or without ECDHE). */
  ephemeralKey?: string;
}

/** Captures the negotiated parameters and certificates of a connected TLS socket. */
export function tlsSnapshot(socket: TLSSocket): TlsSnapshot {
  const peer = describePeerCertificate(socket);
  const cipher = socket.getCipher();
  const chain: Buffer[] = [];
  let c: (PeerCertificate & { issuerCertificate?: PeerCertificate }) | undefined = socket.getPeerCertificate(true);
  const seen = new Set<string>();
  while (c && c.raw && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    chain.push(c.raw);
    c = c.issuerCertificate;
  }
  const local = socket.getCertificate();
  const localSubject = local && 'subject' in local && local.subject ? formatDn(local.subject) : undefined;
  return {
    protocol: socket.getProtocol() ?? undefined,
    cipher: cipher?.standardName ?? cipher?.name,
    authorized: socket.authorized === true,
    authorizationError: errorCode(socket.authorizationError as unknown),
    peer,
    peerChain: chain,
    localSubject,
    ephemeralKey: ephemeralKeyOf(socket),
  };
}

function ephemeralKeyOf(socket: TLSSocket): string | undefined {
  const k = socket.getEphemeralKeyInfo() as { type?: string; name?: string; size?: number } | null;
  if (!k || !k.type) return undefined;
  return [k.type, k.name, k.size].filter((x) => x !== undefined).join(' ');
}

/** Every certificate in a PEM bundle (a CA file may hold several). */
export function certificatesIn(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

/**
 * Whether a peer chain (DER, leaf first) leads to one of the given CA certificates: some certificate of the
 * chain is one of them, or the last one is signed by one of them.
 */
export function chainLeadsTo(chain: Buffer[], cas: X509Certificate[]): X509Certificate | undefined {
  if (chain.length === 0) return undefined;
  const certs = chain.map((d) => new X509Certificate(d));
  for (const ca of cas) if (certs.some((x) => x.fingerprint256 === ca.fingerprint256)) return ca;
  const top = certs[certs.length - 1]!;
  return cas.find((ca) => top.checkIssued(ca) && top.verify(ca.publicKey));
}

/**
 * Security is verified on the live connection, never assumed from the configuration: for every connection the
 * harness makes (as the station) or accepts (as the CSMS) under a security profile, the scheme, the TLS
 * version and cipher, the certificates presented and validated and the Basic credentials are checked and
 * recorded as trace notes. A mismatch names what the profile needs and what the connection had.
 *
 * OCPP facts used (1.6 Security Whitepaper, 2.0.1 Part 2 A00): SP0/SP1 run over plain WebSocket (SP1 with HTTP
 * Basic auth), SP2 is TLS with a server certificate plus Basic auth, SP3 is mutual TLS; TLS 1.2 or newer; the
 * TLS 1.2 suites are ECDHE-ECDSA / RSA (and, commonly accepted, ECDHE-RSA) key exchange with AES-GCM.
 */
import tls from 'node:tls';
import { EvcError, VerdictError } from '../core/errors';
import type { Trace } from '../core/trace';
import type { SecurityProfile } from './version';
import { certificatesIn, chainLeadsTo } from '../transport/tls/inspect';
import type { ConnectionInfo } from '../transport/ws/connection';

/** TLS 1.2 suites the OCPP security specifications list (IANA names). */
export const OCPP_TLS12_SUITES = [
  'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384',
  'TLS_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_RSA_WITH_AES_256_GCM_SHA384',
  'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
  'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
];

const MODERN = /^TLSv1\.[23]$/;

/** Why a negotiated protocol/cipher is not acceptable for OCPP SP2/SP3 (undefined when it is). */
export function cipherProblem(protocol: string | undefined, cipher: string | undefined): string | undefined {
  if (!cipher) return 'no cipher was negotiated';
  if (/NULL|_anon_|EXPORT|RC4|_DES_|3DES|_MD5$/i.test(cipher)) return `cipher ${cipher} is one OCPP security forbids (null, anonymous, export, RC4, DES or MD5)`;
  if (protocol === 'TLSv1.2' && !OCPP_TLS12_SUITES.includes(cipher)) return `TLS 1.2 cipher ${cipher} is not one of the suites OCPP lists (${OCPP_TLS12_SUITES.join(', ')})`;
  return undefined;
}

/** The scheme a security profile needs, and a failure naming it when the URL has the other one. */
export function checkUrlScheme(url: string, sp: SecurityProfile, where = 'the CSMS'): void {
  const scheme = new URL(url).protocol;
  if (sp >= 2 && scheme !== 'wss:') {
    throw new VerdictError(`security profile ${sp} needs TLS (wss://); ${where} at ${url} is plain WebSocket`);
  }
  if (sp < 2 && scheme !== 'ws:') {
    throw new VerdictError(`security profile ${sp} runs over plain WebSocket (ws://); ${where} at ${url} is ${scheme.replace(':', '')}:// (a scenario for profile ${sp} needs a ws:// endpoint)`);
  }
}

export interface OutgoingExpectation {
  securityProfile: SecurityProfile;
  identity: string;
  /** PEM of the CA(s) the CSMS chain must lead to; undefined = the system trust store. */
  ca?: string;
  /** How the CA is named in notes and failures, e.g. "the run PKI root" or "rig caFile /x/ca.pem". */
  caLabel: string;
  /** Basic credentials the station sent (SP1/SP2). */
  password?: string | Buffer;
}

/**
 * Checks the connection the harness station just opened against its security profile; records each verified
 * property as a trace note and throws a VerdictError on the first mismatch.
 */
export function verifyOutgoing(info: ConnectionInfo, exp: OutgoingExpectation, trace: Trace): void {
  const sp = exp.securityProfile;
  const where = `the CSMS at ${info.remote}`;
  const note = (text: string) => trace.note('harness', `security profile ${sp}: ${text}`, exp.identity);
  const t = info.tls;
  if (sp < 2) {
    if (t) throw new VerdictError(`security profile ${sp} runs over plain WebSocket; ${where} negotiated ${t.protocol ?? 'TLS'}`);
    note('plain WebSocket (ws://), as the profile requires');
  } else {
    if (!t) throw new VerdictError(`security profile ${sp} needs TLS; ${where} is plain WebSocket (no TLS handshake happened)`);
    if (!t.protocol || !MODERN.test(t.protocol)) throw new VerdictError(`security profile ${sp} needs TLS 1.2 or newer; ${where} negotiated ${t.protocol ?? 'an unknown version'}`);
    note(`TLS version ${t.protocol} (1.2 or newer required)`);
    const bad = cipherProblem(t.protocol, t.cipher);
    if (bad) throw new VerdictError(`security profile ${sp}: ${where} negotiated ${bad}`);
    note(`cipher ${t.cipher}`);
    if (!t.authorized) throw new VerdictError(`security profile ${sp}: the server certificate of ${where} did not validate against ${exp.caLabel}: ${t.authorizationError ?? 'not authorized'}`);
    if (exp.ca !== undefined) {
      const anchor = chainLeadsTo(t.peerChain, certificatesIn(exp.ca));
      if (!anchor) throw new VerdictError(`security profile ${sp}: the server certificate chain of ${where} (issuer ${t.peer.issuer ?? '?'}) does not lead to ${exp.caLabel}`);
      note(`server certificate ${t.peer.subject ?? '?'} (issuer ${t.peer.issuer ?? '?'}) validated against ${exp.caLabel} (${anchor.subject.replace(/\n/g, ', ')})`);
    } else {
      note(`server certificate ${t.peer.subject ?? '?'} (issuer ${t.peer.issuer ?? '?'}) validated against ${exp.caLabel}`);
    }
    if (sp === 3) {
      if (!t.localSubject) throw new VerdictError(`security profile 3 needs a client certificate; the harness station presented none to ${where}`);
      note(`client certificate ${t.localSubject} presented`);
    }
  }
  if (sp === 1 || sp === 2) {
    const sent = basicUser(info.authorization);
    if (sent !== exp.identity) throw new VerdictError(`security profile ${sp} needs HTTP Basic auth as '${exp.identity}'; the upgrade carried ${info.authorization ? `user '${sent}'` : 'no Authorization header'}`);
    note(`HTTP Basic auth sent as '${exp.identity}'`);
  }
}

/**
 * Checks a connection the harness CSMS accepted from the station under test. Returns the problems found
 * (empty = conformant); each verified property is recorded as a trace note.
 */
export function verifyIncoming(info: ConnectionInfo, sp: SecurityProfile, trace: Trace): string[] {
  const problems: string[] = [];
  const note = (text: string) => trace.note('harness', `security profile ${sp}: station ${text}`, info.identity);
  const t = info.tls;
  if (sp < 2) {
    if (t) problems.push(`security profile ${sp} runs over plain WebSocket; the station negotiated ${t.protocol ?? 'TLS'}`);
    else note('connected over plain WebSocket (ws://), as the profile requires');
  } else if (!t) {
    problems.push(`security profile ${sp} needs TLS; the station connected over plain WebSocket`);
  } else {
    if (!t.protocol || !MODERN.test(t.protocol)) problems.push(`security profile ${sp} needs TLS 1.2 or newer; the station negotiated ${t.protocol ?? 'an unknown version'}`);
    else note(`connected with ${t.protocol} (1.2 or newer required)`);
    const bad = cipherProblem(t.protocol, t.cipher);
    if (bad) problems.push(`security profile ${sp}: the station negotiated ${bad}`);
    else note(`negotiated cipher ${t.cipher}`);
    if (sp === 3) {
      if (!t.peer.present) problems.push('security profile 3 needs a client certificate; the station presented none');
      else if (!t.authorized) problems.push(`security profile 3: the station's client certificate ${t.peer.subject ?? ''} did not validate: ${t.authorizationError ?? 'not authorized'}`);
      else note(`presented client certificate ${t.peer.subject} (issuer ${t.peer.issuer}), validated`);
    }
  }
  if (sp === 1 || sp === 2) {
    const user = basicUser(info.authorization);
    if (user === undefined) problems.push(`security profile ${sp} needs HTTP Basic auth; the station's upgrade carried no Basic Authorization header`);
    else note(`sent HTTP Basic auth as '${user}'`);
  }
  return problems;
}

function basicUser(header: string | undefined): string | undefined {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const sep = decoded.indexOf(':');
  return sep < 0 ? decoded : decoded.slice(0, sep);
}

export type TlsProbeResult = { ok: true; protocol: string; cipher?: string } | { ok: false; error: string };

/** One bare TLS handshake with the host/port of a wss:// URL, bounded by timeoutMs. */
export function probeTls(url: string, opts: { ca?: string; cert?: string; key?: string; minVersion: tls.SecureVersion; maxVersion: tls.SecureVersion; ciphers?: string; timeoutMs?: number }): Promise<TlsProbeResult> {
  const u = new URL(url);
  const port = Number(u.port) || 443;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const sock = tls.connect({
      host,
      port,
      ca: opts.ca,
      cert: opts.cert,
      key: opts.key,
      minVersion: opts.minVersion,
      maxVersion: opts.maxVersion,
      ciphers: opts.ciphers,
      rejectUnauthorized: false,
      servername: /^[\d.]+$|:/.test(host) ? undefined : host,
    });
    const done = (r: TlsProbeResult) => {
      clearTimeout(timer);
      sock.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done({ ok: false, error: `no handshake within ${opts.timeoutMs ?? 3000} ms` }), opts.timeoutMs ?? 3000);
    sock.once('secureConnect', () => done({ ok: true, protocol: sock.getProtocol() ?? 'unknown', cipher: sock.getCipher()?.standardName }));
    sock.once('error', (e) => done({ ok: false, error: /SSL routines:[^:]*:([^:]+)/.exec(e.message)?.[1] ?? e.message.split('\n')[0]! }));
  });
}

/**
 * The CSMS at `url` must refuse a TLS handshake of at most TLS 1.1 — and must speak TLS 1.2+ on the same
 * endpoint, so that "refused" means refused, not "no TLS there at all". Returns the refusal text.
 */
export async function expectTls11Refused(url: string, ca: string | undefined, trace: Trace, client?: { cert?: string; key?: string }): Promise<string> {
  if (new URL(url).protocol !== 'wss:') throw new VerdictError(`the TLS 1.1 refusal check needs a TLS endpoint; the CSMS at ${url} is plain WebSocket (no TLS at all)`);
  // at SP3 both handshakes present the station's client certificate: a refusal must be about the version
  const modern = await probeTls(url, { ca, ...client, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3' });
  if (!modern.ok) throw new VerdictError(`the CSMS at ${url} completed no TLS 1.2+ handshake (${modern.error}): it does not speak TLS there, so a TLS 1.1 refusal proves nothing`);
  trace.note('harness', `TLS probe: the CSMS completed a ${modern.protocol} handshake (${modern.cipher ?? '?'})`);
  trace.note('harness', `TLS probe to ${new URL(url).host} offering at most TLS 1.1`);
  const legacy = await probeTls(url, { ca, ...client, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' });
  if (legacy.ok) throw new VerdictError(`The CSMS completed a TLS handshake with ${legacy.protocol}; OCPP requires TLS 1.2 or higher`);
  if (/no protocols available|no ciphers available/i.test(legacy.error)) throw new EvcError(`this host's TLS library cannot offer TLS 1.1 (${legacy.error}): the refusal check cannot be performed`);
  trace.note('harness', `TLS probe: the CSMS refused the TLS 1.1 handshake (${legacy.error})`);
  return `the CSMS refused the TLS 1.1 handshake (${legacy.error}) and completed ${modern.protocol}`;
}

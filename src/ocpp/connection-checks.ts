/**
 * Security checks on how a CSMS under test treats connections it must refuse: an unknown identity (HTTP 404),
 * a wrong or missing Basic password (SP1/SP2), an untrusted, expired or missing client certificate (SP3), a
 * TLS 1.1 handshake (SP2/SP3). Each attempt is a real WebSocket/TLS connection from the harness; the check
 * passes when the CSMS refuses it and fails — closing the connection — when the CSMS lets it through. The
 * TLS 1.1 check first proves the endpoint speaks TLS 1.2+ (no TLS at all is a failure, not a refusal).
 */
import { EvcError, VerdictError } from '../core/errors';
import { connectWs, type WsClientOptions } from '../transport/ws/client';
import { runPki } from '../transport/tls/run-pki';
import { expectTls11Refused } from './security-check';
import type { StationSideContext } from './side-context';

export type RefusedAttempt = 'unknown-identity' | 'wrong-password' | 'no-password' | 'untrusted-client-cert' | 'expired-client-cert' | 'no-client-cert' | 'tls-1.1';

const NEEDS: Record<RefusedAttempt, { profiles: number[]; what: string }> = {
  'unknown-identity': { profiles: [0, 1, 2, 3], what: 'an identity it does not know' },
  'wrong-password': { profiles: [1, 2], what: 'a wrong Basic-auth password' },
  'no-password': { profiles: [1, 2], what: 'no Basic-auth credentials' },
  'untrusted-client-cert': { profiles: [3], what: 'a client certificate from an untrusted root' },
  'expired-client-cert': { profiles: [3], what: 'an expired client certificate' },
  'no-client-cert': { profiles: [3], what: 'no client certificate' },
  'tls-1.1': { profiles: [2, 3], what: 'a TLS 1.1 handshake' },
};

/** TLS errors raised by the harness's own validation of the server: not a refusal by the CSMS. */
const OUR_TRUST_FAILED = /self[- ]signed|unable to (get|verify)|certificate has expired|Hostname\/IP does not match|CERT_|ERR_TLS_CERT/i;

export async function expectCsmsRefuses(h: StationSideContext, attempt: RefusedAttempt, trace: import('../core/trace').Trace, timeoutMs: number): Promise<string> {
  if (h.side !== 'csms') throw new EvcError('connection refusal checks apply when the CSMS is the SUT (@sut:csms)');
  const need = NEEDS[attempt];
  if (!need.profiles.includes(h.securityProfile)) {
    throw new EvcError(`the '${attempt}' check needs security profile ${need.profiles.join(' or ')} (the scenario uses ${h.securityProfile})`);
  }
  if (!h.isStarted) await h.start();
  const sp = h.securityProfile;
  // the trust anchor the harness station verified the CSMS against (run PKI, or the rig's caFile on a remote rig)
  const ca = h.station?.opts.tls?.ca;
  if (attempt === 'tls-1.1') return expectTls11Refused(h.csmsUrl, ca, trace, sp === 3 ? { cert: h.station?.opts.tls?.cert, key: h.station?.opts.tls?.key } : undefined);
  const pki = sp >= 2 ? await runPki() : undefined;
  const identity = attempt === 'unknown-identity' ? `EVC-UNKNOWN-${process.pid}-${Date.now() % 100000}` : h.identity;
  const opts: WsClientOptions = {
    url: h.csmsUrl,
    identity,
    subprotocols: [`ocpp${h.version}`],
    trace,
    timeoutMs,
  };
  if (sp === 1 || sp === 2) {
    if (attempt !== 'no-password') opts.basicAuth = { user: identity, password: attempt === 'wrong-password' ? 'EvcWrongPassword9999' : h.password };
  }
  if (pki) {
    opts.tls = { ca };
    if (sp === 3 && attempt !== 'no-client-cert') {
      const pair =
        attempt === 'untrusted-client-cert' ? await pki.bad.untrustedClient(identity) : attempt === 'expired-client-cert' ? await pki.bad.expiredClient(identity) : await pki.stationClient(identity);
      opts.tls.cert = pair.cert;
      opts.tls.key = pair.key;
    }
  }
  trace.note('harness', `checking that the CSMS refuses ${need.what}`);
  let conn;
  try {
    conn = await connectWs(opts);
  } catch (e) {
    const why = (e as Error).message.replace(/^Could not open the OCPP WebSocket to \S+: /, '').split('\n')[0];
    if (attempt === 'unknown-identity' && !/HTTP 404/.test(why)) {
      throw new VerdictError(`The CSMS refused an unknown identity, but not with HTTP 404 as OCPP-J requires: ${why}`, undefined, trace.recent(8));
    }
    if (OUR_TRUST_FAILED.test(why)) throw new EvcError(`could not check that the CSMS refuses ${need.what}: the harness did not trust the CSMS's server certificate (${why})`);
    trace.note('harness', `refused as required: ${why}`);
    return why;
  }
  await conn.close(1000, 'harness check done');
  throw new VerdictError(`The CSMS accepted a connection with ${need.what} (security profile ${sp})`, undefined, trace.recent(8));
}

/**
 * OCPP 2.0.1 network connection profiles and security-profile migration for a charging station under test
 * (A19–A22, B09–B10): a second harness CSMS endpoint the station is told to migrate to (SetNetworkProfile +
 * NetworkConfigurationPriority + Reset), with the same or a new CSMS root, and the URLs scenarios put into
 * connectionData. Done from outside the shared CsmsSideContext: the second endpoint is a CsmsRole built from the
 * first one's options; once the station connects to it, it becomes the harness CSMS of the scenario.
 */
import { EvcError, VerdictError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import type { SecurityProfile } from '../version';
import { runPki } from '../../transport/tls/run-pki';
import type { CsmsSideContext } from '../side-context';
import { cs201Context } from './cs-states';

export interface NetWorld {
  ocppCsms: CsmsSideContext;
  trace: Trace;
  onCleanup(name: string, fn: () => Promise<void> | void): void;
}

/** The URL a station appends its identity to, for the current endpoint at another security profile. */
export function currentUrlFor(h: CsmsSideContext, sp: number): string {
  if (!h.csms) throw new EvcError('the harness CSMS is not running');
  return sp >= 2 ? h.csms.url.replace(/^ws:/, 'wss:') : h.csms.url.replace(/^wss:/, 'ws:');
}

/**
 * Starts a second harness CSMS endpoint (another port) with the given security profile; for SP2/3 it presents
 * the run PKI's CSMS certificate (`root: 'same'`) or one issued by another root (`root: 'new'`), whose CA
 * certificate (the "other root CA" test certificate) the scenario installs first. Its URL goes into variable `name`.
 */
export async function startSecondCsms(w: NetWorld, sp: SecurityProfile, root: 'same' | 'new', name: string): Promise<void> {
  const h = w.ocppCsms;
  if (!h.csms) throw new EvcError('the harness CSMS is not running: boot the station first');
  const role = h.csms.successor({ port: 0, securityProfile: sp });
  if (sp >= 2) {
    const pki = await runPki();
    const server = root === 'same' ? pki.csmsServer : pki.bad.untrustedServer;
    role.useTls({ cert: server.cert, key: server.key, ca: pki.rootCa.cert });
  }
  await role.start();
  h.onCleanupAfterRestore(() => role.stop()); // a real station may be on it at teardown: it is left as found first
  h.network201 = { first: h.csms, second: role };
  h.vars.set(name, role.url);
  w.trace.note('harness', `second CSMS endpoint: security profile ${sp}, ${root} root, at ${role.url}`);
}

/** A URL nobody listens on (connection refused at once), for fallback tests. */
export function unreachableUrl(h: CsmsSideContext, sp: number): string {
  const url = new URL(currentUrlFor(h, sp));
  url.port = '1';
  return url.toString().replace(/\/$/, '');
}

/** Waits until the station opened a connection to the second endpoint, which then becomes the scenario's CSMS. */
export async function connectsToSecondCsms(w: NetWorld, timeoutMs = 10_000): Promise<void> {
  const h = w.ocppCsms;
  const role = h.network201?.second;
  if (!role) throw new EvcError('no second CSMS endpoint was started in this scenario');
  try {
    await role.waitForStation(h.identity, timeoutMs);
  } catch {
    throw new VerdictError(`the station did not connect to the new CSMS endpoint ${role.url} within ${timeoutMs} ms`, undefined, w.trace.recent(12));
  }
  h.useCsmsRole(role);
  cs201Context(h).sessions.length = 0;
}

/** The station is (still, or again) connected to the first endpoint, not to the second one. */
export function notOnSecondCsms(h: CsmsSideContext): void {
  const role = h.network201?.second;
  if (role?.session(h.identity)?.isOpen) throw new VerdictError(`the station is connected to ${role.url}, which it should have given up`);
}

/** SetVariables SecurityCtrlr.BasicAuthPassword; the harness CSMS expects the new password from the next connection on. */
export async function setBasicAuthPassword(w: NetWorld, password: string): Promise<void> {
  const h = w.ocppCsms;
  if (!h.csms) throw new EvcError('the harness CSMS is not running: boot the station first');
  h.csms.expectPassword(h.identity, password);
  h.password = password;
  await h.call('SetVariables', { setVariableData: [{ attributeValue: password, component: { name: 'SecurityCtrlr' }, variable: { name: 'BasicAuthPassword' } }] });
}

/**
 * The station under test attempts a TLS connection to the harness CSMS and aborts the handshake (the CSMS
 * offers what the station must refuse: TLS 1.1, a bad certificate), then stays unconnected for `graceMs`.
 * Event-based rather than a fixed window: it waits (up to `maxMs`) for the failed handshake the server notes,
 * so a slow station start-up cannot make a faulty station look compliant.
 */
export async function stationAbortsTls(w: NetWorld, graceMs = 1000, maxMs = 15_000): Promise<void> {
  const h = w.ocppCsms;
  if (!h.isStarted) await h.start();
  const before = h.csms?.session(h.identity); // on the run's listener: the connection closed when the endpoint switched
  const connected = () => {
    const s = h.csms?.session(h.identity);
    return Boolean(s && s !== before);
  };
  const failedHandshake = () => w.trace.frames.some((f) => f.dir === 'note' && f.protocol === 'tls' && /handshake failed/i.test(f.summary ?? ""));
  const until = Date.now() + maxMs;
  while (!failedHandshake()) {
    if (connected()) throw new VerdictError('The station completed the TLS handshake and opened an OCPP connection to a CSMS it must refuse', undefined, w.trace.recent(12));
    if (Date.now() > until) throw new VerdictError(`The station made no connection attempt within ${maxMs} ms: nothing shows it refuses the CSMS`, undefined, w.trace.recent(12));
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, graceMs));
  if (connected()) throw new VerdictError('After a failed handshake the station still opened an OCPP connection to a CSMS it must refuse', undefined, w.trace.recent(12));
}

/** The second endpoint goes down (connection lost, nothing listens there any more); the first one is the scenario's CSMS again. */
export async function secondCsmsGoesDown(w: NetWorld): Promise<void> {
  const h = w.ocppCsms;
  const { second: role, first: original } = h.network201 ?? {};
  if (!role || !original) throw new EvcError('no second CSMS endpoint was started in this scenario');
  await role.stop();
  h.useCsmsRole(original);
  w.trace.note('harness', `second CSMS endpoint ${role.url} stopped; expecting the station back at ${original.url}`);
}

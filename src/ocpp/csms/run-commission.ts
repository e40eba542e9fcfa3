/**
 * A real station on the run's persistent listener, at another security profile than the rig's (or facing another
 * server certificate): a rig whose station driver (or operator) can commission it has it set up for the scenario
 * as a technician would — the security profile, the CSMS URL on the listener's port, the scenario's password, this
 * run's PKI root to trust and, at profile 3, a client pair from it — while the listener serves the same on that
 * port. After the scenario the listener serves the rig's settings again and the station gets its installed ones
 * back; the teardown waits for it to reconnect (bounded by the connect wait) so the next scenario finds it there.
 */
import { ConfigError, EvcError } from '../../core/errors';
import { NotAutomatableError } from '../../rig/not-automatable';
import type { Trace } from '../../core/trace';
import type { StationCommissioning, StationSutControl } from '../../rig/ocpp-sut';
import { addRunPkiServerNames, runPki } from '../../transport/tls/run-pki';
import type { SecurityProfile } from '../version';
import type { CsmsTls } from './csms';
import type { PersistentCsmsEndpoint, ServedSettings } from './persistent-endpoint';

/** Which server certificate the harness CSMS presents (negative tests of a station's TLS checks). */
export type CsmsCertificateChoice = 'valid' | 'expired' | 'wrong-name' | 'untrusted' | 'tls-1.1';

/** How each choice is named in steps' failures and notes. */
export const CERT_LABELS: Record<CsmsCertificateChoice, string> = {
  valid: 'a valid certificate',
  expired: 'an expired server certificate',
  'wrong-name': 'a server certificate for another host name',
  untrusted: 'a server certificate from an untrusted root',
  'tls-1.1': 'only TLS 1.1',
};

/** The harness CSMS's server TLS from this run's PKI for a certificate choice (TLS 1.1 only: the valid pair). */
export async function runPkiServerTls(choice: CsmsCertificateChoice): Promise<CsmsTls> {
  const pki = await runPki();
  const pair = { valid: pki.csmsServer, expired: pki.bad.expiredServer, 'wrong-name': pki.bad.wrongNameServer, untrusted: pki.bad.untrustedServer, 'tls-1.1': pki.csmsServer }[choice];
  const tls11 = choice === 'tls-1.1' ? pki.tls11OnlyServerOptions() : undefined;
  return { ca: pki.rootCa.cert, cert: pair.cert, key: pair.key, ...(tls11 ? { minVersion: tls11.minVersion, maxVersion: tls11.maxVersion, ciphers: tls11.ciphers } : {}) };
}

export interface ScenarioCommissioning {
  station: StationSutControl;
  endpoint: PersistentCsmsEndpoint;
  /** What the rig declares: served again after the scenario. */
  installed: ServedSettings;
  securityProfile: SecurityProfile;
  certificate: CsmsCertificateChoice;
  identity: string;
  password: string;
  /** host:port/path of the listener (no scheme). */
  address: string;
  trace: Trace;
  connectMs: number;
  rigName: string;
}

/** Where the rig's station reaches the run's CSMS listener (schemas/rig.schema.json ocpp.station). */
export interface ListenerPlace {
  listenHost?: string;
  advertisedHost?: string;
  listenPort?: number;
  path?: string;
}

/** Before the run's PKI is first used: its server certificates also name the rig's advertisedHost. */
export function prepareRunPki(station: ListenerPlace | undefined): void {
  if (station?.advertisedHost) addRunPkiServerNames([station.advertisedHost]);
}

/**
 * host:port/path (no scheme) at which the station reaches the listener: advertisedHost, else listenHost. A
 * wildcard listenHost cannot be given to a station that is commissioned (the field is named).
 */
export function stationFacingAddress(st: ListenerPlace | undefined, source: string, commissioned: boolean, sp: SecurityProfile): string {
  const host = st?.advertisedHost ?? st?.listenHost ?? '127.0.0.1';
  if (commissioned && /^(0\.0\.0\.0|::|\[::\])$/.test(host)) {
    throw new ConfigError(source, st?.advertisedHost ? 'ocpp.station.advertisedHost' : 'ocpp.station.listenHost', `is a wildcard (${host}): commissioning the station for security profile ${sp} needs the address it reaches the harness CSMS at (ocpp.station.advertisedHost)`);
  }
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${st?.listenPort ?? 0}${st?.path ?? '/ocpp'}`;
}

/**
 * Whether the station must be commissioned for the scenario: another profile, or a bad certificate that only a CA
 * it trusts can issue (expired, wrong name). An untrusted root or TLS 1.1 at the rig's profile needs only the
 * listener to change (serveRefusal): the station keeps its own trust store, as in the field.
 */
export function needsCommissioning(declared: SecurityProfile, scenario: SecurityProfile, certificate: CsmsCertificateChoice): boolean {
  return scenario !== declared || certificate === 'expired' || certificate === 'wrong-name';
}

/**
 * At the rig's profile, for the station to refuse: the listener presents a certificate from a root the station
 * does not trust (this run's untrusted one), or the rig's own certificate limited to TLS 1.1. After the scenario
 * the rig's settings are served again and the station is awaited (putBackListener).
 */
export async function serveRefusal(o: ScenarioCommissioning): Promise<void> {
  const rig = o.installed.tls;
  const tls = o.certificate === 'tls-1.1' && rig ? { ...rig, minVersion: 'TLSv1.1' as const, maxVersion: 'TLSv1.1' as const, ciphers: 'DEFAULT:@SECLEVEL=0' } : await runPkiServerTls(o.certificate);
  // client certificates (profile 3) are still checked against the rig's CA: a station that trusts any server would
  // otherwise be turned away for its client certificate, and its connection never seen
  await o.endpoint.serve({ ...o.installed, tls: rig?.ca ? { ...tls, ca: rig.ca } : tls });
  o.trace.note('harness', `the run's CSMS listener presents ${CERT_LABELS[o.certificate]} for this scenario, at the rig's security profile ${o.installed.securityProfile}; the station keeps its own trust store (the rig's settings are served again after the scenario)`);
}

/** Fails at once, naming the action, when nobody can commission the station. */
export function requireCommissioning(station: StationSutControl, sp: SecurityProfile, declared: SecurityProfile, rig: string, certificate: CsmsCertificateChoice): void {
  if (station.commission) return;
  const how = `an operator or a bench driver that can commission it: rig '${rig}' has none (its station is declared with securityProfile ${declared}; the station-driver action 'commission')`;
  if (certificate === 'expired' || certificate === 'wrong-name') {
    throw new NotAutomatableError(`presenting ${CERT_LABELS[certificate]} to a real station needs one issued by the CA the station trusts: rig '${rig}' cannot make it (this run's CA is generated per run), unless the station is commissioned to trust this run's root, which needs ${how}`);
  }
  throw new NotAutomatableError(`configuring the station for security profile ${sp}${certificate === 'valid' ? '' : ` behind ${CERT_LABELS[certificate]}`} needs ${how}`);
}

/** The listener serves the scenario's settings and the station is commissioned for them. */
export async function commissionForScenario(o: ScenarioCommissioning): Promise<void> {
  const sp = o.securityProfile;
  const pki = await runPki();
  const client = sp === 3 ? await pki.stationClient(o.identity) : undefined;
  const settings: StationCommissioning = {
    securityProfile: sp,
    csmsUrl: `${sp >= 2 ? 'wss' : 'ws'}://${o.address}`,
    password: sp === 1 || sp === 2 ? o.password : undefined,
    ca: sp >= 2 ? pki.rootCa.cert : undefined,
    clientCert: client?.cert,
    clientKey: client?.key,
    files: sp >= 2 ? { ca: pki.rootCa.certFile, clientCert: client?.certFile, clientKey: client?.keyFile } : undefined,
  };
  await o.endpoint.serve({ securityProfile: sp, tls: sp >= 2 ? await runPkiServerTls(o.certificate) : undefined, password: o.password });
  o.trace.note('harness', `commissioning the station for this scenario: security profile ${sp} at ${settings.csmsUrl}${sp >= 2 ? ', trusting this run\'s PKI root' : ''}${sp === 3 ? ', with a client certificate from it' : ''} (its installed settings are put back after the scenario)`);
  await o.station.commission!(settings);
}

/** After the scenario: the rig's settings served again, the station's installed ones back, and the station reconnected. */
export async function putBackInstalled(o: ScenarioCommissioning): Promise<void> {
  await o.endpoint.serve(o.installed);
  await o.station.commission!('installed');
  await reconnected(o, 'after getting its installed settings back');
}

/** After a serveRefusal scenario: the rig's settings served again and the station reconnected. */
export async function putBackListener(o: ScenarioCommissioning): Promise<void> {
  await o.endpoint.serve(o.installed);
  await reconnected(o, `once the listener presented the rig's certificate again`);
}

async function reconnected(o: ScenarioCommissioning, when: string): Promise<void> {
  const until = Date.now() + o.connectMs;
  while (!o.endpoint.liveConnection(o.identity)) {
    if (Date.now() > until) throw new EvcError(`the station did not reconnect to the run's CSMS listener within ${o.connectMs} ms ${when} (security profile ${o.installed.securityProfile}; rig '${o.rigName}')`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * After a scenario that switched the listener's profile or certificate on a station it did not commission (an
 * OCPP upgrade of the security profile): the rig's settings are served again, and a station that can be
 * commissioned gets its installed ones back; one that cannot keeps what the scenario gave it (noted).
 */
export async function putBackAfterSwitch(o: ScenarioCommissioning): Promise<void> {
  try {
    if (!o.station.commission) throw new NotAutomatableError('no commissioning channel');
    await putBackInstalled(o);
  } catch (e) {
    if (!(e instanceof NotAutomatableError)) throw e;
    await o.endpoint.serve(o.installed);
    o.trace.note('harness', `the run's CSMS listener serves the rig's settings again (security profile ${o.installed.securityProfile}); the station keeps what this scenario gave it: nobody can commission it on rig '${o.rigName}' (${e.message})`);
  }
}

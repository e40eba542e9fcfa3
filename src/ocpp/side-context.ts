/**
 * The role contexts of one OCPP scenario, owned by the scenario's World (through its OcppHarness):
 * - `CsmsSideContext`: the harness plays the CSMS, the SUT is a station (@sut:station);
 * - `StationSideContext`: the harness plays the station, the SUT is a CSMS (@sut:csms).
 * Each owns its sessions, endpoints, teardown and the state its procedures remember; both refer to one
 * `OcppScenarioParts` (version, rig, trace, identity/password, scenario variables, id tags, timeouts).
 */
import { containerUsesRunPki } from '../rig/container-config';
import { ConfigError, EvcError, VerdictError } from '../core/errors';
import type { CsmsIntent, CsmsSutControl, SecurityProfile, StationSutControl, TlsMaterial } from '../rig/ocpp-sut';
import { NotAutomatableError } from '../rig/rig';
import { runPki } from '../transport/tls/run-pki';
import { rigCsmsServerTls, rigStationTls } from '../transport/tls/rig-files';
import { substituteVars, tableToPayload } from '../core/table';
import { checkUrlScheme } from './security-check';
import { OcppSideContext } from './context-base';
import { CsmsRole } from './csms/csms';
import { StationRestorer } from './csms/restore';
import type { OcppSession, Payload, Reply } from './session';
import { StationRole } from './station/station';
import type { HashData } from './v16/cs-profiles-security';
import type { CsContext } from './v16/cs-states';
import type { ReportEntry } from './v201/cs-abc';
import type { EfContext } from './v201/cs-ef';
import type { Cs201Context } from './v201/cs-states';
import { type OcppScenarioOptions, OcppScenarioParts } from './scenario-parts';
import { transactionProblems } from './v201/transactions';
import { CERT_LABELS, type CsmsCertificateChoice, type ScenarioCommissioning, commissionForScenario, needsCommissioning, putBackAfterSwitch, putBackInstalled, putBackListener, requireCommissioning, runPkiServerTls, serveRefusal, stationFacingAddress } from './csms/run-commission';

export { OcppScenarioParts, type OcppScenarioOptions, type SutSide } from './scenario-parts';
export { OcppSideContext } from './context-base';

export type { CsmsCertificateChoice };

/** The harness plays the CSMS; the SUT is a station. */
export class CsmsSideContext extends OcppSideContext {
  readonly side = 'station' as const;
  /** Which server certificate the harness CSMS presents (negative tests of a station's TLS checks). */
  csmsCertificate: CsmsCertificateChoice = 'valid';
  csms?: CsmsRole;
  stationSut?: StationSutControl;
  // what the v16/v201 procedures remember in this scenario (typed, created on first use, never module-level)
  /** The last period the station was taken off the network (epoch ms; `to` unset while offline). */
  offline?: { from: number; to?: number };
  /** 1.6 reusable states: connections, transactions and reservations seen (v16/cs-states.ts). */
  cs16?: CsContext;
  /** 1.6: the hash data the station listed for the certificate checked last, for DeleteCertificate. */
  listedCertificate16?: HashData;
  /** 2.0.1 reusable states: connections, transactions, plugged EVSEs, authorized tokens (v201/cs-states.ts). */
  cs201?: Cs201Context;
  /** 2.0.1 blocks E/F: the TransactionEvent asserted last (v201/cs-ef.ts). */
  ef201?: EfContext;
  /** 2.0.1: the entries of the report collected last (v201/cs-abc.ts). */
  report201?: ReportEntry[];
  /** 2.0.1: how far in-order firmware/log status expectations got, per action (v201/cs-gp.ts). */
  statusCursors201?: Map<string, number>;
  /** 2.0.1 network profiles: the original harness CSMS endpoint and the second one (v201/cs-abc-network.ts). */
  network201?: { first: CsmsRole; second: CsmsRole };
  /** A real station under test: settings read before they change, put back at teardown (see csms/restore.ts). */
  restorer?: StationRestorer;
  /** Set by start() when the station under test is expected to refuse the harness CSMS. */
  private stationStart?: Promise<StationSutControl | undefined>;

  currentSession(): OcppSession | undefined {
    return this.csms?.session(this.parts.identity);
  }

  overrideReply(action: string, reply: Reply, times = 1): void {
    this.ensureCsmsRole().override(action, reply, times);
  }

  protected override async beforeCall(session: OcppSession, action: string, payload: Payload): Promise<void> {
    await this.restorer?.beforeCall(session, action, payload);
  }

  /** TransactionEvent findings a negative scenario asserted on purpose. */
  private readonly acknowledged = new Set<string>();

  /** Problems found on the wire that no step asserted (for the World's After guard). */
  override unassertedProblems(): string[] {
    const out = super.unassertedProblems();
    // 2.0.1 TransactionEvent seqNo rules are checked over every connection of the station (a reboot starts a new one)
    if (this.version !== '1.6') out.push(...this.transactionProblems().filter((p) => !this.acknowledged.has(p)));
    return out;
  }

  /** Marks problems as expected (negative scenarios that assert the SUT misbehaved). */
  override acknowledgeProblems(match: RegExp): number {
    let n = 0;
    if (this.version !== '1.6') {
      for (const p of this.transactionProblems()) if (!this.acknowledged.has(p) && match.test(p)) {
        this.acknowledged.add(p);
        n++;
      }
    }
    return n + super.acknowledgeProblems(match);
  }

  /** 2.0.1 TransactionEvent findings over every connection this scenario saw (on the run's listener: a slice of the station's life). */
  private transactionProblems(): string[] {
    return transactionProblems(this.allSessions().flatMap((s) => s.inbox.all), { sliceOfRun: this.usesRunListener });
  }

  allSessions(): OcppSession[] {
    return this.csms ? this.csms.allSessions() : [];
  }

  /** CSMS-side overrides must be set before the station connects; call this before start(). */
  ensureCsmsRole(): CsmsRole {
    if (!this.csms) {
      const p = this.parts;
      const st = p.rig.config.ocpp?.station;
      this.csms = new CsmsRole({
        versions: [p.version],
        trace: p.trace,
        host: st?.listenHost ?? '127.0.0.1',
        port: st?.listenPort ?? 0,
        basePath: st?.path ?? '/ocpp',
        responseTimeoutMs: p.timeout('response'),
        securityProfile: p.securityProfile,
        stations: { [p.identity]: { password: p.password } },
        errorSpelling: st?.errorCodeSpelling,
      });
      for (const [tag, info] of p.idTags) this.csms.state.idTags.set(tag, info);
    }
    return this.csms;
  }

  /** The harness CSMS's server TLS: the certificate the scenario chose (or TLS 1.1 only). */
  private async serverTls(): Promise<TlsMaterial | undefined> {
    if (this.parts.securityProfile < 2) return undefined;
    if (!this.parts.rig.isReference) {
      const fromRig = this.rigServerTls();
      if (fromRig) return fromRig;
    }
    const t = await runPkiServerTls(this.csmsCertificate);
    return { ca: t.ca, cert: t.cert, key: t.key, options: t.minVersion ? { minVersion: t.minVersion, maxVersion: t.maxVersion, ciphers: t.ciphers } : undefined };
  }

  /**
   * On a rig with a real station: the server certificate the rig names (a charger cannot be made to trust a CA
   * generated for this run). Only a certificate from an untrusted root can be made up here; an expired or
   * wrong-name certificate must come from the CA the station trusts, so those cases fail at once, saying so.
   */
  private rigServerTls(choice = this.csmsCertificate): TlsMaterial | undefined {
    const p = this.parts;
    const source = p.rig.config.source ?? 'rig';
    if (choice === 'untrusted') return undefined;
    if (choice === 'expired' || choice === 'wrong-name') {
      throw new NotAutomatableError(`presenting ${CERT_LABELS[choice]} to a real station needs one issued by the CA the station trusts: rig '${p.rig.name}' cannot make it (this run's CA is generated per run)`);
    }
    const rig = rigCsmsServerTls(p.rig.config.ocpp?.station);
    if (!rig) throw new ConfigError(source, 'ocpp.station.certFile', `and keyFile are required for a security profile ${p.securityProfile} scenario with a real station (a server certificate from a CA the station trusts)`);
    const tls11 = choice === 'tls-1.1' ? { minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' } : undefined;
    return { ca: rig.ca, cert: rig.cert, key: rig.key, options: tls11 };
  }

  /** Starts the harness CSMS and the station under test; waits for its connection (unless it is expected to refuse). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const p = this.parts;
    if (this.usesRunListener) return this.startOnRunListener();
    const csms = this.ensureCsmsRole();
    const tls = await this.serverTls();
    if (tls?.cert && tls.key) csms.useTls({ cert: tls.cert, key: tls.key, ca: tls.ca, ...(tls.options as Record<string, never>) });
    await csms.start();
    p.onCleanup(() => csms.stop());
    if (!p.rig.isReference) this.leaveStationAsFound();
    if (this.csmsCertificate !== 'valid') {
      // a station that refuses the connection may fail its own start-up: that refusal is what is tested
      this.stationStart = this.startStationUnderTest(csms.url).catch((e: Error) => {
        if (e instanceof NotAutomatableError) throw e; // not a refusal: the station was never set up
        p.trace.note('harness', `station under test did not start a connection: ${e.message}`);
        return undefined;
      });
      return;
    }
    this.stationSut = await this.startStationUnderTest(csms.url);
    const connectMs = p.rig.config.ocpp?.station?.connectTimeoutMs ?? p.timeout('connect');
    const session = await csms.waitForStation(p.identity, connectMs);
    // the station's connection was verified on arrival (security-check.ts): a mismatch is the headline
    const insecure = session.unasserted().find((x) => x.text.startsWith('security profile'));
    if (insecure) throw new VerdictError(insecure.text, undefined, p.trace.recent(8));
  }

  /** A station the harness does not start is served by the run's persistent CSMS listener (one connection per run). */
  get usesRunListener(): boolean {
    return !this.parts.rig.isReference && this.parts.run !== undefined;
  }

  /**
   * Rigs with a real station: binds the scenario's CSMS role to the run's persistent listener (opened on first
   * use, with the rig's security profile and server certificate), adopts the station's live connection or
   * waits for one (ocpp.station.connectTimeoutMs). The socket is never closed at the scenario's end: the role
   * lets go, after the restorer has left the station idle.
   */
  private async startOnRunListener(): Promise<void> {
    const p = this.parts;
    const st = p.rig.config.ocpp?.station;
    const declared = st?.securityProfile ?? 0;
    const commissioned = needsCommissioning(declared, p.securityProfile, this.csmsCertificate);
    this.commissioned = commissioned;
    const address = stationFacingAddress(st, p.rig.config.source ?? 'rig', commissioned, p.securityProfile);
    const installedTls = declared >= 2 ? this.rigServerTls('valid') : undefined; // the rig's certificate (a scenario not commissioned is at the rig's profile, valid certificate)
    this.stationSut = await this.startStationUnderTest(`${declared >= 2 ? 'wss' : 'ws'}://${address}`, declared);
    if (commissioned) requireCommissioning(this.stationSut, p.securityProfile, declared, p.rig.name, this.csmsCertificate);
    const installed = { securityProfile: declared, tls: installedTls?.cert && installedTls.key ? { cert: installedTls.cert, key: installedTls.key, ca: installedTls.ca } : undefined, password: p.password };
    const endpoint = await p.run!.persistentCsms({
      version: p.version,
      host: st?.listenHost ?? '127.0.0.1',
      port: st?.listenPort ?? 0,
      basePath: st?.path ?? '/ocpp',
      ...installed,
      identity: p.identity,
      responseTimeoutMs: p.timeout('response'),
      errorSpelling: st?.errorCodeSpelling,
      idTags: p.idTags,
      rigName: p.rig.name,
    });
    const connectMs = st?.connectTimeoutMs ?? p.timeout('connect');
    const csms = this.ensureCsmsRole();
    csms.bindTo(endpoint);
    if (commissioned) csms.useSecurityProfile(declared); // the connection it adopts is the installed one, until commissioning
    const plan: ScenarioCommissioning = { station: this.stationSut, endpoint, installed, securityProfile: p.securityProfile, certificate: this.csmsCertificate, identity: p.identity, password: p.password, address, trace: p.trace, connectMs, rigName: p.rig.name };
    this.plan = plan;
    // after the role let go (cleanups run last-in first-out)
    if (commissioned || this.csmsCertificate !== 'valid') p.onCleanup(() => (commissioned ? putBackInstalled(plan) : putBackListener(plan)));
    this.boundAt = Date.now();
    await csms.start();
    p.onCleanup(() => csms.stop());
    this.leaveStationAsFound();
    if (commissioned) {
      this.restorer?.leaveConnectionSettingsToCommissioning();
      await csms.waitForStation(p.identity, connectMs).catch(() => undefined); // commissioned from where it stands: connected at its installed settings
      await commissionForScenario(plan);
    } else if (this.csmsCertificate !== 'valid') {
      await serveRefusal(plan); // an untrusted root or TLS 1.1 at the rig's profile: only the listener changes
    }
    if (this.csmsCertificate !== 'valid') {
      this.stationStart = Promise.resolve(this.stationSut); // a real station retries: the refusal window applies in full
      return;
    }
    if (!endpoint.liveConnection(p.identity)) p.trace.note('harness', `waiting up to ${connectMs} ms (ocpp.station.connectTimeoutMs) for the station to connect to ${endpoint.url}/${p.identity}`);
    const session = await csms.waitForStation(p.identity, connectMs).catch(() => {
      const refused = csms.refused.filter((r) => r.identity === p.identity).map((r) => `HTTP ${r.status} ${r.reason}`);
      throw new VerdictError(
        `Station '${p.identity}' did not connect to ${endpoint.url}/${p.identity} within ${connectMs} ms (the connect wait: ocpp.station.connectTimeoutMs of rig '${p.rig.name}'; ${commissioned ? `it was commissioned for security profile ${p.securityProfile} in this scenario` : 'the run\'s CSMS listener stayed open since the last scenario'})${refused.length ? ` (refused attempts: ${refused.join('; ')})` : ''}`,
        undefined,
        p.trace.recent(12),
      );
    });
    if (commissioned) {
      session.markOpenBeforeSteps();
      this.boundAt = Date.now(); // a boot the station made before it was commissioned (the run's first connection) precedes the steps too
    }
    const insecure = session.unasserted().find((x) => x.text.startsWith('security profile'));
    if (insecure) throw new VerdictError(insecure.text, undefined, p.trace.recent(8));
  }

  /**
   * For steps that must see the station boot ("the station connects to the CSMS", the boot test cases): on the
   * run's persistent listener a station already booted in this run is made to boot again by an OCPP Reset from
   * the harness CSMS (Hard in 1.6, Immediate in 2.0.1) — never by dropping its connection; a station that
   * rejects the Reset is power cycled by the rig's station driver (or the step fails, naming that). The new
   * connection is awaited (ocpp.station.connectTimeoutMs); the scenario then sees the boot from its start.
   */
  async startSeeingBoot(): Promise<void> {
    await this.start();
    if (this.csmsCertificate !== 'valid') return; // the station must refuse this CSMS: no boot to see
    const run = await this.runBoot();
    if (run === 'fresh') return;
    await this.resetForBoot(run === 'carried' ? 'it is booted already' : 'it is registered from before this run');
  }

  override async runBoot(): Promise<'fresh' | 'carried' | 'unregistered'> {
    if (!this.usesRunListener) return 'fresh';
    if (this.stationBootedSince() !== undefined) return 'carried';
    const p = this.parts;
    if (p.run?.openedCsms?.bootSeenInRun(p.identity)) return 'fresh';
    // a freshly powered station sends its BootNotification at once; one registered before the run does not
    const graceMs = p.timeout('response');
    if (await this.session.inbox.arrives('BootNotification', graceMs)) return 'fresh';
    p.trace.note('harness', `no BootNotification within ${graceMs} ms (the response timeout) of the station's connection: it was registered before this run`);
    return 'unregistered';
  }

  /**
   * The station boots again: a boot test case expects a cold boot (2.0.1 reason PowerUp), so a rig with a station
   * driver (or the rig's operator) power-cycles it; otherwise the harness CSMS sends an OCPP Reset (Hard in 1.6, Immediate in 2.0.1: the
   * boot reason is then RemoteReset, noted in the trace), and the station control power-cycles it when it rejects
   * the Reset. Resolves once it has reconnected (ocpp.station.connectTimeoutMs).
   */
  override async resetForBoot(why: string): Promise<void> {
    const p = this.parts;
    const csms = this.ensureCsmsRole();
    const connectMs = p.rig.config.ocpp?.station?.connectTimeoutMs ?? p.timeout('connect');
    const next = csms.waitForNewConnection(p.identity, connectMs);
    next.catch(() => undefined); // awaited below; a failed Reset must not leave it unhandled
    if (p.rig.config.ocpp?.station?.driver || p.rig.hasOperator) {
      p.trace.note('harness', `this scenario must see the station boot, and ${why}: the rig's ${p.rig.config.ocpp?.station?.driver ? 'station driver' : 'operator'} power-cycles it`);
      await (await this.stationUnderTest()).powerCycle();
      await next;
      return;
    }
    p.trace.note('harness', `this scenario must see the station boot, and ${why}: the harness CSMS resets it (OCPP Reset; a cold boot needs a station driver)`);
    const out = await this.session.call('Reset', p.version === '1.6' ? { type: 'Hard' } : { type: 'Immediate' });
    if (out.kind !== 'result' || out.payload.status !== 'Accepted') {
      p.trace.note('harness', `the station did not accept the Reset (${out.kind === 'result' ? String(out.payload.status) : out.code}): power cycling it through the rig's station control`);
      await (await this.stationUnderTest()).powerCycle();
    }
    await next;
  }

  /**
   * On the run's persistent listener, before this scenario connects: the heartbeat interval the station's last
   * accepted boot in this run was given (what it uses unless a scenario changed it; teardown restores changes).
   */
  runBootInterval(): number | undefined {
    if (!this.usesRunListener) return undefined;
    return this.parts.run?.openedCsms?.station(this.parts.identity).boot?.interval;
  }

  override markRegisteredInRun(): void {
    if (this.usesRunListener) this.parts.run?.openedCsms?.markRegistered(this.parts.identity);
  }

  override stationStatusMap(): ReadonlyMap<string, string> {
    return (this.usesRunListener ? this.parts.run?.openedCsms?.station(this.parts.identity).statuses : undefined) ?? new Map();
  }

  override stationStatusesInRun(): string | undefined {
    const statuses = this.usesRunListener ? this.parts.run?.openedCsms?.station(this.parts.identity).statuses : undefined;
    return statuses?.size ? [...statuses].map(([k, v]) => `${k} ${v}`).join(', ') : undefined;
  }

  /** The station was commissioned for this scenario (run-commission.ts): it trusts this run's PKI root. */
  private commissioned = false;
  /** On the run's listener: what commissioning (or putting the rig's settings back after a switch) works with. */
  private plan?: ScenarioCommissioning;
  private switchedBack = false;

  /** When the scenario bound to the run's listener (epoch ms). */
  private boundAt?: number;

  /**
   * On the run's persistent listener: when the station's BootNotification was accepted, if that was before
   * this scenario and it is connected now (the Booted state then carries over: no new boot is expected).
   */
  override stationBootedSince(): number | undefined {
    const shared = this.csms?.sharedListener;
    if (!shared || this.boundAt === undefined || !this.currentSession()?.isOpen) return undefined;
    const at = shared.bootAcceptedAt(this.parts.identity);
    return at !== undefined && at < this.boundAt ? at : undefined;
  }

  /** Teardown on rigs with a real station (runs before the harness CSMS stops): leave it as the scenario found it. */
  private leaveStationAsFound(): void {
    const p = this.parts;
    const restorer = new StationRestorer({ trace: p.trace, identity: p.identity, version: p.version, password: p.password, responseTimeoutMs: p.timeout('response'), expectTimeoutMs: p.timeout('expect') });
    this.restorer = restorer;
    p.onCleanup(async () => {
      try {
        const failures = await restorer.restore(this.csms?.session(p.identity));
        if (failures.length) throw new EvcError(`the station under test was not left as the scenario found it: ${failures.join('; ')}`);
      } finally {
        for (const fn of this.afterRestore.splice(0).reverse()) await fn();
      }
    });
  }

  /** Teardown the restorer still needs (a second CSMS endpoint the station migrated to): run right after it. */
  private readonly afterRestore: (() => Promise<void>)[] = [];

  /** Registers teardown that must wait until the station was left as found (on a real station; at once in order otherwise). */
  onCleanupAfterRestore(fn: () => Promise<void>): void {
    if (this.restorer) this.afterRestore.push(fn);
    else this.parts.onCleanup(fn);
  }

  private async startStationUnderTest(csmsUrl: string, securityProfile = this.parts.securityProfile): Promise<StationSutControl> {
    const p = this.parts;
    return p.rig.startStationSut({
      version: p.version,
      csmsUrl,
      identity: p.identity,
      securityProfile,
      password: p.password,
      tls: await p.runPkiStationTls(),
      connectors: p.connectors,
      trace: p.trace,
    });
  }

  /**
   * The station under test must not open a connection to a CSMS presenting a bad certificate (or TLS 1.1)
   * within `windowMs`; a station that does is non-conformant.
   */
  async expectNoStationConnection(windowMs: number): Promise<void> {
    await this.ensureStarted();
    const p = this.parts;
    const csms = this.ensureCsmsRole();
    // A reference station whose first connection fails gives up (its start rejects): that is the refusal,
    // and the wait can end early. A real station retries, so the full window applies.
    const gaveUp = (this.stationStart ?? Promise.resolve(undefined)).then((sut) => (sut ? new Promise<never>(() => undefined) : ('gave-up' as const)));
    const connected = csms.waitForStation(p.identity, windowMs).then(
      () => 'connected' as const,
      () => 'window-ended' as const,
    );
    const outcome = await Promise.race([connected, gaveUp]);
    if (outcome !== 'connected') {
      p.trace.note('harness', outcome === 'gave-up' ? 'the station refused the connection and gave up' : `no connection within ${windowMs} ms`);
      return;
    }
    throw new VerdictError(`The station opened an OCPP connection to a CSMS presenting ${CERT_LABELS[this.csmsCertificate]}`, undefined, p.trace.recent(12));
  }

  /**
   * On the run's persistent listener: the scenario's CSMS endpoint switches security profile or server
   * certificate on its port (the station keeps its URL's host and port). False where the scenario's CSMS has a
   * listener of its own (the caller replaces it).
   */
  async switchRunListener(sp: SecurityProfile, certificate: CsmsCertificateChoice): Promise<boolean> {
    const shared = this.csms?.sharedListener;
    if (!shared) return false;
    // a station left at its installed settings trusts the rig's CA for the valid certificate; one commissioned here, this run's root
    const rig = !this.commissioned ? rigCsmsServerTls(this.parts.rig.config.ocpp?.station) : undefined;
    const made = certificate === 'valid' && rig?.cert && rig.key ? { cert: rig.cert, key: rig.key } : await runPkiServerTls(certificate);
    const tls = sp < 2 ? undefined : { ...made, ca: rig?.ca ?? ('ca' in made ? made.ca : undefined) }; // client certificates: still the rig's CA
    await shared.serve({ securityProfile: sp, tls, password: this.parts.password });
    this.parts.securityProfile = sp;
    const plan = this.plan;
    if (!this.commissioned && plan && !this.switchedBack) {
      this.switchedBack = true; // the listener (and, where possible, the station) back to the rig's settings after the scenario
      this.onCleanupAfterRestore(() => putBackAfterSwitch(plan));
    }
    return true;
  }

  /** Another harness CSMS endpoint becomes the scenario's CSMS (its security profile with it): replaced or migrated to. */
  useCsmsRole(role: CsmsRole): void {
    this.csms = role;
    this.parts.securityProfile = role.securityProfile;
  }

  /** The station under test's physical/operator controls (bench driver or reference simulator). */
  async stationUnderTest(): Promise<StationSutControl> {
    await this.ensureStarted();
    if (!this.stationSut) throw new EvcError('the station under test was not started (it was expected to refuse the connection)');
    return this.stationSut;
  }
}

/** The harness plays the station; the SUT is a CSMS. */
export class StationSideContext extends OcppSideContext {
  readonly side = 'csms' as const;
  station?: StationRole;
  csmsSut?: CsmsSutControl;
  /** The heartbeat interval (s) a reference CSMS under test is configured with (its BootNotification answer). */
  csmsHeartbeatInterval = 300;
  /** Reference CSMS under test only: how many of the station's first BootNotifications it answers Pending (set before start). */
  csmsBootPending?: number;

  constructor(parts: OcppScenarioParts) {
    super(parts);
    const hb = parts.rig.config.ocpp?.csms?.heartbeatInterval;
    if (hb) this.csmsHeartbeatInterval = hb;
  }

  currentSession(): OcppSession | undefined {
    return this.station ? this.station.session : undefined;
  }

  overrideReply(action: string, reply: Reply, times = 1): void {
    if (!this.station) throw new EvcError('the harness station does not exist before the connection; connect first');
    this.station.override(action, reply, times);
  }

  allSessions(): OcppSession[] {
    return this.station ? [...this.station.history] : [];
  }

  /** The reference CSMS under test's server TLS (always a valid certificate). */
  private async csmsSutTls(): Promise<TlsMaterial | undefined> {
    if (this.parts.securityProfile < 2) return undefined;
    const pki = await runPki();
    return { ca: pki.rootCa.cert, cert: pki.csmsServer.cert, key: pki.csmsServer.key };
  }

  /** The harness station's TLS: to a remote CSMS the rig's CA and, at SP3, the client certificate / key it trusts. */
  private async stationTls(): Promise<TlsMaterial | undefined> {
    const p = this.parts;
    if (p.securityProfile < 2) return undefined;
    if (p.rig.isReference || containerUsesRunPki(p.rig.config.container)) return p.runPkiStationTls(); // the run PKI copied into a SUT container
    const source = p.rig.config.source ?? p.rig.name;
    const rig = rigStationTls(p.rig.config.ocpp?.csms, source);
    if (p.securityProfile === 3 && !rig.cert) throw new ConfigError(source, 'ocpp.csms.certFile', 'and keyFile are required for a security profile 3 scenario against a remote CSMS (the client certificate it trusts)');
    return rig;
  }

  /** Starts the CSMS under test and connects the harness station to it. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const p = this.parts;
    this.csmsSut = await p.rig.startCsmsSut({
      version: p.version,
      stations: { [p.identity]: { password: p.password } },
      securityProfile: p.securityProfile,
      tls: await this.csmsSutTls(),
      idTags: Object.fromEntries(p.idTags),
      heartbeatInterval: this.csmsHeartbeatInterval,
      bootPending: this.csmsBootPending,
    });
    // a remote CSMS's URL must fit the scenario's profile: named at once, never silently rewritten
    if (!p.rig.isReference) checkUrlScheme(this.csmsSut.url, p.securityProfile, `the CSMS (rig ${p.rig.config.source ?? p.rig.name}, ocpp.csms.url)`);
    const station = new StationRole({
      version: p.version,
      trace: p.trace,
      csmsUrl: this.csmsSut.url,
      identity: p.identity,
      securityProfile: p.securityProfile,
      password: p.password,
      tls: await this.stationTls(),
      responseTimeoutMs: p.timeout('response'),
      connectTimeoutMs: p.timeout('connect'),
      connectors: p.connectors,
    });
    this.station = station;
    await station.connect();
    p.onCleanup(() => station.disconnect());
    // runs before the disconnect above: the CSMS must be left idle (no open transaction) for the next scenario
    p.onCleanup(() => station.endOpenTransactions());
  }

  /**
   * The heartbeat interval (s) the CSMS under test is configured with: the reference CSMS is configured with
   * `csmsHeartbeatInterval`; a real CSMS's must be declared in the rig (never assumed).
   */
  configuredCsmsHeartbeatInterval(): number {
    const rig = this.parts.rig;
    if (!rig.isReference && !rig.config.ocpp?.csms?.heartbeatInterval) {
      throw new ConfigError(rig.config.source ?? rig.name, 'ocpp.csms.heartbeatInterval', 'is needed to check the heartbeat interval the CSMS answers with: declare the interval the CSMS under test is configured with');
    }
    return this.csmsHeartbeatInterval;
  }

  /** The URL of the CSMS under test (after start). */
  get csmsUrl(): string {
    if (!this.csmsSut) throw new EvcError('the CSMS under test has not been started yet');
    return this.csmsSut.url;
  }

  /**
   * Makes the CSMS under test send a CSMS-initiated call (reference CSMS: in-process; a real CSMS needs a
   * driver). Does not wait for the exchange: the scenario asserts it with "the CSMS sends …".
   */
  async triggerCsms(action: string, payload: Payload): Promise<void> {
    await this.ensureStarted();
    const p = this.parts;
    p.trace.note('harness', `operator makes the CSMS send ${action}`);
    const pending = this.csmsSut!.call(p.identity, action, payload);
    // a rig that cannot make the CSMS send it says so at once: the step fails, naming the action
    const refused = await Promise.race([pending.then(() => undefined, (e: unknown) => e), new Promise<undefined>((r) => setImmediate(() => r(undefined)))]);
    if (refused instanceof NotAutomatableError) throw refused;
    // not the in-process reference: the operator was asked (src/operator/station-control.ts); their answer
    // (done, failed, not applicable, none in time) is the step's outcome, the message then checked on the wire
    if (!p.rig.isReference) {
      await pending;
      return;
    }
    pending.catch((e: Error) => p.trace.note('harness', `CSMS trigger ${action} ended: ${e.message}`));
  }

  /**
   * Asks the CSMS under test to do something in its own terms ("remotely start a transaction"); the CSMS
   * builds the message. Fails at once, naming the intent, when the rig cannot make the CSMS do it.
   */
  async askCsms(phrase: string, rows: string[][] | undefined): Promise<void> {
    await this.ensureStarted();
    const p = this.parts;
    const intent: CsmsIntent = { name: phrase.trim().toLowerCase().replace(/\s+/g, '-'), params: rows ? tableToPayload(substituteVars(rows, p.vars)) : {} };
    if (!this.csmsSut!.perform) throw new NotAutomatableError(`asking the CSMS to ${phrase} is not possible on this rig (no CSMS driver)`);
    p.trace.note('harness', `operator asks the CSMS to ${phrase}${rows ? ` (${JSON.stringify(intent.params)})` : ''}`);
    await this.csmsSut!.perform(p.identity, intent);
  }
}

export type SideContext = CsmsSideContext | StationSideContext;

/** The context for the scenario's side. */
export function createSideContext(opts: OcppScenarioOptions): SideContext {
  const parts = new OcppScenarioParts(opts);
  return opts.side === 'station' ? new CsmsSideContext(parts) : new StationSideContext(parts);
}

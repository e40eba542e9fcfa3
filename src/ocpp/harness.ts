/**
 * The OCPP side of a scenario: sets up whichever role the harness plays against the SUT named by the
 * scenario's tags (@sut:station → harness is the CSMS; @sut:csms → harness is the station), starts the SUT
 * through the rig, and offers the operations steps need: expect a call from the SUT, send a call to it,
 * check the outcome. Everything is bounded by the rig's timeouts and recorded in the trace.
 */
import { ConfigError, EvcError, VerdictError } from '../core/errors';
import { diffValues, formatMismatches } from '../core/match';
import type { InboxItem } from '../core/expect';
import type { Trace } from '../core/trace';
import type { CsmsIntent, CsmsSutControl, OcppVersion, SecurityProfile, StationSutControl, TlsMaterial } from '../rig/ocpp-sut';
import { NotAutomatableError, type StartedRig } from '../rig/rig';
import { runPki } from '../transport/tls/run-pki';
import { rigStationTls } from '../transport/tls/rig-files';
import { checkUrlScheme } from './security-check';
import { CsmsRole } from './csms/csms';
import { StationRestorer } from './csms/restore';
import { canonicalErrorCode, defaultSpelling, spellErrorCode } from './error-codes';
import { getPath, substituteVars, tableToPartial, tableToPayload } from '../core/table';
import { type CallOutcome, OcppSession, type Payload, type Reply } from './session';
import { StationRole } from './station/station';
import { type IdTagInfo, idTagVariables, knownIdTags, resolveIdTags } from './id-tags';
import type { ProcedureState } from './procedure-state';
import { transactionProblems } from './v201/transactions';

export type SutSide = 'station' | 'csms';
export type CsmsCertificateChoice = 'valid' | 'expired' | 'wrong-name' | 'untrusted' | 'tls-1.1';

const CERT_LABELS: Record<CsmsCertificateChoice, string> = {
  valid: 'a valid certificate',
  expired: 'an expired server certificate',
  'wrong-name': 'a server certificate for another host name',
  untrusted: 'a server certificate from an untrusted root',
  'tls-1.1': 'only TLS 1.1',
};

export interface OcppHarnessOptions {
  rig: StartedRig;
  trace: Trace;
  version: OcppVersion;
  side: SutSide;
  onCleanup: (fn: () => Promise<void>) => void;
}

export class OcppHarness {
  readonly version: OcppVersion;
  readonly side: SutSide;
  identity: string;
  securityProfile: SecurityProfile = 0;
  password = 'EvcTestPassword0123';
  /** Which server certificate the harness CSMS presents (negative tests of a station's TLS checks). */
  csmsCertificate: CsmsCertificateChoice = 'valid';
  /** The heartbeat interval (s) a reference CSMS under test is configured with (its BootNotification answer). */
  csmsHeartbeatInterval = 300;
  /** Reference CSMS under test only: how many of the station's first BootNotifications it answers Pending (set before start). */
  csmsBootPending?: number;
  connectors: number;
  /** Harness as CSMS (SUT is a station). */
  csms?: CsmsRole;
  stationSut?: StationSutControl;
  /** Harness as station (SUT is a CSMS). */
  station?: StationRole;
  csmsSut?: CsmsSutControl;
  lastOutcome?: CallOutcome;
  lastItem?: InboxItem<Payload>;
  /** Scenario variables (`${name}` in tables), remembered from messages. */
  readonly vars = new Map<string, unknown>();
  /** Id tags by role for this scenario (rig values for the side under test over the defaults; see id-tags.ts). */
  readonly idTagRoles: Readonly<Record<string, string>>;
  /** Id tags known to the CSMS side (reference CSMS, or the harness CSMS), with the status their role implies. */
  readonly idTags: Map<string, IdTagInfo>;
  /** What the v16/v201 procedures remember in this scenario (typed, never module-level). */
  readonly procedures: ProcedureState = {};
  private started = false;

  constructor(private readonly opts: OcppHarnessOptions) {
    this.version = opts.version;
    this.side = opts.side;
    const cfg = opts.side === 'station' ? opts.rig.config.ocpp?.station : opts.rig.config.ocpp?.csms;
    this.identity = cfg?.identity ?? `EVC-${opts.side === 'station' ? 'CP' : 'TS'}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
    this.connectors = opts.rig.config.ocpp?.station?.connectors ?? 2;
    if (cfg?.securityProfile !== undefined) this.securityProfile = cfg.securityProfile;
    if (cfg?.password) this.password = cfg.password;
    const hb = opts.rig.config.ocpp?.csms?.heartbeatInterval;
    if (opts.side === 'csms' && hb) this.csmsHeartbeatInterval = hb;
    this.idTagRoles = resolveIdTags(cfg?.idTags);
    this.idTags = knownIdTags(this.idTagRoles);
    for (const [name, value] of idTagVariables(this.idTagRoles)) this.vars.set(name, value);
    this.vars.set('station.connectors', this.connectors); // the rig's connector count, for tables
  }

  private timeout(name: string): number {
    return this.opts.rig.timeouts.get('ocpp', name);
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** The session with the SUT (throws a clear error before the connection exists). */
  get session(): OcppSession {
    const s = this.side === 'station' ? this.csms?.session(this.identity) : this.station?.connected || this.station ? this.station?.session : undefined;
    if (!s) throw new EvcError('the OCPP connection is not up yet: start with a step such as "the charging station is connected"');
    return s;
  }

  private async tlsFor(role: 'csms' | 'station'): Promise<TlsMaterial | undefined> {
    if (this.securityProfile < 2) return undefined;
    if (role === 'station' && this.side === 'csms' && !this.opts.rig.isReference) return this.remoteCsmsTls();
    const pki = await runPki();
    if (role === 'csms') {
      const pair = {
        valid: pki.csmsServer,
        expired: pki.bad.expiredServer,
        'wrong-name': pki.bad.wrongNameServer,
        untrusted: pki.bad.untrustedServer,
        'tls-1.1': pki.csmsServer,
      }[this.side === 'station' ? this.csmsCertificate : 'valid'];
      const tls11 = this.side === 'station' && this.csmsCertificate === 'tls-1.1' ? pki.tls11OnlyServerOptions() : undefined;
      return { ca: pki.rootCa.cert, cert: pair.cert, key: pair.key, options: tls11 ? { minVersion: tls11.minVersion, maxVersion: tls11.maxVersion, ciphers: tls11.ciphers } : undefined };
    }
    const client = await pki.stationClient(this.identity);
    return { ca: pki.rootCa.cert, cert: client.cert, key: client.key, caLabel: 'the run PKI root' };
  }

  /** The harness station's TLS to a remote CSMS: the rig's CA and, at SP3, the client certificate / key it trusts. */
  private remoteCsmsTls(): TlsMaterial {
    const source = this.opts.rig.config.source ?? this.opts.rig.name;
    const rig = rigStationTls(this.opts.rig.config.ocpp?.csms, source);
    if (this.securityProfile === 3 && !rig.cert) throw new ConfigError(source, 'ocpp.csms.certFile', 'and keyFile are required for a security profile 3 scenario against a remote CSMS (the client certificate it trusts)');
    return rig;
  }

  /** CSMS-side overrides must be set before the station connects; call this before start(). */
  ensureCsmsRole(): CsmsRole {
    if (this.side !== 'station') throw new EvcError('this scenario tests a CSMS: the harness plays the station, not the CSMS');
    if (!this.csms) {
      const st = this.opts.rig.config.ocpp?.station;
      this.csms = new CsmsRole({
        versions: [this.version],
        trace: this.opts.trace,
        host: st?.listenHost ?? '127.0.0.1',
        port: st?.listenPort ?? 0,
        basePath: st?.path ?? '/ocpp',
        responseTimeoutMs: this.timeout('response'),
        securityProfile: this.securityProfile,
        stations: { [this.identity]: { password: this.password } },
        errorSpelling: st?.errorCodeSpelling,
      });
      for (const [tag, info] of this.idTags) this.csms.state.idTags.set(tag, info);
    }
    return this.csms;
  }

  /** Brings the connection up: starts the harness role and the SUT, waits until they are connected. */
  async start(): Promise<OcppSession> {
    if (this.started) return this.session;
    this.started = true;
    if (this.side === 'station') {
      const csms = this.ensureCsmsRole();
      const tls = await this.tlsFor('csms');
      if (tls?.cert && tls.key) csms.useTls({ cert: tls.cert, key: tls.key, ca: tls.ca, ...(tls.options as Record<string, never>) });
      await csms.start();
      this.opts.onCleanup(() => csms.stop());
      if (!this.opts.rig.isReference) this.leaveStationAsFound();
      if (this.csmsCertificate !== 'valid') {
        // a station that refuses the connection may fail its own start-up: that refusal is what is tested
        this.stationStart = this.startStationUnderTest(csms.url).catch((e: Error) => {
          if (e instanceof NotAutomatableError) throw e; // not a refusal: the station was never set up
          this.opts.trace.note('harness', `station under test did not start a connection: ${e.message}`);
          return undefined;
        });
        return undefined as unknown as OcppSession;
      }
      this.stationSut = await this.startStationUnderTest(csms.url);
      const connectMs = this.opts.rig.config.ocpp?.station?.connectTimeoutMs ?? this.timeout('connect');
      const session = await csms.waitForStation(this.identity, connectMs);
      // the station's connection was verified on arrival (security-check.ts): a mismatch is the headline
      const insecure = session.unasserted().find((p) => p.text.startsWith('security profile'));
      if (insecure) throw new VerdictError(insecure.text, undefined, this.opts.trace.recent(8));
      return session;
    }
    return this.startAsStation();
  }

  /** A real station under test: settings read before they change, put back at teardown (see csms/restore.ts). */
  private restorer?: StationRestorer;

  /** Teardown on rigs with a real station (runs before the harness CSMS stops): leave it as the scenario found it. */
  private leaveStationAsFound(): void {
    const restorer = new StationRestorer({ trace: this.opts.trace, identity: this.identity, version: this.version, password: this.password, responseTimeoutMs: this.timeout('response'), expectTimeoutMs: this.timeout('expect') });
    this.restorer = restorer;
    this.opts.onCleanup(async () => {
      const failures = await restorer.restore(this.csms?.session(this.identity));
      if (failures.length) throw new EvcError(`the station under test was not left as the scenario found it: ${failures.join('; ')}`);
    });
  }

  /** Set by start() when the station under test is expected to refuse the harness CSMS. */
  private stationStart?: Promise<StationSutControl | undefined>;

  private async startStationUnderTest(csmsUrl: string): Promise<StationSutControl> {
    return this.opts.rig.startStationSut({
      version: this.version,
      csmsUrl,
      identity: this.identity,
      securityProfile: this.securityProfile,
      password: this.password,
      tls: await this.tlsFor('station'),
      connectors: this.connectors,
    });
  }

  /**
   * The station under test must not open a connection to a CSMS presenting a bad certificate (or TLS 1.1)
   * within `windowMs`; a station that does is non-conformant.
   */
  async expectNoStationConnection(windowMs: number): Promise<void> {
    if (!this.started) await this.start();
    const csms = this.ensureCsmsRole();
    // A reference station whose first connection fails gives up (its start rejects): that is the refusal,
    // and the wait can end early. A real station retries, so the full window applies.
    const gaveUp = (this.stationStart ?? Promise.resolve(undefined)).then((sut) => (sut ? new Promise<never>(() => undefined) : ('gave-up' as const)));
    const connected = csms.waitForStation(this.identity, windowMs).then(
      () => 'connected' as const,
      () => 'window-ended' as const,
    );
    const outcome = await Promise.race([connected, gaveUp]);
    if (outcome !== 'connected') {
      this.opts.trace.note('harness', outcome === 'gave-up' ? 'the station refused the connection and gave up' : `no connection within ${windowMs} ms`);
      return;
    }
    throw new VerdictError(`The station opened an OCPP connection to a CSMS presenting ${CERT_LABELS[this.csmsCertificate]}`, undefined, this.opts.trace.recent(12));
  }

  private async startAsStation(): Promise<OcppSession> {
    const csmsTls = await this.tlsFor('csms');
    this.csmsSut = await this.opts.rig.startCsmsSut({
      version: this.version,
      stations: { [this.identity]: { password: this.password } },
      securityProfile: this.securityProfile,
      tls: csmsTls,
      idTags: Object.fromEntries(this.idTags),
      heartbeatInterval: this.csmsHeartbeatInterval,
      bootPending: this.csmsBootPending,
    });
    // a remote CSMS's URL must fit the scenario's profile: named at once, never silently rewritten
    if (!this.opts.rig.isReference) checkUrlScheme(this.csmsSut.url, this.securityProfile, `the CSMS (rig ${this.opts.rig.config.source ?? this.opts.rig.name}, ocpp.csms.url)`);
    const stationTls = await this.tlsFor('station');
    this.station = new StationRole({
      version: this.version,
      trace: this.opts.trace,
      csmsUrl: this.csmsSut.url,
      identity: this.identity,
      securityProfile: this.securityProfile,
      password: this.password,
      tls: stationTls,
      responseTimeoutMs: this.timeout('response'),
      connectTimeoutMs: this.timeout('connect'),
      connectors: this.connectors,
    });
    const session = await this.station.connect();
    this.opts.onCleanup(() => this.station!.disconnect());
    // runs before the disconnect above: the CSMS must be left idle (no open transaction) for the next scenario
    this.opts.onCleanup(() => this.station!.endOpenTransactions());
    return session;
  }

  /**
   * The heartbeat interval (s) the CSMS under test is configured with: the reference CSMS is configured with
   * `csmsHeartbeatInterval`; a real CSMS's must be declared in the rig (never assumed).
   */
  configuredCsmsHeartbeatInterval(): number {
    const rig = this.opts.rig;
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

  setSecurityProfile(sp: number): void {
    if (this.started) throw new EvcError('the security profile must be set before the connection is made');
    if (![0, 1, 2, 3].includes(sp)) throw new EvcError(`security profile ${sp} does not exist (0–3)`);
    this.securityProfile = sp as SecurityProfile;
  }

  /** The party the SUT plays in step text. */
  get sutParty(): 'station' | 'CSMS' {
    return this.side === 'station' ? 'station' : 'CSMS';
  }

  private async ensureStarted(): Promise<void> {
    if (!this.started) await this.start();
  }

  /** "the <party> will answer <action> with …": only the harness's own answers can be scripted. */
  harnessWillAnswer(party: 'station' | 'CSMS', action: string, reply: Reply, times = 1): void {
    if (party === this.sutParty) throw new EvcError(`the ${party} is the SUT here: the harness cannot script its answers`);
    this.overrideReply(action, reply, times);
  }

  /**
   * "the <party> sends <action> [with table]": an expectation when the party is the SUT (table = partial),
   * an action when the harness plays it (table = payload).
   */
  async sends(party: 'station' | 'CSMS', action: string, rowsIn: string[][] | undefined, data?: Payload): Promise<void> {
    await this.ensureStarted();
    const rows = rowsIn ? substituteVars(rowsIn, this.vars) : undefined;
    if (party === this.sutParty) await this.expectCall(action, data ?? (rows ? tableToPartial(rows) : undefined));
    else await this.call(action, data ?? (rows ? tableToPayload(rows) : {}));
  }

  async expectNoCallFrom(party: 'station' | 'CSMS', action: string, withinMs: number): Promise<void> {
    if (party !== this.sutParty) throw new EvcError(`the ${party} is played by the harness: assert on the SUT (${this.sutParty}) instead`);
    await this.ensureStarted();
    await this.expectNoCall(action, undefined, withinMs);
  }

  async sendRaw(text: string): Promise<void> {
    await this.ensureStarted();
    this.lastOutcome = await this.session.sendRawAndAwaitReply(text.trim());
  }

  // ------------------------------------------------------------------ physical and operator actions

  /** The station under test's physical/operator controls (bench driver or reference simulator). */
  async stationUnderTest(): Promise<StationSutControl> {
    if (this.side !== 'station') throw new EvcError('physical station actions apply when the station is the SUT (@sut:station)');
    await this.ensureStarted();
    return this.stationSut!;
  }

  /**
   * Makes the CSMS under test send a CSMS-initiated call (reference CSMS: in-process; a real CSMS needs a
   * driver). Does not wait for the exchange: the scenario asserts it with "the CSMS sends …".
   */
  async triggerCsmsRows(action: string, rows: string[][] | undefined): Promise<void> {
    await this.triggerCsms(action, rows ? tableToPayload(substituteVars(rows, this.vars)) : {});
  }

  async triggerCsms(action: string, payload: Payload): Promise<void> {
    if (this.side !== 'csms') throw new EvcError('CSMS triggers apply when the CSMS is the SUT (@sut:csms)');
    await this.ensureStarted();
    const trace = this.opts.trace;
    trace.note('harness', `operator makes the CSMS send ${action}`);
    const pending = this.csmsSut!.call(this.identity, action, payload);
    // a rig that cannot make the CSMS send it says so at once: the step fails, naming the action
    const refused = await Promise.race([pending.then(() => undefined, (e: unknown) => e), new Promise<undefined>((r) => setImmediate(() => r(undefined)))]);
    if (refused instanceof NotAutomatableError) throw refused;
    pending.catch((e: Error) => trace.note('harness', `CSMS trigger ${action} ended: ${e.message}`));
  }

  /**
   * Asks the CSMS under test to do something in its own terms ("remotely start a transaction"); the CSMS
   * builds the message. Fails at once, naming the intent, when the rig cannot make the CSMS do it.
   */
  async askCsms(phrase: string, rows: string[][] | undefined): Promise<void> {
    if (this.side !== 'csms') throw new EvcError('asking the CSMS applies when the CSMS is the SUT (@sut:csms)');
    await this.ensureStarted();
    const intent: CsmsIntent = { name: phrase.trim().toLowerCase().replace(/\s+/g, '-'), params: rows ? tableToPayload(substituteVars(rows, this.vars)) : {} };
    if (!this.csmsSut!.perform) throw new NotAutomatableError(`asking the CSMS to ${phrase} is not possible on this rig (no CSMS driver)`);
    this.opts.trace.note('harness', `operator asks the CSMS to ${phrase}${rows ? ` (${JSON.stringify(intent.params)})` : ''}`);
    await this.csmsSut!.perform(this.identity, intent);
  }

  // ------------------------------------------------------------------ SUT → harness

  async expectCall(action: string, partial?: unknown, timeoutMs = this.timeout('expect')): Promise<InboxItem<Payload>> {
    const item = await this.session.inbox.expect({ kind: action, partial, timeoutMs });
    this.lastItem = item;
    return item;
  }

  /** Wide table: first column `action`, other columns payload fields (blank cell = not checked). */
  async expectRowsInAnyOrder(rows: string[][]): Promise<InboxItem<Payload>[]> {
    await this.ensureStarted();
    const [header, ...body] = rows;
    if (!header || header[0].trim() !== 'action') throw new EvcError("the table's first column must be 'action'");
    const list = body.map((r) => {
      const fields = header.slice(1).map((h, i) => [h.trim(), r[i + 1]] as [string, string]).filter(([, v]) => v.trim() !== '');
      return { action: r[0].trim(), partial: fields.length ? tableToPartial(fields) : undefined };
    });
    return this.expectCallsInAnyOrder(list);
  }

  async expectCallsInAnyOrder(list: { action: string; partial?: unknown }[], timeoutMs = this.timeout('expect')): Promise<InboxItem<Payload>[]> {
    return this.session.inbox.expectAll(list.map((e) => ({ kind: e.action, partial: e.partial, timeoutMs })));
  }

  async expectNoCall(action: string, partial: unknown, withinMs = this.timeout('quiet')): Promise<void> {
    await this.session.inbox.expectNone(action, partial, withinMs);
  }

  /** Sets how the harness answers the SUT's next `times` calls of `action`. */
  overrideReply(action: string, reply: Reply, times = 1): void {
    if (this.side === 'station') this.ensureCsmsRole().override(action, reply, times);
    else if (this.station) this.station.override(action, reply, times);
    else throw new EvcError('the harness station does not exist before the connection; connect first');
  }

  // ------------------------------------------------------------------ harness → SUT

  async call(action: string, payload: Payload): Promise<CallOutcome> {
    this.lastOutcome = undefined;
    await this.restorer?.beforeCall(this.session, action, payload);
    this.lastOutcome = await this.session.call(action, payload);
    return this.lastOutcome;
  }

  private requireOutcome(): CallOutcome {
    if (!this.lastOutcome) throw new VerdictError('The SUT did not answer the last call', undefined, this.opts.trace.recent(12));
    return this.lastOutcome;
  }

  /** The last call's response must be a CALLRESULT matching `partial`. */
  assertResult(partial: unknown): Payload {
    const o = this.requireOutcome();
    if (o.kind === 'error') {
      throw new VerdictError(`Expected a CALLRESULT to ${o.action}, got CALLERROR ${o.code}: ${o.description}`, undefined, this.opts.trace.recent(12));
    }
    const mismatches = diffValues(partial, o.payload);
    if (mismatches.length) {
      throw new VerdictError(`The ${o.action} response does not match`, formatMismatches(mismatches), this.opts.trace.recent(12));
    }
    return o.payload;
  }

  /** assertResult with a field/value table (variables substituted). */
  assertResultRows(rows: string[][]): Payload {
    return this.assertResult(tableToPartial(substituteVars(rows, this.vars)));
  }

  /** The last call's response must be a CALLERROR with this (canonical) code; either spelling is accepted. */
  assertError(code: string): void {
    const o = this.requireOutcome();
    if (o.kind !== 'error') {
      throw new VerdictError(`Expected CALLERROR ${code} to ${o.action}, got CALLRESULT ${JSON.stringify(o.payload)}`, undefined, this.opts.trace.recent(12));
    }
    if (canonicalErrorCode(o.code) !== canonicalErrorCode(code)) {
      throw new VerdictError(`Expected CALLERROR ${code} to ${o.action}`, `- errorCode: ${code}\n+ errorCode: ${o.code}`, this.opts.trace.recent(12));
    }
  }

  /** Remembers a field of the last response (`from: 'response'`) or the last message the SUT sent. */
  remember(from: 'response' | 'message', field: string, name: string): void {
    const source = from === 'response' ? (this.lastOutcome?.kind === 'result' ? this.lastOutcome.payload : undefined) : this.lastItem?.payload;
    if (!source) throw new EvcError(`there is no ${from === 'response' ? 'successful response' : 'message from the SUT'} to remember '${field}' from`);
    const value = getPath(source, field);
    if (value === undefined) throw new VerdictError(`The ${from} has no field '${field}' to remember`, undefined, this.opts.trace.recent(6));
    this.vars.set(name, value);
  }

  /**
   * The last CALLERROR's code must be spelled as the session's OCPP version spells it (conformance), not
   * only mean the same thing (compatibility: 1.6 FormationViolation vs 2.0.1 FormatViolation).
   */
  assertErrorSpelling(code: string): void {
    this.assertError(code);
    const o = this.lastOutcome as Extract<CallOutcome, { kind: 'error' }>;
    const expected = spellErrorCode(canonicalErrorCode(code), defaultSpelling(this.version));
    if (o.code !== expected) {
      throw new VerdictError(
        `The ${o.action} CALLERROR code is spelled '${o.code}', OCPP ${this.version} spells it '${expected}' (the meaning matches: compatible, not conformant)`,
        `- errorCode: ${expected}\n+ errorCode: ${o.code}`,
        this.opts.trace.recent(12),
      );
    }
  }

  /** Every session of the scenario with the SUT, including closed ones from before a reconnect. */
  allSessions(): OcppSession[] {
    return this.csms ? this.csms.allSessions() : this.station ? [...this.station.history] : [];
  }

  /** Problems found on the wire that no step asserted (for the World's After guard). */
  unassertedProblems(): string[] {
    const sessions = this.allSessions();
    const out = sessions.flatMap((s) => s.unasserted().map((p) => p.text));
    if (this.version !== '1.6' && this.side === 'station') {
      // TransactionEvent seqNo rules are checked over every connection of the station (a reboot starts a new one)
      out.push(...transactionProblems(sessions.flatMap((s) => s.inbox.all)).filter((p) => !this.acknowledged.has(p)));
    }
    return out;
  }

  /** TransactionEvent findings a negative scenario asserted on purpose. */
  private readonly acknowledged = new Set<string>();

  /** Marks problems as expected (negative scenarios that assert the SUT misbehaved). */
  acknowledgeProblems(match: RegExp): number {
    const sessions = this.allSessions();
    let n = 0;
    if (this.version !== '1.6' && this.side === 'station') {
      for (const p of transactionProblems(sessions.flatMap((s) => s.inbox.all))) if (!this.acknowledged.has(p) && match.test(p)) {
        this.acknowledged.add(p);
        n++;
      }
    }
    for (const s of sessions) for (const p of s.problems) if (!p.asserted && match.test(p.text)) {
      p.asserted = true;
      n++;
    }
    return n;
  }
}

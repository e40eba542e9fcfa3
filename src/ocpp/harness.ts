/**
 * The OCPP side of a scenario: sets up whichever role the harness plays against the SUT named by the
 * scenario's tags (@sut:station → harness is the CSMS; @sut:csms → harness is the station), starts the SUT
 * through the rig, and offers the operations steps need: expect a call from the SUT, send a call to it,
 * check the outcome. Everything is bounded by the rig's timeouts and recorded in the trace.
 */
import { EvcError, VerdictError } from '../core/errors';
import { diffValues, formatMismatches } from '../core/match';
import type { InboxItem } from '../core/expect';
import type { CsmsSutControl, StationSutControl } from '../rig/ocpp-sut';
import type { CsmsRole } from './csms/csms';
import { canonicalErrorCode, defaultSpelling, spellErrorCode } from './error-codes';
import { getPath, substituteVars, tableToPartial, tableToPayload } from '../core/table';
import type { CallOutcome, OcppSession, Payload, Reply } from './session';
import type { StationRole } from './station/station';
import type { IdTagInfo } from './id-tags';
import type { ProcedureState } from './procedure-state';
import { type CsmsCertificateChoice, type CsmsSideContext, type OcppScenarioOptions, type OcppScenarioParts, type SideContext, type StationSideContext, type SutSide, createSideContext } from './side-context';
import type { OcppVersion, SecurityProfile } from './version';
import { transactionProblems } from './v201/transactions';

export type { CsmsCertificateChoice, SutSide } from './side-context';

export type OcppHarnessOptions = OcppScenarioOptions;

export class OcppHarness {
  /** The role context of the scenario's side: exactly one exists, built from the scenario's tags. */
  readonly context: SideContext;
  readonly parts: OcppScenarioParts;
  lastOutcome?: CallOutcome;
  lastItem?: InboxItem<Payload>;

  constructor(opts: OcppHarnessOptions) {
    this.context = createSideContext(opts);
    this.parts = this.context.parts;
  }

  get version(): OcppVersion {
    return this.parts.version;
  }
  get side(): SutSide {
    return this.parts.side;
  }
  get identity(): string {
    return this.parts.identity;
  }
  set identity(v: string) {
    this.parts.identity = v;
  }
  get securityProfile(): SecurityProfile {
    return this.parts.securityProfile;
  }
  set securityProfile(v: SecurityProfile) {
    this.parts.securityProfile = v;
  }
  get password(): string {
    return this.parts.password;
  }
  set password(v: string) {
    this.parts.password = v;
  }
  get connectors(): number {
    return this.parts.connectors;
  }
  /** Scenario variables (`${name}` in tables), remembered from messages. */
  get vars(): Map<string, unknown> {
    return this.parts.vars;
  }
  get idTagRoles(): Readonly<Record<string, string>> {
    return this.parts.idTagRoles;
  }
  get idTags(): Map<string, IdTagInfo> {
    return this.parts.idTags;
  }

  /** The context when the harness plays the CSMS (@sut:station); a clear error otherwise. */
  get csmsSide(): CsmsSideContext {
    if (this.context.side !== 'station') throw new EvcError('this scenario tests a CSMS (@sut:csms): the harness plays the station, not the CSMS');
    return this.context;
  }

  /** The context when the harness plays the station (@sut:csms); a clear error otherwise. */
  get stationSide(): StationSideContext {
    if (this.context.side !== 'csms') throw new EvcError('this scenario tests a station (@sut:station): the harness plays the CSMS, not the station');
    return this.context;
  }

  // forwarding to the side's context (steps and procedures not yet given the context itself)
  get csms(): CsmsRole | undefined {
    return this.context.side === 'station' ? this.context.csms : undefined;
  }
  get stationSut(): StationSutControl | undefined {
    return this.context.side === 'station' ? this.context.stationSut : undefined;
  }
  get station(): StationRole | undefined {
    return this.context.side === 'csms' ? this.context.station : undefined;
  }
  get csmsSut(): CsmsSutControl | undefined {
    return this.context.side === 'csms' ? this.context.csmsSut : undefined;
  }
  get procedures(): ProcedureState {
    return this.csmsSide.procedures;
  }
  get csmsCertificate(): CsmsCertificateChoice {
    return this.csmsSide.csmsCertificate;
  }
  set csmsCertificate(v: CsmsCertificateChoice) {
    this.csmsSide.csmsCertificate = v;
  }
  get csmsHeartbeatInterval(): number {
    return this.stationSide.csmsHeartbeatInterval;
  }
  set csmsHeartbeatInterval(v: number) {
    this.stationSide.csmsHeartbeatInterval = v;
  }
  get csmsBootPending(): number | undefined {
    return this.stationSide.csmsBootPending;
  }
  set csmsBootPending(v: number | undefined) {
    this.stationSide.csmsBootPending = v;
  }

  private timeout(name: string): number {
    return this.parts.timeout(name);
  }

  get isStarted(): boolean {
    return this.context.isStarted;
  }

  /** The session with the SUT (throws a clear error before the connection exists). */
  get session(): OcppSession {
    const s = this.context.currentSession();
    if (!s) throw new EvcError('the OCPP connection is not up yet: start with a step such as "the charging station is connected"');
    return s;
  }

  /** CSMS-side overrides must be set before the station connects; call this before start(). */
  ensureCsmsRole(): CsmsRole {
    return this.csmsSide.ensureCsmsRole();
  }

  /**
   * Brings the connection up: starts the harness role and the SUT, waits until they are connected (a station
   * expected to refuse a bad CSMS certificate is not waited for: see expectNoStationConnection).
   */
  async start(): Promise<void> {
    await this.context.start();
  }

  async expectNoStationConnection(windowMs: number): Promise<void> {
    await this.csmsSide.expectNoStationConnection(windowMs);
  }

  configuredCsmsHeartbeatInterval(): number {
    return this.stationSide.configuredCsmsHeartbeatInterval();
  }

  /** The URL of the CSMS under test (after start). */
  get csmsUrl(): string {
    return this.stationSide.csmsUrl;
  }

  setSecurityProfile(sp: number): void {
    if (this.isStarted) throw new EvcError('the security profile must be set before the connection is made');
    if (![0, 1, 2, 3].includes(sp)) throw new EvcError(`security profile ${sp} does not exist (0–3)`);
    this.parts.securityProfile = sp as SecurityProfile;
  }

  /** The party the SUT plays in step text. */
  get sutParty(): 'station' | 'CSMS' {
    return this.side === 'station' ? 'station' : 'CSMS';
  }

  private async ensureStarted(): Promise<void> {
    await this.context.ensureStarted();
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
    return this.csmsSide.stationUnderTest();
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
    await this.stationSide.triggerCsms(action, payload);
  }

  /** Asks the CSMS under test to do something in its own terms (see StationSideContext.askCsms). */
  async askCsms(phrase: string, rows: string[][] | undefined): Promise<void> {
    if (this.side !== 'csms') throw new EvcError('asking the CSMS applies when the CSMS is the SUT (@sut:csms)');
    await this.stationSide.askCsms(phrase, rows);
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
    await (this.context.side === 'station' ? this.context.restorer : undefined)?.beforeCall(this.session, action, payload);
    this.lastOutcome = await this.session.call(action, payload);
    return this.lastOutcome;
  }

  private requireOutcome(): CallOutcome {
    if (!this.lastOutcome) throw new VerdictError('The SUT did not answer the last call', undefined, this.parts.trace.recent(12));
    return this.lastOutcome;
  }

  /** The last call's response must be a CALLRESULT matching `partial`. */
  assertResult(partial: unknown): Payload {
    const o = this.requireOutcome();
    if (o.kind === 'error') {
      throw new VerdictError(`Expected a CALLRESULT to ${o.action}, got CALLERROR ${o.code}: ${o.description}`, undefined, this.parts.trace.recent(12));
    }
    const mismatches = diffValues(partial, o.payload);
    if (mismatches.length) {
      throw new VerdictError(`The ${o.action} response does not match`, formatMismatches(mismatches), this.parts.trace.recent(12));
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
      throw new VerdictError(`Expected CALLERROR ${code} to ${o.action}, got CALLRESULT ${JSON.stringify(o.payload)}`, undefined, this.parts.trace.recent(12));
    }
    if (canonicalErrorCode(o.code) !== canonicalErrorCode(code)) {
      throw new VerdictError(`Expected CALLERROR ${code} to ${o.action}`, `- errorCode: ${code}\n+ errorCode: ${o.code}`, this.parts.trace.recent(12));
    }
  }

  /** Remembers a field of the last response (`from: 'response'`) or the last message the SUT sent. */
  remember(from: 'response' | 'message', field: string, name: string): void {
    const source = from === 'response' ? (this.lastOutcome?.kind === 'result' ? this.lastOutcome.payload : undefined) : this.lastItem?.payload;
    if (!source) throw new EvcError(`there is no ${from === 'response' ? 'successful response' : 'message from the SUT'} to remember '${field}' from`);
    const value = getPath(source, field);
    if (value === undefined) throw new VerdictError(`The ${from} has no field '${field}' to remember`, undefined, this.parts.trace.recent(6));
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
        this.parts.trace.recent(12),
      );
    }
  }

  /** Every session of the scenario with the SUT, including closed ones from before a reconnect. */
  allSessions(): OcppSession[] {
    return this.context.allSessions();
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

/**
 * The OCPP side of a scenario as the steps see it: builds the role context for the SUT named by the
 * scenario's tags (@sut:station → CsmsSideContext, the harness is the CSMS; @sut:csms → StationSideContext,
 * the harness is the station; src/ocpp/side-context.ts) and forwards to it. Side-specific members throw a
 * clear error on a scenario of the other side.
 */
import { EvcError } from '../core/errors';
import type { InboxItem } from '../core/expect';
import { substituteVars, tableToPayload } from '../core/table';
import type { CsmsSutControl, StationSutControl } from '../rig/ocpp-sut';
import type { CsmsRole } from './csms/csms';
import type { CallOutcome, OcppSession, Payload, Reply } from './session';
import type { StationRole } from './station/station';
import type { IdTagInfo } from './id-tags';
import type { ProcedureState } from './procedure-state';
import { type CsmsCertificateChoice, type CsmsSideContext, type OcppScenarioOptions, type OcppScenarioParts, type SideContext, type StationSideContext, type SutSide, createSideContext } from './side-context';
import type { OcppVersion, SecurityProfile } from './version';

export type { CsmsCertificateChoice, SutSide } from './side-context';

export type OcppHarnessOptions = OcppScenarioOptions;

export class OcppHarness {
  /** The role context of the scenario's side: exactly one exists, built from the scenario's tags. */
  readonly context: SideContext;
  readonly parts: OcppScenarioParts;

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

  get isStarted(): boolean {
    return this.context.isStarted;
  }

  /** The session with the SUT (throws a clear error before the connection exists). */
  get session(): OcppSession {
    return this.context.session;
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
    this.context.setSecurityProfile(sp);
  }

  // ------------------------------------------------------------------ the scenario's messaging (OcppSideContext)

  /** The party the SUT plays in step text. */
  get sutParty(): 'station' | 'CSMS' {
    return this.context.sutParty;
  }
  get lastOutcome(): CallOutcome | undefined {
    return this.context.lastOutcome;
  }
  get lastItem(): InboxItem<Payload> | undefined {
    return this.context.lastItem;
  }
  harnessWillAnswer(party: 'station' | 'CSMS', action: string, reply: Reply, times = 1): void {
    this.context.harnessWillAnswer(party, action, reply, times);
  }
  sends(party: 'station' | 'CSMS', action: string, rows: string[][] | undefined, data?: Payload): Promise<void> {
    return this.context.sends(party, action, rows, data);
  }
  expectNoCallFrom(party: 'station' | 'CSMS', action: string, withinMs: number): Promise<void> {
    return this.context.expectNoCallFrom(party, action, withinMs);
  }
  sendRaw(text: string): Promise<void> {
    return this.context.sendRaw(text);
  }
  expectCall(action: string, partial?: unknown, timeoutMs?: number): Promise<InboxItem<Payload>> {
    return this.context.expectCall(action, partial, timeoutMs);
  }
  expectRowsInAnyOrder(rows: string[][]): Promise<InboxItem<Payload>[]> {
    return this.context.expectRowsInAnyOrder(rows);
  }
  expectCallsInAnyOrder(list: { action: string; partial?: unknown }[], timeoutMs?: number): Promise<InboxItem<Payload>[]> {
    return this.context.expectCallsInAnyOrder(list, timeoutMs);
  }
  expectNoCall(action: string, partial: unknown, withinMs?: number): Promise<void> {
    return this.context.expectNoCall(action, partial, withinMs);
  }
  overrideReply(action: string, reply: Reply, times = 1): void {
    this.context.overrideReply(action, reply, times);
  }
  call(action: string, payload: Payload): Promise<CallOutcome> {
    return this.context.call(action, payload);
  }
  assertResult(partial: unknown): Payload {
    return this.context.assertResult(partial);
  }
  assertResultRows(rows: string[][]): Payload {
    return this.context.assertResultRows(rows);
  }
  assertError(code: string): void {
    this.context.assertError(code);
  }
  remember(from: 'response' | 'message', field: string, name: string): void {
    this.context.remember(from, field, name);
  }
  assertErrorSpelling(code: string): void {
    this.context.assertErrorSpelling(code);
  }
  allSessions(): OcppSession[] {
    return this.context.allSessions();
  }
  unassertedProblems(): string[] {
    return this.context.unassertedProblems();
  }
  acknowledgeProblems(match: RegExp): number {
    return this.context.acknowledgeProblems(match);
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
}

/**
 * The OCPP side of a scenario as the steps see it: builds the role context for the SUT named by the
 * scenario's tags (@sut:station → CsmsSideContext, the harness is the CSMS; @sut:csms → StationSideContext,
 * the harness is the station; src/ocpp/side-context.ts) and forwards to it. Side-specific members throw a
 * clear error on a scenario of the other side.
 */
import { EvcError } from '../core/errors';
import type { InboxItem } from '../core/expect';
import { substituteVars, tableToPayload } from '../core/table';
import type { StationSutControl } from '../rig/ocpp-sut';
import type { Payload, Reply } from './session';
import type { IdTagInfo } from './id-tags';
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
  get securityProfile(): SecurityProfile {
    return this.parts.securityProfile;
  }
  get password(): string {
    return this.parts.password;
  }
  /** Scenario variables (`${name}` in tables), remembered from messages. */
  get vars(): Map<string, unknown> {
    return this.parts.vars;
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

  // side-specific members the steps use (forwarded; a clear error on the other side)
  get csmsCertificate(): CsmsCertificateChoice {
    return this.csmsSide.csmsCertificate;
  }
  set csmsCertificate(v: CsmsCertificateChoice) {
    this.csmsSide.csmsCertificate = v;
  }

  get isStarted(): boolean {
    return this.context.isStarted;
  }

  /**
   * Brings the connection up: starts the harness role and the SUT, waits until they are connected (a station
   * expected to refuse a bad CSMS certificate is not waited for: see expectNoStationConnection).
   */
  async start(): Promise<void> {
    await this.context.start();
  }

  /**
   * Brings the connection up for a step that must see the SUT station boot (the boot test cases): a station
   * already booted on the run's persistent CSMS listener is reset first (CsmsSideContext.startSeeingBoot).
   */
  async startSeeingBoot(): Promise<void> {
    if (this.context.side === 'station') await this.context.startSeeingBoot();
    else await this.context.start();
  }

  async expectNoStationConnection(windowMs: number): Promise<void> {
    await this.csmsSide.expectNoStationConnection(windowMs);
  }

  configuredCsmsHeartbeatInterval(): number {
    return this.stationSide.configuredCsmsHeartbeatInterval();
  }

  setSecurityProfile(sp: number): void {
    this.context.setSecurityProfile(sp);
  }

  // ------------------------------------------------------------------ the scenario's messaging (OcppSideContext)

  /** The party the SUT plays in step text. */
  get sutParty(): 'station' | 'CSMS' {
    return this.context.sutParty;
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
  unassertedProblems(): string[] {
    return this.context.unassertedProblems();
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

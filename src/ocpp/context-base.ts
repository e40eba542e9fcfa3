/**
 * What both OCPP role contexts do alike (src/ocpp/side-context.ts): start once, the session with the SUT,
 * expect its calls, make calls to it, judge the outcome, remember values. Everything is bounded by the rig's
 * timeouts and recorded in the trace.
 */
import { EvcError, VerdictError } from '../core/errors';
import { diffValues, formatMismatches } from '../core/match';
import type { InboxItem } from '../core/expect';
import { getPath, substituteVars, tableToPartial, tableToPayload } from '../core/table';
import { canonicalErrorCode, defaultSpelling, spellErrorCode } from './error-codes';
import type { OcppScenarioParts, SutSide } from './scenario-parts';
import type { CallOutcome, OcppSession, Payload, Reply } from './session';
import type { IdTagInfo } from './id-tags';
import type { OcppVersion, SecurityProfile } from './version';

export abstract class OcppSideContext {
  abstract readonly side: SutSide;
  protected started = false;
  lastOutcome?: CallOutcome;
  lastItem?: InboxItem<Payload>;

  constructor(readonly parts: OcppScenarioParts) {}

  get version(): OcppVersion {
    return this.parts.version;
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
  /** A password change the scenario made (the SUT was told the new one). */
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

  protected timeout(name: string): number {
    return this.parts.timeout(name);
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Brings the connection up: starts the harness role and the SUT, waits until they are connected. */
  abstract start(): Promise<void>;
  /** The session with the SUT, if the connection exists. */
  abstract currentSession(): OcppSession | undefined;
  /** Every session of the scenario with the SUT, including closed ones from before a reconnect. */
  abstract allSessions(): OcppSession[];
  /** Sets how the harness answers the SUT's next `times` calls of `action`. */
  abstract overrideReply(action: string, reply: Reply, times?: number): void;
  /** Called before the harness sends a call to the SUT (e.g. to record what it changes). */
  protected async beforeCall(_session: OcppSession, _action: string, _payload: Payload): Promise<void> {}

  /**
   * When the SUT's boot, accepted before this scenario, carries over into it (the station on a rig's persistent
   * CSMS listener; see csms/persistent-endpoint.ts). Undefined: the scenario must see the boot itself.
   */
  stationBootedSince(): number | undefined {
    return undefined;
  }

  /**
   * Where the SUT's registration stands when a Booted state is asked for (after start()): `fresh` — the
   * scenario sees the boot itself (reference rigs, or a boot already under way in this scenario); `carried` —
   * booted and connected before this scenario on the run's persistent listener; `unregistered` — connected
   * to the run's listener, but no BootNotification came in this run (a station registered before the run).
   */
  async runBoot(): Promise<'fresh' | 'carried' | 'unregistered'> {
    return 'fresh';
  }

  /** Makes the SUT boot again (a station on the run's persistent listener); other contexts cannot. */
  async resetForBoot(why: string): Promise<void> {
    throw new EvcError(`the harness cannot make the ${this.sutParty} boot (${why})`);
  }

  /** The station confirmed it is registered (Accepted) without a boot in this run: later scenarios carry it over. */
  markRegisteredInRun(): void {}

  /** The connector statuses the station last reported in this run, by key (`1` in 1.6, `1/1` in 2.0.1). */
  stationStatusMap(): ReadonlyMap<string, string> {
    return new Map();
  }

  /** The connector statuses the station last reported in this run (`1 Available, 2 Charging`), when known. */
  stationStatusesInRun(): string | undefined {
    return undefined;
  }

  async ensureStarted(): Promise<void> {
    if (!this.started) await this.start();
  }

  /** The session with the SUT (throws a clear error before the connection exists). */
  get session(): OcppSession {
    const s = this.currentSession();
    if (!s) throw new EvcError('the OCPP connection is not up yet: start with a step such as "the charging station is connected"');
    return s;
  }

  setSecurityProfile(sp: number): void {
    if (this.started) throw new EvcError('the security profile must be set before the connection is made');
    if (![0, 1, 2, 3].includes(sp)) throw new EvcError(`security profile ${sp} does not exist (0–3)`);
    this.parts.securityProfile = sp as SecurityProfile;
  }

  /** The party the SUT plays in step text. */
  get sutParty(): 'station' | 'CSMS' {
    return this.side === 'station' ? 'station' : 'CSMS';
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

  // ------------------------------------------------------------------ harness → SUT

  async call(action: string, payload: Payload): Promise<CallOutcome> {
    this.lastOutcome = undefined;
    await this.beforeCall(this.session, action, payload);
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

  /** Problems found on the wire that no step asserted (for the World's After guard). */
  unassertedProblems(): string[] {
    return this.allSessions().flatMap((s) => s.unasserted().map((p) => p.text));
  }

  /** Marks problems as expected (negative scenarios that assert the SUT misbehaved). */
  acknowledgeProblems(match: RegExp): number {
    let n = 0;
    for (const s of this.allSessions()) for (const p of s.problems) if (!p.asserted && match.test(p.text)) {
      p.asserted = true;
      n++;
    }
    return n;
  }
}

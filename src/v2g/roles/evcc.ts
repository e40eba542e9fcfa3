/**
 * The harness EVCC (SUT = SECC): plugs in on the pilot (state B), waits for 5 % duty, finds the SECC by SDP,
 * connects (TCP or TLS), negotiates the app protocol, then sends the procedure's requests. Every response is
 * decoded with the negotiated codec and checked: its name, its SessionID (after SessionSetup), its ResponseCode,
 * the procedure's own checks, and its arrival within the effective EVCC timer, measured on monoUs from the send
 * stamp to the stamp of the frame's last byte. A miss is a verdict quoting the frame and the recent frames.
 */
import { EvcError } from '../../core/errors';
import { monoUs } from '../../core/clock';
import { NotAutomatableError } from '../../rig/not-automatable';
import { encodeV2gtp, PayloadType } from '../v2gtp';
import { V2gFramingError } from '../framing/stream';
import { connectV2g, V2gClosedError, V2gTimeoutError, type V2gConnection, type V2gFrameIn } from '../transport/connection';
import { discoverSecc, type SdpDiscovery } from '../transport/sdp';
import { encodeSapReq, parseSapRes, sapBody, sapOffer, checkSapAnswer, type SapEntry, type SapResponse, standardOfNamespace } from '../messages/sap';
import { recordV2g, type V2gFrameMeaning } from '../messages/trace';
import type { DecodedMessage, V2gMessage, V2gStandard } from '../messages/types';
import type { V2gTimerName } from '../timers';
import { applyOverrides, fieldMatches, fmtMs, getPath, parseHex, powerDeliveryKind, presentCurrentA, sleep, v2gVerdict } from './common';
import type { EvccRoleContext } from './context';
import type { EvccProcedure, ProcedureState } from './procedure';
import { EvccSdpProbe } from './sdp-probe';
import { awaitDuty, expectEnergisedAfterC, plugInEv } from './evcc-pilot';
import type { PilotObservation } from '../../iec61851/line/types';

/** What came back for one request. */
export type EvccOutcome =
  | { kind: 'response'; decoded: DecodedMessage; raw: Uint8Array; tUs: number; elapsedUs: number }
  | { kind: 'closed'; atUs: number }
  | { kind: 'timeout'; waitedMs: number };

export interface EvccExchange {
  request: V2gMessage;
  sessionId: string;
  sentUs: number;
  timer: V2gTimerName;
  limitMs: number;
  outcome: EvccOutcome;
}

/** Most exchanges one session may take before the driver calls it a loop that never ends (every wait is bounded too). */
const MAX_EXCHANGES = 5_000;
/** Pause before repeating a request of a loop bounded by a loop timer (Ongoing, CableCheck, PreCharge), as an EV does. */
const LOOP_PACE_MS = 20;

export class EvccDriver {
  private conn: V2gConnection | undefined;
  private discovery_: SdpDiscovery | undefined;
  private plugUs: number | undefined;
  private procedure_: EvccProcedure | undefined;
  private state_: ProcedureState | undefined;
  private seqIndex = 0;
  private exchanges = 0;
  private sap_: { offered: SapEntry[]; response?: SapResponse; raw?: Uint8Array } | undefined;
  private last_: EvccExchange | undefined;
  private loopStartUs = new Map<string, number>();
  /** Finished loops: request name → µs from its first request to the response that ended it. */
  private readonly loopsUs = new Map<string, number>();
  private stateCUs: number | undefined;
  private contactorUs: number | undefined;
  private readonly energisedBeforeC: string[] = [];
  private unsubscribe: (() => void) | undefined;
  private ended = false;
  private sdpProbe_: EvccSdpProbe | undefined;

  constructor(private readonly ctx: EvccRoleContext) {}

  get connection(): V2gConnection | undefined {
    return this.conn;
  }
  get discovery(): SdpDiscovery | undefined {
    return this.discovery_;
  }
  /** How long the finished loop of this request took (first request to the response that ended it), µs. */
  loopTookUs(requestName: string): number | undefined {
    return this.loopsUs.get(requestName);
  }

  get lastExchange(): EvccExchange | undefined {
    return this.last_;
  }
  get sapResponse(): SapResponse | undefined {
    return this.sap_?.response;
  }
  get state(): ProcedureState | undefined {
    return this.state_;
  }

  // ------------------------------------------------------------------ set-up
  /** Plugs in (state B), waits for 5 % duty where a pilot exists, then SDP with the SDP retry timers. */
  async discover(): Promise<SdpDiscovery> {
    if (this.discovery_) return this.discovery_;
    const { ctx } = this;
    await this.plugIn();
    const retryIntervalMs = ctx.limits.ms('sdpRetryInterval');
    const maxAttempts = ctx.limits.ms('sdpRetries');
    try {
      this.discovery_ = await discoverSecc({ ...ctx.sdp, retryIntervalMs, maxAttempts, trace: ctx.trace, channel: 'sdp' });
    } catch (e) {
      if (e instanceof EvcError && !(e instanceof NotAutomatableError)) {
        throw v2gVerdict(ctx.trace, `no SDP response from the SECC at [${ctx.sdp.address}]:${ctx.sdp.port} (${ctx.sdp.security}) after ${maxAttempts} requests every ${retryIntervalMs} ms (${ctx.limits.explain('sdpRetryInterval')}): ${e.message}`);
      }
      throw e;
    }
    const a = this.discovery_.answer;
    if (a.security !== ctx.sdp.security) {
      throw v2gVerdict(ctx.trace, `the SECC answered SDP with security ${a.security} where the EVCC asked for ${ctx.sdp.security}`, { raw: this.discovery_.raw });
    }
    return this.discovery_;
  }

  /** Plugs in (state B) once and waits for 5 % duty where a pilot exists: what comes before any SDP request. */
  async plugIn(): Promise<void> {
    if (this.plugUs !== undefined) return;
    const watch = (o: PilotObservation): void => {
      if (o.contactorClosed && this.contactorUs === undefined) this.contactorUs = o.tUs;
    };
    this.plugUs = this.ctx.pilot ? await plugInEv(this.ctx.pilot, this.ctx.expectMs, this.ctx.trace, watch, (u) => (this.unsubscribe = u)) : monoUs();
  }

  /** Raw SDP requests to the SECC (malformed, repeated), after plug-in; one probe socket per scenario. */
  sdpProbe(): EvccSdpProbe {
    this.sdpProbe_ ??= new EvccSdpProbe(this.ctx, () => this.plugIn());
    return this.sdpProbe_;
  }

  /** SDP, then the TCP (or TLS) connection to the address and port the SECC announced. */
  async connect(): Promise<V2gConnection> {
    if (this.conn) return this.conn;
    const d = await this.discover();
    const host = d.answer.address;
    try {
      this.conn = await connectV2g({ host, port: d.answer.port, tls: this.ctx.tlsOptions, timeoutMs: this.ctx.connectMs });
    } catch (e) {
      if (e instanceof EvcError) throw v2gVerdict(this.ctx.trace, `cannot connect to the SECC at [${host}]:${d.answer.port} that SDP announced (${this.ctx.tls === 'none' ? 'TCP' : this.ctx.tls}): ${e.message}`);
      throw e;
    }
    this.ctx.trace.note('v2g', `connected ${this.conn.local} → ${this.conn.remote}${this.conn.tls ? ` (${this.conn.tls.protocol ?? 'TLS'} ${this.conn.tls.cipher ?? ''})` : ''}`, this.ctx.channel);
    return this.conn;
  }

  /**
   * The SupportedAppProtocol handshake offering `offer` (default: the scenario's standard at priority 1).
   * Returns the SECC's answer; a late, undecodable or inconsistent answer is a verdict. On success the
   * driver's procedure is the chosen standard's.
   */
  async handshake(offer: readonly { standard: V2gStandard; priority: number }[] = [{ standard: this.ctx.standard, priority: 1 }]): Promise<SapResponse> {
    const conn = await this.connect();
    const offered = sapOffer(offer, this.ctx.energy);
    this.sap_ = { offered };
    const exi = encodeSapReq(offered);
    const sentUs = await this.sendOrVerdict(() => conn.send(PayloadType.Exi, exi), 'supportedAppProtocolReq');
    recordV2g(this.ctx.trace, 'tx', this.ctx.channel, encodeV2gtp(PayloadType.Exi, exi), { message: { name: 'supportedAppProtocolReq', body: { AppProtocol: offered } } });
    const limitMs = this.ctx.limits.ms('evccMessage');
    const frame = await this.receiveOrVerdict(limitMs, 'supportedAppProtocolRes').catch((e: unknown) => {
      if (e instanceof V2gClosedError) throw v2gVerdict(this.ctx.trace, 'the SECC closed the TCP connection instead of answering supportedAppProtocolReq');
      throw e;
    });
    if (!frame) throw v2gVerdict(this.ctx.trace, `no supportedAppProtocolRes within ${this.ctx.limits.explain('evccMessage')}`);
    let res: SapResponse;
    try {
      res = parseSapRes(frame.payload);
    } catch (e) {
      recordV2g(this.ctx.trace, 'rx', this.ctx.channel, frame.raw, { error: (e as Error).message });
      throw v2gVerdict(this.ctx.trace, `the SECC's answer to supportedAppProtocolReq is not a supportedAppProtocolRes: ${(e as Error).message}`, { raw: frame.raw, meaning: { error: (e as Error).message } });
    }
    const meaning: V2gFrameMeaning = { message: { name: 'supportedAppProtocolRes', body: sapBody(res) } };
    recordV2g(this.ctx.trace, 'rx', this.ctx.channel, frame.raw, meaning);
    this.sap_.response = res;
    this.sap_.raw = frame.raw;
    this.checkTime(frame, sentUs, 'supportedAppProtocolRes', 'evccMessage', meaning);
    if (frame.payloadType !== PayloadType.Exi) throw v2gVerdict(this.ctx.trace, `supportedAppProtocolRes came with V2GTP payload type 0x${frame.payloadType.toString(16)} (expected 0x8001)`, { raw: frame.raw, meaning });
    const problems = checkSapAnswer(offered, res);
    if (problems.length) throw v2gVerdict(this.ctx.trace, `the SECC's supportedAppProtocolRes is wrong: ${problems.join('; ')}`, { raw: frame.raw, meaning });
    if (res.code !== 'Failed_NoNegotiation') {
      const chosen = offered.find((e) => e.schemaId === res.schemaId)!;
      const standard = standardOfNamespace(chosen.namespace)!;
      this.procedure_ = this.ctx.procedureFor(standard, this.ctx.energy);
      this.state_ = {
        sessionId: standard === 'iso15118-20' ? '0000000000000000' : '00',
        seen: new Map(),
        count: new Map(),
        vars: {},
        params: this.ctx.params,
      };
      this.seqIndex = 0;
    }
    return res;
  }

  /** The handshake for the scenario's standard alone; a refusal or another choice is a verdict. */
  private async setUpHandshake(): Promise<void> {
    const res = await this.handshake();
    if (res.code === 'Failed_NoNegotiation') throw v2gVerdict(this.ctx.trace, `the SECC refused the app protocol ${this.ctx.standard} (Failed_NoNegotiation)`, { raw: this.sap_!.raw! });
    if (this.selectedStandard() !== this.ctx.standard) throw v2gVerdict(this.ctx.trace, `the SECC selected ${this.selectedStandard()} where only ${this.ctx.standard} was offered`, { raw: this.sap_!.raw! });
  }

  /** The standard the handshake chose (undefined before it, or when it failed). */
  selectedStandard(): V2gStandard | undefined {
    return this.procedure_?.standard;
  }

  /** Discovery, connection, the handshake for the scenario's standard and SessionSetup, every check on. */
  async setUp(): Promise<void> {
    if (!this.sap_?.response) await this.setUpHandshake();
    const first = this.procedure().sequence[0];
    if (this.seqIndex === 0) await this.step(first);
  }

  // ------------------------------------------------------------------ the sequence
  /** Sends the compliant sequence until the next request would be `name` (not sent). */
  async runUpTo(name: string): Promise<void> {
    await this.setUp();
    const seq = this.procedure().sequence;
    if (!seq.slice(this.seqIndex).includes(name)) {
      throw new EvcError(`the ${this.procedure().standard} ${this.procedure().energy} sequence has no ${name} after this point (remaining: ${seq.slice(this.seqIndex).join(', ') || 'none'})`);
    }
    while (seq[this.seqIndex] !== name) await this.step(seq[this.seqIndex]);
  }

  /** Runs the rest of the sequence through SessionStop, loops included, every check on. */
  async completeSession(): Promise<void> {
    await this.setUp();
    const seq = this.procedure().sequence;
    while (!this.ended && this.seqIndex < seq.length) await this.step(seq[this.seqIndex]);
  }

  /**
   * Sends one request: the compliant one for this point with the step's overrides. The response is recorded
   * and checked for its name, its arrival time and that it decodes; its ResponseCode is for the next step.
   */
  async send(name: string, rows: readonly (readonly [string, string])[] = []): Promise<EvccExchange> {
    await this.setUp();
    const proc = this.procedure();
    const base = proc.request(name, this.state_!);
    const { message, sessionId } = applyOverrides(base, rows);
    const ex = await this.exchange(message, sessionId ?? this.state_!.sessionId, false);
    if (ex.outcome.kind === 'response' && proc.sequence[this.seqIndex] === name && rows.length === 0) this.advance(ex);
    return ex;
  }

  /**
   * Pause (ISO 15118-2, -20): the compliant session up to SessionStopReq, then SessionStopReq with
   * ChargingSession=Pause, every check on (OK, same SessionID, in time). The session id is kept for resume().
   */
  async pause(): Promise<EvccExchange> {
    await this.runUpTo('SessionStopReq');
    const base = this.procedure().request('SessionStopReq', this.state_!);
    const { message } = applyOverrides(base, [['ChargingSession', 'Pause']]);
    const ex = await this.exchange(message, this.state_!.sessionId, true);
    this.ended = true;
    this.pausedId = this.state_!.sessionId;
    return ex;
  }

  /**
   * Resumes the paused session as the EV does: ends its side of the old connection, waits for 5 % duty, SDP
   * again, a new TCP/TLS connection, the app-protocol handshake, then SessionSetupReq carrying the OLD SessionID;
   * the procedure's check judges the answer (OK_OldSessionJoined, same SessionID). The sequence starts over after it.
   */
  async resume(): Promise<EvccExchange> {
    const old = this.pausedId;
    if (!old) throw new EvcError('no paused session to resume: the scenario needs a step that pauses the session (SessionStop Pause) first');
    if (this.conn && !this.conn.closed) await this.conn.close();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.plugUs = undefined; // plugIn() again: 5 % duty awaited, the pilot watched, the set-up timed from now
    this.conn = undefined;
    this.discovery_ = undefined;
    this.sap_ = undefined;
    this.ended = false;
    this.loopStartUs.clear();
    this.stateCUs = undefined;
    const pausedVars = { ...this.state_!.vars };
    await this.setUpHandshake();
    this.state_!.sessionId = old;
    this.state_!.vars.resumeFrom = old;
    this.state_!.vars.paused = pausedVars; // what the paused session agreed (procedures check the resumed one against it)
    const ex = await this.exchange(this.procedure().request(this.procedure().sequence[0], this.state_!), old, true);
    this.advance(ex);
    this.pausedId = undefined;
    return ex;
  }

  private pausedId: string | undefined;

  private async step(name: string): Promise<void> {
    if (++this.exchanges > MAX_EXCHANGES) throw v2gVerdict(this.ctx.trace, `the session did not end after ${MAX_EXCHANGES} requests (the SECC keeps a loop going)`);
    const proc = this.procedure();
    const request = proc.request(name, this.state_!);
    const loopTimer = proc.loopTimer?.(name);
    if (loopTimer && !this.loopStartUs.has(name)) this.loopStartUs.set(name, monoUs());
    else if (loopTimer) await sleep(LOOP_PACE_MS);
    const ex = await this.exchange(request, this.state_!.sessionId, true);
    this.advance(ex, loopTimer);
  }

  private advance(ex: EvccExchange, loopTimer?: V2gTimerName): void {
    if (ex.outcome.kind !== 'response') return;
    const proc = this.procedure();
    const response = ex.outcome.decoded.message;
    const next = proc.after(response, ex.request, this.state_!);
    const name = ex.request.name;
    if (loopTimer) {
      const started = this.loopStartUs.get(name) ?? ex.sentUs;
      const tookUs = ex.outcome.tUs - started;
      const limit = this.ctx.limits.ms(loopTimer);
      if (tookUs > limit * 1000) {
        throw v2gVerdict(this.ctx.trace, `the ${name} loop was not finished within ${loopTimer}: ${fmtMs(tookUs)} since the first ${name} (limit ${this.ctx.limits.explain(loopTimer)})`, { raw: ex.outcome.raw, meaning: { message: response, sessionId: ex.outcome.decoded.sessionId } });
      }
      if (next !== 'again') {
        this.loopStartUs.delete(name);
        this.loopsUs.set(name, tookUs);
      }
    }
    if (next === 'next') this.seqIndex++;
    if (next === 'stop') this.ended = true;
  }

  /** One request and its response with every check; `strict`: ResponseCode must be OK and procedure.check must pass. */
  private async exchange(request: V2gMessage, sessionId: string, strict: boolean): Promise<EvccExchange> {
    const conn = await this.connect();
    // S2 switched after PowerDeliveryRes before the next request goes out (as an EV does)
    await this.pendingPilot;
    // DC (DIN 70121, ISO 15118-2/-20): the EV closes S2 (state C) before CableCheck, the insulation test needs it
    const pilotNow = this.ctx.pilot;
    if (pilotNow && /CableCheckReq$/.test(request.name) && !this.keepB && !pilotNow.commanded().s2) {
      this.stateCUs ??= await pilotNow.actuate({ s2: true }, `V2G: S2 closed before ${request.name} (state C)`);
    }
    const proc = this.procedure();
    const codec = proc.codec;
    const ts = proc.standard === 'iso15118-20' ? Math.floor(Date.now() / 1000) : undefined;
    const pt = codec.payloadType(request.name);
    const exi = codec.encode(request, sessionId, ts);
    const timer = proc.timer(request.name);
    const limitMs = this.ctx.limits.ms(timer);
    const sentUs = await this.sendOrVerdict(() => conn.send(pt, exi), request.name);
    recordV2g(this.ctx.trace, 'tx', this.ctx.channel, encodeV2gtp(pt, exi), { message: request, sessionId });
    const expected = codec.responseName(request.name);
    const ex: EvccExchange = { request, sessionId, sentUs, timer, limitMs, outcome: { kind: 'timeout', waitedMs: 0 } };
    this.last_ = ex;
    const waitMs = Math.round(limitMs * 1.5) + 50;
    let frame: V2gFrameIn | undefined;
    try {
      frame = await this.receiveOrVerdict(waitMs, expected);
    } catch (e) {
      if (e instanceof V2gClosedError) {
        ex.outcome = { kind: 'closed', atUs: e.atUs };
        this.ctx.trace.note('v2g', `the SECC closed the connection without answering ${request.name}`, this.ctx.channel);
        if (strict) throw v2gVerdict(this.ctx.trace, `the SECC closed the TCP connection instead of answering ${request.name}`);
        return ex;
      }
      throw e;
    }
    if (!frame) {
      ex.outcome = { kind: 'timeout', waitedMs: waitMs };
      throw v2gVerdict(this.ctx.trace, `no ${expected} within ${this.ctx.limits.explain(timer)} (waited ${waitMs} ms after ${request.name})`);
    }
    let decoded: DecodedMessage;
    try {
      decoded = codec.decode(frame.payloadType, frame.payload);
    } catch (e) {
      const meaning = { error: (e as Error).message };
      recordV2g(this.ctx.trace, 'rx', this.ctx.channel, frame.raw, meaning);
      throw v2gVerdict(this.ctx.trace, `the SECC's answer to ${request.name} does not decode as ${proc.standard}: ${(e as Error).message}`, { raw: frame.raw, meaning });
    }
    const meaning: V2gFrameMeaning = { message: decoded.message, sessionId: decoded.sessionId, document: decoded.document };
    recordV2g(this.ctx.trace, 'rx', this.ctx.channel, frame.raw, meaning);
    ex.outcome = { kind: 'response', decoded, raw: frame.raw, tUs: frame.tUs, elapsedUs: frame.tUs - sentUs };
    const quote = { raw: frame.raw, meaning };
    if (decoded.message.name !== expected) throw v2gVerdict(this.ctx.trace, `the SECC answered ${request.name} with ${decoded.message.name} (expected ${expected})`, quote);
    if (frame.payloadType !== pt) throw v2gVerdict(this.ctx.trace, `${expected} came with V2GTP payload type 0x${frame.payloadType.toString(16)} (expected 0x${pt.toString(16)})`, quote);
    this.checkTime(frame, sentUs, expected, timer, meaning);
    const code = codec.responseCode(decoded.message) ?? '';
    const isSetup = /SessionSetupReq$/.test(request.name);
    if (isSetup && code.startsWith('OK')) {
      this.state_!.sessionId = decoded.sessionId.toUpperCase();
      if (this.plugUs !== undefined) {
        const tookUs = frame.tUs - this.plugUs;
        const lim = this.ctx.limits.ms('evccCommunicationSetup');
        if (tookUs > lim * 1000) throw v2gVerdict(this.ctx.trace, `SessionSetupRes came ${fmtMs(tookUs)} after plug-in, over ${this.ctx.limits.explain('evccCommunicationSetup')}`, quote);
      }
    } else if (strict && decoded.sessionId.toUpperCase() !== sessionId.toUpperCase()) {
      throw v2gVerdict(this.ctx.trace, `${expected} carries SessionID ${decoded.sessionId}, the session's is ${sessionId}`, quote);
    }
    if (strict) {
      if (!code.startsWith('OK')) throw v2gVerdict(this.ctx.trace, `the SECC answered ${request.name} with ResponseCode ${code || '(none)'} in a compliant session`, quote);
      const problems = proc.check(decoded.message, request, this.state_!);
      if (problems.length) throw v2gVerdict(this.ctx.trace, `${expected} is not what ${proc.standard} requires: ${problems.join('; ')}`, quote);
    }
    this.afterResponse(request, decoded.message, code);
    return ex;
  }

  /** Pilot coupling and the energy-before-C record. */
  private afterResponse(request: V2gMessage, response: V2gMessage, code: string): void {
    const current = presentCurrentA(response.body);
    if (current !== undefined && current > 0 && this.stateCUs === undefined) {
      this.energisedBeforeC.push(`${response.name} reports EVSEPresentCurrent ${current} A while the EV was not in state C`);
    }
    const pilot = this.ctx.pilot;
    if (!pilot || !code.startsWith('OK')) return;
    const kind = powerDeliveryKind(request);
    if (kind === 'start' && pilot.commanded().s2) return; // DC: closed since CableCheck
    if (kind === 'start') {
      // AC: S2 closes at once after PowerDeliveryRes(Start): the SECC energises only after it sees state C
      this.pendingPilot = pilot.actuate({ s2: true }, 'V2G: S2 closed after PowerDeliveryRes(Start) (state C)').then((at) => {
        this.stateCUs = at;
      });
    } else if (kind === 'stop') {
      this.pendingPilot = pilot.actuate({ s2: false }, 'V2G: S2 opened after PowerDeliveryRes(Stop) (state B)').then(() => undefined);
    }
  }

  private pendingPilot: Promise<void> | undefined;
  private keepB = false;

  /** The EV keeps S2 open (state B) through CableCheck: a step that checks what the SECC does without state C. */
  keepStateB(): void {
    this.requirePilot('keeping the EV in state B');
    this.keepB = true;
  }

  private checkTime(frame: V2gFrameIn, sentUs: number, what: string, timer: V2gTimerName, meaning: V2gFrameMeaning): void {
    const tookUs = frame.tUs - sentUs;
    const limit = this.ctx.limits.ms(timer);
    if (tookUs > limit * 1000) throw v2gVerdict(this.ctx.trace, `${what} arrived ${fmtMs(tookUs)} after the request, over ${this.ctx.limits.explain(timer)}`, { raw: frame.raw, meaning });
  }

  /** A send on a connection the SECC already closed is a verdict naming what could not be sent. */
  private async sendOrVerdict(send: () => Promise<number>, what: string): Promise<number> {
    try {
      return await send();
    } catch (e) {
      if (e instanceof V2gClosedError) throw v2gVerdict(this.ctx.trace, `the SECC had closed the TCP connection before the EVCC could send ${what}`);
      throw e;
    }
  }

  /** One frame within waitMs, or undefined on silence; a framing error is a verdict quoting the bytes; a close throws V2gClosedError. */
  private async receiveOrVerdict(waitMs: number, what: string): Promise<V2gFrameIn | undefined> {
    try {
      return await this.conn!.receive(waitMs, what);
    } catch (e) {
      if (e instanceof V2gTimeoutError) return undefined;
      if (e instanceof V2gFramingError) {
        this.ctx.trace.record({ dir: 'rx', protocol: 'v2g', channel: this.ctx.channel, raw: Uint8Array.from(Buffer.from(e.bytesHex.replace(/[\s…]/g, ''), 'hex')), summary: 'malformed V2GTP frame', problems: [e.message] });
        throw v2gVerdict(this.ctx.trace, `the SECC sent a malformed V2GTP frame while the EVCC waited for ${what}: ${e.message}`, { raw: e.bytesHex.replace(/[\s…]/g, '') });
      }
      throw e;
    }
  }

  private procedure(): EvccProcedure {
    if (!this.procedure_) throw new EvcError('no app protocol negotiated yet: the session needs the SupportedAppProtocol handshake first');
    return this.procedure_;
  }

  // ------------------------------------------------------------------ checks the steps make

  private response(): { decoded: DecodedMessage; raw: Uint8Array } {
    const ex = this.last_;
    if (!ex) throw new EvcError('no request has been sent yet');
    if (ex.outcome.kind === 'closed') throw v2gVerdict(this.ctx.trace, `the SECC closed the TCP connection instead of answering ${ex.request.name}`);
    if (ex.outcome.kind === 'timeout') throw v2gVerdict(this.ctx.trace, `the SECC did not answer ${ex.request.name} within ${this.ctx.limits.explain(ex.timer)}`);
    return ex.outcome;
  }

  expectResponseCode(code: string, prefix = false): void {
    const r = this.response();
    const actual = this.procedure().codec.responseCode(r.decoded.message) ?? '(none)';
    const ok = prefix ? actual.toUpperCase().startsWith(code.toUpperCase()) : actual === code;
    if (!ok) throw v2gVerdict(this.ctx.trace, `the SECC answered ${this.last_!.request.name} with ResponseCode ${actual}, expected ${prefix ? `one starting with ${code}` : code}`, { raw: r.raw, meaning: { message: r.decoded.message, sessionId: r.decoded.sessionId } });
  }

  expectResponseField(path: string, expected: string): void {
    const r = this.response();
    const actual = getPath(r.decoded.message.body, path);
    if (!fieldMatches(actual, expected)) {
      throw v2gVerdict(this.ctx.trace, `${r.decoded.message.name}.${path} is ${JSON.stringify(actual) ?? 'absent'}, expected ${expected}`, { raw: r.raw, meaning: { message: r.decoded.message, sessionId: r.decoded.sessionId } });
    }
  }

  /** The SECC closes the connection within the timer, measured from its last answer (or our last send). */
  async expectClosedWithin(timer: V2gTimerName): Promise<void> {
    const conn = this.requireConn();
    const limit = this.ctx.limits.ms(timer);
    const fromUs = this.referenceUs();
    await conn.waitClosed(Math.round(limit * 1.2) + 50);
    const at = conn.closedAtUs();
    if (at === undefined) throw v2gVerdict(this.ctx.trace, `the SECC kept the TCP connection open for ${fmtMs(monoUs() - fromUs)} (limit ${this.ctx.limits.explain(timer)})`);
    if (at - fromUs > limit * 1000) throw v2gVerdict(this.ctx.trace, `the SECC closed the TCP connection ${fmtMs(at - fromUs)} after its last frame, over ${this.ctx.limits.explain(timer)}`);
  }

  async expectOpenFor(timer: V2gTimerName): Promise<void> {
    const conn = this.requireConn();
    const limit = this.ctx.limits.ms(timer);
    const fromUs = monoUs();
    if (await conn.waitClosed(limit)) throw v2gVerdict(this.ctx.trace, `the SECC closed the TCP connection after ${fmtMs((conn.closedAtUs() ?? monoUs()) - fromUs)}, before ${this.ctx.limits.explain(timer)} had passed`);
  }

  /** Waits the effective limit × 1.2 without sending. */
  async idleLongerThan(timer: V2gTimerName): Promise<void> {
    this.requireConn();
    const ms = Math.round(this.ctx.limits.ms(timer) * 1.2);
    this.ctx.trace.note('v2g', `the EVCC sends nothing for ${ms} ms (${this.ctx.limits.explain(timer)} × 1.2)`, this.ctx.channel);
    await sleep(ms);
  }

  async sendRaw(hex: string): Promise<void> {
    const conn = this.requireConn();
    const bytes = parseHex(hex);
    const sentUs = await this.sendOrVerdict(() => conn.sendRaw(bytes), 'the raw frame');
    this.ctx.trace.record({ dir: 'tx', protocol: 'v2g', channel: this.ctx.channel, raw: bytes, summary: 'raw frame (negative test)' });
    this.last_ = { request: { name: 'raw frame', body: {} }, sessionId: '', sentUs, timer: 'evccMessage', limitMs: this.ctx.limits.ms('evccMessage'), outcome: { kind: 'timeout', waitedMs: 0 } };
  }

  /** After a raw frame: the SECC closes the connection within the EVCC message timeout and sends nothing. */
  async expectClosedWithoutAnswer(): Promise<void> {
    const conn = this.requireConn();
    const limit = this.ctx.limits.ms('evccMessage');
    const fromUs = this.last_?.sentUs ?? monoUs();
    // judged on the close's stamp (from the raw frame's send), so waiting longer never passes a late close: at
    // least one whole limit from now (a loaded machine may start this step late), else until 1.2 × it after the send
    const waitMs = Math.round(Math.max(limit, limit * 1.2 + 50 - (monoUs() - fromUs) / 1000));
    const closedIn = (atUs: number | undefined): void => {
      const took = (atUs ?? monoUs()) - fromUs;
      if (took > limit * 1000) throw v2gVerdict(this.ctx.trace, `the SECC closed the TCP connection ${fmtMs(took)} after the malformed frame, over ${this.ctx.limits.explain('evccMessage')}`);
    };
    let frame: V2gFrameIn | undefined;
    try {
      frame = await conn.receive(waitMs, 'the SECC to close the connection');
    } catch (e) {
      if (e instanceof V2gClosedError) return closedIn(conn.closedAtUs() ?? e.atUs);
      if (e instanceof V2gTimeoutError) {
        if (conn.closed) return closedIn(conn.closedAtUs());
        throw v2gVerdict(this.ctx.trace, `the SECC neither answered nor closed the TCP connection within ${fmtMs(monoUs() - fromUs)} (${this.ctx.limits.explain('evccMessage')})`);
      }
      if (e instanceof V2gFramingError) throw v2gVerdict(this.ctx.trace, `the SECC answered with a malformed frame instead of closing: ${e.message}`, { raw: e.bytesHex.replace(/[\s…]/g, '') });
      throw e;
    }
    let meaning: V2gFrameMeaning;
    try {
      meaning = this.procedure_ ? { message: this.procedure_.codec.decode(frame.payloadType, frame.payload).message } : { message: { name: 'frame', body: {} } };
    } catch (e) {
      meaning = { error: (e as Error).message };
    }
    recordV2g(this.ctx.trace, 'rx', this.ctx.channel, frame.raw, meaning);
    throw v2gVerdict(this.ctx.trace, `the SECC answered the malformed frame instead of closing the TCP connection`, { raw: frame.raw, meaning });
  }

  /** The SECC answered the handshake with the named standard. */
  expectSelected(standard: string): void {
    const got = this.sap_?.response;
    if (!got) throw new EvcError('no app-protocol handshake has been made');
    const chosen = this.selectedStandard();
    if (chosen !== standard) throw v2gVerdict(this.ctx.trace, `the SECC selected ${chosen ?? `nothing (${got.code})`}, expected ${standard}`, { raw: this.sap_!.raw! });
  }

  expectSapCode(code: string): void {
    const got = this.sap_?.response;
    if (!got) throw new EvcError('no app-protocol handshake has been made');
    if (got.code !== code) throw v2gVerdict(this.ctx.trace, `the SECC answered the app-protocol handshake with ${got.code}, expected ${code}`, { raw: this.sap_!.raw! });
  }

  async expectDuty(pct: number): Promise<void> {
    await awaitDuty(this.requirePilot('checking the pilot duty'), pct, this.ctx.expectMs, this.ctx.trace, `${pct} % duty`, `the pilot does not show ${pct} % duty`);
  }

  /** The SECC closed its contactor / reported current only after the EV switched to state C. */
  async expectEnergisedOnlyAfterC(): Promise<void> {
    const pilot = this.requirePilot('watching the EVSE contactor');
    await this.pendingPilot;
    await expectEnergisedAfterC(pilot, this.referenceUs(), this.ctx.expectMs, this.ctx.trace, this.energisedBeforeC, () => ({ contactorUs: this.contactorUs, stateCUs: this.stateCUs }));
  }

  private referenceUs(): number {
    const ex = this.last_;
    if (!ex) return monoUs();
    return ex.outcome.kind === 'response' ? ex.outcome.tUs : ex.sentUs;
  }

  private requireConn(): V2gConnection {
    if (!this.conn) throw new EvcError('no V2G connection: the scenario needs a step that sets up the session first');
    return this.conn;
  }

  private requirePilot(action: string) {
    if (!this.ctx.pilot) throw new NotAutomatableError(`${action} needs a pilot line: rig '${this.ctx.rigName}' has none for V2G`);
    return this.ctx.pilot;
  }

  /** Closes the connection and stops watching the pilot (teardown). */
  async dispose(): Promise<void> {
    this.unsubscribe?.();
    await this.sdpProbe_?.close();
    await this.pendingPilot?.catch(() => undefined);
    await this.conn?.close();
  }
}

/**
 * The harness SECC (SUT = EVCC): listens (TCP or TLS), answers SDP, raises 5 % duty on the pilot when the EV
 * plugs in, negotiates the app protocol, then answers each request with the procedure's compliant response
 * (or what a step scripted for the next answer to that request: overrides, a delay, silence). Every request
 * is checked: it arrives within seccSequence (CommunicationSetup for SessionSetupReq, from plug-in), decodes
 * with the negotiated codec, is one the sequence allows, carries the session's SessionID and passes the
 * procedure's checks. After PowerDeliveryRes(Start) the EV must switch to state C within
 * cpStateCAfterPowerDelivery.
 */
import { randomBytes } from 'node:crypto';
import { EvcError } from '../../core/errors';
import { monoUs } from '../../core/clock';
import { stateOfLevel } from '../../iec61851/model/cp';
import type { PilotObservation } from '../../iec61851/line/types';
import { NotAutomatableError } from '../../rig/not-automatable';
import { encodeV2gtp, PayloadType } from '../v2gtp';
import { V2gFramingError } from '../framing/stream';
import { listenV2g, V2gClosedError, V2gTimeoutError, type V2gConnection, type V2gFrameIn, type V2gServer } from '../transport/connection';
import { startSdpServer, type SdpServer } from '../transport/sdp';
import { appProtocolOf, encodeSapRes, sapBody, parseSapReq, selectAppProtocol, type SapEntry, type SapResponse } from '../messages/sap';
import { recordV2g, type V2gFrameMeaning } from '../messages/trace';
import type { DecodedMessage, V2gMessage } from '../messages/types';
import type { V2gTimerName } from '../timers';
import { applyOverrides, fmtMs, powerDeliveryKind, sleep, v2gVerdict } from './common';
import type { SeccRoleContext } from './context';
import type { ProcedureState, SeccProcedure } from './procedure';

/** What a step scripted for the next answer to one request. */
export interface SeccScript {
  rows?: readonly (readonly [string, string])[];
  delayTimer?: V2gTimerName;
  silent?: boolean;
}

export interface SeccRequestRecord {
  request: V2gMessage;
  sessionId: string;
  tUs: number;
  raw: Uint8Array;
  answered?: { response: V2gMessage; sentUs: number };
  /** The EVCC closed the connection before the (scripted late) answer was due: nothing was sent. */
  closedBeforeAnswer?: boolean;
}

const MAX_REQUESTS = 5_000;

export class SeccDriver {
  private server: V2gServer | undefined;
  private sdp: SdpServer | undefined;
  private conn: V2gConnection | undefined;
  private procedure_: SeccProcedure | undefined;
  private state_: ProcedureState | undefined;
  private readyUs = 0;
  private plugUs: number | undefined;
  private pwmOn = false;
  private unsubscribe: (() => void) | undefined;
  private sdpIgnore = 0;
  private sdpSeen = 0;
  private readonly scripts = new Map<string, SeccScript>();
  private readonly log: SeccRequestRecord[] = [];
  private lastSentUs: number | undefined;
  private sap_: { offered: SapEntry[]; answer: SapResponse } | undefined;
  private cWatch: Promise<string | undefined> | undefined;
  private readonly problems: string[] = [];
  private ended = false;
  /** The last request whose answer a step withheld (silent) or delayed (× factor of its timer). */
  private withheld: { tUs: number; name: string; factor: number | undefined } | undefined;

  constructor(private readonly ctx: SeccRoleContext) {}

  /** The TCP/TLS listener once ready(): its handshake failures show an EVCC breaking a TLS handshake off. */
  get listener(): V2gServer | undefined {
    return this.server;
  }

  get requests(): readonly SeccRequestRecord[] {
    return this.log;
  }
  get state(): ProcedureState | undefined {
    return this.state_;
  }
  get sapOffer(): readonly SapEntry[] | undefined {
    return this.sap_?.offered;
  }
  get sdpServer(): SdpServer | undefined {
    return this.sdp;
  }
  get address(): { host: string; port: number; sdpAddress: string; sdpPort: number } {
    if (!this.server || !this.sdp) throw new EvcError('the harness SECC is not listening yet');
    return { host: this.server.host, port: this.server.port, sdpAddress: this.ctx.listen.sdpAddress, sdpPort: this.sdp.port };
  }

  /** The first `n` SDP requests go unanswered (set before ready(), to see the EVCC retry). */
  ignoreSdpRequests(n: number): void {
    if (this.sdp) throw new EvcError('the SDP server already runs: say how many SDP requests to ignore before the SECC is ready');
    this.sdpIgnore = n;
  }

  /** Listening, SDP server, pilot watch (5 % duty once the EV is plugged in). */
  async ready(): Promise<void> {
    if (this.server) return;
    const { ctx } = this;
    this.readyUs = monoUs();
    this.server = await listenV2g({ host: ctx.listen.address, port: ctx.listen.port, tls: ctx.tlsOptions });
    const server = this.server;
    this.sdp = await startSdpServer({
      address: ctx.listen.sdpAddress,
      port: ctx.listen.sdpPort,
      interface: ctx.listen.interface,
      trace: ctx.trace,
      answer: () => {
        this.sdpSeen++;
        if (this.sdpSeen <= this.sdpIgnore) return undefined;
        return { address: server.host, port: server.port, security: ctx.tls === 'none' ? 'tcp' : 'tls', transport: 'tcp' };
      },
    });
    const pilot = ctx.pilot;
    if (pilot) {
      const onObs = (o: PilotObservation) => {
        const st = stateOfLevel(o.cpHighV);
        if ((st === 'B' || st === 'C' || st === 'D') && !this.pwmOn) {
          this.pwmOn = true;
          this.plugUs = o.tUs;
          pilot.actuate({ pwm: true, dutyPct: 5, frequencyHz: 1000 }, 'V2G: EV plugged in, 5 % duty (high-level communication)').catch((e: Error) => this.problems.push(`raising 5 % duty failed: ${e.message}`));
        }
      };
      this.unsubscribe = pilot.subscribe(onObs);
      onObs(pilot.latest());
      const unsubscribeHistory = pilot.subscribe((o) => {
        this.cpHistory.push({ tUs: o.tUs, state: stateOfLevel(o.cpHighV) ?? undefined });
        if (this.cpHistory.length > 400) this.cpHistory.splice(0, 200);
      });
      const unsubscribePwm = this.unsubscribe;
      this.unsubscribe = () => { unsubscribePwm(); unsubscribeHistory(); };
    }
  }

  /** Scripts the next answer to a request (`SessionSetupReq` or its response name). */
  script(name: string, s: SeccScript): void {
    this.scripts.set(name.replace(/Res$/, 'Req'), s);
  }

  private procedure(): SeccProcedure {
    if (!this.procedure_) throw new EvcError('no app protocol negotiated yet');
    return this.procedure_;
  }

  /**
   * Where CommunicationSetup starts: plug-in (or the SECC getting ready without a pilot); when a step made the
   * SECC ignore SDP requests, the first answered one (the time the harness withheld is not the EVCC's).
   */
  private since(): number {
    const answered = this.sdpIgnore > 0 ? this.sdp?.requests[this.sdpIgnore] : undefined;
    return answered?.tUs ?? this.plugUs ?? this.readyUs;
  }

  private async accepted(): Promise<V2gConnection> {
    if (this.conn) return this.conn;
    await this.ready();
    const lim = this.ctx.limits.ms('seccCommunicationSetup');
    const left = Math.max(50, lim - (monoUs() - this.since()) / 1000);
    try {
      this.conn = await this.server!.accept(Math.round(left * 1.2));
    } catch (e) {
      if (e instanceof EvcError) throw v2gVerdict(this.ctx.trace, `the EVCC did not connect within ${this.ctx.limits.explain('seccCommunicationSetup')} of plug-in: ${e.message}`);
      throw e;
    }
    this.ctx.trace.note('v2g', `EVCC connected ${this.conn.remote} → ${this.conn.local}${this.conn.tls ? ` (${this.conn.tls.protocol ?? 'TLS'})` : ''}`, this.ctx.channel);
    return this.conn;
  }

  /** Receives and answers the SupportedAppProtocol handshake (the harness SECC supports the scenario's standard only). */
  async handshake(): Promise<SapResponse> {
    if (this.sap_) return this.sap_.answer;
    const conn = await this.accepted();
    const lim = this.ctx.limits.ms('seccCommunicationSetup');
    const frame = await this.receive(conn, Math.max(50, Math.round(lim * 1.2 - (monoUs() - this.since()) / 1000)), 'supportedAppProtocolReq');
    if (!frame) throw v2gVerdict(this.ctx.trace, `no supportedAppProtocolReq within ${this.ctx.limits.explain('seccCommunicationSetup')} of plug-in`);
    let offered: SapEntry[];
    try {
      offered = parseSapReq(frame.payload);
    } catch (e) {
      const meaning = { error: (e as Error).message };
      recordV2g(this.ctx.trace, 'rx', this.ctx.channel, frame.raw, meaning);
      throw v2gVerdict(this.ctx.trace, `the EVCC's first message is not a supportedAppProtocolReq: ${(e as Error).message}`, { raw: frame.raw, meaning });
    }
    const meaning: V2gFrameMeaning = { message: { name: 'supportedAppProtocolReq', body: { AppProtocol: offered } } };
    recordV2g(this.ctx.trace, 'rx', this.ctx.channel, frame.raw, meaning);
    if (frame.payloadType !== PayloadType.Exi) throw v2gVerdict(this.ctx.trace, `supportedAppProtocolReq came with payload type 0x${frame.payloadType.toString(16)} (expected 0x8001)`, { raw: frame.raw, meaning });
    const choice = selectAppProtocol(offered, [appProtocolOf(this.ctx.standard, this.ctx.energy)]);
    const answer: SapResponse = { code: choice.code, ...(choice.schemaId !== undefined ? { schemaId: choice.schemaId } : {}) };
    const exi = encodeSapRes(answer);
    this.lastSentUs = await conn.send(PayloadType.Exi, exi);
    recordV2g(this.ctx.trace, 'tx', this.ctx.channel, encodeV2gtp(PayloadType.Exi, exi), { message: { name: 'supportedAppProtocolRes', body: sapBody(answer) } });
    this.sap_ = { offered, answer };
    if (choice.code === 'Failed_NoNegotiation') {
      throw v2gVerdict(this.ctx.trace, `the EVCC did not offer ${this.ctx.standard} (${appProtocolOf(this.ctx.standard, this.ctx.energy).namespace}) the scenario tests`, { raw: frame.raw, meaning });
    }
    this.procedure_ = this.ctx.procedureFor(this.ctx.standard, this.ctx.energy);
    this.state_ = { sessionId: this.ctx.standard === 'iso15118-20' ? '0000000000000000' : '00', seen: new Map(), count: new Map(), vars: {}, params: this.ctx.params };
    return answer;
  }

  /**
   * Receives the next request and answers it (unless scripted silent). Returns its record. Everything the
   * EVCC does wrong is a verdict quoting the frame.
   */
  async next(): Promise<SeccRequestRecord> {
    await this.handshake();
    if (this.log.length >= MAX_REQUESTS) throw v2gVerdict(this.ctx.trace, `the EVCC sent ${MAX_REQUESTS} requests without ending the session`);
    await this.checkStateC();
    const conn = this.conn!;
    const proc = this.procedure();
    const state = this.state_!;
    const first = this.log.length === 0;
    const timer: V2gTimerName = first ? 'seccCommunicationSetup' : 'seccSequence';
    const lim = this.ctx.limits.ms(timer);
    const fromUs = first ? this.since() : (this.lastSentUs ?? monoUs());
    const waitMs = Math.max(50, Math.round(lim * 1.2 + 50 - (monoUs() - fromUs) / 1000));
    let frame: V2gFrameIn | undefined;
    try {
      frame = await this.receive(conn, waitMs, first ? 'SessionSetupReq' : `the request after ${this.log[this.log.length - 1].request.name}`);
    } catch (e) {
      if (e instanceof V2gClosedError) throw v2gVerdict(this.ctx.trace, `the EVCC closed the TCP connection ${first ? 'before SessionSetupReq' : `after ${this.log[this.log.length - 1].request.name}`}`);
      throw e;
    }
    if (!frame) throw v2gVerdict(this.ctx.trace, `no request from the EVCC within ${this.ctx.limits.explain(timer)}${first ? ' of plug-in' : ` after ${this.log[this.log.length - 1].answered?.response.name ?? 'the last answer'}`}`);
    let decoded: DecodedMessage;
    try {
      decoded = proc.codec.decode(frame.payloadType, frame.payload);
    } catch (e) {
      const meaning = { error: (e as Error).message };
      recordV2g(this.ctx.trace, 'rx', this.ctx.channel, frame.raw, meaning);
      throw v2gVerdict(this.ctx.trace, `the EVCC's request does not decode as ${proc.standard}: ${(e as Error).message}`, { raw: frame.raw, meaning });
    }
    const meaning: V2gFrameMeaning = { message: decoded.message, sessionId: decoded.sessionId, document: decoded.document };
    recordV2g(this.ctx.trace, 'rx', this.ctx.channel, frame.raw, meaning);
    const quote = { raw: frame.raw, meaning };
    const rec: SeccRequestRecord = { request: decoded.message, sessionId: decoded.sessionId, tUs: frame.tUs, raw: frame.raw };
    this.log.push(rec);
    const name = decoded.message.name;
    const tookUs = frame.tUs - fromUs;
    if (tookUs > lim * 1000) throw v2gVerdict(this.ctx.trace, `${name} came ${fmtMs(tookUs)} after ${first ? 'plug-in' : 'the last answer'}, over ${this.ctx.limits.explain(timer)}`, quote);
    if (frame.payloadType !== proc.codec.payloadType(name)) throw v2gVerdict(this.ctx.trace, `${name} came with V2GTP payload type 0x${frame.payloadType.toString(16)} (expected 0x${proc.codec.payloadType(name).toString(16)})`, quote);
    const allowed = proc.allowed(state);
    if (!allowed.includes(name)) {
      await this.answerWithCode(rec, 'FAILED_SequenceError');
      throw v2gVerdict(this.ctx.trace, `the EVCC sent ${name} where the ${proc.standard} sequence allows ${allowed.join(', ') || 'nothing'}`, quote);
    }
    const isSetup = /SessionSetupReq$/.test(name);
    if (!isSetup && decoded.sessionId.toUpperCase() !== state.sessionId.toUpperCase()) {
      await this.answerWithCode(rec, 'FAILED_UnknownSession');
      throw v2gVerdict(this.ctx.trace, `${name} carries SessionID ${decoded.sessionId}, the session's is ${state.sessionId}`, quote);
    }
    const resumeFrom = state.vars.resumeFrom;
    if (isSetup && typeof resumeFrom === 'string' && decoded.sessionId.toUpperCase() !== resumeFrom.toUpperCase()) {
      throw v2gVerdict(this.ctx.trace, `the EVCC resumed paused session ${resumeFrom} with SessionSetupReq SessionID ${decoded.sessionId} (it must carry the paused session's SessionID)`, quote);
    }
    const problems = proc.check(decoded.message, state);
    if (problems.length) throw v2gVerdict(this.ctx.trace, `the EVCC's ${name} is not what ${proc.standard} requires: ${problems.join('; ')}`, quote);
    if (/CableCheckReq$/.test(name)) await this.checkStateCAt(name, frame.tUs, quote);
    if (isSetup && /^0+$/.test(state.sessionId)) state.sessionId = randomBytes(8).toString('hex').toUpperCase();
    await this.answer(rec);
    if (name === proc.finalRequest && rec.answered) this.ended = true;
    return rec;
  }

  private async answer(rec: SeccRequestRecord): Promise<void> {
    const proc = this.procedure();
    const name = rec.request.name;
    const script = this.scripts.get(name);
    if (script) this.scripts.delete(name);
    if (script?.silent) {
      this.ctx.trace.note('v2g', `the SECC does not answer ${name} (scripted)`, this.ctx.channel);
      this.withheld = { tUs: rec.tUs, name, factor: undefined };
      return;
    }
    const compliant = proc.respond(rec.request, this.state_!);
    const { message, sessionId } = applyOverrides(compliant, script?.rows ?? []);
    if (script?.delayTimer) {
      const ms = Math.round(this.ctx.limits.ms(script.delayTimer) * 1.2);
      this.ctx.trace.note('v2g', `the SECC answers ${name} after ${ms} ms (${this.ctx.limits.explain(script.delayTimer)} × 1.2)`, this.ctx.channel);
      this.withheld = { tUs: rec.tUs, name, factor: 1.2 };
      await sleep(ms);
      if (this.conn!.closed) {
        this.ctx.trace.note('v2g', `the EVCC closed the TCP connection before the SECC's late answer to ${name}`, this.ctx.channel);
        rec.closedBeforeAnswer = true;
        return;
      }
    } else this.withheld = undefined;
    await this.sendResponse(rec, message, sessionId ?? this.state_!.sessionId);
    if (powerDeliveryKind(rec.request) === 'start' && (proc.codec.responseCode(message) ?? '').startsWith('OK')) this.watchStateC(rec.answered!.sentUs);
  }

  private async answerWithCode(rec: SeccRequestRecord, code: string): Promise<void> {
    try {
      const { message } = applyOverrides(this.procedure().respond(rec.request, this.state_!), [['ResponseCode', code]]);
      await this.sendResponse(rec, message, this.state_!.sessionId);
    } catch (e) {
      this.ctx.trace.note('v2g', `could not answer ${rec.request.name} with ${code} (${(e as Error).message}): closing`, this.ctx.channel);
      await this.conn?.close();
    }
  }

  private async sendResponse(rec: SeccRequestRecord, message: V2gMessage, sessionId: string): Promise<void> {
    const codec = this.procedure().codec;
    const pt = codec.payloadType(message.name);
    const ts = this.ctx.standard === 'iso15118-20' ? Math.floor(Date.now() / 1000) : undefined;
    const exi = codec.encode(message, sessionId, ts);
    let sentUs: number;
    try {
      sentUs = await this.conn!.send(pt, exi);
    } catch (e) {
      if (e instanceof V2gClosedError) throw v2gVerdict(this.ctx.trace, `the EVCC closed the TCP connection before the SECC could answer ${rec.request.name}`);
      throw e;
    }
    recordV2g(this.ctx.trace, 'tx', this.ctx.channel, encodeV2gtp(pt, exi), { message, sessionId });
    this.lastSentUs = sentUs;
    rec.answered = { response: message, sentUs };
  }

  /** After PowerDeliveryRes(Start): the EV switches to C within cpStateCAfterPowerDelivery (a result, judged by checkStateC). */
  private watchStateC(sentUs: number): void {
    const pilot = this.ctx.pilot;
    if (!pilot) return;
    const lim = this.ctx.limits.ms('cpStateCAfterPowerDelivery');
    const explain = this.ctx.limits.explain('cpStateCAfterPowerDelivery');
    this.cWatch = pilot
      .waitFor((o) => { const s = stateOfLevel(o.cpHighV); return s === 'C' || s === 'D'; }, Math.round(lim * 2) + 100, 'the EV to switch to state C after PowerDeliveryRes(Start)')
      .then((o) => (o.tUs - sentUs > lim * 1000 ? `the EV switched to state C ${fmtMs(o.tUs - sentUs)} after PowerDeliveryRes(Start), over ${explain}` : undefined))
      .catch(() => `the EV did not switch to state C within ${explain} after PowerDeliveryRes(Start)`);
  }

  /**
   * DC (DIN 70121, ISO 15118-2/-20): the EV closes S2 (state C) before CableCheck, the insulation test needs it.
   * Judged from the line's measurement stamps: the state the line was in when the request arrived (observations
   * are delivered after a latency, so it first waits, bounded, for one measured at or after the arrival).
   */
  private async checkStateCAt(name: string, atUs: number, quote: { raw: Uint8Array; meaning: V2gFrameMeaning }): Promise<void> {
    const pilot = this.ctx.pilot;
    if (!pilot) return;
    await pilot.waitFor((o) => o.tUs >= atUs, this.ctx.expectMs, `a pilot measurement after ${name}`).catch(() => undefined);
    const seen = [...this.cpHistory].reverse().find((h) => h.tUs <= atUs)?.state ?? stateOfLevel(pilot.latest().cpHighV) ?? undefined;
    if (seen !== 'C' && seen !== 'D') throw v2gVerdict(this.ctx.trace, `the EVCC sent ${name} in state ${seen ?? '?'}: in DC the EV closes S2 (state C) before CableCheck, the insulation test needs it`, quote);
  }

  private readonly cpHistory: { tUs: number; state: string | undefined }[] = [];

  /** The EV was in state C or D when its last `name` request arrived (DC: CableCheckReq). */
  async expectStateCAt(name: string): Promise<void> {
    if (!this.ctx.pilot) throw new NotAutomatableError(`watching the EV's state C needs a pilot line: rig '${this.ctx.rigName}' has none for V2G`);
    const rec = [...this.log].reverse().find((r) => r.request.name === name);
    if (!rec) throw new EvcError(`the EVCC has not sent ${name} yet: run the session through it first`);
    await this.checkStateCAt(name, rec.tUs, { raw: rec.raw, meaning: { message: rec.request, sessionId: rec.sessionId } });
  }

  private async checkStateC(): Promise<void> {
    if (!this.cWatch) return;
    const w = this.cWatch;
    this.cWatch = undefined;
    const problem = await w;
    if (problem) throw v2gVerdict(this.ctx.trace, problem);
  }

  // ------------------------------------------------------------------ what the steps call

  /** The next request is `name` (answered as scripted or compliantly). */
  async expectRequest(name: string): Promise<SeccRequestRecord> {
    const rec = await this.next();
    if (rec.request.name !== name) throw v2gVerdict(this.ctx.trace, `the EVCC sent ${rec.request.name}, expected ${name}`, { raw: rec.raw, meaning: { message: rec.request, sessionId: rec.sessionId } });
    return rec;
  }

  /**
   * After SessionStopReq(ChargingSession=Pause) was answered: the SECC ends the old connection, then waits for
   * the EVCC to come back (SDP, a new connection, the handshake) within seccSequence of the pause, and for its
   * SessionSetupReq, which must carry the paused SessionID (else a verdict); it is answered OK_OldSessionJoined
   * with that SessionID, and the sequence starts over.
   */
  async acceptResume(): Promise<SeccRequestRecord> {
    const last = this.log.at(-1);
    if (!last || last.request.name !== this.procedure().finalRequest || last.request.body.ChargingSession !== 'Pause' || !last.answered) {
      throw v2gVerdict(this.ctx.trace, `the EVCC did not pause the session (last request: ${last ? `${last.request.name} ${JSON.stringify(last.request.body)}` : 'none'})`);
    }
    const paused = this.state_!.sessionId;
    if (this.conn && !this.conn.closed) await this.conn.close();
    this.conn = undefined;
    this.sap_ = undefined;
    this.ended = false;
    this.plugUs = monoUs();
    this.ctx.trace.note('v2g', `session ${paused} paused: waiting for the EVCC to resume it`, this.ctx.channel);
    const pausedVars = { ...this.state_!.vars };
    await this.handshake();
    this.state_!.sessionId = paused;
    this.state_!.vars.resumeFrom = paused;
    this.state_!.vars.paused = pausedVars; // what the paused session agreed (procedures check the resumed one against it)
    this.scripts.set('SessionSetupReq', { rows: [['ResponseCode', 'OK_OldSessionJoined']] });
    return this.expectRequest('SessionSetupReq');
  }

  /** Answers compliantly until `name` has been received (and answered, unless scripted silent). */
  async runThrough(name: string): Promise<void> {
    for (;;) {
      const rec = await this.next();
      if (rec.request.name === name) return;
      if (this.ended) throw v2gVerdict(this.ctx.trace, `the session ended without ${name}`);
    }
  }

  async runToEnd(): Promise<void> {
    await this.handshake();
    while (!this.ended) await this.next();
    await this.checkStateC();
  }

  async expectStateCWithin(timer: V2gTimerName): Promise<void> {
    const pilot = this.ctx.pilot;
    if (!pilot) throw new NotAutomatableError(`watching the EV's state C needs a pilot line: rig '${this.ctx.rigName}' has none for V2G`);
    const pd = [...this.log].reverse().find((r) => powerDeliveryKind(r.request) === 'start' && r.answered);
    if (!pd) throw new EvcError('no PowerDeliveryRes(Start) has been sent yet: run the session through PowerDeliveryReq first');
    const lim = this.ctx.limits.ms(timer);
    this.cWatch = undefined;
    const o = await pilot
      .waitFor((x) => { const s = stateOfLevel(x.cpHighV); return (s === 'C' || s === 'D') && x.tUs >= pd.answered!.sentUs; }, Math.round(lim * 2) + 100, 'state C')
      .catch(() => undefined);
    const latest = pilot.latest();
    const c = o ?? (['C', 'D'].includes(stateOfLevel(latest.cpHighV) ?? '') ? latest : undefined);
    if (!c) throw v2gVerdict(this.ctx.trace, `the EV did not switch to state C within ${this.ctx.limits.explain(timer)} after PowerDeliveryRes(Start)`);
    if (c.tUs - pd.answered!.sentUs > lim * 1000) throw v2gVerdict(this.ctx.trace, `the EV switched to state C ${fmtMs(c.tUs - pd.answered!.sentUs)} after PowerDeliveryRes(Start), over ${this.ctx.limits.explain(timer)}`);
  }

  /**
   * The EVCC closes the connection within the timer after the SECC's last answer. When a step withheld or
   * delayed the answer to the EVCC's last request, the EVCC's own timer runs from that request: it must close
   * before the late answer was due (timer × 1.2 after its request; silent: timer × 1.2 too).
   */
  async expectClosedWithin(timer: V2gTimerName): Promise<void> {
    const conn = this.conn;
    if (!conn) throw new EvcError('no V2G connection yet');
    const lim = this.ctx.limits.ms(timer);
    const w = this.withheld;
    const fromUs = w ? w.tUs : (this.lastSentUs ?? monoUs());
    const boundMs = w ? lim * 1.2 : lim;
    const from = w ? `its ${w.name} (answer ${w.factor ? `delayed to ${timer} × ${w.factor}` : 'withheld'})` : "the SECC's last answer";
    // judged on the close's stamp below, so waiting longer never passes a late close: wait at least one whole bound
    // from now (a loaded machine may start this step late), else until 1.2 × the bound after `fromUs`
    await conn.waitClosed(Math.round(Math.max(boundMs, boundMs * 1.2 + 50 - (monoUs() - fromUs) / 1000)));
    const at = conn.closedAtUs();
    const bound = w ? `${this.ctx.limits.explain(timer)} × 1.2` : this.ctx.limits.explain(timer);
    if (at === undefined) throw v2gVerdict(this.ctx.trace, `the EVCC kept the TCP connection open ${fmtMs(monoUs() - fromUs)} after ${from} (limit ${bound})`);
    if (at - fromUs > boundMs * 1000) throw v2gVerdict(this.ctx.trace, `the EVCC closed the TCP connection ${fmtMs(at - fromUs)} after ${from}, over ${bound}`);
  }

  /** The EVCC's next request is SessionStopReq. */
  async expectStop(): Promise<void> {
    await this.expectRequest(this.procedure().finalRequest);
  }

  /** The first SDP request arrived within the timer after plug-in (or after the SECC got ready). */
  async expectDiscoveredWithin(timer: V2gTimerName): Promise<void> {
    await this.ready();
    const lim = this.ctx.limits.ms(timer);
    const until = monoUs() + (lim * 1.2 + 50) * 1000;
    while (this.sdp!.requests.length === 0 && monoUs() < until) await sleep(10);
    const first = this.sdp!.requests[0];
    if (!first) throw v2gVerdict(this.ctx.trace, `no SDP request from the EVCC within ${this.ctx.limits.explain(timer)}`);
    const took = first.tUs - (this.plugUs ?? this.readyUs);
    if (took > lim * 1000) throw v2gVerdict(this.ctx.trace, `the EVCC's first SDP request came ${fmtMs(took)} after plug-in, over ${this.ctx.limits.explain(timer)}`, { raw: first.raw });
  }

  /** With the first SDP requests ignored: the EVCC repeats its request, each no sooner than the timer. */
  async expectSdpRetries(timer: V2gTimerName): Promise<void> {
    await this.ready();
    if (this.sdpIgnore < 1) throw new EvcError('an EVCC only retries SDP when its request goes unanswered: ignore the first SDP requests before the SECC is ready');
    const lim = this.ctx.limits.ms(timer);
    const want = this.sdpIgnore + 1;
    const until = monoUs() + (want * lim * 2 + this.ctx.expectMs) * 1000;
    while (this.sdp!.requests.length < want && monoUs() < until) await sleep(10);
    const reqs = this.sdp!.requests;
    if (reqs.length < want) throw v2gVerdict(this.ctx.trace, `the EVCC sent ${reqs.length} SDP request(s) where ${want} were due (${this.sdpIgnore} unanswered, retry every ${this.ctx.limits.explain(timer)})`);
    for (let i = 1; i < want; i++) {
      const gap = reqs[i].tUs - reqs[i - 1].tUs;
      if (gap < lim * 1000 * 0.9) throw v2gVerdict(this.ctx.trace, `SDP request ${i + 1} came ${fmtMs(gap)} after request ${i}, sooner than ${this.ctx.limits.explain(timer)}`, { raw: reqs[i].raw });
    }
  }

  /** Every request so far passed the checks (each is checked on arrival; this says the session had requests at all). */
  expectWellFormed(): void {
    if (this.log.length === 0) throw v2gVerdict(this.ctx.trace, 'the EVCC sent no request to judge');
    if (this.problems.length) throw v2gVerdict(this.ctx.trace, `problems with the EVCC's requests: ${this.problems.join('; ')}`);
  }
  /** With every SDP request ignored: the EVCC gives SDP up after at most `timer` requests (the count sdpRetries). */
  async expectSdpGivenUp(timer: V2gTimerName): Promise<void> {
    await this.ready();
    if (this.sdpIgnore !== Infinity) throw new EvcError('an EVCC only gives SDP up when no request is answered: ignore every SDP request before the SECC is ready');
    const max = this.ctx.limits.ms(timer);
    const pace = this.ctx.limits.ms('sdpRetryInterval');
    const quietUs = (pace * 3 + 200) * 1000; // no request for this long after the last one: the EVCC gave up
    const until = monoUs() + ((max + 2) * pace * 2 + this.ctx.expectMs) * 1000;
    const reqs = this.sdp!.requests;
    while (reqs.length <= max && monoUs() < until && !(reqs.length > 0 && monoUs() - reqs[reqs.length - 1].tUs > quietUs)) await sleep(20);
    if (reqs.length > max) throw v2gVerdict(this.ctx.trace, `the EVCC sent ${reqs.length} unanswered SDP requests, more than ${this.ctx.limits.explain(timer)}`, { raw: reqs[max].raw });
    if (reqs.length === 0) throw v2gVerdict(this.ctx.trace, `no SDP request from the EVCC (ignoring every one, expecting at most ${max})`);
  }


  /** Problems no step asserted (a state-C watch still pending at the end). */
  async finish(): Promise<string[]> {
    if (!this.cWatch) return [...this.problems];
    const p = await this.cWatch;
    this.cWatch = undefined;
    return [...this.problems, ...(p ? [p] : [])];
  }

  unassertedProblems(): string[] {
    return [...this.problems];
  }

  private async receive(conn: V2gConnection, waitMs: number, what: string): Promise<V2gFrameIn | undefined> {
    try {
      return await conn.receive(waitMs, what);
    } catch (e) {
      if (e instanceof V2gTimeoutError) return undefined;
      if (e instanceof V2gFramingError) {
        this.ctx.trace.record({ dir: 'rx', protocol: 'v2g', channel: this.ctx.channel, raw: Uint8Array.from(Buffer.from(e.bytesHex.replace(/[\s…]/g, ''), 'hex')), summary: 'malformed V2GTP frame', problems: [e.message] });
        throw v2gVerdict(this.ctx.trace, `the EVCC sent a malformed V2GTP frame while the SECC waited for ${what}: ${e.message}`, { raw: e.bytesHex.replace(/[\s…]/g, '') });
      }
      throw e;
    }
  }

  async dispose(): Promise<void> {
    this.unsubscribe?.();
    await this.cWatch?.catch(() => undefined);
    await this.conn?.close();
    await this.sdp?.close();
    await this.server?.close();
  }
}

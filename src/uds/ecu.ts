/**
 * UDS server (ECU) role over a DiagLink, configured from an ECU fixture: sessions with P2/P2*, S3 timeout
 * back to the default session, security access with attempt counter and delay timer, tester present,
 * suppressPosRsp, functional-addressing NRC suppression, response pending for slow work. Data services
 * (DIDs, DTCs, memory, routines, download) live in ecu-services.ts.
 *
 * `behaviour` holds the knobs the reference SUT's named faults turn (src/reference/ecu/faults.ts); the
 * defaults are the compliant behaviour.
 */
import type { Trace } from '../core/trace';
import { encodeNegativeResponse, hasSuppressBit, hex, summarize } from './codec';
import type { EcuConfig, SecurityLevelConfig, SessionConfig } from './fixture';
import { type DiagLink, type DiagPdu, monoUs } from './link';
import { NRC } from './nrc';
import { computeKey } from './seedkey';
import { decodeSecurityRequest, decodeSessionRequest, decodeTesterPresentRequest, encodeSecurityResponse, encodeSessionResponse } from './services';
import { registerDataServices } from './ecu-services';

/** Thrown by a handler to answer with a negative response. */
export class Nrc extends Error {
  constructor(readonly code: number) {
    super(`NRC 0x${code.toString(16)}`);
  }
}

export interface EcuBehaviour {
  /** NRC for an unsupported service (compliant: 0x11). */
  unknownServiceNrc: number;
  /** Added before every response, in ms (compliant: 0). */
  extraDelayMs: number;
  /** Send 0x78 while slow work runs (compliant: true). */
  responsePending: boolean;
  /** Honour the suppressPosRsp bit (compliant: true). */
  honourSuppress: boolean;
  /** Override the P2/P2* the 0x50 response reports (compliant: the session's values). */
  reportedTiming?: { p2Ms: number; p2StarMs: number };
  /** Enforce the delay timer after exceeded attempts (compliant: true). */
  securityDelay: boolean;
  /** Check the TransferData block sequence counter (compliant: true). */
  checkBlockCounter: boolean;
  /** Return to the default session when S3 expires (compliant: true). */
  s3Timeout: boolean;
}

export const COMPLIANT_BEHAVIOUR: EcuBehaviour = {
  unknownServiceNrc: NRC.serviceNotSupported,
  extraDelayMs: 0,
  responsePending: true,
  honourSuppress: true,
  securityDelay: true,
  checkBlockCounter: true,
  s3Timeout: true,
};

export interface RequestContext {
  pdu: DiagPdu;
  functional: boolean;
  ecu: UdsEcu;
  /** Runs slow work; while it runs the ECU sends 0x78 before P2 and then every ~P2*·0.8. */
  slow<T>(durationMs: number, work: () => T): Promise<T>;
}

export type Handler = (req: Uint8Array, ctx: RequestContext) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

export interface EcuOptions {
  trace?: Trace;
  behaviour?: Partial<EcuBehaviour>;
  /** Protocol name in the trace (default `uds`). */
  protocol?: string;
}

export interface EcuEvent {
  tUs: number;
  kind: 'session' | 's3-timeout' | 'security' | 'reset' | 'download' | 'routine' | 'request';
  detail: string;
}

/** NRCs not sent for functionally addressed requests (ISO 14229-1 negative response handling). */
const FUNCTIONAL_SUPPRESSED_NRCS = new Set([0x11, 0x12, 0x31, 0x7e, 0x7f]);

export class UdsEcu {
  readonly behaviour: EcuBehaviour;
  readonly handlers = new Map<number, Handler>();
  readonly events: EcuEvent[] = [];
  /** Every request received, with whether an earlier request was still being processed (e.g. pending 0x78). */
  readonly received: { tUs: number; data: Uint8Array; functional: boolean; whileBusy: boolean }[] = [];
  private inFlight = 0;
  private pendingSent = false;
  session: SessionConfig;
  /** Unlocked security level (odd sub-function), 0 = locked. */
  securityLevel = 0;
  private pendingSeed: { level: number; seed: Uint8Array } | undefined;
  failedAttempts = 0;
  private delayUntilMs = 0;
  private s3Timer: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private queue: Promise<void> = Promise.resolve();
  private readonly off: () => void;
  private closed = false;
  /** Mutable state of the data services (ecu-services.ts). */
  readonly state: Record<string, unknown> = {};

  constructor(
    readonly config: EcuConfig,
    readonly link: DiagLink,
    private readonly opts: EcuOptions = {},
  ) {
    this.behaviour = { ...COMPLIANT_BEHAVIOUR, ...opts.behaviour };
    this.session = this.sessionById(0x01)!;
    this.handlers.set(0x10, (r) => this.sessionControl(r));
    this.handlers.set(0x27, (r) => this.securityAccess(r));
    this.handlers.set(0x3e, (r) => {
      const t = decodeTesterPresentRequest(r);
      if (t.subFunction !== 0x00) throw new Nrc(NRC.subFunctionNotSupported);
      return Uint8Array.of(0x7e, 0x00);
    });
    registerDataServices(this);
    this.off = link.onPdu((pdu) => {
      this.received.push({ tUs: pdu.tUs, data: pdu.data, functional: pdu.functional === true, whileBusy: this.inFlight > 0 });
      this.inFlight++;
      this.queue = this.queue
        .then(() => this.process(pdu))
        .catch(() => undefined)
        .finally(() => this.inFlight--);
    });
  }

  sessionById(id: number): SessionConfig | undefined {
    return this.config.sessions.find((s) => s.id === id);
  }

  /** Records an event (tests and the World read `events`). */
  event(kind: EcuEvent['kind'], detail: string): void {
    this.events.push({ tUs: monoUs(), kind, detail });
    this.opts.trace?.note(this.opts.protocol ?? 'uds', `ECU ${kind}: ${detail}`, this.link.channel);
  }

  /** Throws NRC 0x7F when `sid` is restricted to other sessions by the fixture's serviceSessions. */
  requireServiceSession(sid: number): void {
    const allowed = this.config.serviceSessions.get(sid);
    if (allowed && !allowed.includes(this.session.id)) throw new Nrc(NRC.serviceNotSupportedInActiveSession);
  }

  /** Throws 0x33 when `level` is required and not unlocked. */
  requireSecurity(level: number | undefined): void {
    if (level !== undefined && level !== 0 && this.securityLevel !== level) throw new Nrc(NRC.securityAccessDenied);
  }

  private async process(pdu: DiagPdu): Promise<void> {
    if (this.closed || pdu.data.length === 0) return;
    const req = pdu.data;
    const functional = pdu.functional === true;
    this.trace('rx', req);
    // S3 does not run while a request is processed; it restarts once the response has gone out.
    this.stopS3();
    const sid = req[0];
    const handler = this.handlers.get(sid);
    const ctx: RequestContext = { pdu, functional, ecu: this, slow: (ms, work) => this.slow(sid, ms, work) };
    let rsp: Uint8Array | undefined;
    try {
      if (!handler) throw new Nrc(this.behaviour.unknownServiceNrc);
      this.pendingSent = false;
      rsp = await handler(req, ctx);
      // After a 0x78 the final positive response is due even with suppressPosRsp (ISO 14229-1 §7.5).
      if (rsp && rsp[0] !== 0x7f && hasSuppressBit(req) && this.behaviour.honourSuppress && !this.pendingSent) rsp = undefined;
    } catch (e) {
      const code = e instanceof Nrc ? e.code : (e as Error).name === 'CodecError' ? NRC.incorrectMessageLengthOrInvalidFormat : NRC.generalReject;
      if (functional && FUNCTIONAL_SUPPRESSED_NRCS.has(code)) rsp = undefined;
      else rsp = encodeNegativeResponse(sid, code);
    }
    if (rsp) await this.respond(rsp);
    this.touchS3();
  }

  /** Sends a response after the behaviour's extra delay. */
  async respond(rsp: Uint8Array): Promise<void> {
    if (this.behaviour.extraDelayMs > 0) await this.sleep(this.behaviour.extraDelayMs);
    if (this.closed) return;
    this.trace('tx', rsp);
    await this.link.send(rsp).catch(() => undefined);
  }

  private trace(dir: 'tx' | 'rx', data: Uint8Array): void {
    // Harness view: what the ECU receives comes from the SUT (rx), what it sends goes to the SUT (tx).
    this.opts.trace?.record({ dir, protocol: this.opts.protocol ?? 'uds', channel: this.link.channel, raw: data, summary: `ECU ${dir} ${summarize(data)}` });
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.add(t);
    });
  }

  private async slow<T>(sid: number, durationMs: number, work: () => T): Promise<T> {
    const p2 = this.session.p2Ms;
    if (durationMs <= 0) return work();
    if (!this.behaviour.responsePending || durationMs < p2 * 0.8) {
      await this.sleep(durationMs);
      return work();
    }
    const done = monoUs() + durationMs * 1000;
    const pending = encodeNegativeResponse(sid, NRC.responsePending);
    // First 0x78 well inside P2, later ones inside P2*.
    await this.sleep(Math.min(p2 / 2, 10));
    while (!this.closed) {
      this.pendingSent = true;
      await this.respond(pending);
      const left = (done - monoUs()) / 1000;
      const next = Math.max(1, Math.floor(this.session.p2StarMs * 0.8));
      if (left <= next) {
        if (left > 0) await this.sleep(left);
        break;
      }
      await this.sleep(next);
    }
    return work();
  }

  private stopS3(): void {
    if (this.s3Timer) clearTimeout(this.s3Timer);
    this.s3Timer = undefined;
  }

  private touchS3(): void {
    this.stopS3();
    if (this.session.id === 0x01 || !this.behaviour.s3Timeout || this.closed) return;
    this.s3Timer = setTimeout(() => {
      this.s3Timer = undefined;
      this.event('s3-timeout', `no request for ${this.config.s3Ms} ms: back to default session`);
      this.enterSession(0x01);
    }, this.config.s3Ms);
  }

  /**
   * Changes session. Every transition relocks security and stops transfers, also a re-entry of the active
   * non-default session (10 03 while in extended): ISO 14229-1 re-initialises the session on any
   * DiagnosticSessionControl, so an unlock never survives one.
   */
  enterSession(id: number): void {
    const s = this.sessionById(id);
    if (!s) return;
    this.session = s;
    this.securityLevel = 0;
    this.pendingSeed = undefined;
    this.state.download = undefined;
    this.event('session', `${s.name} (0x${s.id.toString(16).padStart(2, '0')})`);
    this.touchS3();
  }

  private sessionControl(req: Uint8Array): Uint8Array {
    if (req.length < 2) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    const { sessionType } = decodeSessionRequest(req);
    const target = this.sessionById(sessionType);
    if (!target) throw new Nrc(NRC.subFunctionNotSupported);
    if (target.from && !target.from.includes(this.session.id)) throw new Nrc(NRC.subFunctionNotSupportedInActiveSession);
    this.enterSession(sessionType);
    const timing = this.behaviour.reportedTiming ?? { p2Ms: target.p2Ms, p2StarMs: target.p2StarMs };
    return encodeSessionResponse({ sessionType, ...timing });
  }

  private levelConfig(level: number): SecurityLevelConfig | undefined {
    return this.config.security.levels.find((l) => l.level === level);
  }

  private securityAccess(req: Uint8Array): Uint8Array {
    if (req.length < 2) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
    const r = decodeSecurityRequest(req);
    const cfg = this.levelConfig(r.level);
    if (!cfg || r.subFunction === 0 || r.subFunction > 0x7e) throw new Nrc(NRC.subFunctionNotSupported);
    if (cfg.sessions && !cfg.sessions.includes(this.session.id)) throw new Nrc(NRC.subFunctionNotSupportedInActiveSession);
    const now = monoUs() / 1000;
    if (r.kind === 'seed') {
      if (r.data.length !== 0) throw new Nrc(NRC.incorrectMessageLengthOrInvalidFormat);
      if (this.behaviour.securityDelay && now < this.delayUntilMs) throw new Nrc(NRC.requiredTimeDelayNotExpired);
      if (this.securityLevel === r.level) return encodeSecurityResponse(r.subFunction, new Uint8Array(cfg.seedLength));
      const seed = cfg.fixedSeed ? Uint8Array.from(cfg.fixedSeed) : randomSeed(cfg.seedLength);
      this.pendingSeed = { level: r.level, seed };
      this.event('security', `seed for level 0x${r.level.toString(16)}: ${hex(seed)}`);
      return encodeSecurityResponse(r.subFunction, seed);
    }
    if (!this.pendingSeed || this.pendingSeed.level !== r.level) throw new Nrc(NRC.requestSequenceError);
    if (this.behaviour.securityDelay && now < this.delayUntilMs) throw new Nrc(NRC.requiredTimeDelayNotExpired);
    const expected = cfg.keyFn ? cfg.keyFn(this.pendingSeed.seed, r.level) : computeKey(cfg.algorithm, this.pendingSeed.seed, cfg.constant, this.config.source);
    this.pendingSeed = undefined;
    if (r.data.length !== expected.length || r.data.some((b, i) => b !== expected[i])) {
      this.failedAttempts++;
      this.event('security', `invalid key for level 0x${r.level.toString(16)} (attempt ${this.failedAttempts})`);
      if (this.failedAttempts >= this.config.security.maxAttempts && this.behaviour.securityDelay) {
        this.failedAttempts = 0;
        this.delayUntilMs = now + this.config.security.delayMs;
        throw new Nrc(NRC.exceededNumberOfAttempts);
      }
      throw new Nrc(NRC.invalidKey);
    }
    this.failedAttempts = 0;
    this.securityLevel = r.level;
    this.event('security', `level 0x${r.level.toString(16)} unlocked`);
    return encodeSecurityResponse(r.subFunction);
  }

  /** Resets (ECUReset): default session, locked, transfers aborted. */
  reset(): void {
    this.enterSession(0x01);
    this.event('reset', 'ECU reset');
  }

  /** Remaining security delay in ms (0 when none). */
  get securityDelayRemainingMs(): number {
    return Math.max(0, this.delayUntilMs - monoUs() / 1000);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.off();
    if (this.s3Timer) clearTimeout(this.s3Timer);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

function randomSeed(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = 1 + Math.floor(Math.random() * 255);
  return out;
}

/**
 * The harness as charging station: connects to a CSMS (SP0–SP3), keeps station state (connectors,
 * configuration, transactions), answers CSMS-initiated calls with defaults or scenario overrides, and sends
 * station-initiated calls when steps ask. Reconnects with the spec's doubling back-off when asked.
 */
import { EvcError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import type { OcppVersion, SecurityProfile } from '../../rig/ocpp-sut';
import { connectWs } from '../../transport/ws/client';
import { checkUrlScheme, verifyOutgoing } from '../security-check';
import type { Spelling } from '../error-codes';
import { type CallOutcome, OcppSession, type Payload, type Reply } from '../session';
import { type StationState, defaultStationReply, newStationState } from './defaults';

export interface StationRoleOptions {
  version: OcppVersion;
  /** Also offered, after `version`, when testing subprotocol negotiation. */
  extraSubprotocols?: string[];
  trace: Trace;
  csmsUrl: string;
  identity: string;
  securityProfile: SecurityProfile;
  password?: string | Buffer;
  /** caLabel names the trust anchor in notes and failures (default: the CA given, or the system trust store). */
  tls?: { ca?: string; cert?: string; key?: string; minVersion?: 'TLSv1.2' | 'TLSv1.3'; caLabel?: string };
  responseTimeoutMs: number;
  connectTimeoutMs: number;
  connectors: number;
  errorSpelling?: Spelling;
  perMessageDeflate?: boolean;
}

export interface BackoffOptions {
  attempts: number;
  /** First wait in ms; doubled each attempt, with up to `jitterMs` random jitter. */
  baseMs: number;
  jitterMs?: number;
}

export class StationRole {
  readonly state: StationState;
  private session_: OcppSession | undefined;
  /** Every session this station opened in the scenario (reconnects add to it). */
  readonly history: OcppSession[] = [];
  private overrides: { action: string; reply: Reply | ((p: Payload) => Reply); remaining: number }[] = [];
  /** Delays between reconnect attempts actually used (for back-off assertions). */
  readonly reconnectDelays: number[] = [];

  constructor(readonly opts: StationRoleOptions) {
    this.state = newStationState(opts.connectors);
  }

  get session(): OcppSession {
    if (!this.session_) throw new EvcError(`station '${this.opts.identity}' is not connected (use a step that connects it)`);
    return this.session_;
  }

  get connected(): boolean {
    return Boolean(this.session_?.isOpen);
  }

  async connect(): Promise<OcppSession> {
    const o = this.opts;
    const basicAuth = o.securityProfile === 1 || o.securityProfile === 2 ? { user: o.identity, password: o.password ?? '' } : undefined;
    checkUrlScheme(o.csmsUrl, o.securityProfile);
    const conn = await connectWs({
      url: o.csmsUrl,
      identity: o.identity,
      subprotocols: [`ocpp${o.version}`, ...(o.extraSubprotocols ?? [])],
      trace: o.trace,
      timeoutMs: o.connectTimeoutMs,
      basicAuth,
      tls: o.securityProfile >= 2 ? { ca: o.tls?.ca, cert: o.securityProfile === 3 ? o.tls?.cert : undefined, key: o.securityProfile === 3 ? o.tls?.key : undefined, minVersion: o.tls?.minVersion } : undefined,
      perMessageDeflate: o.perMessageDeflate,
    });
    try {
      const caLabel = o.tls?.caLabel ?? (o.tls?.ca ? 'the CA given to the harness station' : 'the system trust store');
      verifyOutgoing(conn.info, { securityProfile: o.securityProfile, identity: o.identity, ca: o.tls?.ca, caLabel, password: o.password }, o.trace);
    } catch (e) {
      conn.terminate();
      throw e;
    }
    const version = (conn.info.protocol.replace(/^ocpp/, '') || o.version) as OcppVersion;
    const session = new OcppSession(conn, { version, trace: o.trace, responseTimeoutMs: o.responseTimeoutMs, errorSpelling: o.errorSpelling });
    session.setResponder((action, payload) => this.reply(version, action, payload));
    this.session_ = session;
    this.history.push(session);
    return session;
  }

  /** Reconnects with doubling back-off plus jitter; resolves with the new session or throws the last error. */
  async reconnect(backoff: BackoffOptions): Promise<OcppSession> {
    let last: unknown;
    for (let attempt = 0; attempt < backoff.attempts; attempt++) {
      try {
        return await this.connect();
      } catch (e) {
        last = e;
        const delay = backoff.baseMs * 2 ** attempt + Math.floor(Math.random() * (backoff.jitterMs ?? 0));
        this.reconnectDelays.push(delay);
        this.opts.trace.note('ocpp', `reconnect attempt ${attempt + 1} failed; retrying in ${delay} ms`, this.opts.identity);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    throw last;
  }

  async disconnect(code = 1000): Promise<void> {
    if (this.session_?.isOpen) await this.session_.close(code);
  }

  override(action: string, reply: Reply | ((payload: Payload) => Reply), times = 1): void {
    this.overrides.push({ action, reply, remaining: times });
  }

  private reply(version: OcppVersion, action: string, payload: Payload): Reply {
    const o = this.overrides.find((x) => x.action === action && x.remaining > 0);
    if (o) {
      o.remaining -= 1;
      this.overrides = this.overrides.filter((x) => x.remaining > 0);
      return typeof o.reply === 'function' ? o.reply(payload) : o.reply;
    }
    return defaultStationReply(version, action, payload, this.state);
  }

  call(action: string, payload: Payload, timeoutMs?: number): Promise<CallOutcome> {
    return this.session.call(action, payload, timeoutMs);
  }
}

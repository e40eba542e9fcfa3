/**
 * The harness as charging station: connects to a CSMS (SP0–SP3), keeps station state (connectors,
 * configuration, transactions), answers CSMS-initiated calls with defaults or scenario overrides, and sends
 * station-initiated calls when steps ask. Reconnects with the spec's doubling back-off when asked.
 */
import { EvcError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import type { OcppVersion, SecurityProfile } from '../version';
import { connectWs } from '../../transport/ws/client';
import { checkUrlScheme, verifyOutgoing } from '../security-check';
import type { Spelling } from '../error-codes';
import { type CallOutcome, OcppSession, type Payload, type Reply } from '../session';
import { type StationState, defaultStationReply, newStationState } from './defaults';
import { type OpenTransaction, stationLedger } from './open-transactions';

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

  /**
   * Teardown (the OCTT general post-condition "the CSMS is idle"): ends every transaction this station still
   * has open at the CSMS, as read from the wire — StopTransaction (1.6) / TransactionEvent Ended (2.0.1) with
   * reason Local and a meter at or above the last one reported — reconnecting once if the scenario left the
   * station offline. Throws naming each transaction whose end the CSMS did not accept.
   */
  async endOpenTransactions(): Promise<void> {
    const { open, energyWh } = stationLedger(this.opts.trace.frames, this.opts.identity);
    if (open.length === 0) return;
    const ids = open.map((t) => t.transactionId).join(', ');
    if (!this.connected) {
      try {
        await this.connect();
      } catch (e) {
        this.opts.trace.note('harness', `teardown: transaction(s) ${ids} left open — the station could not reconnect to end them: ${(e as Error).message}`, this.opts.identity);
        return;
      }
    }
    this.opts.trace.note('harness', `teardown: ending transaction(s) ${ids} the scenario left open`, this.opts.identity);
    const meterWh = Math.round(energyWh) + 100;
    const failures: string[] = [];
    for (const tx of open) {
      const [action, payload] = this.closingMessage(tx, meterWh);
      try {
        const outcome = await this.session.call(action, payload);
        if (outcome.kind === 'error') failures.push(`${action} for transaction ${tx.transactionId} answered ${outcome.code}: ${outcome.description}`);
        else if (outcome.frame.problems) failures.push(`${action} for transaction ${tx.transactionId}: invalid answer (${outcome.frame.problems.join('; ')})`);
      } catch (e) {
        failures.push(`${action} for transaction ${tx.transactionId}: ${(e as Error).message}`);
      }
    }
    if (failures.length) throw new EvcError(`the CSMS did not accept the end of the transaction(s) the scenario left open, so it is not idle for the next scenario: ${failures.join('; ')}`);
  }

  private closingMessage(tx: OpenTransaction, meterWh: number): [string, Payload] {
    const timestamp = new Date().toISOString();
    if (this.opts.version === '1.6') return ['StopTransaction', { transactionId: tx.transactionId, meterStop: meterWh, timestamp, reason: 'Local' }];
    const payload: Payload = {
      eventType: 'Ended',
      timestamp,
      triggerReason: 'StopAuthorized',
      seqNo: tx.nextSeqNo,
      transactionInfo: { transactionId: tx.transactionId, stoppedReason: 'Local' },
      meterValue: [{ timestamp, sampledValue: [{ value: meterWh, context: 'Transaction.End', measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }] }],
    };
    if (tx.where !== undefined) payload.evse = { id: tx.where, connectorId: 1 };
    return ['TransactionEvent', payload];
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

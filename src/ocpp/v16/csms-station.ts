/**
 * The harness station's side of the OCPP 1.6 CSMS-under-test catalogue (TC_xxx_CSMS): what the OCTT test
 * system does as a charge point, one message at a time, while remembering what the central system assigned
 * (transaction ids per connector) so later steps can refer to "the transaction on connector 1".
 *
 * Every station-initiated message waits for the CSMS's answer and keeps it as the harness's last outcome, so
 * the generic "the CSMS responds with …" steps assert on it. Nothing here asserts on its own except where a
 * method says so (confirm, expectForTransaction).
 */
import { EvcError, VerdictError } from '../../core/errors';
import { m } from '../../core/match';
import type { InboxItem } from '../../core/expect';
import type { StationSideContext } from '../side-context';
import type { CallOutcome, OcppSession, Payload } from '../session';

export interface HarnessTransaction {
  connectorId: number;
  idTag: string;
  meterStart: number;
  /** Assigned by the CSMS in StartTransaction.conf. */
  transactionId?: number;
  startedAt: string;
}

/** Energy the harness station reports per transaction (Wh). */
const ENERGY_PER_TRANSACTION_WH = 1500;

export class HarnessStation16 {
  /** Active transactions by connector. */
  readonly transactions = new Map<number, HarnessTransaction>();
  /** Energy register (Wh), increasing over the scenario. */
  meterWh = 1000;
  /** Private key (PEM) of the last certificate signing request the station sent. */
  csrKeyPem?: string;
  /** Sessions of earlier connections (before a reconnect): their problems still count. */
  private readonly earlierSessions: OcppSession[] = [];

  constructor(readonly h: StationSideContext) {
    if (h.side !== 'csms') throw new EvcError('these steps play the charge point: the scenario must be tagged @sut:csms');
    if (h.version !== '1.6') throw new EvcError(`these steps are OCPP 1.6 (scenario is ${h.version})`);
  }

  /** Sends a station-initiated CALL and keeps the outcome for the generic "the CSMS responds …" steps. */
  async send(action: string, payload: Payload): Promise<CallOutcome> {
    await this.h.start();
    return this.h.call(action, payload);
  }

  /** The last answer must be a CALLRESULT to `action` (confirmations with an empty or any payload). */
  confirm(action: string): void {
    const o = this.h.lastOutcome;
    if (o && o.action !== action) throw new VerdictError(`The last exchange was ${o.action}, not ${action}`);
    this.h.assertResult({});
  }

  /** StatusNotification for one connector (errorCode NoError unless a fault is given). */
  report(connectorId: number, status: string, errorCode = 'NoError', extra: Payload = {}): Promise<CallOutcome> {
    return this.send('StatusNotification', { connectorId, errorCode, status, timestamp: new Date().toISOString(), ...extra });
  }

  authorize(idTag: string): Promise<CallOutcome> {
    return this.send('Authorize', { idTag });
  }

  /** StartTransaction; remembers the transaction (with the CSMS's transactionId) whatever the idTag status. */
  async startTransaction(connectorId: number, idTag: string, opts: { reservationId?: number; agoSeconds?: number } = {}): Promise<CallOutcome> {
    const startedAt = new Date(Date.now() - (opts.agoSeconds ?? 0) * 1000).toISOString();
    const tx: HarnessTransaction = { connectorId, idTag, meterStart: this.meterWh, startedAt };
    const payload: Payload = { connectorId, idTag, meterStart: tx.meterStart, timestamp: startedAt };
    if (opts.reservationId !== undefined) payload.reservationId = opts.reservationId;
    const outcome = await this.send('StartTransaction', payload);
    if (outcome.kind === 'result' && typeof outcome.payload.transactionId === 'number') {
      tx.transactionId = outcome.payload.transactionId;
      this.transactions.set(connectorId, tx);
      this.h.station?.state.transactions.set(connectorId, tx.transactionId);
    }
    return outcome;
  }

  /** The CSMS-assigned id of the transaction running on a connector. */
  transactionId(connectorId: number): number {
    const id = this.transactions.get(connectorId)?.transactionId;
    if (id === undefined) throw new EvcError(`no transaction is running on connector ${connectorId} (start one first)`);
    return id;
  }

  /** StopTransaction for the transaction on a connector; `idTag` is included when given. */
  async stopTransaction(connectorId: number, reason: string, opts: { idTag?: string; agoSeconds?: number } = {}): Promise<CallOutcome> {
    const tx = this.transactions.get(connectorId);
    const transactionId = this.transactionId(connectorId);
    this.meterWh += ENERGY_PER_TRANSACTION_WH;
    const payload: Payload = { transactionId, meterStop: this.meterWh, timestamp: new Date(Date.now() - (opts.agoSeconds ?? 0) * 1000).toISOString(), reason };
    if (opts.idTag !== undefined) payload.idTag = opts.idTag;
    const outcome = await this.send('StopTransaction', payload);
    if (tx) {
      this.transactions.delete(connectorId);
      this.h.station?.state.transactions.delete(connectorId);
    }
    return outcome;
  }

  /** Energy.Active.Import.Register sample for the transaction on a connector. */
  meterValues(connectorId: number): Promise<CallOutcome> {
    const payload: Payload = {
      connectorId,
      meterValue: [{ timestamp: new Date().toISOString(), sampledValue: [{ value: String(this.meterWh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
    };
    const tx = this.transactions.get(connectorId);
    if (tx?.transactionId !== undefined) payload.transactionId = tx.transactionId;
    return this.send('MeterValues', payload);
  }

  // ------------------------------------------------------------------ CSMS-initiated calls about a transaction

  /** Puts the transaction id where the action carries it: csChargingProfiles.transactionId or transactionId. */
  withTransaction(action: string, connectorId: number, payload: Payload): Payload {
    const transactionId = this.transactionId(connectorId);
    if (action === 'SetChargingProfile') {
      const profile = (payload.csChargingProfiles ?? {}) as Payload;
      return { ...payload, csChargingProfiles: { ...profile, transactionId } };
    }
    return { ...payload, transactionId };
  }

  /** Operator trigger carrying the running transaction's id. */
  async triggerForTransaction(action: string, connectorId: number, payload: Payload): Promise<void> {
    await this.h.triggerCsms(action, this.withTransaction(action, connectorId, payload));
  }

  /** Expects the CSMS's call to carry the running transaction's id (plus the partial fields given). */
  async expectForTransaction(action: string, connectorId: number, partial: Payload): Promise<InboxItem<Payload>> {
    return this.h.expectCall(action, this.withTransaction(action, connectorId, partial));
  }

  /** GetConfiguration asking for every key: `key` omitted or empty. */
  async expectGetAllConfiguration(): Promise<InboxItem<Payload>> {
    return this.h.expectCall('GetConfiguration', { key: m.satisfies('omitted or an empty list', (k) => k === undefined || (Array.isArray(k) && k.length === 0)) });
  }

  // ------------------------------------------------------------------ connection

  /** The harness station drops its WebSocket (the CSMS sees the station go offline). */
  async disconnect(): Promise<void> {
    await this.h.start();
    this.earlierSessions.push(this.h.session);
    await this.h.station!.disconnect();
  }

  /**
   * Problems (second concurrent CALL, malformed frames…) the CSMS caused on connections that have since been
   * closed: the harness's own guard only looks at the current connection. For the World's After guard.
   */
  earlierProblems(): string[] {
    return this.earlierSessions.flatMap((s) => s.unasserted().map((p) => `(earlier connection) ${p.text}`));
  }

  /** AuthorizationKey the station used before the last change (reconnect with a new key). */
  previousPassword?: string;

  /**
   * The harness station opens a new WebSocket to the CSMS (no BootNotification unless a step sends one),
   * optionally authenticating with a new AuthorizationKey from now on.
   */
  async reconnect(newPassword?: string): Promise<void> {
    const st = this.h.station;
    if (!st) throw new EvcError('the station never connected');
    if (st.connected) throw new EvcError('the station is still connected: disconnect it first');
    if (newPassword !== undefined) {
      this.previousPassword = this.h.password;
      this.h.password = newPassword;
      st.opts.password = newPassword;
    }
    await st.connect();
  }
}

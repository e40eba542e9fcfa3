/**
 * The harness station's side of the OCPP 2.0.1 CSMS-under-test catalogue (TC_x_nn_CSMS): what the OCTT test
 * system does as a charging station, one message at a time.
 *
 * TransactionEvents are numbered here: each transaction gets a fresh transactionId from a per-scenario
 * counter, its seqNo starts at 0 with the Started event and increases by one per event, so the scenario
 * writes only what the test case is about (eventType, triggerReason, chargingState, idToken, meter values).
 * The running transaction's id is also a scenario variable `${txN}` (N = EVSE id) for the generic steps.
 *
 * Every station-initiated message waits for the CSMS's answer and keeps it as the harness's last outcome, so
 * the generic "the CSMS responds with …" steps assert on it.
 */
import { randomBytes } from 'node:crypto';
import { EvcError, VerdictError } from '../../core/errors';
import type { StationSideContext } from '../side-context';
import type { CallOutcome, Payload } from '../session';

export interface HarnessTransaction201 {
  transactionId: string;
  evseId: number;
  /** seqNo of the next event. */
  nextSeqNo: number;
}

/** Table value that removes a field the helper would otherwise fill in (e.g. `evse | none`). */
const NONE = 'none';

export class HarnessStation201 {
  /** Running transactions by EVSE id. */
  readonly transactions = new Map<number, HarnessTransaction201>();
  /** Transactions started in this scenario (the counter behind the transactionIds). */
  private txCounter = 0;
  private readonly runTag = randomBytes(3).toString('hex');
  /** Energy register (Wh), increasing over the scenario. */
  meterWh = 1000;

  constructor(readonly h: StationSideContext) {
    if (h.side !== 'csms') throw new EvcError('these steps play the charging station: the scenario must be tagged @sut:csms');
    if (h.version !== '2.0.1') throw new EvcError(`these steps are OCPP 2.0.1 (scenario is ${h.version})`);
  }

  /** Sends a station-initiated CALL and keeps the outcome for the generic "the CSMS responds …" steps. */
  async send(action: string, payload: Payload): Promise<CallOutcome> {
    await this.h.start();
    return this.h.call(action, payload);
  }

  /** The last exchange must be `action`, answered with a CALLRESULT. */
  acknowledged(action: string): void {
    const o = this.h.lastOutcome;
    if (o && o.action !== action) throw new VerdictError(`The last exchange was ${o.action}, not ${action}`);
    this.h.assertResult({});
  }

  /** StatusNotification for connector 1 of an EVSE. */
  status(evseId: number, connectorStatus: string, connectorId = 1): Promise<CallOutcome> {
    return this.send('StatusNotification', { timestamp: new Date().toISOString(), connectorStatus, evseId, connectorId });
  }

  authorize(idToken: string, type = 'ISO14443'): Promise<CallOutcome> {
    return this.send('Authorize', { idToken: { idToken, type } });
  }

  /** The running transaction on an EVSE (throws when there is none). */
  transaction(evseId: number): HarnessTransaction201 {
    const tx = this.transactions.get(evseId);
    if (!tx) throw new EvcError(`no transaction is running on EVSE ${evseId} (start one with a Started TransactionEvent first)`);
    return tx;
  }

  /** A periodic energy sample (Wh) for meter values. */
  energySample(context = 'Sample.Periodic'): Payload {
    this.meterWh += 250;
    return { timestamp: new Date().toISOString(), sampledValue: [{ value: this.meterWh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }] };
  }

  /**
   * TransactionEvent for the transaction on `evseId`: `fields` must hold eventType and triggerReason. Started
   * opens a new transaction (new transactionId, seqNo 0, evse {id, connectorId 1} unless `evse` is `none`);
   * later events continue its seqNo; Ended closes it. idToken.type defaults to ISO14443.
   */
  async transactionEvent(evseId: number, fields: Payload): Promise<CallOutcome> {
    await this.h.start();
    const eventType = fields.eventType;
    if (typeof eventType !== 'string' || typeof fields.triggerReason !== 'string') throw new EvcError('a TransactionEvent table needs eventType and triggerReason');
    let tx = this.transactions.get(evseId);
    if (eventType === 'Started') {
      if (tx) throw new EvcError(`EVSE ${evseId} already has transaction ${tx.transactionId} running`);
      tx = { transactionId: `EVC-${this.runTag}-TX${++this.txCounter}`, evseId, nextSeqNo: 0 };
      this.transactions.set(evseId, tx);
      this.h.vars.set(`tx${evseId}`, tx.transactionId);
      this.h.station?.state.transactions.set(evseId, tx.transactionId);
    } else if (!tx) {
      tx = this.transaction(evseId);
    }
    const { transactionInfo, ...rest } = fields;
    const payload: Payload = { timestamp: new Date().toISOString(), seqNo: tx.nextSeqNo++, ...rest, transactionInfo: { ...(transactionInfo as Payload | undefined), transactionId: tx.transactionId } };
    if (payload.evse === NONE) delete payload.evse;
    else if (eventType === 'Started' && payload.evse === undefined) payload.evse = { id: evseId, connectorId: 1 };
    const token = payload.idToken as Payload | undefined;
    if (token && token.type === undefined) token.type = 'ISO14443';
    if (eventType === 'Ended') {
      this.transactions.delete(evseId);
      this.h.station?.state.transactions.delete(evseId);
    }
    return this.h.call('TransactionEvent', payload);
  }

  /** Puts the running transaction's id into a CSMS-initiated payload (transactionId). */
  withTransaction(evseId: number, payload: Payload): Payload {
    return { ...payload, transactionId: this.transaction(evseId).transactionId };
  }

  // ------------------------------------------------------------------ connection

  /** The harness station drops its WebSocket (the harness guard still covers the old connection). */
  async disconnect(): Promise<void> {
    await this.h.start();
    await this.h.station!.disconnect();
  }

  /** Opens a new WebSocket (no BootNotification unless a step sends one). */
  async reconnect(): Promise<void> {
    const st = this.h.station;
    if (!st) throw new EvcError('the station never connected');
    if (st.connected) throw new EvcError('the station is still connected: disconnect it first');
    await st.connect();
  }
}

import { newTransactionId } from '../util';
import type { Authorization } from './authorization';
import type { Station } from './station';
import type { ChargingState, Evse, IdToken, IdTokenInfo, Transaction } from './types';

type Context = 'Transaction.Begin' | 'Transaction.End' | 'Sample.Periodic' | 'Sample.Clock' | 'Trigger';

interface EventOptions {
  stoppedReason?: string;
  idToken?: IdToken;
  remoteStartId?: number;
  meter?: Context;
  reservationId?: number;
  /** The charging state reported instead of the derived one (the moment a cable arrives, before energy is offered). */
  chargingState?: ChargingState;
}

const VOLTAGE = 230;

/** The `wrong-trigger-reason` fault: every trigger reason replaced by one real stacks confuse it with. */
const WRONG_TRIGGER: Record<string, string> = {
  CablePluggedIn: 'EVDetected',
  Authorized: 'CablePluggedIn',
  RemoteStart: 'Authorized',
  StopAuthorized: 'Deauthorized',
  Deauthorized: 'StopAuthorized',
  RemoteStop: 'StopAuthorized',
  EVCommunicationLost: 'EVDeparted',
  EVConnectTimeout: 'Deauthorized',
  MeterValuePeriodic: 'MeterValueClock',
  MeterValueClock: 'MeterValuePeriodic',
  ChargingStateChanged: 'ChargingRateChanged',
  ChargingRateChanged: 'ChargingStateChanged',
  Trigger: 'MeterValuePeriodic',
  ResetCommand: 'AbnormalCondition',
  AbnormalCondition: 'ResetCommand',
  UnlockCommand: 'RemoteStop',
};

/**
 * Transactions (block E) and meter values (block J): TxStartPoint / TxStopPoint, TransactionEvent Started /
 * Updated / Ended with sequential seqNo, trigger reasons and charging states, EVConnectionTimeOut,
 * StopTxOnInvalidId, StopTxOnEVSideDisconnect, RequestStart/StopTransaction (remoteStartId), sampled and
 * clock-aligned meter values, the energy register.
 */
export class Transactions {
  private alignedTimer?: NodeJS.Timeout;
  /** Set by the smart-charging block: the limit in W on an EVSE now. */
  limitW: (evseId: number) => number = () => Number.POSITIVE_INFINITY;
  /** Set by the reservation block: whether a token may use an EVSE, and consuming the reservation it uses. */
  mayUse: (evseId: number, token: IdToken, group?: IdToken) => boolean = () => true;
  consumeReservation: (evseId: number, token: IdToken, group?: IdToken) => number | undefined = () => undefined;
  /** Hooks run when a transaction on an EVSE ended (scheduled availability, reset on idle). */
  readonly onTxEnded: Array<(e: Evse) => void> = [];

  constructor(
    private readonly st: Station,
    private readonly auth: Authorization,
  ) {
    st.handle('RequestStartTransaction', (p) => this.requestStart(p));
    st.handle('RequestStopTransaction', (p: { transactionId: string }) => {
      const e = st.allEvses.find((x) => x.tx?.id === p.transactionId && !x.tx.ended);
      if (!e) return { status: st.fault('remote-stop-unknown-accepted') ? 'Accepted' : 'Rejected' };
      st.timers.timeout(1, () => this.endTx(e, 'RemoteStop', 'Remote'));
      return { status: 'Accepted' };
    });
    st.handle('GetTransactionStatus', (p: { transactionId?: string }) => {
      const queued = st.txQueue.filter((m) => m.action === 'TransactionEvent');
      const ongoing = p.transactionId ? st.fault('unknown-transaction-ongoing') || st.allEvses.some((e) => e.tx?.id === p.transactionId) : undefined;
      const mine = p.transactionId ? queued.some((m) => (m.payload.transactionInfo as { transactionId: string }).transactionId === p.transactionId) : queued.length > 0;
      return { ongoingIndicator: ongoing, messagesInQueue: mine };
    });
    st.afterBoot.push(() => this.startAligned());
    st.onVariableChange.set('AlignedDataCtrlr.Interval', () => this.startAligned());
    st.onVariableChange.set('SampledDataCtrlr.TxUpdatedInterval', () => {
      for (const e of st.allEvses) if (e.tx) this.startPeriodic(e);
    });
  }

  // ---------------------------------------------------------------- meter

  powerW(e: Evse): number {
    if (!e.tx || e.tx.ended || !e.plugged || !e.tx.authorized || e.evSuspended || e.fault) return 0;
    const limit = this.st.fault('ignores-charging-profile-limit') ? Number.POSITIVE_INFINITY : this.limitW(e.id);
    return Math.max(0, Math.min(this.st.sim.evMaxPowerW, limit));
  }

  advanceMeter(e: Evse): void {
    const now = Date.now();
    const seconds = (now - e.meterUpdatedAt) / 1000 / Math.max(this.st.opts.timeScale, 1e-6);
    e.meterWh += (this.powerW(e) * seconds) / 3600;
    e.meterUpdatedAt = now;
  }

  private sampledValues(e: Evse, context: Context, measurands: string[]): Array<Record<string, unknown>> {
    this.advanceMeter(e);
    const p = this.powerW(e);
    const values: Record<string, [number, string, string?]> = {
      'Energy.Active.Import.Register': [Math.round(e.meterWh), 'Wh'],
      'Power.Active.Import': [Math.round(p), 'W'],
      'Current.Import': [Math.round((p / (3 * VOLTAGE)) * 10) / 10, 'A'],
      Voltage: [VOLTAGE, 'V'],
      SoC: [50, 'Percent', 'EV'],
      'Current.Offered': [Math.round((Math.min(this.st.sim.evMaxPowerW, this.limitW(e.id)) / (3 * VOLTAGE)) * 10) / 10, 'A'],
      'Power.Offered': [Math.round(Math.min(this.st.sim.evMaxPowerW, this.limitW(e.id))), 'W'],
    };
    return measurands
      .filter((m) => values[m])
      .map((m) => ({ value: this.st.fault('meter-value-as-string') ? String(values[m][0]) : values[m][0], context, measurand: m, location: values[m][2], unitOfMeasure: { unit: values[m][1] } }));
  }

  meterValue(e: Evse, context: Context, measurands: string[]): Array<Record<string, unknown>> | undefined {
    const sampledValue = this.sampledValues(e, context, measurands.length ? measurands : ['Energy.Active.Import.Register']);
    return sampledValue.length ? [{ timestamp: this.st.now(), sampledValue }] : undefined;
  }

  // ---------------------------------------------------------------- TransactionEvent

  chargingStateOf(e: Evse): ChargingState {
    const tx = e.tx;
    if (!tx || !e.plugged) return 'Idle';
    if (!tx.authorized) return 'EVConnected';
    if (e.evSuspended) return 'SuspendedEV';
    if (this.powerW(e) <= 0) return 'SuspendedEVSE';
    return 'Charging';
  }

  private points(which: 'TxStartPoint' | 'TxStopPoint'): Set<string> {
    return new Set(this.st.dm.list('TxCtrlr', which));
  }

  /** Whether a transaction starts now on this EVSE according to TxStartPoint. */
  private startPointReached(e: Evse, authorized: boolean): boolean {
    const pts = this.points('TxStartPoint');
    if ((pts.has('EVConnected') || pts.has('ParkingBayOccupancy')) && e.plugged) return true;
    if ((pts.has('Authorized') || pts.has('DataSigned')) && authorized) return true;
    if ((pts.has('PowerPathClosed') || pts.has('EnergyTransfer')) && e.plugged && authorized) return true;
    return false;
  }

  /** Queues a TransactionEvent for the EVSE's transaction (seqNo, offline flag, meter values). */
  event(e: Evse, eventType: 'Started' | 'Updated' | 'Ended', triggerReason: string, o: EventOptions = {}): void {
    const tx = e.tx;
    if (!tx) return;
    const st = this.st;
    this.advanceMeter(e);
    const state = o.chargingState ?? (eventType === 'Ended' && !e.plugged ? 'Idle' : this.chargingStateOf(e));
    tx.chargingState = state;
    st.onStateDerived(e.id);
    if (state === 'Charging' && tx.chargingSince === undefined) tx.chargingSince = Date.now();
    if (state !== 'Charging' && tx.chargingSince !== undefined) {
      tx.chargingSeconds += (Date.now() - tx.chargingSince) / 1000 / Math.max(st.opts.timeScale, 1e-6);
      tx.chargingSince = undefined;
    }
    let seqNo = tx.seqNo++;
    if (st.fault('seqno-restarts')) seqNo = 0;
    if (st.fault('seqno-gap') && eventType !== 'Started' && tx.events === 1) seqNo = tx.seqNo++;
    tx.events++;
    const measurands = (k: string, c = 'SampledDataCtrlr') => st.dm.list(c, k);
    const meterValue =
      o.meter === 'Transaction.Begin'
        ? this.meterValue(e, o.meter, measurands('TxStartedMeasurands'))
        : o.meter === 'Transaction.End'
          ? [...tx.endedData, ...(this.meterValue(e, o.meter, measurands('TxEndedMeasurands')) ?? [])]
          : o.meter === 'Sample.Clock'
            ? this.meterValue(e, o.meter, measurands('Measurands', 'AlignedDataCtrlr'))
            : o.meter
              ? this.meterValue(e, o.meter, measurands('TxUpdatedMeasurands'))
              : undefined;
    const payload = {
      eventType: eventType === 'Started' && st.fault('first-event-not-started') ? 'Updated' : eventType,
      timestamp: st.now(),
      triggerReason: st.fault('wrong-trigger-reason') ? (WRONG_TRIGGER[triggerReason] ?? 'Trigger') : triggerReason,
      seqNo,
      offline: !st.accepted && !st.fault('offline-flag-missing') ? true : undefined,
      reservationId: o.reservationId,
      transactionInfo: {
        transactionId: tx.id,
        chargingState: state,
        timeSpentCharging: eventType === 'Ended' ? Math.round(tx.chargingSeconds) : undefined,
        stoppedReason: eventType === 'Ended' ? o.stoppedReason : undefined,
        remoteStartId: o.remoteStartId !== undefined && !st.fault('remote-start-id-missing') ? o.remoteStartId : undefined,
      },
      evse: { id: e.id, connectorId: st.connectorIdOf(e.id) },
      idToken: o.idToken,
      meterValue,
    };
    const token = o.idToken;
    if (eventType === 'Ended' && st.fault('ended-sent-twice')) st.enqueue('TransactionEvent', payload);
    st.enqueue('TransactionEvent', payload, (res: { idTokenInfo?: IdTokenInfo }) => {
      if (!token || !res?.idTokenInfo) return;
      this.auth.remember(token, res.idTokenInfo);
      if (res.idTokenInfo.status !== 'Accepted' && e.tx === tx && !tx.ended) this.deauthorize(e);
    });
  }

  private startTx(e: Evse, triggerReason: string, o: { idToken?: IdToken; group?: IdToken; remoteStartId?: number; authorized: boolean }): void {
    const tx: Transaction = {
      id: this.st.fault('transaction-id-too-long') ? `${newTransactionId()}-long` : this.st.variant.transactionId(),
      seqNo: 0,
      startedAt: Date.now(),
      idToken: o.authorized ? o.idToken : undefined,
      groupIdToken: o.group,
      authorized: o.authorized,
      remoteStartId: o.remoteStartId,
      chargingState: 'Idle',
      ended: false,
      meterStartWh: e.meterWh,
      chargingSeconds: 0,
      events: 0,
      endedTimers: [],
      endedData: [],
    };
    e.tx = tx;
    this.startEndedSampling(e, tx);
    const reservationId = o.idToken && o.authorized ? this.consumeReservation(e.id, o.idToken, o.group) : undefined;
    this.event(e, 'Started', triggerReason, { idToken: tx.idToken, remoteStartId: o.remoteStartId, meter: 'Transaction.Begin', reservationId });
    this.startPeriodic(e);
    this.st.refreshStatuses();
  }

  /** Ends the EVSE's transaction with TransactionEvent Ended. */
  endTx(e: Evse, triggerReason: string, stoppedReason: string, idToken?: IdToken): void {
    const tx = e.tx;
    if (!tx || tx.ended) return;
    this.event(e, 'Ended', triggerReason, { stoppedReason, idToken, meter: 'Transaction.End' });
    tx.ended = true;
    this.st.timers.clear(tx.periodicTimer);
    for (const t of tx.endedTimers) this.st.timers.clear(t);
    e.tx = undefined;
    e.evSuspended = false;
    this.st.refreshStatuses();
    for (const fn of this.onTxEnded) fn(e);
  }

  /** The token is no longer valid (TransactionEvent response not Accepted): StopTxOnInvalidId decides. */
  private deauthorize(e: Evse): void {
    const tx = e.tx;
    if (!tx) return;
    if (this.st.dm.bool('TxCtrlr', 'StopTxOnInvalidId')) {
      this.endTx(e, 'Deauthorized', 'DeAuthorized');
      return;
    }
    tx.authorized = false;
    this.event(e, 'Updated', 'Deauthorized');
  }

  private startPeriodic(e: Evse): void {
    const tx = e.tx;
    if (!tx) return;
    this.st.timers.clear(tx.periodicTimer);
    const interval = this.st.dm.int('SampledDataCtrlr', 'TxUpdatedInterval');
    if (interval <= 0) return;
    const ms = this.st.ms(this.st.fault('ignores-tx-updated-interval') ? interval * 2 : interval, 20);
    tx.periodicTimer = this.st.timers.interval(ms, () => {
      if (e.tx === tx && !tx.ended) this.event(e, 'Updated', 'MeterValuePeriodic', { meter: 'Sample.Periodic' });
    });
  }

  /** Values for TransactionEvent Ended: at the start, every TxEndedInterval (sampled) and AlignedDataCtrlr.TxEndedInterval (clock). */
  private startEndedSampling(e: Evse, tx: Transaction): void {
    const st = this.st;
    const take = (context: Context, component: string, variable: string) => {
      if (e.tx !== tx || tx.ended) return;
      const mv = this.meterValue(e, context, st.dm.list(component, variable));
      if (mv) tx.endedData.push(...mv);
    };
    take('Transaction.Begin', 'SampledDataCtrlr', 'TxEndedMeasurands');
    const sampled = st.dm.int('SampledDataCtrlr', 'TxEndedInterval');
    if (sampled > 0) tx.endedTimers.push(st.timers.interval(st.ms(sampled, 20), () => take('Sample.Periodic', 'SampledDataCtrlr', 'TxEndedMeasurands')));
    const aligned = st.dm.int('AlignedDataCtrlr', 'TxEndedInterval');
    if (aligned > 0) tx.endedTimers.push(st.timers.interval(st.ms(aligned, 20), () => take('Sample.Clock', 'AlignedDataCtrlr', 'TxEndedMeasurands')));
  }

  private startAligned(): void {
    const st = this.st;
    st.timers.clear(this.alignedTimer);
    const interval = st.dm.int('AlignedDataCtrlr', 'Interval');
    if (interval <= 0 || !st.dm.bool('AlignedDataCtrlr', 'Enabled')) return;
    this.alignedTimer = st.timers.interval(st.ms(interval, 20), () => {
      // SendDuringIdle: clock-aligned values only while no transaction runs anywhere
      const idleOnly = st.dm.bool('AlignedDataCtrlr', 'SendDuringIdle') && !st.fault('send-during-idle-ignored');
      if (idleOnly && st.allEvses.some((x) => x.tx)) return;
      for (const e of st.allEvses) {
        if (e.tx) this.event(e, 'Updated', 'MeterValueClock', { meter: 'Sample.Clock' });
        else if (st.accepted) {
          const meterValue = this.meterValue(e, 'Sample.Clock', st.dm.list('AlignedDataCtrlr', 'Measurands'));
          if (meterValue) void st.send('MeterValues', { evseId: e.id, meterValue }).catch(() => undefined);
        }
      }
    });
  }

  // ---------------------------------------------------------------- physical actions

  plugIn(evseId: number): void {
    const e = this.need(evseId);
    if (e.plugged) return;
    this.advanceMeter(e);
    e.plugged = true;
    this.st.refreshStatuses();
    const pending = e.pendingAuth;
    if (e.tx) {
      this.st.timers.clear(pending?.timer);
      e.pendingAuth = undefined;
      if (e.tx.authorized && e.evSuspended) {
        // an EV not ready shows only once energy is offered (B2): the cable first, then the charging state
        this.event(e, 'Updated', 'CablePluggedIn', { chargingState: 'EVConnected' });
        this.event(e, 'Updated', 'ChargingStateChanged');
        return;
      }
      this.event(e, 'Updated', 'CablePluggedIn');
      return;
    }
    if (pending) {
      this.st.timers.clear(pending.timer);
      e.pendingAuth = undefined;
      this.startTx(e, pending.remoteStartId !== undefined ? 'RemoteStart' : 'CablePluggedIn', { idToken: pending.idToken, group: pending.groupIdToken, remoteStartId: pending.remoteStartId, authorized: true });
      return;
    }
    if (this.startPointReached(e, false)) this.startTx(e, 'CablePluggedIn', { authorized: false });
  }

  unplug(evseId: number): void {
    const e = this.need(evseId);
    if (!e.plugged) return;
    this.advanceMeter(e);
    e.plugged = false;
    e.evSuspended = false; // the EV leaves with its state
    const tx = e.tx;
    if (tx) {
      const stops = this.points('TxStopPoint');
      const endsHere = stops.has('EVConnected') || stops.has('PowerPathClosed') || stops.has('ParkingBayOccupancy') || stops.has('EnergyTransfer');
      if (endsHere && (this.st.dm.bool('TxCtrlr', 'StopTxOnEVSideDisconnect') || !tx.authorized)) this.endTx(e, 'EVCommunicationLost', 'EVDisconnected');
      else this.event(e, 'Updated', 'EVCommunicationLost');
    }
    this.st.refreshStatuses();
  }

  setSuspended(evseId: number, suspended: boolean): void {
    const e = this.need(evseId);
    this.advanceMeter(e);
    e.evSuspended = suspended;
    if (!e.tx) return;
    // TxStopPoint EnergyTransfer: the transaction ends when the EV stops taking energy
    if (suspended && this.points('TxStopPoint').has('EnergyTransfer')) this.endTx(e, 'ChargingStateChanged', 'StoppedByEV');
    else this.event(e, 'Updated', 'ChargingStateChanged');
  }

  /** A charging limit changed: report the new charging state if it changed. */
  limitChanged(e: Evse): void {
    if (!e.tx) return;
    const before = e.tx.chargingState;
    const now = this.chargingStateOf(e);
    e.tx.chargingState = now;
    if (before !== now) this.event(e, 'Updated', 'ChargingRateChanged');
  }

  async presentIdTag(idTag: string, evseId?: number): Promise<void> {
    const st = this.st;
    const token: IdToken = { idToken: idTag, type: 'ISO14443' };
    // the token (or one of its group) that authorized a running transaction stops it
    const running = st.allEvses.find((e) => e.tx && !e.tx.ended && e.tx.authorized && e.tx.idToken?.idToken === idTag && (evseId === undefined || e.id === evseId));
    if (running) return this.stopAuthorized(running, token);
    const target =
      this.evseFor(evseId, (e) => e.plugged && (!e.tx || !e.tx.authorized) && !e.pendingAuth && !e.fault) ??
      this.evseFor(evseId, (e) => !e.tx && !e.pendingAuth && !e.fault && st.statusOf(e) !== 'Unavailable' && this.mayUse(e.id, token)) ??
      this.evseFor(evseId, (e) => !!e.tx && e.tx.authorized);
    const info = await this.auth.authorize(token);
    if (info.status !== 'Accepted') return;
    const master = st.dm.get('AuthCtrlr', 'MasterPassGroupId');
    if (master && info.groupIdToken?.idToken === master) {
      // a master pass (station without UI) stops every transaction and cannot start one
      for (const e of st.allEvses) if (e.tx && (evseId === undefined || e.id === evseId)) this.endTx(e, 'StopAuthorized', 'MasterPass', token);
      return;
    }
    if (!target) return;
    if (target.tx && target.tx.authorized && target.tx.idToken) {
      // another token of the same group stops the transaction
      const group = info.groupIdToken?.idToken;
      if (group && group === (target.tx.groupIdToken?.idToken ?? this.auth.groupOf(target.tx.idToken)?.idToken)) this.stopAuthorized(target, token);
      return;
    }
    if (!this.mayUse(target.id, token, info.groupIdToken)) return;
    this.authorized(target, token, info.groupIdToken, 'Authorized');
  }

  private stopAuthorized(e: Evse, token: IdToken): void {
    const tx = e.tx;
    if (!tx) return;
    const stops = this.points('TxStopPoint');
    if (stops.has('Authorized') || stops.has('PowerPathClosed') || stops.has('DataSigned') || stops.has('EnergyTransfer') || !e.plugged) {
      this.endTx(e, 'StopAuthorized', 'Local', token);
      return;
    }
    tx.authorized = false;
    this.event(e, 'Updated', 'StopAuthorized', { idToken: token });
  }

  /** A token was accepted for an EVSE (local presentation or remote start). */
  private authorized(e: Evse, token: IdToken, group: IdToken | undefined, trigger: 'Authorized' | 'RemoteStart', remoteStartId?: number): void {
    const st = this.st;
    st.onCustomerSeen(token.idToken);
    if (e.tx) {
      e.tx.idToken = token;
      e.tx.groupIdToken = group;
      e.tx.authorized = true;
      e.tx.remoteStartId = remoteStartId ?? e.tx.remoteStartId;
      this.event(e, 'Updated', trigger, { idToken: token, remoteStartId });
      return;
    }
    if (this.startPointReached(e, true)) {
      this.startTx(e, trigger, { idToken: token, group, remoteStartId, authorized: true });
      if (!e.plugged) this.armConnectionTimeout(e);
      return;
    }
    st.timers.clear(e.pendingAuth?.timer);
    e.pendingAuth = { idToken: token, groupIdToken: group, remoteStartId };
    this.armConnectionTimeout(e);
    st.refreshStatuses();
  }

  /** EVConnectionTimeOut: no cable within the time after authorization ends the authorization (or the transaction). */
  private armConnectionTimeout(e: Evse): void {
    const st = this.st;
    const seconds = st.dm.int('TxCtrlr', 'EVConnectionTimeOut');
    if (seconds <= 0) return;
    const tx = e.tx;
    const timer = st.timers.timeout(st.ms(seconds, 20), () => {
      if (e.plugged) return;
      if (tx && e.tx === tx) this.endTx(e, 'EVConnectTimeout', 'Timeout');
      else if (e.pendingAuth?.timer === timer) {
        e.pendingAuth = undefined;
        st.refreshStatuses();
      }
    });
    if (e.pendingAuth) e.pendingAuth.timer = timer;
  }

  private async requestStart(p: { idToken: IdToken; remoteStartId: number; evseId?: number; groupIdToken?: IdToken; chargingProfile?: Record<string, unknown> }) {
    const st = this.st;
    const e = p.evseId !== undefined ? st.evse(p.evseId) : (st.allEvses.find((x) => x.plugged && !x.tx?.authorized && !x.fault && !x.pendingAuth) ?? st.allEvses.find((x) => !x.tx && !x.pendingAuth && st.statusOf(x) === 'Available'));
    if (!e || e.fault || (e.tx && e.tx.authorized) || e.pendingAuth || !e.operative || !e.connectorOperative || !st.stationOperative) return { status: 'Rejected' };
    if (!this.mayUse(e.id, p.idToken, p.groupIdToken)) return { status: 'Rejected' };
    if (p.chargingProfile && (p.chargingProfile.chargingProfilePurpose !== 'TxProfile' || !this.acceptsProfile(e.id, p.chargingProfile))) return { status: 'Rejected' };
    const txId = e.tx?.id;
    st.timers.timeout(1, () => void this.remoteStart(e, p));
    return { status: 'Accepted', transactionId: txId };
  }

  /** Set by the smart-charging block: installs the TxProfile given with RequestStartTransaction. */
  acceptsProfile: (evseId: number, profile: Record<string, unknown>) => boolean = () => false;

  private async remoteStart(e: Evse, p: { idToken: IdToken; remoteStartId: number; groupIdToken?: IdToken }): Promise<void> {
    let group = p.groupIdToken;
    if (this.st.dm.bool('AuthCtrlr', 'AuthorizeRemoteStart')) {
      const info = await this.auth.authorize(p.idToken);
      if (info.status !== 'Accepted') return;
      group = info.groupIdToken ?? group;
    }
    this.authorized(e, p.idToken, group, 'RemoteStart', p.remoteStartId);
  }

  /** Ends every running transaction (reset, power loss). */
  stopAll(triggerReason: string, stoppedReason: string, evseId?: number): void {
    for (const e of this.st.allEvses) if (e.tx && (evseId === undefined || e.id === evseId)) this.endTx(e, triggerReason, stoppedReason);
  }

  /** TriggerMessage(TransactionEvent): Updated with triggerReason Trigger for each transaction. */
  triggered(evseId?: number): boolean {
    const list = this.st.allEvses.filter((e) => e.tx && (evseId === undefined || e.id === evseId));
    for (const e of list) this.event(e, 'Updated', 'Trigger', { meter: 'Trigger' });
    return list.length > 0;
  }

  private evseFor(evseId: number | undefined, ok: (e: Evse) => boolean): Evse | undefined {
    if (evseId !== undefined) {
      const e = this.st.evse(evseId);
      return e && ok(e) ? e : undefined;
    }
    return this.st.allEvses.find(ok);
  }

  private need(evseId: number): Evse {
    const e = this.st.evse(evseId);
    if (!e) throw new Error(`reference station ${this.st.identity}: no EVSE ${evseId}`);
    return e;
  }
}

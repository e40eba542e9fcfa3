import { isoNow } from '../util';
import { MEASURANDS } from './config';
import type { Station } from './station';
import type { ConnectorState, IdTagInfo, Transaction } from './types';

/**
 * Authorization, transactions and metering of the reference charge point (Core profile): what happens when
 * a cable is plugged, a card presented, a session starts, samples are taken and a session stops.
 */
export class Transactions {
  private localIds = 0;
  private sampleTimers = new Map<number, NodeJS.Timeout>();
  private alignedTimer?: NodeJS.Timeout;
  /** Authorization cache: idTag → idTagInfo (filled from Authorize / Start / Stop confirmations). */
  readonly cache = new Map<string, IdTagInfo>();
  /** Local authorization list (SendLocalList): idTag → idTagInfo. */
  readonly localList = new Map<string, IdTagInfo>();
  localListVersion = 0;

  constructor(private readonly st: Station) {
    st.onConfigChange.set('MeterValueSampleInterval', () => this.restartSampling());
    st.onConfigChange.set('ClockAlignedDataInterval', () => this.restartAligned());
    this.restartAligned();
  }

  // ------------------------------------------------------------ authorization

  private validInfo(info: IdTagInfo | undefined): boolean {
    if (!info || info.status !== 'Accepted') return false;
    return !info.expiryDate || Date.parse(info.expiryDate) > Date.now();
  }

  private listEntry(idTag: string): IdTagInfo | undefined {
    return this.st.config.bool('LocalAuthListEnabled') ? this.localList.get(idTag) : undefined;
  }

  private cacheEntry(idTag: string): IdTagInfo | undefined {
    if (this.st.fault('authorize-cache-ignored') || !this.st.config.bool('AuthorizationCacheEnabled')) return undefined;
    const info = this.cache.get(idTag);
    if (info && info.status === 'Accepted' && info.expiryDate && Date.parse(info.expiryDate) <= Date.now()) {
      const expired: IdTagInfo = { ...info, status: 'Expired' };
      this.cache.set(idTag, expired);
      return expired;
    }
    return info;
  }

  updateCache(idTag: string, info: IdTagInfo | undefined): void {
    if (!info || this.st.fault('authorize-cache-ignored') || !this.st.config.bool('AuthorizationCacheEnabled')) return;
    if (this.listEntry(idTag)) return; // ids on the local list are not cached
    this.cache.set(idTag, { ...info });
  }

  /** Authorizes an id the way a 1.6 charge point does: local list / cache first where allowed, then Authorize. */
  async authorize(idTag: string, opts: { forceRemote?: boolean } = {}): Promise<IdTagInfo & { offlineUnknown?: boolean }> {
    const local = this.listEntry(idTag) ?? this.cacheEntry(idTag);
    if (this.st.accepted) {
      if (!opts.forceRemote && this.st.config.bool('LocalPreAuthorize') && this.validInfo(local)) return local!;
      try {
        const res = await this.st.send('Authorize', { idTag });
        const info = res.idTagInfo as IdTagInfo;
        this.updateCache(idTag, info);
        return info;
      } catch {
        /* treated as offline below */
      }
    }
    if (local) {
      if (this.validInfo(local) && this.st.config.bool('LocalAuthorizeOffline')) return local;
      if (local.status !== 'Accepted') return local;
      return { ...local, status: this.validInfo(local) ? 'Invalid' : 'Expired' }; // known but not usable offline
    }
    if (this.st.config.bool('AllowOfflineTxForUnknownId')) return { status: 'Accepted', offlineUnknown: true };
    return { status: 'Invalid' };
  }

  // ------------------------------------------------------------ physical actions

  async plugIn(connectorId: number): Promise<void> {
    const c = this.must(connectorId);
    c.plugged = true;
    if (c.tx) {
      c.evSuspended = false;
    } else if (c.authorized) {
      const a = c.authorized;
      this.clearAuthorized(c);
      this.startTransaction(c, a.idTag, a.parentIdTag, a.chargingProfile);
      return;
    }
    this.st.reportStatus(c.id);
  }

  async unplug(connectorId: number): Promise<void> {
    const c = this.must(connectorId);
    c.plugged = false;
    c.finishing = false;
    if (c.fault?.errorCode === 'ConnectorLockFailure') c.fault = undefined;
    if (c.tx) {
      if (this.st.config.bool('StopTransactionOnEVSideDisconnect')) {
        const idTag = c.tx.idTag;
        this.stopTransaction(c, 'EVDisconnected');
        c.finishing = false;
        if (!this.st.config.bool('UnlockConnectorOnEVSideDisconnect')) c.lockedAfterStop = idTag;
      }
    }
    this.st.reportStatus(c.id);
  }

  async presentIdTag(idTag: string, connectorId?: number): Promise<void> {
    // 1. the id ends a running transaction (same id, or same parentIdTag)
    const running = this.st.connectors.filter((c) => c.tx && (connectorId === undefined || c.id === connectorId));
    const own = running.find((c) => c.tx!.idTag === idTag);
    if (own) return this.stopTransaction(own, 'Local', idTag);
    const locked = this.st.connectors.find((c) => c.lockedAfterStop === idTag);
    if (locked) {
      locked.lockedAfterStop = undefined;
      this.st.reportStatus(locked.id);
      return;
    }
    const info = await this.authorize(idTag);
    if (running.length > 0 && (connectorId !== undefined || running.length === this.st.opts.connectors)) {
      const sameGroup = running.find((c) => c.tx!.parentIdTag && c.tx!.parentIdTag === info.parentIdTag);
      if (sameGroup && info.status === 'Accepted') this.stopTransaction(sameGroup, 'Local', idTag);
      return;
    }
    if (info.status !== 'Accepted') return;
    const c = this.pickConnector(idTag, info.parentIdTag, connectorId);
    if (!c) return;
    if (c.plugged) {
      this.startTransaction(c, idTag, info.parentIdTag);
      return;
    }
    this.setAuthorized(c, idTag, info.parentIdTag, false);
  }

  /** Remembers an authorization waiting for the cable; it lapses after ConnectionTimeOut. */
  setAuthorized(c: ConnectorState, idTag: string, parentIdTag: string | undefined, remote: boolean, chargingProfile?: Record<string, unknown>): void {
    this.clearAuthorized(c);
    const timer = this.st.timers.timeout(this.st.ms(this.st.config.int('ConnectionTimeOut') || 60), () => {
      c.authorized = undefined;
      this.st.reportStatus(c.id);
    });
    c.authorized = { idTag, parentIdTag, timer, remote, chargingProfile };
    this.st.reportStatus(c.id);
  }

  clearAuthorized(c: ConnectorState): void {
    if (c.authorized?.timer) this.st.timers.clear(c.authorized.timer);
    c.authorized = undefined;
  }

  /** The connector an id should use: the given one, a plugged one, one reserved for it, or the first free one. */
  private pickConnector(idTag: string, parentIdTag: string | undefined, connectorId?: number): ConnectorState | undefined {
    const usable = (c: ConnectorState) =>
      !c.tx && !c.fault && c.availability === 'Operative' && this.st.connectors[0].availability === 'Operative' && this.st.mayUse(c.id, idTag, parentIdTag);
    if (connectorId !== undefined) {
      const c = this.st.connector(connectorId);
      return c && usable(c) ? c : undefined;
    }
    const candidates = this.st.connectors.slice(1).filter(usable);
    return candidates.find((c) => c.plugged && !c.authorized) ?? candidates.find((c) => c.reservation) ?? candidates.find((c) => !c.authorized);
  }

  // ------------------------------------------------------------ transactions

  startTransaction(c: ConnectorState, idTag: string, parentIdTag?: string, chargingProfile?: Record<string, unknown>): void {
    if (this.st.sim.lockFailure) {
      c.fault = { errorCode: 'ConnectorLockFailure' };
      this.st.reportStatus(c.id);
      return;
    }
    if (c.sentStatus !== 'Preparing' && this.st.accepted) {
      // a session always passes through Preparing
      const authorized = c.authorized;
      c.authorized = authorized ?? { idTag, remote: false };
      this.st.reportStatus(c.id);
      c.authorized = authorized;
    }
    this.advanceMeter(c);
    const reservationId = this.st.consumeReservation(c.id, idTag, parentIdTag);
    const tx: Transaction = {
      localId: --this.localIds,
      connectorId: c.id,
      idTag,
      parentIdTag,
      meterStart: Math.round(c.meterWh),
      startedAt: new Date(),
      reservationId,
      deauthorized: false,
      data: [],
    };
    this.collect(tx, c, 'StopTxnSampledData', 'Transaction.Begin');
    c.tx = tx;
    c.finishing = false;
    c.evSuspended = false;
    if (chargingProfile) this.st.installTxProfile(c.id, chargingProfile);
    const timestamp = isoNow();
    this.st.enqueue(
      'StartTransaction',
      () => ({ connectorId: c.id, idTag, meterStart: tx.meterStart, timestamp, reservationId: tx.reservationId }),
      (res) => {
        tx.id = this.st.fault('transaction-id-ignored') ? tx.id : res.transactionId;
        if (this.st.fault('transaction-id-ignored')) tx.id = 0;
        const info = res.idTagInfo as IdTagInfo | undefined;
        this.updateCache(idTag, info);
        if (info && info.status !== 'Accepted' && c.tx === tx) {
          if (this.st.config.bool('StopTransactionOnInvalidId') && !this.st.fault('no-stop-on-invalid-id')) this.stopTransaction(c, 'DeAuthorized');
          else if (!this.st.fault('no-stop-on-invalid-id')) {
            tx.deauthorized = true;
            this.st.reportStatus(c.id);
          }
        }
      },
    );
    this.st.reportStatus(c.id);
    this.restartSampling(c.id);
  }

  stopTransaction(c: ConnectorState, reason: string, idTag?: string): void {
    const tx = c.tx;
    if (!tx) return;
    this.advanceMeter(c);
    this.st.timers.clear(this.sampleTimers.get(c.id));
    this.sampleTimers.delete(c.id);
    const meterStop = this.st.fault('meter-stop-below-start') ? tx.meterStart - 1 : Math.round(c.meterWh);
    const timestamp = isoNow();
    this.collect(tx, c, 'StopTxnSampledData', 'Transaction.End', meterStop);
    const transactionData = tx.data.length > 0 ? tx.data : undefined;
    c.tx = undefined;
    c.evSuspended = false;
    c.finishing = c.plugged;
    this.st.removeTxProfiles(c.id);
    this.st.enqueue(
      'StopTransaction',
      () => {
        // idTag is the identifier that asked to stop: only for a local stop; Remote/EVDisconnected/Reset/… carry none
        const p: Record<string, unknown> = { transactionId: tx.id ?? 0, idTag, meterStop, timestamp, reason, transactionData };
        if (this.st.fault('stop-without-meter-stop')) delete p.meterStop;
        return p;
      },
      (res) => {
        if (res?.idTagInfo && idTag) this.updateCache(idTag, res.idTagInfo as IdTagInfo);
        this.st.lastStop = { transactionId: tx.id ?? 0, meterStop, timestamp, reason };
      },
    );
    this.st.applyScheduledAvailability(c.id);
    this.st.reportStatus(c.id);
  }

  /** Stops every running transaction (reset, power loss). */
  stopAll(reason: string): void {
    for (const c of this.st.connectors) if (c.tx) this.stopTransaction(c, reason);
  }

  transactionById(id: number): ConnectorState | undefined {
    return this.st.connectors.find((c) => c.tx && c.tx.id === id);
  }

  // ------------------------------------------------------------ metering

  /** W the EV draws on a connector now (EV maximum, capped by charging profiles; 0 when suspended). */
  powerW(c: ConnectorState): number {
    if (!c.tx || !c.plugged || c.evSuspended || c.tx.deauthorized) return 0;
    const limit = this.st.fault('ignores-charging-profile-limit') ? Infinity : this.st.limitW(c.id);
    return Math.max(0, Math.min(this.st.sim.evMaxPowerW, limit));
  }

  /** Advances the energy register by the power drawn over the elapsed protocol time (real time / timeScale). */
  advanceMeter(c: ConnectorState): void {
    const now = Date.now();
    const protocolSeconds = (now - c.meterUpdatedAt) / 1000 / this.st.opts.timeScale;
    c.meterWh += (this.powerW(c) * protocolSeconds) / 3600;
    c.meterUpdatedAt = now;
  }

  sample(c: ConnectorState, measurands: string[], context: string, energyWh?: number): Array<Record<string, unknown>> {
    if (energyWh === undefined) this.advanceMeter(c);
    const p = this.powerW(c);
    const limit = Math.min(this.st.limitW(c.id), this.st.sim.evMaxPowerW * 2);
    const out: Array<Record<string, unknown>> = [];
    for (const m of measurands.filter((x) => (MEASURANDS as readonly string[]).includes(x))) {
      const sv: Record<string, unknown> = { context, measurand: m, location: 'Outlet' };
      switch (m) {
        case 'Energy.Active.Import.Register':
          Object.assign(sv, { value: String(Math.round(energyWh ?? c.meterWh)), unit: 'Wh' });
          break;
        case 'Energy.Active.Import.Interval':
          Object.assign(sv, { value: '0', unit: 'Wh' });
          break;
        case 'Power.Active.Import':
          Object.assign(sv, { value: String(Math.round(p)), unit: 'W' });
          break;
        case 'Power.Offered':
          Object.assign(sv, { value: String(Math.round(limit)), unit: 'W' });
          break;
        case 'Current.Import':
          Object.assign(sv, { value: (p / 690).toFixed(1), unit: 'A' });
          break;
        case 'Current.Offered':
          Object.assign(sv, { value: (limit / 690).toFixed(1), unit: 'A' });
          break;
        case 'Voltage':
          Object.assign(sv, { value: '230', unit: 'V' });
          break;
        case 'Frequency':
          Object.assign(sv, { value: '50' });
          break;
        case 'Temperature':
          Object.assign(sv, { value: '25', unit: 'Celsius', location: 'Body' });
          break;
        case 'SoC':
          Object.assign(sv, { value: String(Math.min(100, 20 + Math.round(c.meterWh / 500))), unit: 'Percent', location: 'EV' });
          break;
      }
      out.push(sv);
    }
    return out;
  }

  /** Adds a MeterValue element for StopTransaction.transactionData when the key lists measurands (at most 200). */
  private collect(tx: Transaction, c: ConnectorState, key: 'StopTxnSampledData' | 'StopTxnAlignedData', context: string, energyWh?: number): void {
    const measurands = this.st.config.list(key);
    if (measurands.length === 0 || tx.data.length >= 200) return;
    const energy = context === 'Transaction.Begin' ? tx.meterStart : energyWh;
    tx.data.push({ timestamp: new Date().toISOString(), sampledValue: this.sample(c, measurands, context, energy) });
  }

  /** Sends (queued when a transaction runs) one MeterValues for a connector. */
  sendMeterValues(c: ConnectorState, measurands: string[], context: string): void {
    const sampledValue = this.sample(c, measurands, context);
    if (sampledValue.length === 0) return;
    const timestamp = isoNow();
    const tx = c.tx;
    if (tx) {
      this.st.enqueue('MeterValues', () => ({ connectorId: c.id, transactionId: tx.id ?? 0, meterValue: [{ timestamp, sampledValue }] }));
    } else if (this.st.accepted) {
      void this.st.send('MeterValues', { connectorId: c.id, meterValue: [{ timestamp, sampledValue }] }).catch(() => undefined);
    }
  }

  restartSampling(only?: number): void {
    for (const c of this.st.connectors) {
      if (only !== undefined && c.id !== only) continue;
      this.st.timers.clear(this.sampleTimers.get(c.id));
      this.sampleTimers.delete(c.id);
      const interval = this.st.config.int('MeterValueSampleInterval');
      if (!c.tx || interval <= 0) continue;
      const factor = this.st.fault('meter-values-wrong-interval') ? 2 : 1;
      this.sampleTimers.set(
        c.id,
        this.st.timers.interval(this.st.ms(interval * factor, 20), () => {
          this.sendMeterValues(c, this.st.config.list('MeterValuesSampledData'), 'Sample.Periodic');
          if (c.tx) this.collect(c.tx, c, 'StopTxnSampledData', 'Sample.Periodic');
        }),
      );
    }
  }

  restartAligned(): void {
    this.st.timers.clear(this.alignedTimer);
    const interval = this.st.config.int('ClockAlignedDataInterval');
    if (interval <= 0 || this.st.fault('clock-aligned-missing')) return;
    const period = this.st.ms(interval, 20);
    // one sample per grid point: the next target is the grid point after the last one (a timer may fire a
    // millisecond early against Date.now(), which must not make a second sample for the same point)
    const tick = (target: number) => {
      this.alignedTimer = this.st.timers.timeout(Math.max(0, target - Date.now()), () => {
        for (const c of this.st.connectors.slice(1)) {
          this.sendMeterValues(c, this.st.config.list('MeterValuesAlignedData'), 'Sample.Clock');
          if (c.tx) this.collect(c.tx, c, 'StopTxnAlignedData', 'Sample.Clock');
        }
        tick(Math.max(target + period, (Math.floor(Date.now() / period) + 1) * period));
      });
    };
    tick((Math.floor(Date.now() / period) + 1) * period);
  }

  private must(connectorId: number): ConnectorState {
    const c = this.st.connector(connectorId);
    if (!c) throw new Error(`reference station ${this.st.identity}: no connector ${connectorId}`);
    return c;
  }
}

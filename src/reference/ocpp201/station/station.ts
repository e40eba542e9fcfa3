import { NOREPLY, RPCClient, createRPCError, type CallHandlerContext } from 'ocpp-rpc';
import { ConfigError } from '../../../core/errors';
import type { SecurityProfile, StationCommissioning } from '../../../rig/ocpp-sut';
import { STATION_FAULTS, checkFaults } from '../faults';
import { Timers, compact, formatDate, messageId, nullOptionalFields, ocpp201Validator, rawCall, restyleDates, scaledMs, schemaProblem, speakOcpp201Errors, type DateStyle } from '../util';
import { DeviceModel } from './device-model';
import type { ConnectorStatus, Evse, ReferenceStationOptions, StationSimulation } from './types';
import { stationVariant, type StationVariant } from './variant';

/** A message of the transaction pipeline (TransactionEvent, SecurityEventNotification): kept across disconnects, replayed in order. */
export interface QueuedMessage {
  action: string;
  payload: Record<string, unknown>;
  onResult?: (result: any) => void;
  attempts: number;
}

type Phase = 'disconnected' | 'booting' | 'Pending' | 'Rejected' | 'Accepted';

const DEFAULT_SIMULATION: StationSimulation = {
  unlockFailure: false,
  firmwareDownloadFails: false,
  firmwareInstallFails: false,
  uploadFails: false,
  invalidFirmwareSignature: false,
  evMaxPowerW: 11040,
};

/**
 * The reference OCPP 2.0.1 charging station: connection (SP0–SP3, reconnect back-off), boot, heartbeat, status
 * reporting, the offline queue of transaction messages, reboot. Functional blocks (./provisioning,
 * ./transactions, …) register their CSMS-initiated handlers on it and use its state.
 */
export class Station {
  readonly timers = new Timers();
  readonly faults: Set<string>;
  readonly dm: DeviceModel;
  /** evses[id], id 1..n (index 0 unused). */
  readonly evses: Evse[] = [];
  readonly sim: StationSimulation;
  readonly identity: string;
  /** The compliant configuration it runs (device-model defaults, optional parts absent, answer latency). */
  readonly variant: StationVariant;
  client!: RPCClient;
  phase: Phase = 'disconnected';
  /** Boot accepted since the last (re)boot: a reconnect does not boot again. */
  registered = false;
  securityProfile: SecurityProfile;
  /** CSMS URL of the active network connection profile (without the identity). */
  csmsUrl: string;
  password?: string;
  /** Hooks run when a connection attempt failed (network profile fallback). */
  readonly onConnectFailed: Array<() => void> = [];
  csmsRoots: string[] = [];
  clientCert?: { cert: string; key: string };
  /** Reason of the next BootNotification. */
  bootReason = 'PowerUp';
  firmwareVersion: string;
  /** Pre-connection TLS problem to report as a security event once online. */
  tlsWarning?: string;
  readonly txQueue: QueuedMessage[] = [];
  /** Hooks run after BootNotification Accepted (once per boot) and on every (re)connection while Accepted. */
  readonly afterBoot: Array<() => void> = [];
  readonly onOnline: Array<() => void> = [];
  /** Hooks run after a variable was changed by SetVariables (after the response went out). */
  readonly onVariableChange = new Map<string, (value: string) => void>();
  readonly handlers = new Map<string, (params: any) => unknown>();
  /** Checks before SetVariables applies a value (`Component.Variable` → reason code to reject with). */
  readonly variableGuards = new Map<string, (value: string) => string | undefined>();
  /** TriggerMessage handlers of the other blocks (FirmwareStatusNotification, LogStatusNotification, …). */
  readonly triggers = new Map<string, () => void>();
  rebooting = false;
  private heartbeatTimer?: NodeJS.Timeout;
  private bootTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private flushing = false;
  private offlineByUser = false;
  private stopping = false;
  private reconnectAttempt = 0;
  private offlineSince?: number;
  private rawChain: Promise<unknown> = Promise.resolve();
  private acceptedWaiters: Array<() => void> = [];
  private statusBeforeBoot = false;

  constructor(readonly opts: ReferenceStationOptions) {
    this.faults = checkFaults(opts.faults ?? [], STATION_FAULTS);
    this.identity = opts.identity;
    this.securityProfile = opts.securityProfile;
    this.csmsUrl = opts.csmsUrl;
    this.password = opts.password;
    this.firmwareVersion = opts.firmwareVersion ?? '2.0.1-ref';
    this.sim = { ...DEFAULT_SIMULATION, ...(opts.simulation ?? {}) };
    this.clientCert = opts.clientCert ?? (opts.tls?.cert && opts.tls.key ? { cert: opts.tls.cert, key: opts.tls.key } : undefined);
    if (opts.tls?.ca) this.csmsRoots.push(opts.tls.ca);
    this.dm = new DeviceModel(opts.connectors, opts.securityProfile, opts.identity, opts.vendor ?? 'EVC', opts.model ?? 'Reference201');
    this.variant = stationVariant(opts.variant);
    for (const path of this.variant.absentVariables) {
      const [c, v] = path.split('.');
      this.dm.remove({ name: c }, { name: v });
    }
    const configuration = { ...this.variant.defaults, ...(opts.configuration ?? {}) };
    for (const [path, value] of Object.entries(configuration)) {
      const m = /^([^.[\]]+)(?:\[([^\]]*)\])?\.([^.[\]]+)(?:\[([^\]]*)\])?$/.exec(path);
      // `Component[instance].Variable[instance]`, or a bare variable name (the first station-wide variable so called)
      const v = m
        ? this.dm.find({ name: m[1], instance: m[2] || undefined }, { name: m[3], instance: m[4] || undefined })
        : this.dm.all.find((x) => !x.component.evse && x.variable.name.toLowerCase() === path.toLowerCase());
      if (!v) throw new ConfigError('reference OCPP 2.0.1 station', `configuration.${path}`, 'unknown component/variable (write Component.Variable or Component[instance].Variable[instance])');
      v.value = value;
    }
    this.evses.push(undefined as unknown as Evse);
    for (let id = 1; id <= opts.connectors; id++) {
      this.evses.push({ id, plugged: false, operative: true, connectorOperative: true, evSuspended: false, meterWh: 0, meterUpdatedAt: Date.now(), locked: false });
    }
  }

  fault(name: string): boolean {
    return this.faults.has(name);
  }

  ms(seconds: number, min = 5): number {
    return scaledMs(seconds, this.opts.timeScale, min);
  }

  /** The current time as the station writes it on the wire. */
  now(offsetMs = 0): string {
    return formatDate(new Date(Date.now() + offsetMs), this.dateStyle);
  }

  get dateStyle(): DateStyle {
    return this.fault('date-time-microseconds') ? 'microseconds' : this.fault('date-time-no-offset') ? 'no-offset' : 'rfc3339';
  }

  /** connectorId as reported on the wire: 1 within its EVSE (or the EVSE number with connector-id-global). */
  connectorIdOf(evseId: number): number {
    return this.fault('connector-id-global') ? evseId : 1;
  }

  evse(id: number | undefined): Evse | undefined {
    return id !== undefined && id >= 1 && id < this.evses.length ? this.evses[id] : undefined;
  }

  get allEvses(): Evse[] {
    return this.evses.slice(1);
  }

  get online(): boolean {
    return this.client?.state === RPCClient.OPEN && this.phase !== 'disconnected';
  }

  get accepted(): boolean {
    return this.online && this.phase === 'Accepted';
  }

  get callTimeoutMs(): number {
    return Math.max(2000, this.dm.int('OCPPCommCtrlr', 'MessageTimeout', 'Default') * 1000 * this.opts.timeScale);
  }

  // ---------------------------------------------------------------- connection

  private endpoint(): string {
    const url = this.csmsUrl.replace(/\/+$/, '');
    return this.securityProfile >= 2 ? url.replace(/^ws:/, 'wss:') : url.replace(/^wss:/, 'ws:');
  }

  private wsOptions(): Record<string, unknown> {
    const o: Record<string, unknown> = { perMessageDeflate: true };
    if (this.securityProfile < 2) return o;
    Object.assign(o, { minVersion: this.fault('accepts-tls11') ? 'TLSv1' : 'TLSv1.2', ...(this.opts.tls?.options ?? {}) });
    if (this.fault('accepts-tls11')) o.ciphers = 'DEFAULT:@SECLEVEL=0';
    if (this.csmsRoots.length > 0) o.ca = this.csmsRoots;
    if (this.securityProfile === 3 && this.clientCert) {
      o.cert = this.clientCert.cert;
      o.key = this.clientCert.key;
    }
    if (this.fault('accepts-bad-csms-cert')) o.rejectUnauthorized = false;
    return o;
  }

  private createClient(): RPCClient {
    const client = new RPCClient({
      endpoint: this.endpoint(),
      identity: this.identity,
      protocols: ['ocpp2.0.1'],
      password: this.securityProfile === 1 || this.securityProfile === 2 ? (this.password ?? null) : null,
      strictMode: true,
      strictModeValidators: [ocpp201Validator()],
      reconnect: false,
      callTimeoutMs: this.callTimeoutMs,
      pingIntervalMs: this.dm.int('OCPPCommCtrlr', 'WebSocketPingInterval') > 0 ? this.ms(this.dm.int('OCPPCommCtrlr', 'WebSocketPingInterval')) : 0,
      callConcurrency: this.fault('second-concurrent-call') ? 16 : 1,
      wsOpts: this.wsOptions(),
    });
    speakOcpp201Errors(client, { oldSpelling: this.fault('wrong-error-code-spelling'), noMinusOne: this.fault('rpc-error-without-minus-one') });
    client.on('disconnect', () => this.onDisconnect());
    client.on('strictValidationFailure', () => undefined);
    client.on('socketError', () => undefined);
    client.on('badMessage', () => undefined);
    if (this.opts.onFrame) {
      const tap = this.opts.onFrame;
      client.on('message', (ev: { message: string | Buffer; outbound: boolean }) => tap(ev.outbound ? 'out' : 'in', String(ev.message)));
    }
    for (const [action, fn] of this.handlers) client.handle(action, (ctx: CallHandlerContext) => this.dispatch(client, ctx, fn));
    return client;
  }

  handle(action: string, fn: (params: any) => unknown): void {
    this.handlers.set(action, fn);
  }

  private async dispatch(client: RPCClient, ctx: CallHandlerContext, fn: (params: any) => unknown): Promise<unknown> {
    if (this.fault('silent')) return NOREPLY;
    if (this.fault('disconnects-on-call')) {
      void client.close({ force: true });
      return NOREPLY;
    }
    if (this.fault('slow-response')) await this.timers.sleep(Math.max(35_000 * this.opts.timeScale, 2500));
    const [lo, hi] = this.variant.answerDelayMs;
    if (hi > 0) await this.timers.sleep(Math.min(1000, ((lo + Math.random() * (hi - lo)) * this.opts.timeScale) / 0.01));
    if (this.fault('custom-data-rejected') && JSON.stringify(ctx.params ?? {}).includes('"customData"')) throw createRPCError('PropertyConstraintViolation', 'customData is not supported');
    const result = compact(await fn(ctx.params)) as Record<string, unknown>;
    if (this.dateStyle !== 'rfc3339') {
      client.sendRaw(JSON.stringify([3, ctx.messageId, restyleDates(result, this.dateStyle)]));
      return NOREPLY;
    }
    return result;
  }

  async start(): Promise<void> {
    if (this.fault('status-before-boot')) this.statusBeforeBoot = true;
    await this.connect(true);
  }

  async connect(initial = false): Promise<void> {
    if (this.stopping) return;
    this.client = this.createClient();
    try {
      await this.client.connect();
      this.reconnectAttempt = 0;
    } catch (err) {
      const e = err as Error & { code?: string | number };
      if (/certificate|self.signed|unable to verify|CERT_|altnames|unknown ca/i.test(`${e.message} ${String(e.code)}`)) {
        this.tlsWarning = `InvalidCsmsCertificate: ${e.message}`.slice(0, 255);
      }
      if (initial && !this.opts.keepTrying) throw err;
      for (const fn of this.onConnectFailed) fn();
      this.scheduleReconnect();
      return;
    }
    this.phase = 'booting';
    if (this.registered && !this.fault('boot-on-reconnect')) void this.afterReconnect();
    else void this.boot();
  }

  /** Back-off: RetryBackOffWaitMinimum doubled per attempt (up to RetryBackOffRepeatTimes) plus random jitter up to RetryBackOffRandomRange. */
  private scheduleReconnect(): void {
    if (this.stopping || this.offlineByUser) return;
    this.timers.clear(this.reconnectTimer);
    const min = this.dm.int('OCPPCommCtrlr', 'RetryBackOffWaitMinimum');
    const doublings = Math.min(this.reconnectAttempt++, this.dm.int('OCPPCommCtrlr', 'RetryBackOffRepeatTimes'));
    const seconds = min * Math.pow(2, doublings) + Math.random() * this.dm.int('OCPPCommCtrlr', 'RetryBackOffRandomRange');
    this.reconnectTimer = this.timers.timeout(this.ms(seconds, 20), () => void this.connect());
  }

  private onDisconnect(): void {
    if (this.phase !== 'disconnected') this.offlineSince = Date.now();
    this.phase = 'disconnected';
    this.timers.clear(this.heartbeatTimer);
    this.timers.clear(this.bootTimer);
    if (!this.stopping && !this.offlineByUser && !this.rebooting) this.scheduleReconnect();
  }

  // ---------------------------------------------------------------- boot & heartbeat

  async boot(triggered = false): Promise<void> {
    if (this.statusBeforeBoot) {
      for (const e of this.allEvses) this.reportStatus(e.id, true);
      this.statusBeforeBoot = false;
    }
    if (!triggered) this.phase = 'booting';
    let res: any;
    try {
      res = await this.send('BootNotification', {
        chargingStation: {
          model: this.opts.model ?? 'Reference201',
          vendorName: this.opts.vendor ?? 'EVC',
          serialNumber: (this.opts.serialNumber ?? `SN-${this.identity}`).slice(0, 25),
          firmwareVersion: this.firmwareVersion,
        },
        reason: triggered ? 'Triggered' : this.bootReason,
      });
    } catch {
      if (this.online && !triggered) this.bootTimer = this.timers.timeout(this.ms(10, 50), () => void this.boot());
      return;
    }
    const interval = typeof res.interval === 'number' && res.interval > 0 ? res.interval : 0;
    if (res.status === 'Accepted') {
      if (interval > 0) this.dm.set({ name: 'OCPPCommCtrlr' }, { name: 'HeartbeatInterval' }, String(interval));
      this.phase = 'Accepted';
      if (triggered && this.registered) {
        this.startHeartbeat();
        return;
      }
      this.registered = true;
      this.bootReason = 'PowerUp';
      this.onAccepted(true);
      return;
    }
    this.phase = res.status === 'Pending' ? 'Pending' : 'Rejected';
    if (this.phase === 'Pending' && this.fault('calls-while-pending')) {
      for (const e of this.allEvses) this.reportStatus(e.id, true);
      void this.send('Heartbeat', {}).catch(() => undefined);
    }
    this.bootTimer = this.timers.timeout(this.ms(interval > 0 ? interval : 30, 20), () => void this.boot());
  }

  private onAccepted(afterBoot: boolean): void {
    this.startHeartbeat();
    const offlineLong = this.offlineSince !== undefined && Date.now() - this.offlineSince > this.ms(this.dm.int('OCPPCommCtrlr', 'OfflineThreshold'));
    this.offlineSince = undefined;
    for (const e of this.allEvses) this.reportStatus(e.id, afterBoot || offlineLong);
    if (afterBoot) for (const fn of this.afterBoot.splice(0)) fn();
    if (this.tlsWarning) {
      if (!this.fault('no-security-event-on-bad-cert') && !this.fault('accepts-bad-csms-cert')) this.securityEvent('InvalidCsmsCertificate', this.tlsWarning);
      this.tlsWarning = undefined;
    }
    for (const fn of this.onOnline) fn();
    void this.flushQueue();
    for (const w of this.acceptedWaiters.splice(0)) w();
  }

  private async afterReconnect(): Promise<void> {
    this.phase = 'Accepted';
    this.onAccepted(false);
  }

  waitAccepted(timeoutMs = 5000): Promise<void> {
    if (this.accepted) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = this.timers.timeout(timeoutMs, () => reject(new Error(`station ${this.identity} not Accepted within ${timeoutMs} ms`)));
      this.acceptedWaiters.push(() => {
        this.timers.clear(t);
        resolve();
      });
    });
  }

  startHeartbeat(): void {
    this.timers.clear(this.heartbeatTimer);
    const interval = this.dm.int('OCPPCommCtrlr', 'HeartbeatInterval');
    if (interval <= 0) return;
    const ms = this.ms(this.fault('ignores-heartbeat-interval') ? 300 : this.fault('fixed-heartbeat-interval') ? 100 : interval, 20);
    this.heartbeatTimer = this.timers.interval(ms, () => void this.heartbeat());
  }

  async heartbeat(): Promise<void> {
    if (!this.accepted) return;
    if (this.fault('invalid-json')) {
      this.client.sendRaw(`[2,"${messageId()}","Heartbeat",{`);
      return;
    }
    await this.send('Heartbeat', {}).catch(() => undefined);
  }

  // ---------------------------------------------------------------- status

  /** Set by the station's pilot seam (ocpp16/station/pilot.ts): re-derives what the EVSE offers on its pilot line. */
  onStateDerived: (evseId: number) => void = () => undefined;

  /** Set by the reservation block: whether an EVSE is reserved now. */
  isReserved: (evseId: number) => boolean = () => false;

  statusOf(e: Evse): ConnectorStatus {
    if (e.fault) return 'Faulted';
    if (e.plugged || e.tx) return 'Occupied';
    if (!e.operative || !e.connectorOperative || !this.stationOperative) return 'Unavailable';
    if (this.isReserved(e.id)) return 'Reserved';
    return 'Available';
  }

  /** Set by the security block: a token was used (customer data the station keeps, for CustomerInformation). */
  onCustomerSeen: (idToken: string) => void = () => undefined;

  /** ChargingStation AvailabilityState: Inoperative by ChangeAvailability without EVSE. */
  stationOperative = true;

  /** Sends StatusNotification when the connector status differs from the last one sent (or `force`). */
  reportStatus(evseId: number, force = false): void {
    const e = this.evse(evseId);
    if (!e) return;
    this.onStateDerived(evseId);
    const status = this.statusOf(e);
    this.dm.set({ name: 'EVSE', evse: { id: e.id } }, { name: 'AvailabilityState' }, status);
    this.dm.set({ name: 'Connector', evse: { id: e.id, connectorId: 1 } }, { name: 'AvailabilityState' }, status);
    this.dm.set({ name: 'Connector', evse: { id: e.id, connectorId: 1 } }, { name: 'Problem' }, String(status === 'Faulted'));
    if (!force && e.sentStatus === status) return;
    const canSend = this.accepted || (this.online && (this.statusBeforeBoot || (this.phase === 'Pending' && this.fault('calls-while-pending'))));
    if (!canSend) return;
    e.sentStatus = status;
    if (this.fault('status-notification-missing')) return;
    void this.send('StatusNotification', { timestamp: this.now(), connectorStatus: status, evseId: e.id, connectorId: this.connectorIdOf(e.id) }).catch(() => undefined);
  }

  refreshStatuses(): void {
    for (const e of this.allEvses) this.reportStatus(e.id);
  }

  // ---------------------------------------------------------------- sending

  /** Sends a CALL now (no queueing); rejects when offline. Frames a fault makes schema-invalid go out raw. */
  async send(action: string, payload: Record<string, unknown>): Promise<any> {
    let body = compact(payload);
    if (!this.client || this.client.state !== RPCClient.OPEN) throw new Error('offline');
    if (this.dateStyle !== 'rfc3339') body = restyleDates(body, this.dateStyle) as Record<string, unknown>;
    if (this.fault('sends-null-fields')) body = nullOptionalFields(`${action}.req`, body);
    const raw = this.faults.size > 0 && schemaProblem(`${action}.req`, body) !== undefined;
    if (!raw) {
      if (this.fault('second-concurrent-call') && action !== 'Heartbeat' && action !== 'BootNotification') {
        // a second CALL goes out right behind this one, before its CALLRESULT
        void this.client.call('Heartbeat', {}).catch(() => undefined);
      }
      return this.client.call(action, body);
    }
    const p = this.rawChain.then(() => rawCall(this.client, action, body, { timeoutMs: this.callTimeoutMs, timers: this.timers }));
    this.rawChain = p.catch(() => undefined);
    return p;
  }

  /** Queues a transaction-related message (kept while offline, replayed in order). */
  enqueue(action: string, payload: Record<string, unknown>, onResult?: (r: any) => void): void {
    this.txQueue.push({ action, payload, onResult, attempts: 0 });
    void this.flushQueue();
  }

  /** SecurityEventNotification (queued like transaction messages, so none is lost offline). */
  securityEvent(type: string, techInfo?: string): void {
    this.enqueue('SecurityEventNotification', { type, timestamp: this.now(), techInfo: techInfo?.slice(0, 255) });
  }

  async flushQueue(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.txQueue.length > 0 && this.accepted && !this.timers.isStopped) {
        const m = this.txQueue[0];
        m.attempts++;
        let result: any;
        try {
          this.inflight = true;
          result = await this.send(m.action, m.payload);
        } catch {
          this.inflight = false;
          // offline: keep it for the next connection; a CALLERROR or a timeout while online counts as a failed attempt
          if (!this.accepted) {
            m.attempts--;
            return;
          }
          if (m.attempts < Math.max(1, this.dm.int('OCPPCommCtrlr', 'MessageAttempts', 'TransactionEvent'))) {
            await this.timers.sleep(this.ms(this.dm.int('OCPPCommCtrlr', 'MessageAttemptInterval', 'TransactionEvent') * m.attempts));
            continue;
          }
          this.txQueue.shift();
          continue;
        }
        this.inflight = false;
        this.txQueue.shift();
        m.onResult?.(result);
      }
    } finally {
      this.flushing = false;
      this.inflight = false;
    }
  }

  /** A queued message is on the wire and not answered yet. */
  private inflight = false;

  /**
   * Lets the queued message on the wire be answered (at most `ms`) before the connection goes away, so a
   * simulated network drop right after an event does not make the station resend it (a resend would repeat
   * its seqNo, which the CSMS then sees twice).
   */
  private async settleInflight(ms = 300): Promise<void> {
    const until = Date.now() + ms;
    while (this.inflight && this.online && Date.now() < until && !this.timers.isStopped) await this.timers.sleep(5);
  }

  /** Waits (at most timeoutMs) until the queue is delivered, e.g. before a reboot. */
  async drain(timeoutMs = 2000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.txQueue.length > 0 && this.accepted && Date.now() < until && !this.timers.isStopped) await this.timers.sleep(5);
  }

  // ---------------------------------------------------------------- offline / reboot / stop

  async goOffline(ms?: number): Promise<void> {
    this.offlineByUser = true;
    await this.settleInflight();
    this.timers.clear(this.reconnectTimer);
    if (this.phase !== 'disconnected') this.offlineSince = Date.now();
    if (this.client && this.client.state !== RPCClient.CLOSED) await this.client.close({ force: true }).catch(() => undefined);
    this.phase = 'disconnected';
    if (ms !== undefined) this.reconnectTimer = this.timers.timeout(ms, () => void this.goOnline());
  }

  async goOnline(): Promise<void> {
    this.offlineByUser = false;
    this.timers.clear(this.reconnectTimer);
    if (this.client && this.client.state !== RPCClient.CLOSED) return;
    await this.connect().catch(() => this.scheduleReconnect());
  }

  /** Closes the connection and boots again after `delayMs` with the given BootNotification reason. */
  async reboot(delayMs: number, reason: string): Promise<void> {
    await this.powerDown(reason);
    this.reconnectTimer = this.timers.timeout(delayMs, () => this.powerUp());
  }

  /** The power goes (a reboot's first half, or a bench's mains contactor opening): closed, silent until powerUp. */
  async powerDown(reason: string): Promise<void> {
    this.rebooting = true;
    this.registered = false;
    this.bootReason = reason;
    this.timers.clear(this.reconnectTimer);
    this.timers.clear(this.heartbeatTimer);
    await this.settleInflight();
    if (this.client && this.client.state !== RPCClient.CLOSED) await this.client.close({ code: 1000, reason: 'Reboot' }).catch(() => undefined);
    this.phase = 'disconnected';
    for (const e of this.allEvses) e.sentStatus = undefined;
  }

  /** The power is back: the station boots anew (BootNotification with the reason powerDown was given). */
  powerUp(): void {
    this.rebooting = false;
    for (const fn of this.onRebooted) fn();
    if (!this.offlineByUser) void this.connect().catch(() => this.scheduleReconnect());
  }
  /** Hooks run when the station comes back up after a reboot (before connecting). */
  readonly onRebooted: Array<() => void> = [];

  /** Hooks run when a technician commissions the station (the network profiles start over from slot 0). */
  readonly onCommissioned: Array<() => void> = [];

  /**
   * Commissioning by a technician (serve-station's control API): the security profile, CSMS URL, password, CSMS
   * root and client pair are replaced ('installed': those the station was started with) and the station
   * reconnects with them at once. It stays registered: no new BootNotification.
   */
  commission(c: StationCommissioning | 'installed'): void {
    const o = this.opts;
    const installed = c === 'installed';
    this.securityProfile = installed ? o.securityProfile : c.securityProfile;
    this.csmsUrl = installed ? o.csmsUrl : c.csmsUrl;
    this.password = installed ? o.password : c.password;
    this.dm.set({ name: 'SecurityCtrlr' }, { name: 'SecurityProfile' }, String(this.securityProfile));
    this.csmsRoots = installed ? (o.tls?.ca ? [o.tls.ca] : []) : c.ca ? [c.ca] : [];
    const installedPair = o.clientCert ?? (o.tls?.cert && o.tls.key ? { cert: o.tls.cert, key: o.tls.key } : undefined);
    this.clientCert = installed ? installedPair : c.clientCert && c.clientKey ? { cert: c.clientCert, key: c.clientKey } : undefined;
    for (const hook of this.onCommissioned) hook();
    void this.reconnectWithNewSettings();
  }

  /** Closes the connection and connects again at once with the current URL / security profile / password. */
  async reconnectWithNewSettings(): Promise<void> {
    this.timers.clear(this.reconnectTimer);
    this.rebooting = true; // no automatic reconnect from onDisconnect
    if (this.client && this.client.state !== RPCClient.CLOSED) await this.client.close({ code: 1000, reason: 'Reconfigure' }).catch(() => undefined);
    this.rebooting = false;
    this.phase = 'disconnected';
    if (!this.offlineByUser && !this.stopping) await this.connect().catch(() => this.scheduleReconnect());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.timers.clearAll();
    for (const w of this.acceptedWaiters.splice(0)) w();
    if (this.client && this.client.state !== RPCClient.CLOSED) await this.client.close({ force: true }).catch(() => undefined);
  }
}

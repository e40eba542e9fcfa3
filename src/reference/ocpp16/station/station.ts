import { NOREPLY, RPCClient, createRPCError, type CallHandlerContext } from 'ocpp-rpc';
import type { SecurityProfile } from '../../../rig/ocpp-sut';
import { STATION_FAULTS, checkFaults } from '../faults';
import { Timers, isoNow, isoWithoutOffset, messageId, ocpp16Validator, rawCall, scaledMs, nullOptionalFields, schemaProblem, speakOcpp16Errors } from '../util';
import { ConfigStore } from './config';
import type { ConnectorState, ConnectorStatus, ReferenceStationOptions, StationSimulation } from './types';
import { ALT_ANSWER_DELAY_MS, ALT_DEFAULTS, ALT_UNSUPPORTED_ACTIONS, ALT_UNSUPPORTED_KEYS, altMeterStartWh } from './variant';

/** A message of the transaction pipeline: kept across disconnects and reboots, replayed in order. */
export interface QueuedMessage {
  action: string;
  /** Built at send time, so transaction ids assigned meanwhile are used. */
  build: () => Record<string, unknown>;
  onResult?: (result: any) => void;
  attempts: number;
}

/** CSMS-initiated actions of the optional feature profiles (answered NotSupported when the profile is not listed). */
const PROFILE_OF: Record<string, string> = {
  GetDiagnostics: 'FirmwareManagement',
  UpdateFirmware: 'FirmwareManagement',
  ReserveNow: 'Reservation',
  CancelReservation: 'Reservation',
  SetChargingProfile: 'SmartCharging',
  ClearChargingProfile: 'SmartCharging',
  GetCompositeSchedule: 'SmartCharging',
  TriggerMessage: 'RemoteTrigger',
};

type Phase = 'disconnected' | 'booting' | 'Pending' | 'Rejected' | 'Accepted';

const DEFAULT_SIMULATION: StationSimulation = {
  lockFailure: false,
  unlockFailure: false,
  fixedCable: false,
  firmwareDownloadFails: false,
  firmwareInstallFails: false,
  uploadFails: false,
  invalidFirmwareSignature: false,
  rejectReservations: false,
  evMaxPowerW: 11040,
};

/**
 * The reference OCPP 1.6J charge point: connection, boot, heartbeat, status reporting and the ordered
 * transaction-message queue. Feature profiles (./core, ./local-auth, …) register their CSMS-initiated
 * handlers on it and use its state.
 */
export class Station {
  readonly timers = new Timers();
  readonly faults: Set<string>;
  readonly config: ConfigStore;
  readonly connectors: ConnectorState[] = [];
  readonly sim: StationSimulation;
  readonly identity: string;
  client!: RPCClient;
  phase: Phase = 'disconnected';
  /** Boot accepted since the last (re)boot: a reconnect does not boot again. */
  registered = false;
  securityProfile: SecurityProfile;
  password?: string;
  /** Extra steps to run after BootNotification Accepted (firmware Installed, …). */
  readonly afterBoot: Array<() => void> = [];
  /** Hooks a feature runs when a configuration key changed (after the response went out). */
  readonly onConfigChange = new Map<string, (value: string) => void>();
  /** Hooks run on every status change of a connector (reservations, availability). */
  readonly txQueue: QueuedMessage[] = [];
  /** Last confirmed StopTransaction (for the `stop-sent-twice-after-reconnect` fault). */
  lastStop?: Record<string, unknown>;
  private heartbeatTimer?: NodeJS.Timeout;
  private bootTimer?: NodeJS.Timeout;
  private reconnectTimer?: NodeJS.Timeout;
  private flushing = false;
  private offlineUntilOnline = false;
  private stopping = false;
  private reconnectAttempt = 0;
  private rawChain: Promise<unknown> = Promise.resolve();
  private acceptedWaiters: Array<() => void> = [];
  /** Pre-connection error (TLS) to report as a security event once online. */
  tlsWarning?: string;
  clientCert?: { cert: string; key: string };
  /** Roots installed through InstallCertificate (CentralSystemRootCertificate), used for SP2/3. */
  csmsRoots: string[] = [];

  constructor(readonly opts: ReferenceStationOptions) {
    this.faults = checkFaults(opts.faults ?? [], STATION_FAULTS);
    this.identity = opts.identity;
    this.securityProfile = opts.securityProfile;
    this.password = opts.password;
    this.sim = { ...DEFAULT_SIMULATION, ...(opts.simulation ?? {}) };
    this.clientCert = opts.clientCert ?? (opts.tls?.cert && opts.tls.key ? { cert: opts.tls.cert, key: opts.tls.key } : undefined);
    if (opts.tls?.ca) this.csmsRoots.push(opts.tls.ca);
    this.alt = opts.variant === 'alt';
    this.config = new ConfigStore(opts.connectors, opts.securityProfile, opts.configuration, this.alt ? { unsupported: ALT_UNSUPPORTED_KEYS, defaults: ALT_DEFAULTS } : undefined);
    if (opts.password && this.config.get('AuthorizationKey') === '') this.config.set('AuthorizationKey', opts.password);
    for (let id = 0; id <= opts.connectors; id++) {
      const meterWh = this.alt ? altMeterStartWh(id) : 0;
      this.connectors.push({ id, plugged: false, availability: 'Operative', finishing: false, evSuspended: false, meterWh, meterUpdatedAt: Date.now() });
    }
  }

  /** The second compliant configuration (see ./variant). */
  readonly alt: boolean;

  /** Whether a feature profile is listed in SupportedFeatureProfiles. */
  supports(profile: string): boolean {
    return this.config.list('SupportedFeatureProfiles').includes(profile);
  }

  fault(name: string): boolean {
    return this.faults.has(name);
  }

  ms(seconds: number, min = 5): number {
    return scaledMs(seconds, this.opts.timeScale, min);
  }

  get online(): boolean {
    return this.client?.state === RPCClient.OPEN && this.phase !== 'disconnected';
  }

  get accepted(): boolean {
    return this.online && this.phase === 'Accepted';
  }

  connector(id: number): ConnectorState | undefined {
    return id >= 1 && id <= this.opts.connectors ? this.connectors[id] : undefined;
  }

  /**
   * Call timeout for the station's own CALLs: 30 s scaled, at least 4 s (a loaded host can stall the event
   * loop for a second; a timed-out BootNotification would be sent again and get the CSMS's default answer).
   */
  get callTimeoutMs(): number {
    return Math.max(4000, 30_000 * this.opts.timeScale);
  }

  // ---------------------------------------------------------------- connection

  endpoint(): string {
    const sp = this.securityProfile;
    const explicit = this.commissionedUrl ? undefined : this.opts.securityProfileUrls?.[sp];
    if (explicit) return explicit;
    const url = (this.commissionedUrl ?? this.opts.csmsUrl).replace(/\/+$/, '');
    if (sp >= 2) return url.replace(/^ws:/, 'wss:');
    return url.replace(/^wss:/, 'ws:');
  }

  private wsOptions(): Record<string, unknown> {
    if (this.securityProfile < 2) return {};
    const o: Record<string, unknown> = { minVersion: 'TLSv1.2', ...(this.opts.tls?.options ?? {}) };
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
      protocols: ['ocpp1.6'],
      password: this.securityProfile === 1 || this.securityProfile === 2 ? (this.password ?? null) : null,
      strictMode: true,
      strictModeValidators: [ocpp16Validator()],
      reconnect: false,
      callTimeoutMs: this.callTimeoutMs,
      pingIntervalMs: this.config.int('WebSocketPingInterval') > 0 ? this.ms(this.config.int('WebSocketPingInterval')) : 0,
      callConcurrency: this.fault('second-concurrent-call') ? 16 : 1,
      wsOpts: this.wsOptions(),
    });
    speakOcpp16Errors(client, this.fault('wrong-error-code-spelling'));
    client.on('disconnect', () => {
      if (client === this.client) this.onDisconnect(); // a replaced client's late event is not ours
    });
    client.on('strictValidationFailure', () => undefined);
    client.on('socketError', () => undefined);
    if (this.opts.onFrame) {
      const tap = this.opts.onFrame;
      client.on('message', (ev: { message: string | Buffer; outbound: boolean }) => tap(ev.outbound ? 'out' : 'in', String(ev.message)));
    }
    return client;
  }

  /** Handlers are registered on every new client (a security-profile switch creates a new one). */
  readonly handlers = new Map<string, (params: any) => unknown>();

  handle(action: string, fn: (params: any) => unknown): void {
    this.handlers.set(action, fn);
  }

  private install(client: RPCClient): void {
    for (const [action, fn] of this.handlers) {
      client.handle(action, (ctx: CallHandlerContext) => this.dispatch(client, ctx, fn));
    }
  }

  private async dispatch(client: RPCClient, ctx: CallHandlerContext, fn: (params: any) => unknown): Promise<unknown> {
    if (this.fault('silent')) return NOREPLY;
    if (this.fault('disconnects-on-call')) {
      void client.close({ force: true });
      return NOREPLY;
    }
    if (this.fault('slow-response') || (ctx.method === 'ClearCache' && this.fault('slow-clear-cache'))) await this.timers.sleep(Math.max(35_000 * this.opts.timeScale, 6_000)); // beyond any harness response timeout on a reference rig
    if (this.alt && (ALT_UNSUPPORTED_ACTIONS as readonly string[]).includes(ctx.method)) throw createRPCError('NotImplemented', `${ctx.method} is not implemented`);
    if (this.alt) await this.timers.sleep(ALT_ANSWER_DELAY_MS);
    const profile = PROFILE_OF[ctx.method];
    if (profile && !this.supports(profile)) throw createRPCError('NotSupported', `feature profile ${profile} is not supported`);
    const result = await fn(ctx.params);
    if (this.fault('sends-null-fields') && result && typeof result === 'object') {
      client.sendRaw(JSON.stringify([3, ctx.messageId, nullOptionalFields(`${ctx.method}.conf`, result as Record<string, unknown>)]));
      return NOREPLY;
    }
    return result;
  }

  async start(): Promise<void> {
    if (this.fault('status-before-boot')) this.statusBeforeBoot = true;
    await this.connect(true);
  }
  private statusBeforeBoot = false;

  /** Opens the connection; on failure retries with back-off (unless `initial` fails hard on auth/TLS). */
  async connect(initial = false): Promise<void> {
    if (this.stopping) return;
    if (this.client && this.client.state !== RPCClient.CLOSED) return; // already connected or connecting
    this.client = this.createClient();
    this.install(this.client);
    try {
      await this.client.connect();
      this.reconnectAttempt = 0;
    } catch (err) {
      const e = err as Error & { code?: string | number };
      if (/certificate|self.signed|unable to verify|CERT_|altnames/i.test(`${e.message} ${String(e.code)}`)) {
        this.tlsWarning = 'InvalidCentralSystemCertificate';
      }
      if (initial && !this.opts.keepTrying) throw err;
      this.scheduleReconnect();
      return;
    }
    this.phase = 'booting';
    if (this.registered) void this.afterReconnect();
    else void this.boot();
  }

  private scheduleReconnect(delayMs?: number): void {
    if (this.stopping || this.offlineUntilOnline) return;
    this.timers.clear(this.reconnectTimer);
    const base = this.ms(5, 20) * Math.pow(2, Math.min(this.reconnectAttempt++, 5));
    const jitter = Math.random() * base * 0.25;
    this.reconnectTimer = this.timers.timeout(delayMs ?? base + jitter, () => void this.connect());
  }

  private onDisconnect(): void {
    this.phase = 'disconnected';
    this.timers.clear(this.heartbeatTimer);
    this.timers.clear(this.bootTimer);
    if (!this.stopping && !this.offlineUntilOnline && !this.rebooting) this.scheduleReconnect();
  }
  rebooting = false;

  // ---------------------------------------------------------------- boot & heartbeat

  /** TriggerMessage(BootNotification): sends a BootNotification on the open connection. */
  async rebootNotification(): Promise<void> {
    await this.boot(true);
  }

  private async boot(triggered = false): Promise<void> {
    if (this.statusBeforeBoot) {
      for (const c of this.connectors) this.reportStatus(c.id, true);
      this.statusBeforeBoot = false;
    }
    this.phase = 'booting';
    let res: any;
    try {
      res = await this.send('BootNotification', {
        chargePointVendor: this.opts.vendor ?? 'EVC',
        chargePointModel: this.opts.model ?? 'Reference16',
        chargePointSerialNumber: `SN-${this.identity}`.slice(0, 25),
        firmwareVersion: this.firmwareVersion,
        meterType: 'Reference meter',
      });
    } catch {
      if (this.online) this.bootTimer = this.timers.timeout(this.ms(10, 50), () => void this.boot());
      return;
    }
    const interval = typeof res.interval === 'number' && res.interval > 0 ? res.interval : 0;
    const status = this.fault('boot-ignores-pending') ? 'Accepted' : res.status;
    if (status === 'Accepted') {
      if (interval > 0) this.config.set('HeartbeatInterval', String(interval));
      if (triggered && this.registered) {
        this.phase = 'Accepted';
        this.startHeartbeat();
        void this.flushQueue();
        return;
      }
      this.phase = 'Accepted';
      this.registered = true;
      this.rebooting = false;
      this.onAccepted(true);
      return;
    }
    this.phase = status === 'Pending' ? 'Pending' : 'Rejected';
    this.bootTimer = this.timers.timeout(this.ms(interval > 0 ? interval : 30, 20), () => void this.boot());
  }
  firmwareVersion = '1.0.0';

  private onAccepted(afterBoot: boolean): void {
    this.startHeartbeat();
    for (const c of this.connectors) this.reportStatus(c.id, afterBoot);
    if (this.fault('stop-sent-twice-after-reconnect') && this.lastStop && !afterBoot) {
      const replay = this.lastStop;
      void this.send('StopTransaction', replay).catch(() => undefined);
    }
    if (afterBoot) for (const fn of this.afterBoot.splice(0)) fn();
    this.onOnline.forEach((fn) => fn());
    void this.flushQueue();
    for (const w of this.acceptedWaiters.splice(0)) w();
  }
  /** Hooks run each time the station is Accepted and online (e.g. pending security events). */
  readonly onOnline: Array<() => void> = [];

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
    let ms = this.ms(this.config.int('HeartbeatInterval') || 300, 20);
    if (this.fault('ignores-heartbeat-interval')) ms = this.ms(300, 20);
    if (this.fault('fixed-heartbeat-interval')) ms = this.ms(60, 20);
    if (this.fault('flood-heartbeat')) ms = 20;
    if (this.config.int('HeartbeatInterval') === 0 && !this.fault('flood-heartbeat')) return;
    this.heartbeatTimer = this.timers.interval(ms, () => void this.heartbeat());
  }

  async heartbeat(): Promise<void> {
    if (!this.accepted && !(this.phase === 'Pending' && this.fault('boot-ignores-pending'))) return;
    if (this.fault('invalid-json')) {
      this.client.sendRaw(`[2,"${messageId()}","Heartbeat",{`);
      return;
    }
    try {
      await this.send('Heartbeat', {});
    } catch {
      /* a lost heartbeat is not queued */
    }
  }

  // ---------------------------------------------------------------- status

  /** The status a connector is in now, derived from its state. */
  statusOf(id: number): { status: ConnectorStatus; errorCode: string; info?: string } {
    const c = this.connectors[id];
    if (id === 0) {
      if (c.fault) return { status: 'Faulted', errorCode: c.fault.errorCode, info: c.fault.info };
      return { status: c.availability === 'Inoperative' ? 'Unavailable' : 'Available', errorCode: 'NoError' };
    }
    const station0 = this.connectors[0];
    if (c.fault) return { status: 'Faulted', errorCode: c.fault.errorCode, info: c.fault.info };
    if (c.tx) {
      if (!c.plugged || c.evSuspended) return { status: 'SuspendedEV', errorCode: 'NoError' };
      if (c.tx.deauthorized || this.limitW(c.id) <= 0) return { status: 'SuspendedEVSE', errorCode: 'NoError' };
      return { status: 'Charging', errorCode: 'NoError' };
    }
    if (c.availability === 'Inoperative' || station0.availability === 'Inoperative') return { status: 'Unavailable', errorCode: 'NoError' };
    if (c.finishing || c.lockedAfterStop) return { status: 'Finishing', errorCode: 'NoError' };
    if (c.plugged || c.authorized) return { status: 'Preparing', errorCode: 'NoError' };
    if (this.isReserved(c.id)) return { status: 'Reserved', errorCode: 'NoError' };
    return { status: 'Available', errorCode: 'NoError' };
  }

  /** Set by the reservation profile: whether a connector shows Reserved. */
  isReserved: (connectorId: number) => boolean = () => false;
  /** Set by the smart-charging profile: the limit in W that applies to a connector now. */
  limitW: (connectorId: number) => number = () => Number.POSITIVE_INFINITY;
  /** Set by the reservation profile: whether an id may use a connector (reservations of others block it). */
  mayUse: (connectorId: number, idTag: string, parentIdTag?: string) => boolean = () => true;
  /** Set by the reservation profile: ends the reservation an id uses on a connector, returning its id. */
  consumeReservation: (connectorId: number, idTag: string, parentIdTag?: string) => number | undefined = () => undefined;
  /** Set by the smart-charging profile. */
  installTxProfile: (connectorId: number, profile: Record<string, unknown>) => void = () => undefined;
  removeTxProfiles: (connectorId: number) => void = () => undefined;
  /** Checks a feature applies before ChangeConfiguration (e.g. SecurityProfile downgrade → Rejected). */
  readonly configGuards = new Map<string, (value: string) => 'Rejected' | 'NotSupported' | undefined>();
  /** Set by the smart-charging profile: whether RemoteStartTransaction's chargingProfile is acceptable. */
  acceptsRemoteStartProfile: (profile: Record<string, unknown>) => boolean = () => false;
  /** Set by the station's pilot seam (./pilot): re-derives what the connector offers on its pilot line. */
  onStatusDerived: (connectorId: number) => void = () => undefined;
  /** Set by the core profile: applies a ChangeAvailability that was Scheduled while a transaction ran. */
  applyScheduledAvailability: (connectorId: number) => void = () => undefined;

  /** Sends StatusNotification if the derived status differs from the last one reported (or `force`). */
  reportStatus(id: number, force = false, settled = false): void {
    const c = this.connectors[id];
    if (!c) return;
    this.onStatusDerived(id);
    const s = this.statusOf(id);
    if (!force && c.sentStatus === s.status && c.sentErrorCode === s.errorCode) return;
    // MinimumStatusDuration: a status is reported only once it has lasted that long
    const minimum = this.config.int('MinimumStatusDuration');
    if (!force && minimum > 0 && !settled) {
      this.timers.clear(this.statusTimers.get(id));
      this.statusTimers.set(id, this.timers.timeout(this.ms(minimum), () => this.reportStatus(id, false, true)));
      return;
    }
    const canSend = this.accepted || (this.fault('boot-ignores-pending') && this.online) || (this.statusBeforeBoot && this.online);
    if (!canSend) {
      // reported when back online (onAccepted sends every connector whose status changed)
      return;
    }
    c.sentStatus = s.status;
    c.sentErrorCode = s.errorCode;
    if (this.fault('no-status-notification')) return;
    const payload = { connectorId: id, errorCode: s.errorCode, status: s.status, info: s.info, timestamp: isoNow() };
    if (this.fault('misordered-status-notification') && id > 0) {
      // holds Preparing back and reports it after the next status (e.g. Charging)
      if (s.status === 'Preparing') {
        this.heldPreparing.set(id, payload);
        return;
      }
      const held = this.heldPreparing.get(id);
      this.heldPreparing.delete(id);
      void this.send('StatusNotification', payload).catch(() => undefined);
      if (held) void this.send('StatusNotification', { ...held, timestamp: isoNow() }).catch(() => undefined);
      return;
    }
    void this.send('StatusNotification', payload).catch(() => undefined);
  }
  private readonly heldPreparing = new Map<number, Record<string, unknown>>();
  private readonly statusTimers = new Map<number, NodeJS.Timeout>();

  refreshStatuses(): void {
    for (const c of this.connectors) this.reportStatus(c.id);
  }

  // ---------------------------------------------------------------- sending

  /** Sends a CALL now (no queueing); rejects when offline. Faults that break framing go out raw. */
  async send(action: string, payload: Record<string, unknown>): Promise<any> {
    const clean = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined));
    if (!this.client || this.client.state !== RPCClient.OPEN) throw new Error('offline');
    // a faulty station may build payloads the schema forbids (e.g. stop-without-meter-stop): strict mode
    // would refuse to send them, so they go out raw; the compliant station stays under strict validation
    const invalid = this.faults.size > 0 && schemaProblem(`${action}.req`, clean) !== undefined;
    const raw = invalid || this.fault('sends-null-fields') || this.fault('invalid-date-time') || this.fault('wrong-message-id-length');
    if (!raw) return this.client.call(action, clean);
    let body: Record<string, unknown> = clean;
    if (this.fault('sends-null-fields')) body = nullOptionalFields(`${action}.req`, body);
    if (this.fault('invalid-date-time')) body = stripOffsets(body) as Record<string, unknown>;
    const id = this.fault('wrong-message-id-length') ? messageId(40) : messageId();
    const p = this.rawChain.then(() => rawCall(this.client, action, body, { id, timeoutMs: this.callTimeoutMs, timers: this.timers }));
    this.rawChain = p.catch(() => undefined);
    return p;
  }

  /** Adds a transaction message to the persistent queue and sends it when possible. */
  enqueue(action: string, build: () => Record<string, unknown>, onResult?: (r: any) => void): void {
    // offline from the moment the network is cut (not only once the socket has closed): a sample taken meanwhile is dropped too
    if ((!this.accepted || this.offlineUntilOnline) && this.fault('offline-queue-dropped')) return;
    this.txQueue.push({ action, build, onResult, attempts: 0 });
    void this.flushQueue();
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
          result = await this.send(m.action, m.build());
        } catch (err) {
          const code = (err as { rpcErrorCode?: unknown }).rpcErrorCode;
          if (code !== undefined && m.attempts < Math.max(1, this.config.int('TransactionMessageAttempts'))) {
            await this.timers.sleep(this.ms(this.config.int('TransactionMessageRetryInterval')));
            continue;
          }
          if (code !== undefined) {
            this.txQueue.shift(); // gave up after TransactionMessageAttempts CALLERRORs
            continue;
          }
          return; // offline or timeout: keep it and retry once back online
        }
        this.txQueue.shift();
        m.onResult?.(result);
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Resolves once the transaction queue is empty (or after timeoutMs). */
  async drainQueue(timeoutMs: number): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.txQueue.length > 0 && this.accepted && Date.now() < until && !this.timers.isStopped) await this.timers.sleep(10);
  }

  // ---------------------------------------------------------------- offline / reboot / stop

  async goOffline(ms?: number): Promise<void> {
    this.offlineUntilOnline = true;
    this.timers.clear(this.reconnectTimer);
    if (this.client && this.client.state !== RPCClient.CLOSED) await this.client.close({ force: true }).catch(() => undefined);
    this.phase = 'disconnected';
    if (ms !== undefined) this.reconnectTimer = this.timers.timeout(ms, () => void this.goOnline());
  }

  async goOnline(): Promise<void> {
    this.offlineUntilOnline = false;
    this.timers.clear(this.reconnectTimer);
    if (this.client && this.client.state !== RPCClient.CLOSED) return;
    await this.connect();
  }

  /** Closes the connection and boots again after `delayMs` (power cycle, reset, firmware install). */
  async reboot(delayMs: number): Promise<void> {
    await this.powerDown();
    this.reconnectTimer = this.timers.timeout(delayMs, () => this.powerUp());
  }

  /** The power goes (a reboot's first half, or a bench's mains contactor opening): closed, silent until powerUp. */
  async powerDown(): Promise<void> {
    this.rebooting = true;
    this.registered = false;
    this.timers.clear(this.reconnectTimer);
    if (this.client && this.client.state !== RPCClient.CLOSED) await this.client.close({ code: 1000, reason: 'Reboot' }).catch(() => undefined);
    this.phase = 'disconnected';
    for (const c of this.connectors) {
      c.sentStatus = undefined;
      c.plugged = c.plugged && c.id > 0;
    }
  }

  /** The power is back: the station boots anew (BootNotification), its kept state intact. */
  powerUp(): void {
    this.rebooting = false;
    if (!this.offlineUntilOnline) void this.connect();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.timers.clearAll();
    for (const w of this.acceptedWaiters.splice(0)) w();
    if (this.client && this.client.state !== RPCClient.CLOSED) await this.client.close({ force: true }).catch(() => undefined);
  }

  /** Reconnects with the current security profile / password (new client: TLS options may change). */
  /** The CSMS URL a technician set at commissioning (undefined: the one the station was started with; see security.ts). */
  commissionedUrl?: string;

  async reconnectWithNewSettings(): Promise<void> {
    this.timers.clear(this.reconnectTimer);
    this.rebooting = true; // suppress the automatic reconnect of onDisconnect
    if (this.client && this.client.state !== RPCClient.CLOSED) await this.client.close({ code: 1000, reason: 'Reconfigure' }).catch(() => undefined);
    this.rebooting = false;
    this.phase = 'disconnected';
    await this.connect().catch(() => this.scheduleReconnect());
  }
}

function stripOffsets(v: unknown): unknown {
  if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(v)) return isoWithoutOffset(new Date(v));
  if (Array.isArray(v)) return v.map(stripOffsets);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stripOffsets(x)]));
  return v;
}

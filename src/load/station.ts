/**
 * The lean load station: one `ws` socket, a handful of numbers, no closure per call. Its timers are wheel
 * entries (kind + arg) and its socket handlers are shared functions that find the station on the socket. The
 * one outstanding CALL (OCPP-J: a station sends no CALL until the previous one is answered or timed out) is the
 * pending-call record — its message id, action and send time — against which every CALLRESULT/CALLERROR is
 * correlated: another id is `unmatched-id`, no answer within callTimeout is `timeout`.
 *
 * Nothing a station does throws into its neighbours: socket events and timer firings are confined to it, and
 * the CSMS closing, refusing or ignoring it is counted and answered with a reconnect after a bounded backoff.
 */
import WebSocket from 'ws';
import { CALL, CALLERROR, CALLRESULT, parseFrame } from '../ocpp/framing';
import { formatViolations, validatePayload } from '../ocpp/schemas';
import type { DeltaRecorder, ErrorKind } from './metrics';
import { A_AUTHORIZE, A_BOOT, A_HEARTBEAT, A_METER, A_START, A_STATUS, A_STOP, actionName, answerFor, packCall, requestPayload, ST_AVAILABLE, ST_CHARGING, triggered } from './messages';
import type { LoadProfile } from './profile';
import type { TimerWheel, WheelTarget } from './wheel';

/** What the stations of one process share. */
export interface StationHost {
  readonly wheel: TimerWheel;
  readonly rec: DeltaRecorder;
  readonly profile: LoadProfile;
  connected: number;
  booted: number;
  stopping: boolean;
  /** Source address for a connection of station number n (undefined: the system's choice). */
  localAddress(n: number): string | undefined;
  /** Called when a socket is fully closed (the engine's stop waits for them). */
  socketClosed(): void;
  /** Security profiles 2/3: CA to trust, client pair (SP3); shared by every station of the process. */
  readonly tls?: { ca?: Buffer; cert?: Buffer; key?: Buffer };
}

const S_IDLE = 0;
const S_CONNECTING = 1;
const S_OPEN = 2;
const S_BOOTED = 3;
const S_FAILED = 4;
const S_STOPPED = 5;

const K_CONNECT = 1;
const K_CONNECT_TIMEOUT = 2;
const K_CALL_TIMEOUT = 3;
const K_HEARTBEAT = 4;
const K_TX_START = 5;
const K_METER = 6;
const K_TX_STOP = 7;
const K_BOOT_RETRY = 8;

interface Tagged {
  st: LoadStation;
}

export class LoadStation implements WheelTarget {
  ws: WebSocket | null = null;
  state = S_IDLE;
  /** Connection epoch: timers armed for an earlier connection are ignored. */
  epoch = 0;
  seq = 0;
  pendingId = -1;
  pendingCall = 0;
  pendingSent = 0;
  queue: number[] | null = null;
  attempts = 0;
  hbMs = 0;
  hbDue = 0;
  txId = -1;
  meterWh = 0;
  /** OCPP 2.0.1: transactions started on this station, and the TransactionEvent sequence number. */
  txCount = 0;
  seqNo = 0;

  constructor(
    readonly host: StationHost,
    /** The station number (identity = idPattern with n). */
    readonly n: number,
    readonly id: string,
  ) {}

  /** Connects after delayMs (the ramp). */
  start(delayMs: number): void {
    this.host.wheel.schedule(delayMs, this, K_CONNECT, this.epoch);
  }

  onTimer(kind: number, arg: number): void {
    if (this.host.stopping) return;
    if (kind === K_CALL_TIMEOUT) {
      if (this.pendingId === arg) {
        this.error('timeout', `${actionName(this.host.profile.version, this.pendingCall & 15)} #${arg} unanswered`);
        this.pendingId = -1;
        this.unanswered();
      }
      return;
    }
    if (arg !== this.epoch) return;
    switch (kind) {
      case K_CONNECT:
        if (this.state === S_IDLE) this.connect();
        return;
      case K_CONNECT_TIMEOUT:
        if (this.state === S_CONNECTING) {
          this.error('connect-timeout', `no upgrade within ${this.host.profile.connectTimeoutMs} ms`);
          this.state = S_FAILED;
          this.ws?.terminate();
        }
        return;
      case K_BOOT_RETRY:
        if (this.state === S_OPEN) this.send(packCall(A_BOOT));
        return;
    }
    if (this.state !== S_BOOTED) return;
    switch (kind) {
      case K_HEARTBEAT:
        this.host.rec.heartbeatDrift.recordMs(performance.now() - this.hbDue);
        this.send(packCall(A_HEARTBEAT));
        this.armHeartbeat();
        return;
      case K_TX_START:
        if (this.txId < 0) this.send(packCall(A_AUTHORIZE));
        return;
      case K_METER:
        if (this.txId >= 0) {
          this.send(packCall(A_METER));
          const m = this.host.profile.transactions?.meterValuesMs;
          if (m) this.host.wheel.schedule(m, this, K_METER, this.epoch);
        }
        return;
      case K_TX_STOP:
        if (this.txId >= 0) this.send(packCall(A_STOP));
        return;
    }
  }

  private armHeartbeat(): void {
    this.hbDue = performance.now() + this.hbMs;
    this.host.wheel.schedule(this.hbMs, this, K_HEARTBEAT, this.epoch);
  }

  private connect(): void {
    const p = this.host.profile;
    const url = `${p.urls[this.n % p.urls.length]}/${encodeURIComponent(this.id)}`;
    const opts: WebSocket.ClientOptions = { perMessageDeflate: false, localAddress: this.host.localAddress(this.n) };
    if (p.password) opts.headers = { authorization: `Basic ${Buffer.from(`${this.id}:${p.password}`).toString('base64')}` };
    const tls = this.host.tls;
    if (tls) Object.assign(opts, tls);
    this.state = S_CONNECTING;
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, [p.version === '1.6' ? 'ocpp1.6' : `ocpp${p.version}`], opts);
    } catch (e) {
      this.error('socket-error', (e as Error).message);
      this.state = S_FAILED;
      this.retry();
      return;
    }
    (ws as unknown as Tagged).st = this;
    ws.on('open', onOpen);
    ws.on('message', onMessage);
    ws.on('error', onError);
    ws.on('close', onClose);
    this.ws = ws;
    this.host.wheel.schedule(p.connectTimeoutMs, this, K_CONNECT_TIMEOUT, this.epoch);
  }

  opened(): void {
    if (this.host.stopping) return;
    this.state = S_OPEN;
    this.host.connected++;
    this.send(packCall(A_BOOT));
  }

  failed(e: Error): void {
    if (this.host.stopping || this.state === S_STOPPED || this.state === S_FAILED) return;
    const refused = /^Unexpected server response: (\d+)/.exec(e.message);
    if (this.state === S_CONNECTING && refused) this.error('upgrade-refused', `HTTP ${refused[1]}`);
    else this.error('socket-error', e.message);
    this.state = S_FAILED;
  }

  closed(code: number): void {
    const was = this.state;
    if (was === S_OPEN || was === S_BOOTED) {
      this.host.connected--;
      if (was === S_BOOTED) this.host.booted--;
      if (!this.host.stopping) this.error('closed-by-csms', `close code ${code}`);
    }
    const ws = this.ws;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', ignore); // a late socket error after the close must not be unhandled
    }
    this.ws = null;
    this.pendingId = -1;
    this.queue = null;
    this.txId = -1;
    this.host.socketClosed();
    if (this.host.stopping || was === S_STOPPED) {
      this.state = S_STOPPED;
      return;
    }
    this.state = S_IDLE;
    this.retry();
  }

  private retry(): void {
    const rc = this.host.profile.reconnect;
    this.epoch++;
    if (!rc.enabled || this.host.stopping) {
      this.state = S_STOPPED;
      return;
    }
    this.state = S_IDLE;
    const base = Math.min(rc.maxMs, rc.minMs * 2 ** Math.min(this.attempts, 20));
    this.attempts++;
    this.host.wheel.schedule(base * (0.5 + Math.random() * 0.5), this, K_CONNECT, this.epoch);
  }

  private error(kind: ErrorKind, detail: string): void {
    this.host.rec.error(kind, `${this.id}: ${detail}`);
  }

  /** Sends a call now, or queues it behind the outstanding one. */
  send(packed: number): void {
    if (this.pendingId >= 0) {
      (this.queue ??= []).push(packed);
      return;
    }
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const p = this.host.profile;
    const code = packed & 15;
    const action = actionName(p.version, code);
    // OCPP 2.0.1: the station names its transaction itself and numbers the transaction's events
    if (p.version !== '1.6' && code === A_START) this.txId = ++this.txCount;
    const tx201 = p.version !== '1.6' && (code === A_START || code === A_METER || code === A_STOP);
    const payload = requestPayload(p.version, packed, { vendor: p.vendor, model: p.model, idTag: p.transactions?.idTag ?? '', txId: this.txId, meterWh: this.meterWh, txRef: `${this.id}-T${this.txId}`, seqNo: tx201 ? this.seqNo++ : 0 });
    const id = ++this.seq;
    this.pendingId = id;
    this.pendingCall = packed;
    this.pendingSent = performance.now();
    this.host.rec.call(action);
    ws.send(`[2,"${id}","${action}",${JSON.stringify(payload)}]`);
    this.host.wheel.schedule(p.callTimeoutMs, this, K_CALL_TIMEOUT, id);
  }

  /** The outstanding call got no usable answer: a BootNotification is tried again later, anything else moves on. */
  private unanswered(): void {
    if ((this.pendingCall & 15) === A_BOOT && this.state === S_OPEN) {
      this.host.wheel.schedule(this.host.profile.reconnect.minMs, this, K_BOOT_RETRY, this.epoch);
      return;
    }
    if (this.state === S_OPEN || this.state === S_BOOTED) this.next();
  }

  private next(): void {
    const q = this.queue;
    if (q && q.length > 0) this.send(q.shift()!);
  }

  received(text: string): void {
    const p = this.host.profile;
    const r = parseFrame(text, p.version);
    if (!r.ok) {
      this.error('bad-frame', `${r.problem}: ${r.detail}`);
      return;
    }
    const f = r.frame;
    if (f.type === CALL) {
      this.answer(f.id, f.action, f.payload);
      return;
    }
    if (f.type !== CALLRESULT && f.type !== CALLERROR) {
      this.error('bad-frame', `message type ${f.type}`);
      return;
    }
    if (this.pendingId < 0 || f.id !== String(this.pendingId)) {
      this.error('unmatched-id', `#${f.id} while ${this.pendingId < 0 ? 'no call is outstanding' : `#${this.pendingId} is`}`);
      return;
    }
    const packed = this.pendingCall;
    const action = actionName(p.version, packed & 15);
    this.pendingId = -1;
    const ms = performance.now() - this.pendingSent;
    if (f.type === CALLERROR) {
      this.error('callerror', `${action}: ${f.code} ${f.description}`);
      this.unanswered();
      return;
    }
    this.host.rec.answered(action, ms);
    if (p.validateSample > 0 && Math.random() < p.validateSample) {
      const v = validatePayload(p.version, action, 'response', f.payload);
      if (v && v.length > 0) this.error('schema', `${action}.conf ${formatViolations(v)}`);
    }
    this.handleResult(packed & 15, f.payload);
    if (this.state === S_OPEN || this.state === S_BOOTED) this.next();
  }

  private handleResult(action: number, payload: Record<string, unknown>): void {
    const p = this.host.profile;
    const tx = p.transactions;
    switch (action) {
      case A_BOOT: {
        const status = payload.status;
        const interval = typeof payload.interval === 'number' && payload.interval > 0 ? payload.interval : 60;
        if (status !== 'Accepted') {
          if (status === 'Rejected') this.error('boot-rejected', `BootNotification ${String(status)}`);
          this.host.wheel.schedule(Math.min(interval, 300) * 1000, this, K_BOOT_RETRY, this.epoch);
          return;
        }
        if (this.state !== S_OPEN) return;
        this.state = S_BOOTED;
        this.host.booted++;
        this.attempts = 0;
        this.hbMs = (p.heartbeatOverride ?? interval) * 1000;
        if (p.statusNotification) {
          if (p.version === '1.6') for (let c = 0; c <= p.connectors; c++) this.send(packCall(A_STATUS, c, ST_AVAILABLE));
          else for (let c = 1; c <= p.connectors; c++) this.send(packCall(A_STATUS, c, ST_AVAILABLE));
        }
        this.armHeartbeat();
        if (tx) this.host.wheel.schedule(Math.random() * tx.everyMs, this, K_TX_START, this.epoch);
        return;
      }
      case A_AUTHORIZE: {
        const info = (p.version === '1.6' ? payload.idTagInfo : payload.idTokenInfo) as { status?: string } | undefined;
        if (info?.status === 'Accepted') this.send(packCall(A_START));
        else if (tx) this.host.wheel.schedule(tx.everyMs, this, K_TX_START, this.epoch);
        return;
      }
      case A_START: {
        if (!tx) return;
        if (p.version === '1.6') this.txId = typeof payload.transactionId === 'number' ? payload.transactionId : 0;
        if (p.statusNotification) this.send(packCall(A_STATUS, 1, ST_CHARGING));
        if (tx.meterValuesMs) this.host.wheel.schedule(tx.meterValuesMs, this, K_METER, this.epoch);
        this.host.wheel.schedule(tx.durationMs, this, K_TX_STOP, this.epoch);
        this.meterWh += 1000;
        return;
      }
      case A_METER:
        this.meterWh += 100;
        return;
      case A_STOP:
        this.txId = -1;
        if (p.statusNotification) this.send(packCall(A_STATUS, 1, ST_AVAILABLE));
        if (tx) this.host.wheel.schedule(tx.everyMs, this, K_TX_START, this.epoch);
        return;
    }
  }

  /** Answers a CSMS-initiated call (and acts on a TriggerMessage). */
  private answer(id: string, action: string, payload: Record<string, unknown>): void {
    const p = this.host.profile;
    this.host.rec.csmsCall(action);
    if (p.validateSample > 0 && Math.random() < p.validateSample) {
      const v = validatePayload(p.version, action, 'request', payload);
      if (v && v.length > 0) this.error('schema', `${action}.req ${formatViolations(v)}`);
    }
    const a = answerFor(p.version, action, p.answers);
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    if (typeof a === 'string') {
      ws.send(JSON.stringify([CALLERROR, id, a, `${action} is not supported by the load station`, {}]));
      return;
    }
    ws.send(JSON.stringify([CALLRESULT, id, a]));
    if (action === 'TriggerMessage' && a.status === 'Accepted') {
      const t = triggered(p.version, payload);
      if (t !== undefined && this.state === S_BOOTED) this.send(t);
    }
  }

  /** Ends the station: a normal close (or abort while connecting). */
  stop(): void {
    const ws = this.ws;
    const was = this.state;
    this.epoch++;
    if (!ws) {
      this.state = S_STOPPED;
      return;
    }
    if (was === S_OPEN || was === S_BOOTED || was === S_CONNECTING) {
      if (was === S_CONNECTING) ws.terminate();
      else ws.close(1000);
    }
  }

  /** The socket, forcibly (stop's last resort). */
  kill(): void {
    this.ws?.terminate();
  }

  get isOpen(): boolean {
    return this.state === S_OPEN || this.state === S_BOOTED;
  }
}

function ignore(): void {}

function onOpen(this: WebSocket): void {
  (this as unknown as Tagged).st.opened();
}

function onMessage(this: WebSocket, data: WebSocket.RawData, isBinary: boolean): void {
  const st = (this as unknown as Tagged).st;
  try {
    st.received(isBinary ? '' : String(data));
  } catch (e) {
    st.host.rec.error('bad-frame', `${st.id}: ${(e as Error).message}`);
  }
}

function onError(this: WebSocket, e: Error): void {
  (this as unknown as Tagged).st.failed(e);
}

function onClose(this: WebSocket, code: number): void {
  (this as unknown as Tagged).st.closed(code);
}

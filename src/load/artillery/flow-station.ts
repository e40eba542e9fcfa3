/**
 * A load station driven step by step (Artillery's virtual user): the same messages and answers as the lean
 * station (src/load/messages.ts), the same rules — one outstanding CALL, every CALLRESULT/CALLERROR correlated
 * with it by message id, an answer for every CSMS call (CALLERROR NotImplemented for an unknown action), a
 * sample of payloads checked against the schemas — but each verb awaits its answer instead of running on the
 * timer wheel, so a flow reads as the steps a station takes.
 *
 * Every failure is a FlowError with a kind (the error kinds of src/load/metrics.ts) and a one-line detail.
 */
import WebSocket from 'ws';
import { CALL, CALLERROR, CALLRESULT, parseFrame } from '../../ocpp/framing';
import { formatViolations, validatePayload } from '../../ocpp/schemas';
import type { OcppVersion } from '../../ocpp/version';
import { A_AUTHORIZE, A_BOOT, A_HEARTBEAT, A_METER, A_START, A_STATUS, A_STOP, ACTION_NAMES, answerFor, packCall, requestPayload, ST_AVAILABLE, ST_CHARGING } from '../messages';
import type { AnswerSpec } from '../profile';

export class FlowError extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'FlowError';
  }
}

export interface FlowStationOptions {
  url: string;
  id: string;
  version: OcppVersion;
  password?: string;
  callTimeoutMs: number;
  connectTimeoutMs: number;
  /** Share of payloads (both directions) checked against the schemas, 0..1. */
  validateSample: number;
  answers: Record<string, AnswerSpec>;
  /** Every answered call: action and latency in ms (the engine turns it into Artillery histograms). */
  onAnswer(action: string, ms: number): void;
  /** Every CSMS-initiated call answered. */
  onCsmsCall(action: string): void;
}

interface Pending {
  id: string;
  action: string;
  sent: number;
  resolve(payload: Record<string, unknown>): void;
  reject(e: FlowError): void;
  timer: NodeJS.Timeout;
}

export class FlowStation {
  private ws: WebSocket | undefined;
  private pending: Pending | undefined;
  private seq = 0;
  private txId = -1;
  private meterWh = 0;
  /** The heartbeat interval the CSMS gave in its BootNotification answer, s. */
  interval = 0;

  constructor(private readonly o: FlowStationOptions) {}

  private get ctx() {
    return { vendor: 'EVC', model: 'LoadFlow', idTag: '', txId: this.txId, meterWh: this.meterWh };
  }

  connect(): Promise<void> {
    const o = this.o;
    const headers = o.password ? { Authorization: `Basic ${Buffer.from(`${o.id}:${o.password}`).toString('base64')}` } : undefined;
    const protocol = o.version === '1.6' ? 'ocpp1.6' : `ocpp${o.version}`;
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${o.url.replace(/\/$/, '')}/${encodeURIComponent(o.id)}`, protocol, { headers, handshakeTimeout: o.connectTimeoutMs });
      this.ws = ws;
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => {
        reject(new FlowError('upgrade-refused', `${o.id}: upgrade refused with HTTP ${res.statusCode}`));
        ws.terminate();
      });
      ws.on('error', (e) => reject(new FlowError('socket-error', `${o.id}: ${e.message}`)));
      ws.on('message', (data) => this.received(String(data)));
      ws.on('close', (code) => {
        const p = this.pending;
        if (p) this.settle(p, new FlowError('closed-by-csms', `${o.id}: the CSMS closed the connection (code ${code}) with ${p.action} unanswered`));
      });
    });
  }

  close(): void {
    const p = this.pending;
    if (p) this.settle(p, new FlowError('closed', `${this.o.id}: closed with ${p.action} unanswered`));
    this.ws?.close(1000);
    const ws = this.ws;
    if (ws) setTimeout(() => ws.terminate(), 2000).unref();
  }

  /** Sends a CALL and resolves with its CALLRESULT payload (a CALLERROR, another id or no answer rejects). */
  call(action: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return Promise.reject(new FlowError('not-connected', `${this.o.id}: ${action} without an open connection (a connect step comes first)`));
    if (this.pending) return Promise.reject(new FlowError('concurrent-call', `${this.o.id}: ${action} while ${this.pending.action} is unanswered`));
    if (Math.random() < this.o.validateSample) this.check(action, 'request', payload, 'harness');
    const id = `${this.o.id.slice(-8)}-${++this.seq}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.settle(this.pending!, new FlowError('timeout', `${this.o.id}: no answer to ${action} within ${this.o.callTimeoutMs} ms`)), this.o.callTimeoutMs);
      this.pending = { id, action, sent: performance.now(), resolve, reject, timer };
      ws.send(JSON.stringify([CALL, id, action, payload]));
    });
  }

  private settle(p: Pending, outcome: FlowError | Record<string, unknown>): void {
    if (this.pending !== p) return;
    this.pending = undefined;
    clearTimeout(p.timer);
    if (outcome instanceof FlowError) p.reject(outcome);
    else {
      this.o.onAnswer(p.action, performance.now() - p.sent);
      p.resolve(outcome);
    }
  }

  private check(action: string, dir: 'request' | 'response', payload: unknown, who: string): void {
    const v = validatePayload(this.o.version, action, dir, payload);
    if (v && v.length) throw new FlowError('schema', `${this.o.id}: ${who} ${action} ${dir} breaks the schema: ${formatViolations(v)}`);
  }

  private received(text: string): void {
    const r = parseFrame(text, this.o.version);
    const p = this.pending;
    if (!r.ok) {
      if (p) this.settle(p, new FlowError('bad-frame', `${this.o.id}: malformed frame (${r.problem}: ${r.detail}): ${text.slice(0, 200)}`));
      return;
    }
    const f = r.frame;
    if (f.type === CALL) return this.answer(f.id, f.action);
    if (!p) return;
    if (f.id !== p.id) return this.settle(p, new FlowError('unmatched-id', `${this.o.id}: answer with id ${f.id} while ${p.action} ${p.id} is outstanding: ${text.slice(0, 200)}`));
    if (f.type === CALLERROR) return this.settle(p, new FlowError('callerror', `${this.o.id}: ${p.action} answered with CALLERROR ${f.code} ${f.description}`));
    if (f.type !== CALLRESULT) return;
    try {
      if (Math.random() < this.o.validateSample) this.check(p.action, 'response', f.payload, 'CSMS');
    } catch (e) {
      return this.settle(p, e as FlowError);
    }
    this.settle(p, f.payload);
  }

  private answer(id: string, action: string): void {
    const a = answerFor(this.o.version, action, this.o.answers);
    const frame = typeof a === 'string' ? [CALLERROR, id, a, `${action} is not implemented by this load station`, {}] : [CALLRESULT, id, a];
    this.ws?.send(JSON.stringify(frame));
    this.o.onCsmsCall(action);
  }

  // ------------------------------------------------------------------ the verbs

  async boot(): Promise<void> {
    const r = await this.call(ACTION_NAMES[A_BOOT], requestPayload(this.o.version, packCall(A_BOOT), this.ctx));
    if (r.status !== 'Accepted') throw new FlowError('boot-rejected', `${this.o.id}: BootNotification answered ${String(r.status)}`);
    this.interval = typeof r.interval === 'number' ? r.interval : 0;
  }

  async status(connectors: number, charging = false): Promise<void> {
    for (let c = this.o.version === '1.6' ? 0 : 1; c <= connectors; c++) {
      await this.call(ACTION_NAMES[A_STATUS], requestPayload(this.o.version, packCall(A_STATUS, c, charging && c > 0 ? ST_CHARGING : ST_AVAILABLE), this.ctx));
    }
  }

  async heartbeat(): Promise<void> {
    await this.call(ACTION_NAMES[A_HEARTBEAT], {});
  }

  async authorize(idTag: string): Promise<void> {
    if (this.o.version !== '1.6') throw new FlowError('unsupported', `${this.o.id}: authorize is OCPP 1.6 only in load flows`);
    const r = await this.call(ACTION_NAMES[A_AUTHORIZE], { ...requestPayload('1.6', packCall(A_AUTHORIZE), this.ctx), idTag });
    const status = (r.idTagInfo as { status?: string } | undefined)?.status;
    if (status !== 'Accepted') throw new FlowError('auth-rejected', `${this.o.id}: Authorize ${idTag} answered ${String(status)}`);
  }

  /** StartTransaction, `meterValues` MeterValues `everyMs` apart, StopTransaction (OCPP 1.6). */
  async transaction(idTag: string, meterValues: number, everyMs: number): Promise<void> {
    if (this.o.version !== '1.6') throw new FlowError('unsupported', `${this.o.id}: transactions are OCPP 1.6 only in load flows`);
    const start = await this.call(ACTION_NAMES[A_START], { ...requestPayload('1.6', packCall(A_START), this.ctx), idTag });
    const status = (start.idTagInfo as { status?: string } | undefined)?.status;
    if (status !== 'Accepted' || typeof start.transactionId !== 'number') throw new FlowError('tx-rejected', `${this.o.id}: StartTransaction answered ${String(status)} / transactionId ${String(start.transactionId)}`);
    this.txId = start.transactionId;
    for (let i = 0; i < meterValues; i++) {
      await new Promise((r) => setTimeout(r, everyMs));
      this.meterWh += 250;
      await this.call(ACTION_NAMES[A_METER], requestPayload('1.6', packCall(A_METER), this.ctx));
    }
    this.meterWh += 250;
    await this.call(ACTION_NAMES[A_STOP], requestPayload('1.6', packCall(A_STOP), this.ctx));
    this.txId = -1;
  }
}

/**
 * An OCPP-J session on one WebSocket connection: the RPC layer shared by the harness's CSMS and station roles.
 *
 * - Sends CALLs one at a time (the harness obeys "one outstanding CALL per direction"), each bounded by a
 *   timeout; the outcome is the CALLRESULT payload or the CALLERROR, validated against the schema.
 * - Receives CALLs from the SUT into an Inbox (for expect steps) and answers them through a responder.
 * - Records every frame in the trace with its decoded form and any problems: framing errors, schema
 *   violations, a second concurrent CALL, error-code spelling of the other version, unknown message ids.
 *   Problems no step asserted fail the scenario in the World's After guard.
 * - Ends waits at once when the SUT sends what makes the awaited outcome impossible or is itself a protocol
 *   violation: a malformed frame fails the pending CALL, raw-reply waits and inbox waits (quoting the frame);
 *   a CALL failing its schema ends inbox waits naming that frame, the schema path and the value; a reply to
 *   the pending CALL failing its schema (or with an error code OCPP-J does not have) fails that CALL.
 */
import { EvcError, VerdictError, WaitTimeoutError } from '../core/errors';
import { Inbox, type InboxItem } from '../core/expect';
import type { Frame, Trace } from '../core/trace';
import type { OcppVersion } from './version';
import type { WsConnection } from '../transport/ws/connection';
import { type Spelling, classifyErrorCode, defaultSpelling, spellErrorCode } from './error-codes';
import { CALL, CALLERROR, CALLRESULT, CALLRESULTERROR, type OcppFrame, type ParseResult, type Payload, SEND, newMessageId, parseFrame, serializeFrame, summarize } from './framing';
import { type SchemaViolation, formatViolations, isKnownAction, validatePayload } from './schemas';

export type { Payload } from './framing';
export type Strictness = 'strict' | 'lenient';

export interface SessionOptions {
  version: OcppVersion;
  trace: Trace;
  responseTimeoutMs: number;
  /** strict: schema violations by the SUT are problems; lenient: recorded as notes only. */
  strictness?: Strictness;
  /** Spelling of error codes the harness sends. Defaults to the version's own. */
  errorSpelling?: Spelling;
  /** Inbound frames per second above which the SUT is reported as flooding. */
  floodLimitPerSecond?: number;
  /** The connection was open before this session: handed over from an earlier scenario (no boot starts it). */
  carriedOver?: boolean;
}

export type CallOutcome =
  | { kind: 'result'; id: string; action: string; payload: Payload; frame: Frame }
  | { kind: 'error'; id: string; action: string; code: string; canonical: string; description: string; details: Payload; frame: Frame };

export type Reply =
  | { result: Payload; delayMs?: number }
  | { error: string; description?: string; details?: Payload; delayMs?: number }
  | { noReply: true };

export type Responder = (action: string, payload: Payload, item: InboxItem<Payload>) => Reply | Promise<Reply>;

export interface Problem {
  frame?: Frame;
  text: string;
  kind: 'conformance' | 'compatibility';
  asserted: boolean;
}

interface PendingCall {
  id: string;
  action: string;
  resolve: (o: CallOutcome) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

export class OcppSession {
  readonly version: OcppVersion;
  readonly inbox: Inbox<Payload>;
  /** Everything the SUT sent that was not a well-formed CALL: malformed frames, stray results. */
  readonly problems: Problem[] = [];
  private readonly trace: Trace;
  private readonly protocol: string;
  private pending: PendingCall | undefined;
  private callQueue: Promise<unknown> = Promise.resolve();
  private sutOpenCall: string | undefined;
  private responder: Responder = () => ({ error: 'NotImplemented', description: 'no responder' });
  private readonly actionsById = new Map<string, string>();
  /** Replies awaited for raw frames (negative tests), by the message id the raw frame carried. */
  private readonly rawWaiters = new Map<string, { resolve: (o: CallOutcome) => void; reject: (e: Error) => void }>();
  private floodWindow: number[] = [];
  private floodReported = false;
  readonly errorSpelling: Spelling;
  private readonly strictness: Strictness;

  constructor(
    readonly conn: WsConnection,
    private readonly opts: SessionOptions,
  ) {
    this.version = opts.version;
    this.trace = opts.trace;
    this.protocol = `ocpp${opts.version}`;
    // Items carry `meta.violation` (set below) when they are themselves a protocol violation.
    this.inbox = new Inbox<Payload>(opts.trace, { violation: (item) => item.meta.violation as string | undefined });
    this.errorSpelling = opts.errorSpelling ?? defaultSpelling(opts.version);
    this.strictness = opts.strictness ?? 'strict';
    this.unsubscribe.push(conn.onText((text) => this.onText(text)));
    this.unsubscribe.push(conn.onClose((info) => {
      const why = `connection closed by ${info.by} (code ${info.code}${info.reason ? `, ${info.reason}` : ''})`;
      this.inbox.close(why);
      if (this.pending) {
        clearTimeout(this.pending.timer);
        this.pending.reject(new VerdictError(`No response to ${this.pending.action}: ${why}`, undefined, this.trace.recent(12)));
        this.pending = undefined;
      }
    }));
  }

  /** The connection's listeners this session registered (removed by detach). */
  private readonly unsubscribe: (() => void)[] = [];
  private detached = false;

  /**
   * Lets go of a connection that stays open for another session (the persistent harness CSMS hands the
   * station's live connection from one scenario to the next): no further frame reaches this session, its
   * inbox ends and a CALL still waiting for its answer fails, saying why.
   */
  detach(why: string): void {
    if (this.detached) return;
    this.detached = true;
    for (const u of this.unsubscribe.splice(0)) u();
    this.inbox.close(why);
    if (this.pending) {
      clearTimeout(this.pending.timer);
      this.pending.reject(new EvcError(`No response to ${this.pending.action} before ${why}`));
      this.pending = undefined;
    }
  }

  get identity(): string {
    return this.conn.info.identity;
  }

  /** Whether the connection was open before the scenario's steps: handed over from an earlier scenario, or opened while the harness set the station up. */
  get carriedOver(): boolean {
    return this.opts.carriedOver ?? false;
  }

  /** The connection a station opened while the harness set it up for the scenario (commissioning): no step awaits it as a reconnection. */
  markOpenBeforeSteps(): void {
    this.opts.carriedOver = true;
  }

  get isOpen(): boolean {
    return !this.detached && this.conn.open;
  }

  setResponder(r: Responder): void {
    this.responder = r;
  }

  actionOf(id: string): string | undefined {
    return this.actionsById.get(id);
  }

  /** Problems no step has asserted yet. */
  unasserted(): Problem[] {
    return this.problems.filter((p) => !p.asserted && p.kind === 'conformance');
  }

  /** Lets the role above record a behavioural problem (e.g. a call before boot was accepted). */
  reportProblem(text: string, frame?: Frame, kind: Problem['kind'] = 'conformance'): void {
    this.problem(text, frame, kind);
  }

  private problem(text: string, frame?: Frame, kind: Problem['kind'] = 'conformance'): void {
    this.problems.push({ text, frame, kind, asserted: false });
    if (frame) frame.problems = [...(frame.problems ?? []), text];
  }

  private record(dir: 'tx' | 'rx', raw: string, decoded: unknown, summary: string, problems?: string[]): Frame {
    return this.trace.record({ dir, protocol: this.protocol, channel: this.identity, raw, decoded, summary, problems });
  }

  // ---------------------------------------------------------------- sending

  /** Sends a CALL and waits for its outcome. Calls are serialized: at most one outstanding. */
  call(action: string, payload: Payload, timeoutMs = this.opts.responseTimeoutMs): Promise<CallOutcome> {
    const run = () => this.callNow(action, payload, timeoutMs);
    const p = this.callQueue.then(run, run);
    this.callQueue = p.catch(() => undefined);
    return p;
  }

  private callNow(action: string, payload: Payload, timeoutMs: number): Promise<CallOutcome> {
    const violations = validatePayload(this.version, action, 'request', payload);
    if (violations && violations.length > 0) {
      throw new EvcError(`The scenario's ${action} request violates the OCPP ${this.version} schema: ${formatViolations(violations)} (use a raw send for negative tests)`);
    }
    const id = newMessageId();
    this.actionsById.set(id, action);
    const frame: OcppFrame = { type: CALL, id, action, payload };
    return new Promise<CallOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.trace.note(this.protocol, `no response to ${action} #${id} within ${timeoutMs} ms`, this.identity);
        reject(new WaitTimeoutError(`The SUT did not answer ${action} (#${id}) within ${timeoutMs} ms`, undefined, this.trace.recent(12)));
      }, timeoutMs);
      this.pending = { id, action, resolve, reject, timer };
      const text = serializeFrame(frame);
      this.record('tx', text, frame, summarize(frame));
      this.conn.sendText(text).catch((err: Error) => {
        clearTimeout(timer);
        this.pending = undefined;
        reject(new VerdictError(`Could not send ${action}: ${err.message}`, undefined, this.trace.recent(12)));
      });
    });
  }

  /** Sends text exactly as given (negative tests: invalid JSON, wrong shapes, oversize…). */
  async sendRaw(text: string, summary = 'RAW'): Promise<void> {
    let decoded: unknown;
    try {
      decoded = JSON.parse(text);
    } catch {
      decoded = undefined;
    }
    this.record('tx', text, decoded, summary);
    await this.conn.sendText(text);
  }

  /**
   * Sends a raw frame and waits for the SUT's CALLRESULT/CALLERROR to it: matched by the frame's message id
   * when it has one, else by the id "-1" that 2.0.1 uses for unreadable calls. Undefined if nothing comes.
   */
  async sendRawAndAwaitReply(text: string, timeoutMs = this.opts.responseTimeoutMs): Promise<CallOutcome | undefined> {
    let id = '-1';
    try {
      const arr = JSON.parse(text) as unknown;
      if (Array.isArray(arr) && typeof arr[1] === 'string') id = arr[1];
      if (Array.isArray(arr) && typeof arr[2] === 'string') this.actionsById.set(id, arr[2]);
    } catch {
      /* not JSON: only a "-1" reply can answer it */
    }
    const reply = new Promise<CallOutcome | undefined>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.rawWaiters.delete(id);
        resolve(undefined);
      }, timeoutMs);
      const end = () => {
        clearTimeout(timer);
        this.rawWaiters.delete(id);
      };
      this.rawWaiters.set(id, {
        resolve: (o) => {
          end();
          resolve(o);
        },
        reject: (e) => {
          end();
          reject(e);
        },
      });
    });
    reply.catch(() => undefined); // observed below; a send failure must not leave it unhandled
    await this.sendRaw(text);
    return reply;
  }

  /** Sends a 2.1 SEND (never answered). */
  async send(action: string, payload: Payload): Promise<void> {
    if (this.version !== '2.1') throw new EvcError(`SEND exists only in OCPP 2.1 (session is ${this.version})`);
    const frame: OcppFrame = { type: SEND, id: newMessageId(), action, payload };
    const text = serializeFrame(frame);
    this.record('tx', text, frame, summarize(frame));
    await this.conn.sendText(text);
  }

  // ---------------------------------------------------------------- receiving

  private onText(text: string): void {
    this.checkFlood();
    const parsed = parseFrame(text, this.version);
    if (!parsed.ok) {
      this.onMalformed(text, parsed);
      return;
    }
    const f = parsed.frame;
    switch (f.type) {
      case CALL:
        void this.onCall(text, f);
        break;
      case CALLRESULT:
      case CALLERROR:
        this.onReply(text, f);
        break;
      case CALLRESULTERROR:
        this.problem(`SUT sent CALLRESULTERROR ${f.code} for #${f.id}: ${f.description}`, this.record('rx', text, f, summarize(f)));
        break;
      case SEND:
        this.inbox.push(f.action, f.payload, this.record('rx', text, f, summarize(f)), { id: f.id, send: true });
        break;
    }
  }

  private checkFlood(): void {
    const limit = this.opts.floodLimitPerSecond ?? 200;
    const now = Date.now();
    this.floodWindow.push(now);
    while (this.floodWindow.length && this.floodWindow[0] < now - 1000) this.floodWindow.shift();
    if (this.floodWindow.length > limit && !this.floodReported) {
      this.floodReported = true;
      this.problem(`SUT is flooding: more than ${limit} frames within one second`);
      this.trace.note(this.protocol, `flood detected (> ${limit} frames/s)`, this.identity);
    }
  }

  private onMalformed(text: string, parsed: Extract<ParseResult, { ok: false }>): void {
    const frame = this.record('rx', text, undefined, `MALFORMED (${parsed.problem})`);
    const what = `a malformed frame (${parsed.problem}: ${parsed.detail}): ${quote(text)}`;
    this.problem(`Malformed frame from SUT (${parsed.problem}: ${parsed.detail}): ${quote(text)}`, frame);
    this.inbox.push('<malformed>', { problem: parsed.problem, detail: parsed.detail, text }, frame, { violation: `The SUT sent ${what}` });
    // Whatever the harness awaits ends now, headlined by this frame (not by a timeout later).
    const pending = this.pending;
    if (pending) {
      clearTimeout(pending.timer);
      this.pending = undefined;
      const isReply = parsed.id === pending.id && (parsed.type === CALLRESULT || parsed.type === CALLERROR);
      pending.reject(
        new VerdictError(isReply ? `The SUT answered ${pending.action} (#${pending.id}) with ${what}` : `While the harness awaited the answer to ${pending.action} (#${pending.id}), the SUT sent ${what}`, undefined, this.trace.recent(12)),
      );
    }
    for (const [id, waiter] of [...this.rawWaiters]) {
      waiter.reject(new VerdictError(parsed.id === id ? `The SUT answered the raw frame #${id} with ${what}` : `While the harness awaited the answer to a raw frame (#${id}), the SUT sent ${what}`, undefined, this.trace.recent(12)));
    }
    // Answer as the standard says where a CALL can be identified (or 2.0.1's "-1" when the id can't be read).
    if (parsed.type === CALL && parsed.id) {
      const code = parsed.problem === 'message-id-too-long' || parsed.problem === 'bad-action' ? 'ProtocolError' : 'FormatViolation';
      void this.replyError(parsed.id, code, parsed.detail).catch(() => undefined);
    } else if (this.version !== '1.6' && (parsed.problem === 'bad-message-id' || parsed.problem === 'invalid-json' || parsed.problem === 'not-an-array')) {
      void this.replyError('-1', 'RpcFrameworkError', parsed.detail).catch(() => undefined);
    } else if (this.version !== '1.6' && parsed.problem === 'unknown-message-type' && parsed.id) {
      void this.replyError(parsed.id, 'MessageTypeNotSupported', parsed.detail).catch(() => undefined);
    }
  }

  private onReply(text: string, f: Extract<OcppFrame, { type: 3 | 4 }>): void {
    const raw = this.rawWaiters.get(f.id);
    if (raw) {
      const frame = this.record('rx', text, f, summarize(f, (id) => this.actionsById.get(id)));
      const action = this.actionsById.get(f.id) ?? '(raw)';
      raw.resolve(
        f.type === CALLRESULT
          ? { kind: 'result', id: f.id, action, payload: f.payload, frame }
          : { kind: 'error', id: f.id, action, code: f.code, canonical: classifyErrorCode(f.code, this.version).canonical, description: f.description, details: f.details, frame },
      );
      return;
    }
    const pending = this.pending && this.pending.id === f.id ? this.pending : undefined;
    const action = this.actionsById.get(f.id);
    const frame = this.record('rx', text, f, summarize(f, (id) => this.actionsById.get(id)));
    if (!pending) {
      this.problem(`${f.type === CALLRESULT ? 'CALLRESULT' : 'CALLERROR'} for ${action ? `${action} #${f.id}, which was already answered or timed out` : `unknown message id '${f.id}'`}`, frame);
      return;
    }
    clearTimeout(pending.timer);
    this.pending = undefined;
    if (f.type === CALLRESULT) {
      const v = validatePayload(this.version, pending.action, 'response', f.payload);
      if (v && v.length > 0) {
        const msg = `${pending.action} response violates the OCPP ${this.version} schema: ${describeViolations(f.payload, v)}`;
        if (this.strictness === 'strict') {
          frame.problems = [...(frame.problems ?? []), msg];
          pending.reject(new VerdictError(`The SUT's ${msg}\n  frame: ${quote(text)}`, undefined, this.trace.recent(12)));
          return;
        }
        this.problem(msg, frame, 'compatibility');
      }
      pending.resolve({ kind: 'result', id: f.id, action: pending.action, payload: f.payload, frame });
      return;
    }
    const cls = classifyErrorCode(f.code, this.version);
    if (!cls.conformant) {
      const note = cls.compatible
        ? `error code '${f.code}' is the ${cls.spelling ?? 'other version'}'s spelling, not OCPP ${this.version}'s (compatibility)`
        : `error code '${f.code}' is not an OCPP-J error code`;
      frame.problems = [...(frame.problems ?? []), note];
      if (!cls.compatible && this.strictness === 'strict') {
        pending.reject(new VerdictError(`The SUT answered ${pending.action} (#${f.id}) with a CALLERROR whose ${note}\n  frame: ${quote(text)}`, undefined, this.trace.recent(12)));
        return;
      }
    }
    pending.resolve({ kind: 'error', id: f.id, action: pending.action, code: f.code, canonical: cls.canonical, description: f.description, details: f.details, frame });
  }

  private async onCall(text: string, f: Extract<OcppFrame, { type: 2 }>): Promise<void> {
    const frame = this.record('rx', text, f, summarize(f));
    this.actionsById.set(f.id, f.action);
    if (this.sutOpenCall !== undefined) {
      this.problem(`SUT sent a second CALL (${f.action} #${f.id}) while its CALL #${this.sutOpenCall} was still unanswered`, frame);
    }
    this.sutOpenCall = f.id;
    const known = isKnownAction(this.version, f.action);
    const violations = known ? validatePayload(this.version, f.action, 'request', f.payload) ?? [] : [];
    const meta: Record<string, unknown> = { id: f.id, violations };
    if (violations.length > 0) {
      const msg = `${f.action} violates the OCPP ${this.version} schema: ${describeViolations(f.payload, violations)}`;
      this.problem(msg, frame, this.strictness === 'strict' ? 'conformance' : 'compatibility');
      if (this.strictness === 'strict') meta.violation = `The ${f.action} the SUT sent (#${f.id}) violates the OCPP ${this.version} schema: ${describeViolations(f.payload, violations)}\n  frame: ${quote(text)}`;
    }
    const item = this.inbox.push(f.action, f.payload, frame, meta);
    try {
      if (!known) {
        await this.replyError(f.id, 'NotImplemented', `unknown action ${f.action}`);
        return;
      }
      if (violations.length > 0 && this.strictness === 'strict') {
        await this.replyError(f.id, violations[0].code, violations[0].message.slice(0, 255), { path: violations[0].path });
        return;
      }
      const reply = await this.responder(f.action, f.payload, item);
      if ('noReply' in reply) return;
      if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (!this.conn.open) return;
      if ('result' in reply) await this.replyResult(f.id, f.action, reply.result);
      else await this.replyError(f.id, reply.error, reply.description ?? '', reply.details);
    } catch (err) {
      this.trace.note(this.protocol, `responder for ${f.action} failed: ${(err as Error).message}`, this.identity);
      if (this.conn.open) await this.replyError(f.id, 'InternalError', 'harness responder failed').catch(() => undefined);
    } finally {
      if (this.sutOpenCall === f.id) this.sutOpenCall = undefined;
    }
  }

  async replyResult(id: string, action: string, payload: Payload): Promise<void> {
    const violations = validatePayload(this.version, action, 'response', payload);
    if (violations && violations.length > 0) {
      throw new EvcError(`The harness's ${action} response violates the OCPP ${this.version} schema: ${formatViolations(violations)}`);
    }
    const frame: OcppFrame = { type: CALLRESULT, id, payload };
    const text = serializeFrame(frame);
    this.record('tx', text, frame, summarize(frame, () => action));
    await this.conn.sendText(text);
  }

  async replyError(id: string, canonicalCode: string, description: string, details: Payload = {}): Promise<void> {
    const code = spellErrorCode(canonicalCode, this.errorSpelling);
    const frame: OcppFrame = { type: CALLERROR, id, code, description: description.slice(0, 255), details };
    const text = serializeFrame(frame);
    this.record('tx', text, frame, summarize(frame, (x) => this.actionsById.get(x)));
    await this.conn.sendText(text);
  }

  async close(code = 1000, reason = ''): Promise<void> {
    await this.conn.close(code, reason);
  }
}

/** A frame as quoted in verdicts (long ones cut). */
function quote(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The value at a JSON pointer such as `/meterValue/0/sampledValue/0/value` (undefined when absent). */
function valueAt(payload: unknown, pointer: string): unknown {
  let v: unknown = payload;
  for (const raw of pointer.split('/').slice(1)) {
    if (raw === '') continue;
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Schema violations naming the path, the problem, the value received (when it is a plain value) and the schema rule. */
export function describeViolations(payload: unknown, list: SchemaViolation[]): string {
  return list
    .map((x) => {
      const value = valueAt(payload, x.path);
      const got = value === undefined || (value !== null && typeof value === 'object') ? '' : ` (got ${quote(JSON.stringify(value))})`;
      return `${x.path} ${x.message}${got} [${x.schemaPath}]`;
    })
    .join('; ');
}

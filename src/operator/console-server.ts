/**
 * The web operator console: a local HTTP server (127.0.0.1 only, rig `operator.console.port`, 0 = any free
 * port) serving one page (console-page.ts) fed by Server-Sent Events — the run's progress, the current scenario
 * and step, the pending instruction with Done / Failed / Not applicable buttons, and the current scenario's
 * frame trace as it is recorded. An answer is `POST /answer {"id", "answer"}` with a JSON body (a cross-origin
 * form cannot send one), and requests naming another host are refused (DNS rebinding). `GET /state` gives the
 * same state as JSON. It lives for the whole run in the cucumber process and `stop()` closes the port.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame } from '../core/trace';
import { CONSOLE_PAGE } from './console-page';
import type { FrontEnd, Operator, OperatorAnswerKind, PendingQuestion, RunContext } from './operator';

/** Frames of the current scenario a page that connects late is sent first. */
const BACKLOG = 300;
const MAX_BODY = 4096;
const ANSWERS = new Set<OperatorAnswerKind>(['done', 'failed', 'not-applicable']);

/** A question as the page shows it: params flattened to strings (they become data attributes). */
function questionView(q: PendingQuestion): Record<string, unknown> {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(q.params ?? {})) if (v !== undefined) params[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return { id: q.id, action: q.action, instruction: q.instruction, expected: q.expected, scenario: q.scenario, step: q.step, connectorId: q.connectorId, params, deadline: q.deadline };
}

function frameView(f: Frame): Record<string, unknown> {
  return { seq: f.seq, ms: Math.round(f.tUs / 100) / 10, wall: f.wall, dir: f.dir, protocol: f.protocol, channel: f.channel, summary: f.summary ?? (f.raw.length > 160 ? `${f.raw.slice(0, 160)}…` : f.raw), problems: f.problems };
}

export class ConsoleFrontEnd implements FrontEnd {
  readonly name = 'console';
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  private readonly clients = new Set<ServerResponse>();
  private backlog: Record<string, unknown>[] = [];
  private current?: { q: PendingQuestion; answer: (kind: OperatorAnswerKind) => void };
  private lastClosed?: Record<string, unknown>;
  private port = 0;
  private readonly onContext = (c: RunContext) => {
    if (c.step === '') this.backlog = []; // a new scenario: its own trace
    this.broadcast('context', c);
  };
  private readonly onFrame = (f: Frame) => {
    const v = frameView(f);
    this.backlog.push(v);
    if (this.backlog.length > BACKLOG) this.backlog.shift();
    this.broadcast('frame', v);
  };

  constructor(
    private readonly op: Operator,
    private readonly wantedPort: number,
  ) {}

  /** Listens on 127.0.0.1; resolves with the console's URL. */
  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.wantedPort, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.op.on('context', this.onContext);
    this.op.on('frame', this.onFrame);
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/`;
  }

  private state(): Record<string, unknown> {
    return { context: this.op.context, question: this.current ? questionView(this.current.q) : null, lastClosed: this.lastClosed ?? null, frontEnds: this.op.frontEndNames };
  }

  private broadcast(event: string, data: unknown): void {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const c of this.clients) c.write(text);
  }

  private send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) return this.send(res, 421, { error: `host '${host}' is not this console` });
    const route = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
    if (route === 'GET /') return this.send(res, 200, CONSOLE_PAGE, 'text/html');
    if (route === 'GET /state') return this.send(res, 200, this.state());
    if (route === 'GET /events') return this.events(req, res);
    if (route === 'POST /answer') return this.answer(req, res);
    this.send(res, 404, { error: `no ${route}` });
  }

  private events(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    this.clients.add(res);
    req.on('close', () => this.clients.delete(res));
    res.write(`event: state\ndata: ${JSON.stringify({ ...this.state(), frames: this.backlog })}\n\n`);
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return this.send(res, 415, { error: 'the body must be JSON (content-type application/json)' });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
      if (body.length > MAX_BODY) req.destroy();
    });
    req.on('end', () => {
      let a: { id?: unknown; answer?: unknown };
      try {
        a = JSON.parse(body) as typeof a;
      } catch {
        return this.send(res, 400, { error: 'the body is not JSON' });
      }
      if (!ANSWERS.has(a.answer as OperatorAnswerKind)) return this.send(res, 400, { error: `answer must be one of ${[...ANSWERS].join(', ')}` });
      const c = this.current;
      if (!c || c.q.id !== a.id) return this.send(res, 409, { error: `question '${String(a.id)}' is closed`, lastClosed: this.lastClosed ?? null });
      c.answer(a.answer as OperatorAnswerKind);
      this.send(res, 200, { ok: true, id: a.id, answer: a.answer });
    });
  }

  open(q: PendingQuestion, answer: (kind: OperatorAnswerKind) => void): void {
    this.current = { q, answer };
    this.broadcast('question', questionView(q));
  }

  close(q: PendingQuestion, outcome: { answer: string; by: string }): void {
    if (this.current?.q.id === q.id) this.current = undefined;
    this.lastClosed = { id: q.id, action: q.action, ...outcome };
    this.broadcast('closed', this.lastClosed);
  }

  async stop(): Promise<void> {
    this.op.off('context', this.onContext);
    this.op.off('frame', this.onFrame);
    for (const c of this.clients) c.end();
    this.clients.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

/**
 * The reference CSMSs' own operator API: a small HTTP server on 127.0.0.1 (ephemeral port), started and
 * stopped with the CSMS, through which anyone (a CSMS-driver rig of the harness, a person with curl) asks the
 * CSMS to do something in its own terms:
 *
 *   POST /api/stations/<identity>/<intent>     JSON body: the intent's parameters (an object)
 *   Authorization: Bearer <token>              the token the CSMS made when it started
 *
 * GET /api/health answers 200 without a token (for a container's wait strategy).
 * Answers 202 {status:'Accepted', intent, sent:[actions]} once the CSMS has built its call(s) and handed them
 * to the station's connection; 401 without the token; 404 for an intent the CSMS does not know; 409 when the
 * station is not connected; 400 for a body that is not a JSON object; 422 when the CSMS cannot serve the
 * request (a parameter missing, no such transaction, not supported in this configuration). Errors carry
 * {error: reason}. Shared by the reference CSMSs of every OCPP version; it knows no OCPP message.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JsonBodyError, readJsonObject } from './json-body';
import type { ListenAt } from './listen';

export interface CsmsApiHooks {
  /** Names the CSMS in answers, e.g. `reference OCPP 1.6 CSMS`. */
  label: string;
  /** Intent names the CSMS understands. */
  intents: readonly string[];
  isConnected(identity: string): boolean;
  /** Carries out the intent (throws, with the reason, when the CSMS cannot). */
  perform(identity: string, intent: { name: string; params: Record<string, unknown> }): Promise<void>;
  /** Actions of the CSMS-initiated calls sent so far, oldest first (the answer lists those the request produced). */
  sentActions(): string[];
}

export interface CsmsApi {
  /** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  /** Bearer token every request must carry. */
  readonly token: string;
  stop(): Promise<void>;
}

const MAX_BODY = 1 << 20;

function answer(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function serve(h: CsmsApiHooks, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  // health (no token, tells nothing but the label): a container's HTTP wait strategy
  if (req.method === 'GET' && url.pathname === '/api/health') return answer(res, 200, { status: 'up', csms: h.label });
  const m = /^\/api\/stations\/([^/]+)\/([a-z0-9-]+)\/?$/.exec(url.pathname);
  if (!m) return answer(res, 404, { error: `${h.label}: no such resource ${url.pathname} (POST /api/stations/<identity>/<intent>)` });
  if (req.method !== 'POST') return answer(res, 405, { error: `${h.label}: ${req.method ?? '?'} not allowed (POST)` });
  if (req.headers.authorization !== `Bearer ${token}`) return answer(res, 401, { error: `${h.label}: missing or wrong bearer token` });
  const identity = decodeURIComponent(m[1]);
  const name = m[2];
  if (!h.intents.includes(name)) return answer(res, 404, { error: `${h.label}: no operator action '${name}' (known: ${h.intents.join(', ')})` });
  let params: Record<string, unknown>;
  try {
    params = await readJsonObject(req, MAX_BODY, 'body larger than 1 MiB');
  } catch (e) {
    if (e instanceof JsonBodyError) return answer(res, 400, { error: `${h.label}: ${e.message} (the intent's parameters)` });
    throw e;
  }
  if (!h.isConnected(identity)) return answer(res, 409, { error: `${h.label}: station '${identity}' is not connected` });
  const before = h.sentActions().length;
  try {
    await h.perform(identity, { name, params });
  } catch (e) {
    return answer(res, 422, { error: (e as Error).message });
  }
  answer(res, 202, { status: 'Accepted', intent: name, sent: h.sentActions().slice(before) });
}

/** Starts the operator API on 127.0.0.1 with a free port and a fresh bearer token (or where `at` says, with its token). */
export async function startCsmsApi(h: CsmsApiHooks, at: ListenAt = {}): Promise<CsmsApi> {
  const token = at.apiToken ?? randomBytes(16).toString('hex');
  const server: Server = createServer((req, res) => {
    serve(h, token, req, res).catch((e: Error) => {
      if (!res.headersSent) answer(res, 500, { error: `${h.label}: ${e.message}` });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at.apiPort ?? 0, at.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${!at.host || at.host === '0.0.0.0' ? '127.0.0.1' : at.host}:${port}`,
    token,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

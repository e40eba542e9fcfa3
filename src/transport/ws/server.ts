/**
 * WebSocket server for the harness-as-CSMS: listens on http or https, routes by the identity in the URL path
 * (`<basePath>/<identity>`, percent-decoded), answers HTTP 404 for unknown identities and 401 for failed
 * Basic auth, negotiates the subprotocol (on no match it completes the handshake without the header, then
 * closes, as OCPP-J says), and offers permessage-deflate when asked.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { SecureVersion, TLSSocket } from 'node:tls';
import WebSocket, { WebSocketServer } from 'ws';
import type { Trace } from '../../core/trace';
import { tlsSnapshot } from '../tls/inspect';
import { type ConnectionInfo, WsConnection, peerCertificateOf } from './connection';

export interface UpgradeDecision {
  accept: boolean;
  status?: number;
  reason?: string;
}

export interface WsServerOptions {
  host: string;
  port: number;
  basePath: string;
  subprotocols: string[];
  trace: Trace;
  tls?: { cert: string; key: string; ca?: string; requestCert?: boolean; minVersion?: SecureVersion; maxVersion?: SecureVersion; ciphers?: string };
  perMessageDeflate?: boolean;
  maxPayload?: number;
  /** Decide on an upgrade before it completes: identity known, credentials right, client certificate right. */
  authorize: (identity: string, info: ConnectionInfo) => UpgradeDecision;
}

export class WsServer {
  private server: http.Server | https.Server | undefined;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<Socket>();
  private readonly connections = new Set<WsConnection>();
  private readonly listeners = new Set<(c: WsConnection) => void>();
  private url_ = '';
  private trace: Trace;

  constructor(private readonly opts: WsServerOptions) {
    this.trace = opts.trace;
    this.wss = new WebSocketServer({
      noServer: true,
      perMessageDeflate: opts.perMessageDeflate ?? false,
      maxPayload: opts.maxPayload ?? 4 * 1024 * 1024,
      handleProtocols: (offered) => {
        for (const p of offered) if (this.opts.subprotocols.includes(p)) return p;
        return false;
      },
    });
  }

  get url(): string {
    return this.url_;
  }

  /** Where upgrade and handshake notes go from now on (a listener that outlives one scenario). */
  useTrace(trace: Trace): void {
    this.trace = trace;
  }

  /** How many WebSocket connections are open now. */
  get openConnections(): number {
    return this.connections.size;
  }

  onConnection(listener: (c: WsConnection) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(): Promise<string> {
    const { tls } = this.opts;
    this.server = tls
      ? https.createServer({ cert: tls.cert, key: tls.key, ca: tls.ca, requestCert: tls.requestCert ?? false, rejectUnauthorized: false, minVersion: tls.minVersion ?? 'TLSv1.2', maxVersion: tls.maxVersion, ciphers: tls.ciphers })
      : http.createServer();
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('tlsClientError', (err: Error) => this.trace.note('tls', `client handshake failed: ${err.message}`));
    this.server.on('request', (_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('WebSocket upgrade required\n');
    });
    this.server.on('upgrade', (req, socket, head) => this.handleUpgrade(req, socket as Socket, head));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.opts.port, this.opts.host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address === '0.0.0.0' ? '127.0.0.1' : addr.address;
    this.url_ = `${tls ? 'wss' : 'ws'}://${host}:${addr.port}${this.opts.basePath.replace(/\/$/, '')}`;
    this.trace.note('ws', `listening on ${this.url_}`);
    return this.url_;
  }

  private reject(socket: Socket, status: number, reason: string): void {
    const text = http.STATUS_CODES[status] ?? 'Error';
    socket.write(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
    socket.destroy();
  }

  private handleUpgrade(req: http.IncomingMessage, socket: Socket, head: Buffer): void {
    const trace = this.trace;
    const url = new URL(req.url ?? '/', 'http://x');
    const base = this.opts.basePath.replace(/\/$/, '');
    const remote = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
    if (!url.pathname.startsWith(`${base}/`) || url.pathname.length <= base.length + 1) {
      trace.note('ws', `upgrade for ${url.pathname} from ${remote} rejected: 404 (not under ${base}/<identity>)`);
      this.reject(socket, 404, 'unknown path');
      return;
    }
    let identity: string;
    try {
      identity = decodeURIComponent(url.pathname.slice(base.length + 1));
    } catch {
      this.reject(socket, 400, 'bad identity encoding');
      return;
    }
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const tlsSocket = typeof (req.socket as TLSSocket).getPeerCertificate === 'function' ? (req.socket as TLSSocket) : undefined;
    const info: ConnectionInfo = {
      identity,
      protocol: '',
      remote,
      secure: Boolean(tlsSocket),
      offered,
      authorization: req.headers.authorization,
      peerCertificate: peerCertificateOf(req),
      deflate: false,
      tlsVersion: tlsSocket?.getProtocol() ?? undefined,
      tls: tlsSocket ? tlsSnapshot(tlsSocket) : undefined,
    };
    const decision = this.opts.authorize(identity, info);
    if (!decision.accept) {
      trace.note('ws', `upgrade for '${identity}' from ${remote} rejected: HTTP ${decision.status ?? 404} ${decision.reason ?? ''}`.trim(), identity);
      this.reject(socket, decision.status ?? 404, decision.reason ?? 'rejected');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      info.protocol = ws.protocol;
      info.deflate = /permessage-deflate/.test(ws.extensions);
      const conn = new WsConnection(ws, info, trace);
      this.connections.add(conn);
      conn.onClose(() => this.connections.delete(conn));
      trace.note('ws', `'${identity}' connected from ${remote}, offered [${offered.join(', ')}], subprotocol '${info.protocol || '(none)'}'${info.deflate ? ', permessage-deflate' : ''}`, identity);
      if (!info.protocol) {
        trace.note('ws', 'no matching subprotocol: handshake completed without the header, closing', identity);
        void conn.close(1002, 'no matching subprotocol');
        return;
      }
      for (const l of this.listeners) l(conn);
    });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.connections].map((c) => c.close(1001, 'harness stopping')));
    for (const s of this.sockets) s.destroy();
    this.wss.close();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}

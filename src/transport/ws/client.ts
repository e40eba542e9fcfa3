/** WebSocket client for the harness-as-station: subprotocol, Basic auth, TLS (incl. client certificate). */
import type { SecureVersion, TLSSocket } from 'node:tls';
import WebSocket from 'ws';
import { VerdictError } from '../../core/errors';
import type { Trace } from '../../core/trace';
import { type TlsSnapshot, tlsSnapshot } from '../tls/inspect';
import { WsConnection } from './connection';

export interface WsClientOptions {
  url: string;
  identity: string;
  subprotocols: string[];
  trace: Trace;
  timeoutMs: number;
  basicAuth?: { user: string; password: string | Buffer };
  tls?: { ca?: string; cert?: string; key?: string; minVersion?: SecureVersion; maxVersion?: SecureVersion; ciphers?: string; rejectUnauthorized?: boolean };
  perMessageDeflate?: boolean;
}

export class ConnectRefusedError extends VerdictError {}

export function basicAuthHeader(user: string, password: string | Buffer): string {
  const pw = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  return `Basic ${Buffer.concat([Buffer.from(`${user}:`, 'utf8'), pw]).toString('base64')}`;
}

export function connectWs(opts: WsClientOptions): Promise<WsConnection> {
  const { trace } = opts;
  const target = `${opts.url.replace(/\/$/, '')}/${encodeURIComponent(opts.identity)}`;
  const headers: Record<string, string> = {};
  if (opts.basicAuth) headers.authorization = basicAuthHeader(opts.basicAuth.user, opts.basicAuth.password);
  trace.note('ws', `connecting to ${target} offering [${opts.subprotocols.join(', ')}]${opts.basicAuth ? ' with Basic auth' : ''}${opts.tls?.cert ? ' with client certificate' : ''}`, opts.identity);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(target, opts.subprotocols, {
      headers,
      handshakeTimeout: opts.timeoutMs,
      perMessageDeflate: opts.perMessageDeflate ?? false,
      ca: opts.tls?.ca,
      cert: opts.tls?.cert,
      key: opts.tls?.key,
      minVersion: opts.tls?.minVersion ?? 'TLSv1.2',
      maxVersion: opts.tls?.maxVersion,
      ciphers: opts.tls?.ciphers,
      rejectUnauthorized: opts.tls?.rejectUnauthorized ?? true,
    });
    let settled = false;
    let tls: TlsSnapshot | undefined;
    ws.once('upgrade', (res) => {
      const sock = res.socket as TLSSocket;
      if (typeof sock.getPeerCertificate === 'function') tls = tlsSnapshot(sock);
    });
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      trace.note('ws', `connection to ${target} failed: ${why}`, opts.identity);
      ws.terminate();
      reject(new ConnectRefusedError(`Could not open the OCPP WebSocket to ${target}: ${why}`, undefined, trace.recent(8)));
    };
    ws.once('unexpected-response', (_req, res) => fail(`HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
    ws.once('error', (err) => fail(err.message));
    ws.once('open', () => {
      if (settled) return;
      settled = true;
      const info = { identity: opts.identity, protocol: ws.protocol, remote: target, secure: Boolean(tls), deflate: /permessage-deflate/.test(ws.extensions), authorization: headers.authorization, tls, tlsVersion: tls?.protocol };
      const conn = new WsConnection(ws, info, trace);
      trace.note('ws', `connected, subprotocol '${ws.protocol || '(none)'}'`, opts.identity);
      resolve(conn);
    });
  });
}

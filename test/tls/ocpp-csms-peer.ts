/**
 * A tiny CSMS written for the security tests (not the reference SUT): a ws server on 127.0.0.1 that accepts
 * `ocpp1.6` / `ocpp2.0.1`, answers BootNotification (Accepted, interval 300 s), Heartbeat and
 * StatusNotification, and `{}` to anything else. Plain WebSocket unless `tls` is given (then HTTPS, with a
 * client certificate requested when `tls.requestCert`: a trusted one replaces Basic auth, an untrusted one
 * is refused). It records what each upgrade carried.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer } from 'ws';

export interface PeerOptions {
  tls?: { cert: string; key: string; ca?: string; requestCert?: boolean };
  /** Basic password required for every identity (user must be the identity); omitted = no check. */
  password?: string;
}

export interface SeenUpgrade {
  identity: string;
  authorization?: string;
  tlsProtocol?: string;
  clientCertSubject?: string;
}

export interface CsmsPeer {
  url: string;
  seen: SeenUpgrade[];
  close(): Promise<void>;
}

function answer(version: string, action: string): Record<string, unknown> {
  const now = new Date().toISOString();
  if (action === 'BootNotification') return { status: 'Accepted', currentTime: now, interval: 300 };
  if (action === 'Heartbeat') return { currentTime: now };
  if (action === 'Authorize') return version === '1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } };
  return {};
}

export async function startCsmsPeer(opts: PeerOptions = {}): Promise<CsmsPeer> {
  const seen: SeenUpgrade[] = [];
  const server = opts.tls
    ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key, ca: opts.tls.ca, requestCert: opts.tls.requestCert ?? false, rejectUnauthorized: false })
    : http.createServer();
  const wss = new WebSocketServer({
    server,
    handleProtocols: (offered) => [...offered].find((p) => p === 'ocpp1.6' || p === 'ocpp2.0.1') ?? false,
    verifyClient: (info, cb) => {
      const identity = decodeURIComponent(new URL(info.req.url ?? '/', 'http://x').pathname.split('/').pop() ?? '');
      const sock = info.req.socket as TLSSocket;
      const cert = typeof sock.getPeerCertificate === 'function' ? sock.getPeerCertificate() : undefined;
      seen.push({ identity, authorization: info.req.headers.authorization, tlsProtocol: typeof sock.getProtocol === 'function' ? (sock.getProtocol() ?? undefined) : undefined, clientCertSubject: cert?.subject ? String(cert.subject.CN) : undefined });
      // a trusted client certificate authenticates the station (SP3); otherwise Basic auth (SP1/SP2)
      if (cert?.subject && !sock.authorized) return cb(false, 401, 'Unauthorized');
      if (opts.password !== undefined && !cert?.subject) {
        const expected = `Basic ${Buffer.from(`${identity}:${opts.password}`).toString('base64')}`;
        if (info.req.headers.authorization !== expected) return cb(false, 401, 'Unauthorized');
      }
      cb(true);
    },
  });
  wss.on('connection', (ws) => {
    const version = ws.protocol.replace(/^ocpp/, '');
    ws.on('message', (data) => {
      let frame: unknown;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (Array.isArray(frame) && frame[0] === 2) ws.send(JSON.stringify([3, frame[1], answer(version, String(frame[2]))]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${opts.tls ? 'wss' : 'ws'}://${opts.tls ? 'localhost' : '127.0.0.1'}:${port}/ocpp`,
    seen,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

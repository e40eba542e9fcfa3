/**
 * The lean load CSMS (reference side): accepts any identity on any path, answers the load station's message
 * mix (BootNotification Accepted with the configured interval, Heartbeat, StatusNotification, Authorize,
 * Start/StopTransaction, MeterValues; 2.0.1 boot/status/heartbeat), can send CSMS-initiated calls to a sample
 * of its stations, and misbehaves as its named faults say (faults.ts). Per socket it keeps two numbers; one
 * process holds up to its open-file limit of sockets — several processes on consecutive ports
 * (cluster.ts) hold more. Shares nothing with src/load but the OCPP framing.
 */
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CALL, CALLERROR, CALLRESULT, parseFrame } from '../../ocpp/framing';
import type { OcppVersion } from '../../ocpp/version';

export interface LoadCsmsOptions {
  port?: number;
  host?: string;
  /** Seconds, returned in BootNotification (default 60). */
  heartbeatInterval?: number;
  faults?: Iterable<string>;
  /** CSMS-initiated calls: every everyMs, to `sample` (0..1) of the booted stations. */
  trigger?: { everyMs: number; sample: number; action?: 'TriggerMessage' | 'ChangeConfiguration' };
  /** HTTP basic auth required when set (any user name): a wrong one is refused with 401. */
  password?: string;
  /** wss:// (security profiles 2/3): the server pair, and with `ca` a client certificate from that CA is required. */
  tls?: { cert: string | Buffer; key: string | Buffer; ca?: string | Buffer };
}

export interface LoadCsmsStats {
  connections: number;
  open: number;
  boots: number;
  messages: number;
  csmsCallsSent: number;
  csmsCallsAnswered: number;
  csmsCallErrors: number;
}

export interface LoadCsmsControl {
  url: string;
  port: number;
  stats(): LoadCsmsStats;
  stop(): Promise<void>;
}

interface Peer {
  v: OcppVersion;
  booted: boolean;
  /** Outstanding CSMS-initiated call id (0: none). */
  out: number;
}

const PROTOCOLS: Record<string, OcppVersion> = { 'ocpp1.6': '1.6', 'ocpp2.0.1': '2.0.1' };

export async function startLoadCsms(o: LoadCsmsOptions = {}): Promise<LoadCsmsControl> {
  const faults = new Set(o.faults ?? []);
  const interval = o.heartbeatInterval ?? 60;
  const stats: LoadCsmsStats = { connections: 0, open: 0, boots: 0, messages: 0, csmsCallsSent: 0, csmsCallsAnswered: 0, csmsCallErrors: 0 };
  const peers = new Map<WebSocket, Peer>();
  let results = 0;
  let txIds = 0;
  let callIds = 0;
  const expectedAuth = o.password;

  // TLS: the WebSocket server rides on an HTTPS server that requires a client certificate when a CA is given
  const https = o.tls ? createHttpsServer({ cert: o.tls.cert, key: o.tls.key, ...(o.tls.ca ? { ca: o.tls.ca, requestCert: true, rejectUnauthorized: true } : {}) }) : undefined;
  const wss = new WebSocketServer({
    ...(https ? { server: https } : { port: o.port ?? 0, host: o.host ?? '127.0.0.1' }),
    perMessageDeflate: false,
    maxPayload: 64 * 1024,
    clientTracking: false,
    backlog: 4096,
    handleProtocols: (offered) => [...offered].find((p) => p in PROTOCOLS) ?? false,
    verifyClient: expectedAuth
      ? (info: { req: { headers: Record<string, string | string[] | undefined> } }) => {
          const h = String(info.req.headers.authorization ?? '');
          const m = /^Basic (.+)$/.exec(h);
          const pass = m ? Buffer.from(m[1], 'base64').toString().split(':').slice(1).join(':') : undefined;
          return pass === expectedAuth;
        }
      : undefined,
  });
  await new Promise<void>((resolve, reject) => {
    const server = https ?? wss;
    server.once('listening', resolve);
    server.once('error', reject);
    https?.listen(o.port ?? 0, o.host ?? '127.0.0.1', 4096);
  });
  https?.on('tlsClientError', () => {}); // a refused client certificate is the client's failure, not the server's
  wss.on('error', () => {});

  const reply = (ws: WebSocket, id: string, payload: Record<string, unknown>) => {
    if (faults.has('silent')) return;
    results++;
    const rid = faults.has('wrong-response-id') && results % 10 === 0 ? `x${id}`.slice(0, 36) : id;
    ws.send(JSON.stringify([CALLRESULT, rid, payload]));
  };

  const handle = (ws: WebSocket, peer: Peer, id: string, action: string) => {
    const now = new Date().toISOString();
    switch (action) {
      case 'BootNotification': {
        stats.boots++;
        const rejected = faults.has('rejects-boot') && stats.boots % 20 === 0;
        reply(ws, id, { status: rejected ? 'Rejected' : 'Accepted', currentTime: now, interval });
        peer.booted = !rejected;
        if (!rejected && faults.has('drops-connections') && stats.boots % 10 === 0) ws.close(1001, 'load-csms fault drops-connections');
        return;
      }
      case 'Heartbeat':
        if (faults.has('slow-heartbeat')) setTimeout(() => ws.readyState === ws.OPEN && reply(ws, id, { currentTime: new Date().toISOString() }), 1000);
        else reply(ws, id, { currentTime: now });
        return;
      case 'Authorize':
        reply(ws, id, peer.v === '1.6' ? { idTagInfo: { status: 'Accepted' } } : { idTokenInfo: { status: 'Accepted' } });
        return;
      case 'StartTransaction':
        reply(ws, id, { transactionId: ++txIds, idTagInfo: { status: 'Accepted' } });
        return;
      case 'StopTransaction':
        reply(ws, id, { idTagInfo: { status: 'Accepted' } });
        return;
      case 'StatusNotification':
      case 'MeterValues':
      case 'TransactionEvent':
        reply(ws, id, {});
        return;
      case 'DataTransfer':
        reply(ws, id, { status: 'UnknownVendorId' });
        return;
      default:
        if (!faults.has('silent')) ws.send(JSON.stringify([CALLERROR, id, 'NotImplemented', `${action} is not implemented by the load CSMS`, {}]));
    }
  };

  wss.on('connection', (ws) => {
    const peer: Peer = { v: PROTOCOLS[ws.protocol] ?? '1.6', booted: false, out: 0 };
    peers.set(ws, peer);
    stats.connections++;
    stats.open++;
    ws.on('message', (data, isBinary) => {
      stats.messages++;
      if (isBinary) return;
      const r = parseFrame(String(data), peer.v);
      if (!r.ok) {
        if (r.id && r.type === CALL && !faults.has('silent')) ws.send(JSON.stringify([CALLERROR, r.id, 'FormatViolation', r.detail, {}]));
        return;
      }
      const f = r.frame;
      if (f.type === CALL) handle(ws, peer, f.id, f.action);
      else if (peer.out && f.id === String(peer.out)) {
        peer.out = 0;
        if (f.type === CALLRESULT) stats.csmsCallsAnswered++;
        else stats.csmsCallErrors++;
      }
    });
    ws.on('error', () => {});
    ws.on('close', () => {
      stats.open--;
      peers.delete(ws);
    });
  });

  let trigger: NodeJS.Timeout | undefined;
  if (o.trigger && o.trigger.sample > 0) {
    const t = o.trigger;
    trigger = setInterval(() => {
      for (const [ws, peer] of peers) {
        if (!peer.booted || peer.out || Math.random() >= t.sample) continue;
        peer.out = ++callIds;
        stats.csmsCallsSent++;
        const call = t.action === 'ChangeConfiguration' && peer.v === '1.6' ? ['ChangeConfiguration', { key: 'HeartbeatInterval', value: String(interval) }] : ['TriggerMessage', { requestedMessage: 'Heartbeat' }];
        ws.send(JSON.stringify([CALL, String(peer.out), ...call]));
      }
    }, t.everyMs);
  }

  const port = ((https ?? wss).address() as AddressInfo).port;
  return {
    url: `${https ? 'wss' : 'ws'}://${o.host ?? '127.0.0.1'}:${port}/ocpp`,
    port,
    stats: () => ({ ...stats }),
    async stop() {
      if (trigger) clearInterval(trigger);
      for (const ws of peers.keys()) ws.terminate();
      peers.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      if (https) await new Promise<void>((resolve) => https.close(() => resolve()));
    },
  };
}

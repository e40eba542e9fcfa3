import type { Server } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { RPCServer, type RPCServerClient } from 'ocpp-rpc';
import { ConfigError } from '../../../core/errors';
import type { CsmsIntent, CsmsSutControl, CsmsSutOptions } from '../../../rig/ocpp-sut';
import { CSMS_FAULTS, checkFaults } from '../faults';
import { Timers, compact, formatDate, ocpp201Validator, restyleDates, speakOcpp201Errors } from '../util';
import { type ListenAt, listenReferenceCsms } from '../../common/listen';
import { createIssuer } from '../../common/x509';
import { attachHandlers, type CsmsContext, type CsmsTransaction } from './handlers';
import { performIntent, CSMS201_INTENTS } from './intents';
import { startCsmsApi, type CsmsApi } from '../../common/csms-http-api';

export type { CsmsTransaction } from './handlers';

/** Extension of CsmsSutControl with reference-only inspection. */
export interface ReferenceCsmsControl extends CsmsSutControl {
  perform(identity: string, intent: CsmsIntent): Promise<void>;
  /** Its operator API (src/reference/common/csms-http-api.ts): base URL and bearer token. */
  readonly api: Pick<CsmsApi, 'url' | 'token'>;
  /** Identities currently connected. */
  connected(): string[];
  /** Resolves when the identity is connected. */
  waitForStation(identity: string, timeoutMs?: number): Promise<void>;
  /** Transactions seen so far (with the seqNo of each TransactionEvent). */
  transactions(): CsmsTransaction[];
  /** Station-initiated messages received, oldest first. */
  received(identity?: string, action?: string): Array<{ identity: string; action: string; payload: any; at: number }>;
  /** Resolves with the next (or, with `since`, an already received) message of that action. */
  waitFor(identity: string, action: string, opts?: { timeoutMs?: number; since?: number; match?: (p: any) => boolean }): Promise<any>;
  /** Count of received messages, for use as `since`. */
  mark(): number;
  /** CSMS-initiated CALLs so far with their outcome. */
  sent(identity?: string, action?: string): Array<{ identity: string; action: string; payload: any; result?: any; error?: string }>;
  /** How many WebSocket connections an identity has opened. */
  connectionCount(identity: string): number;
  /** WebSocket extensions negotiated on the identity's current connection (e.g. permessage-deflate). */
  extensions(identity: string): string;
  /** Sends a raw text frame to a connected station (to provoke CALLERRORs with malformed frames). */
  sendRaw(identity: string, text: string): void;
  /** CA certificate (PEM) the CSMS signs station certificates with. */
  readonly caCertificate: string;
}

export interface ReferenceCsmsOptions extends CsmsSutOptions {
  /** Vendors whose DataTransfer is Accepted (default: EVC). */
  vendors?: string[];
  /** Answer the first N BootNotifications of each station with Pending (then Accepted). */
  bootPending?: number;
  /** `evc serve-csms`: fixed host/ports and API token (default: 127.0.0.1, free ports, a fresh token). */
  listenAt?: ListenAt;
}

/**
 * Starts the reference OCPP 2.0.1 CSMS (ocpp-rpc RPCServer, strict mode) on 127.0.0.1 with an ephemeral port:
 * HTTP for SP0/SP1, HTTPS (TLS >= 1.2) for SP2/SP3 with client certificates for SP3. Unknown identities get
 * HTTP 404, a wrong Basic password 401; permessage-deflate is offered; every call before BootNotification
 * Accepted is answered with SecurityError.
 */
export async function startReferenceCsms(opts: CsmsSutOptions | ReferenceCsmsOptions): Promise<ReferenceCsmsControl> {
  if (opts.version !== '2.0.1') throw new ConfigError('reference OCPP 2.0.1 CSMS', 'version', `'${opts.version}' is not supported (only 2.0.1)`);
  const faults = checkFaults(opts.faults ?? [], CSMS_FAULTS);
  const timers = new Timers();
  const clients = new Map<string, RPCServerClient>();
  const waiters: Array<() => void> = [];
  const issuer = createIssuer('EVC Reference CSMS CA 2.0.1');
  const dateStyle = faults.has('date-time-microseconds') ? 'microseconds' : 'rfc3339';
  const counters = new Map<string, number>();
  const passwords = new Map(Object.entries(opts.stations).map(([id, s]) => [id, s.password ?? '']));
  const ctx: CsmsContext = {
    opts,
    faults,
    timers,
    transactions: new Map(),
    accepted: new Set(),
    boots: new Map(),
    vendors: new Set((opts as ReferenceCsmsOptions).vendors ?? ['EVC']),
    signCsr: (identity, csr) => issuer.sign(identity, csr),
    received: [],
    sent: [],
    async record(identity, action, payload, call) {
      const entry: CsmsContext['sent'][number] = { identity, action, payload };
      ctx.sent.push(entry);
      try {
        entry.result = await call;
        return entry.result;
      } catch (err) {
        entry.error = (err as Error).message;
        throw err;
      } finally {
        ctx.notify();
      }
    },
    notify: () => {
      for (const w of waiters.splice(0)) w();
    },
    now: () => formatDate(new Date(), dateStyle),
    allocate: (kind) => {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      // default: 1, 2, 3 …; alt: large, sparse numbers (another valid scheme)
      return opts.variant === 'alt' ? (kind === 'requestId' ? 700_000 : 3_000_000) + 37 * n : n;
    },
    setPassword: (identity, password) => passwords.set(identity, password),
    installedCertificates: new Map(),
  };
  const callTimeoutMs = Math.max(2000, 30_000 * opts.timeScale);
  const sp = opts.securityProfile;

  const server = new RPCServer({
    protocols: ['ocpp2.0.1'],
    strictMode: true,
    strictModeValidators: [ocpp201Validator()],
    callTimeoutMs,
    pingIntervalMs: 0,
    callConcurrency: faults.has('second-concurrent-call') ? 16 : 1,
    wssOptions: { perMessageDeflate: !faults.has('no-deflate') },
  });

  server.auth((accept, reject, hs) => {
    const known = opts.stations[hs.identity];
    if (!known && !faults.has('no-404-for-unknown-identity')) return reject(404, 'Not found');
    if ((sp === 1 || sp === 2) && known && !faults.has('accepts-bad-password')) {
      const expected = passwords.get(hs.identity) ?? '';
      if (!hs.password || hs.password.toString('utf8') !== expected) return reject(401, 'Unauthorized');
    }
    if (sp === 3 && !faults.has('accepts-untrusted-client-cert')) {
      const sock = hs.request.socket as TLSSocket;
      if (!sock.authorized) return reject(401, 'Unauthorized');
      const cn = sock.getPeerCertificate()?.subject?.CN;
      if (cn && cn !== hs.identity) return reject(401, 'Unauthorized');
    }
    accept({});
  });

  const connections = new Map<string, number>();
  server.on('client', (client: RPCServerClient) => {
    speakOcpp201Errors(client, { oldSpelling: faults.has('wrong-error-code-spelling'), noMinusOne: faults.has('rpc-error-without-minus-one') });
    if (dateStyle !== 'rfc3339') {
      const send = client.sendRaw.bind(client);
      client.sendRaw = (message: string | Buffer) => {
        try {
          return send(JSON.stringify(restyleDates(JSON.parse(String(message)), dateStyle)));
        } catch {
          return send(message);
        }
      };
    }
    connections.set(client.identity, (connections.get(client.identity) ?? 0) + 1);
    if (client.protocol !== 'ocpp2.0.1') {
      void client.close({ code: 1002, reason: 'Subprotocol ocpp2.0.1 required' });
      return;
    }
    const previous = clients.get(client.identity);
    if (previous && previous !== client) void previous.close({ force: true }).catch(() => undefined);
    clients.set(client.identity, client);
    client.on('close', () => {
      if (clients.get(client.identity) === client) clients.delete(client.identity);
      ctx.notify();
    });
    client.on('strictValidationFailure', () => undefined);
    client.on('badMessage', () => undefined);
    attachHandlers(ctx, client);
    ctx.notify();
  });
  server.on('error', () => undefined);

  const { httpServer, url } = await listenReferenceCsms(server, { securityProfile: sp, tls: opts.tls, issuerCaPem: issuer.caPem, faults, label: 'reference OCPP 2.0.1 CSMS', path: '/ocpp201', at: (opts as ReferenceCsmsOptions).listenAt });

  function waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const loop = () => {
        const v = probe();
        if (v !== undefined) {
          timers.clear(t);
          resolve(v);
        } else waiters.push(loop);
      };
      const t = timers.timeout(timeoutMs, () => {
        const i = waiters.indexOf(loop);
        if (i >= 0) waiters.splice(i, 1);
        reject(new Error(`reference CSMS: timed out after ${timeoutMs} ms waiting for ${what}`));
      });
      loop();
    });
  }

  async function callStation(identity: string, action: string, payload: Record<string, unknown>): Promise<any> {
    const client = clients.get(identity);
    if (!client) throw new Error(`reference CSMS: station '${identity}' is not connected`);
    if (faults.has('second-concurrent-call')) {
      const extra = { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] };
      void ctx.record(identity, 'GetVariables', extra, client.call('GetVariables', extra)).catch(() => undefined);
    }
    return ctx.record(identity, action, payload, client.call(action, compact(payload)));
  }

  async function perform(identity: string, intent: CsmsIntent): Promise<void> {
    if (!clients.has(identity)) throw new Error(`reference CSMS: station '${identity}' is not connected`);
    await performIntent(ctx, identity, intent, callStation);
  }
  const api = await startCsmsApi({ label: 'reference OCPP 2.0.1 CSMS', intents: CSMS201_INTENTS, isConnected: (id) => clients.has(id), perform, sentActions: () => ctx.sent.map((m) => m.action) }, (opts as ReferenceCsmsOptions).listenAt);

  return {
    url,
    api: { url: api.url, token: api.token },
    caCertificate: issuer.caPem,
    call: callStation,
    perform,
    sendRaw(identity, text) {
      const client = clients.get(identity);
      if (!client) throw new Error(`reference CSMS: station '${identity}' is not connected`);
      client.sendRaw(text);
    },
    sent: (identity, action) => ctx.sent.filter((m) => (identity === undefined || m.identity === identity) && (action === undefined || m.action === action)),
    connectionCount: (identity) => connections.get(identity) ?? 0,
    extensions(identity) {
      const ws = (clients.get(identity) as unknown as { _ws?: { extensions?: string } } | undefined)?._ws;
      return ws?.extensions ?? '';
    },
    connected: () => [...clients.keys()],
    waitForStation: (identity, timeoutMs = 5000) => waitUntil(() => (clients.has(identity) ? true : undefined), timeoutMs, `station ${identity}`).then(() => undefined),
    transactions: () => [...ctx.transactions.values()],
    received: (identity, action) => ctx.received.filter((m) => (identity === undefined || m.identity === identity) && (action === undefined || m.action === action)),
    mark: () => ctx.received.length,
    waitFor(identity, action, o = {}) {
      const since = o.since ?? ctx.received.length;
      return waitUntil(
        () => ctx.received.slice(since).find((m) => m.identity === identity && m.action === action && (!o.match || o.match(m.payload)))?.payload,
        o.timeoutMs ?? 5000,
        `${action} from ${identity}`,
      );
    },
    async stop() {
      await api.stop();
      timers.clearAll();
      for (const w of waiters.splice(0)) w();
      await server.close({ force: true }).catch(() => undefined);
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        (httpServer as Server).closeAllConnections?.();
      });
    },
  };
}

import { ConfigError } from '../../../core/errors';
import type { Server } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { RPCServer, type RPCServerClient } from 'ocpp-rpc';
import type { CsmsIntent, CsmsSutControl, CsmsSutOptions } from '../../../rig/ocpp-sut';
import { CSMS_FAULTS, checkFaults } from '../faults';
import { Timers, messageId, ocpp16Validator, rawCall, speakOcpp16Errors } from '../util';
import { attachHandlers, type CsmsContext, type CsmsTransaction } from './handlers';
import { createIntents, CSMS16_INTENTS } from './intents';
import { startCsmsApi, type CsmsApi } from '../../common/csms-http-api';
import { type ListenAt, listenReferenceCsms } from '../../common/listen';
import { createIssuer } from '../../common/x509';

/** Extension of CsmsSutControl with reference-only inspection. */
export interface ReferenceCsmsControl extends CsmsSutControl {
  /** Its operator API (src/reference/common/csms-http-api.ts): base URL and bearer token. */
  readonly api: Pick<CsmsApi, 'url' | 'token'>;
  /** Identities currently connected. */
  connected(): string[];
  /** Resolves when the identity is connected (and has sent BootNotification if `booted`). */
  waitForStation(identity: string, timeoutMs?: number): Promise<void>;
  /** Transactions seen so far. */
  transactions(): CsmsTransaction[];
  /** Station-initiated messages received, oldest first. */
  received(identity?: string, action?: string): Array<{ identity: string; action: string; payload: any; at: number }>;
  /** Resolves with the next (or an already received, if `since` is given) message of that action. */
  waitFor(identity: string, action: string, opts?: { timeoutMs?: number; since?: number; match?: (p: any) => boolean }): Promise<any>;
  /** Count of received messages, for use as `since`. */
  mark(): number;
  /** CSMS-initiated CALLs so far (from call() and the CSMS's own, e.g. CertificateSigned) with their outcome. */
  sent(identity?: string, action?: string): Array<{ identity: string; action: string; payload: any; result?: any; error?: string }>;
  /** How many WebSocket connections an identity has opened. */
  connectionCount(identity: string): number;
  /** CA certificate (PEM) the CSMS signs station certificates with. */
  readonly caCertificate: string;
}

export interface ReferenceCsmsOptions extends CsmsSutOptions {
  /** Vendors whose DataTransfer is Accepted (default: EVC). */
  vendors?: string[];
  /** `evc serve-csms`: fixed host/ports and API token (default: 127.0.0.1, free ports, a fresh token). */
  listenAt?: ListenAt;
}

/** The `type-error-as-formation-violation` fault: CALLERRORs for a field of the wrong type say FormationViolation. */
function misnameTypeErrors(client: RPCServerClient): void {
  const send = client.sendRaw.bind(client);
  client.sendRaw = (message: string | Buffer) => send(String(message).startsWith('[4,') ? String(message).replace('"TypeConstraintViolation"', '"FormationViolation"') : message);
}

/**
 * Starts the reference OCPP 1.6J central system (ocpp-rpc RPCServer in strict mode) on 127.0.0.1 with an
 * ephemeral port: plain HTTP for SP0/SP1, HTTPS (TLS >= 1.2) for SP2/SP3 with client certificates for SP3.
 */
export async function startReferenceCsms(opts: CsmsSutOptions | ReferenceCsmsOptions): Promise<ReferenceCsmsControl> {
  if (opts.version !== '1.6') throw new ConfigError('reference OCPP 1.6 CSMS', 'version', `'${opts.version}' is not supported (only 1.6)`);
  const faults = checkFaults(opts.faults ?? [], CSMS_FAULTS);
  const timers = new Timers();
  const clients = new Map<string, RPCServerClient>();
  const waiters: Array<() => void> = [];
  const issuer = createIssuer('EVC Reference CSMS CA');
  const ctx: CsmsContext = {
    opts,
    faults,
    timers,
    transactions: new Map(),
    nextTransactionId: 1001,
    authorized: new Set(),
    // the 'alt' configuration has no DataTransfer agreement with any vendor (UnknownVendorId for all)
    vendors: new Set((opts as ReferenceCsmsOptions).vendors ?? (opts.variant === 'alt' ? [] : ['EVC'])),
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
  };
  const callTimeoutMs = Math.max(1000, 30_000 * opts.timeScale);

  const server = new RPCServer({
    protocols: ['ocpp1.6'],
    strictMode: true,
    strictModeValidators: [ocpp16Validator()],
    callTimeoutMs,
    pingIntervalMs: 0,
    callConcurrency: 1,
  });
  const sp = opts.securityProfile;

  /** AuthorizationKeys the CSMS set itself (ChangeConfiguration Accepted), overriding opts.stations. */
  const passwords = new Map<string, string>();

  server.auth((accept, reject, hs) => {
    const known = opts.stations[hs.identity];
    if (!known && !faults.has('no-404-for-unknown-identity')) return reject(404, 'Not found');
    if ((sp === 1 || sp === 2) && !faults.has('accepts-bad-password')) {
      const expected = passwords.get(hs.identity) ?? known?.password ?? '';
      if (!hs.password || hs.password.toString('utf8') !== expected) return reject(401, 'Unauthorized');
    }
    if (sp === 3 && !faults.has('accepts-untrusted-client-cert')) {
      const sock = hs.request.socket as TLSSocket;
      if (!sock.authorized) return reject(401, 'Unauthorized');
      const cn = sock.getPeerCertificate()?.subject?.CN;
      if (cn && cn !== hs.identity) return reject(401, 'Unauthorized');
    }
    accept({}, faults.has('no-subprotocol') ? (false as unknown as string) : undefined);
  });

  const connections = new Map<string, number>();
  server.on('client', (client: RPCServerClient) => {
    speakOcpp16Errors(client, faults.has('wrong-error-code-spelling'));
    if (faults.has('type-error-as-formation-violation')) misnameTypeErrors(client);
    connections.set(client.identity, (connections.get(client.identity) ?? 0) + 1);
    if (client.protocol !== 'ocpp1.6' && !faults.has('no-subprotocol')) {
      void client.close({ code: 1002, reason: 'Subprotocol ocpp1.6 required' });
      return;
    }
    const previous = clients.get(client.identity);
    if (previous && previous !== client) void previous.close({ force: true }).catch(() => undefined);
    clients.set(client.identity, client);
    client.on('close', () => {
      if (clients.get(client.identity) === client) clients.delete(client.identity);
    });
    client.on('strictValidationFailure', () => undefined);
    attachHandlers(ctx, client);
    for (const w of waiters.splice(0)) w();
  });
  server.on('error', () => undefined);

  const { httpServer, url } = await listenReferenceCsms(server, { securityProfile: sp, tls: opts.tls, issuerCaPem: issuer.caPem, faults, label: 'reference OCPP 1.6 CSMS', path: '/ocpp16', at: (opts as ReferenceCsmsOptions).listenAt });

  const received = (identity?: string, action?: string) =>
    ctx.received.filter((m) => (identity === undefined || m.identity === identity) && (action === undefined || m.action === action));

  function waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v !== undefined) {
          timers.clear(t);
          resolve(v);
          return true;
        }
        return false;
      };
      const t = timers.timeout(timeoutMs, () => {
        const i = waiters.indexOf(loop);
        if (i >= 0) waiters.splice(i, 1);
        reject(new Error(`reference CSMS: timed out after ${timeoutMs} ms waiting for ${what}`));
      });
      const loop = () => {
        if (!check()) waiters.push(loop);
      };
      if (!check()) waiters.push(loop);
    });
  }

  async function sendCall(identity: string, action: string, payload: Record<string, unknown>): Promise<unknown> {
    const client = clients.get(identity);
    if (!client) throw new Error(`reference CSMS: station '${identity}' is not connected`);
    if (faults.has('second-concurrent-call')) {
      client.sendRaw(JSON.stringify([2, messageId(), 'GetConfiguration', { key: ['HeartbeatInterval'] }]));
    }
    if (faults.has('wrong-message-id-length')) return ctx.record(client.identity, action, payload, rawCall(client, action, payload, { id: messageId(40), timeoutMs: callTimeoutMs, timers }));
    const result = await ctx.record(client.identity, action, payload, client.call(action, payload));
    // a station whose AuthorizationKey was changed reconnects with the new one (TC_073)
    if (action === 'ChangeConfiguration' && payload.key === 'AuthorizationKey' && (result as { status?: string })?.status === 'Accepted') {
      passwords.set(identity, String(payload.value));
    }
    return result;
  }
  const performIntent = createIntents(ctx, sendCall);
  async function perform(identity: string, intent: CsmsIntent): Promise<void> {
    if (!clients.has(identity)) throw new Error(`reference CSMS: cannot '${intent.name.replace(/-/g, ' ')}': station '${identity}' is not connected`);
    await performIntent(identity, intent);
  }
  const api = await startCsmsApi({ label: 'reference OCPP 1.6 CSMS', intents: CSMS16_INTENTS, isConnected: (id) => clients.has(id), perform, sentActions: () => ctx.sent.map((m) => m.action) }, (opts as ReferenceCsmsOptions).listenAt);

  return {
    url,
    api: { url: api.url, token: api.token },
    caCertificate: issuer.caPem,
    call: sendCall,
    perform,
    sent: (identity, action) => ctx.sent.filter((m) => (identity === undefined || m.identity === identity) && (action === undefined || m.action === action)),
    connectionCount: (identity) => connections.get(identity) ?? 0,
    connected: () => [...clients.keys()],
    waitForStation: (identity, timeoutMs = 5000) => waitUntil(() => (clients.has(identity) ? true : undefined), timeoutMs, `station ${identity}`).then(() => undefined),
    transactions: () => [...ctx.transactions.values()],
    received,
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

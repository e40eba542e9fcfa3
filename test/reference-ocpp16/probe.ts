import { RPCClient, RPCServer, type RPCServerClient } from 'ocpp-rpc';

/**
 * Lenient OCPP-J peers for fault tests: no strict mode, every frame recorded as text, so what a faulty
 * reference SUT puts on the wire can be inspected (and provoked with frames a strict peer would refuse).
 */

export interface ProbeCsms {
  url: string;
  frames: Array<{ dir: 'in' | 'out'; text: string; at: number }>;
  client(): Promise<RPCServerClient>;
  /** Holds every answer to the station for `ms` (to see whether it waits before its next CALL). */
  delayAnswers(ms: number): void;
  stop(): Promise<void>;
}

export function answer(action: string): Record<string, unknown> {
  const now = new Date().toISOString();
  switch (action) {
    case 'BootNotification':
      return { status: 'Accepted', currentTime: now, interval: 10 };
    case 'Heartbeat':
      return { currentTime: now };
    case 'Authorize':
      return { idTagInfo: { status: 'Accepted' } };
    case 'StartTransaction':
      return { transactionId: 42, idTagInfo: { status: 'Accepted' } };
    case 'DataTransfer':
      return { status: 'Accepted' };
    case 'SignCertificate':
      return { status: 'Accepted' };
    default:
      return {};
  }
}

export async function startProbeCsms(): Promise<ProbeCsms> {
  const server = new RPCServer({ protocols: ['ocpp1.6'], strictMode: false, pingIntervalMs: 0, callTimeoutMs: 500 });
  const frames: ProbeCsms['frames'] = [];
  let delay = 0;
  const timers = new Set<NodeJS.Timeout>();
  let resolveClient!: (c: RPCServerClient) => void;
  const first = new Promise<RPCServerClient>((r) => (resolveClient = r));
  server.on('client', (client: RPCServerClient) => {
    client.on('message', (ev: { message: string | Buffer; outbound: boolean }) => frames.push({ dir: ev.outbound ? 'out' : 'in', text: String(ev.message), at: Date.now() }));
    client.on('badMessage', () => undefined);
    client.handle(({ method }) => {
      if (delay === 0) return answer(method);
      return new Promise((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve(answer(method));
        }, delay);
        timers.add(t);
      });
    });
    resolveClient(client);
  });
  const http = await server.listen(0, '127.0.0.1');
  const port = (http.address() as { port: number }).port;
  return {
    url: `ws://127.0.0.1:${port}`,
    frames,
    client: () => first,
    delayAnswers(ms) {
      delay = ms;
    },
    async stop() {
      for (const t of timers) clearTimeout(t);
      await server.close({ force: true });
    },
  };
}

export interface ProbeStation {
  client: RPCClient;
  frames: Array<{ dir: 'in' | 'out'; text: string }>;
  stop(): Promise<void>;
}

/** A lenient station client connecting to a CSMS (no strict mode, frames recorded). */
export async function startProbeStation(url: string, identity: string, o: { password?: string; wsOpts?: Record<string, unknown> } = {}): Promise<ProbeStation> {
  const client = new RPCClient({
    endpoint: url,
    identity,
    protocols: ['ocpp1.6'],
    password: o.password ?? null,
    strictMode: false,
    reconnect: false,
    pingIntervalMs: 0,
    callTimeoutMs: 500,
    wsOpts: o.wsOpts ?? {},
  });
  const frames: ProbeStation['frames'] = [];
  client.on('message', (ev: { message: string | Buffer; outbound: boolean }) => frames.push({ dir: ev.outbound ? 'out' : 'in', text: String(ev.message) }));
  client.on('badMessage', () => undefined);
  client.handle(() => ({}));
  await client.connect();
  return {
    client,
    frames,
    async stop() {
      await client.close({ force: true });
    },
  };
}

/** Parsed frames of one direction. */
export function parsed(frames: Array<{ dir: string; text: string }>, dir: 'in' | 'out'): unknown[][] {
  const out: unknown[][] = [];
  for (const f of frames) {
    if (f.dir !== dir) continue;
    try {
      const v = JSON.parse(f.text);
      if (Array.isArray(v)) out.push(v);
    } catch {
      out.push(['unparsable', f.text]);
    }
  }
  return out;
}

/**
 * A simulated managed-switch port between a bench station and the network (the harness CSMS): a TCP relay the
 * station's CSMS URL points at. Port up: every connection is relayed to `target`. Port down: the link is
 * cut — live connections are dropped on both sides, and new connection attempts hang (no link: nothing
 * answers) until the port comes up again, when they are relayed as if the retransmitted SYN got through.
 *
 * Control (what a bench's `bench.network.down` / `up` commands reach, scripts/sim-switch-port.mjs): a TCP
 * port on 127.0.0.1 taking one line per command — `down`, `up` or `status` — answered `ok up|down` or
 * `error <why>`.
 *
 * Reference-side (simulated equipment): the harness reaches it only through the rig's commands.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface SimulatedSwitchPort {
  /** Where the station connects (the relay) and where the control port listens. */
  readonly port: number;
  readonly controlPort: number;
  readonly up: boolean;
  stop(): Promise<void>;
}

export interface SwitchPortOptions {
  host?: string;
  /** 0: any free port. */
  port: number;
  controlPort: number;
  target: { host: string; port: number };
  log?: (line: string) => void;
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.removeListener('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSimulatedSwitchPort(o: SwitchPortOptions): Promise<SimulatedSwitchPort> {
  const host = o.host ?? '127.0.0.1';
  let up = true;
  const live = new Set<net.Socket>();
  const held = new Set<net.Socket>();
  const all = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    all.add(s);
    s.once('close', () => {
      all.delete(s);
      live.delete(s);
      held.delete(s);
    });
    s.on('error', () => undefined);
  };

  const relay = (client: net.Socket) => {
    const upstream = net.connect(o.target.port, o.target.host);
    track(upstream);
    live.add(client);
    live.add(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
    client.resume();
  };

  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    track(client);
    if (up) relay(client);
    else held.add(client);
  });

  const setPort = (want: boolean) => {
    if (want === up) return;
    up = want;
    o.log?.(`switch port ${up ? 'up' : 'down'}`);
    if (!up) {
      for (const s of [...live]) s.destroy();
      return;
    }
    for (const s of [...held]) {
      held.delete(s);
      if (!s.destroyed) relay(s);
    }
  };

  const control = net.createServer((c) => {
    track(c);
    let buf = '';
    c.setEncoding('utf8');
    c.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const cmd = buf.slice(0, nl).trim().toLowerCase();
        buf = buf.slice(nl + 1);
        if (cmd === 'down' || cmd === 'up') setPort(cmd === 'up');
        c.write(cmd === 'down' || cmd === 'up' || cmd === 'status' ? `ok ${up ? 'up' : 'down'}\n` : `error unknown command '${cmd}' (down, up, status)\n`);
      }
    });
  });

  const port = await listen(server, o.port, host);
  let controlPort: number;
  try {
    controlPort = await listen(control, o.controlPort, host);
  } catch (e) {
    await new Promise<void>((r) => server.close(() => r()));
    throw e;
  }
  return {
    port,
    controlPort,
    get up() {
      return up;
    },
    async stop() {
      for (const s of [...all]) s.destroy();
      await Promise.all([server, control].map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}

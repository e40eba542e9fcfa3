/**
 * Misbehaving OCPP peers written for the verdict tests (not the reference SUTs), and a way to run real
 * `evc test` invocations against them through a temporary remote rig and feature file.
 *
 * - `stationPeer`: a charging station that keeps trying to reach the harness CSMS (a remote rig's listen
 *   port), then runs a script of frames.
 * - `csmsPeer`: a CSMS on a loopback port that hands each connection to a script.
 * - `runEvc`: `evc test` in a child process (async, so the peer in this process keeps running).
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket, { WebSocketServer } from 'ws';
import { spawnEvc } from '../support/evc-process';
export { freePort } from '../support/ports';

export const ROOT = path.resolve(__dirname, '..', '..');

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A frame channel over one WebSocket: send text, receive parsed frames in order. */
export interface Wire {
  ws: WebSocket;
  send(frame: unknown[] | string): void;
  /** The next frame received (parsed JSON array), waiting at most `ms`. */
  next(ms?: number): Promise<unknown[]>;
  /** Resolves when the socket closes. */
  closed: Promise<void>;
}

function wire(ws: WebSocket): Wire {
  const got: unknown[][] = [];
  const waiters: ((m: unknown[]) => void)[] = [];
  ws.on('message', (d) => {
    const msg = JSON.parse(d.toString()) as unknown[];
    const w = waiters.shift();
    if (w) w(msg);
    else got.push(msg);
  });
  const closed = new Promise<void>((r) => ws.once('close', () => r()));
  return {
    ws,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next: (ms = 10_000) =>
      got.length
        ? Promise.resolve(got.shift()!)
        : new Promise((resolve, reject) => {
            const t = setTimeout(() => reject(new Error(`peer: nothing received within ${ms} ms`)), ms);
            waiters.push((m) => {
              clearTimeout(t);
              resolve(m);
            });
          }),
    closed,
  };
}

/**
 * A station that connects to `url` as soon as the harness CSMS listens (retrying), runs `script`, then stays
 * connected until the harness closes. Resolves with the script's error, if any, when the peer is done.
 */
export function stationPeer(url: string, protocol: string, script: (w: Wire) => Promise<void>, giveUpMs = 60_000): { done: Promise<Error | undefined>; stop: () => void } {
  let stopped = false;
  let current: WebSocket | undefined;
  const done = (async () => {
    const until = Date.now() + giveUpMs;
    while (!stopped && Date.now() < until) {
      const ws = new WebSocket(url, [protocol]);
      current = ws;
      const opened = await new Promise<boolean>((resolve) => {
        ws.once('open', () => resolve(true));
        ws.once('error', () => resolve(false));
      });
      if (!opened) {
        await sleep(50);
        continue;
      }
      const w = wire(ws);
      try {
        await script(w);
      } catch (e) {
        ws.terminate();
        return e as Error;
      }
      await w.closed;
      return undefined;
    }
    return stopped ? undefined : new Error('peer station never reached the harness CSMS');
  })();
  return {
    done,
    stop: () => {
      stopped = true;
      current?.terminate();
    },
  };
}

/** A CSMS on a loopback port; each connection is handed to `script`. */
export async function csmsPeer(protocol: string, script: (w: Wire) => Promise<void>): Promise<{ url: string; errors: Error[]; stop: () => Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: (offered) => (offered.has(protocol) ? protocol : false) });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const errors: Error[] = [];
  server.on('connection', (ws) => {
    script(wire(ws)).catch((e: Error) => errors.push(e));
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ocpp`,
    errors,
    stop: async () => {
      for (const c of server.clients) c.terminate();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export interface EvcRun {
  code: number | null;
  out: string;
  ms: number;
  /** Scenario durations (s) from the JUnit report, by scenario name. */
  junit: Record<string, number>;
}

/** A temporary directory with a feature file, a rig file and a reports dir for one `evc test` run. */
export function workspace(prefix: string): { dir: string; file: (name: string, text: string) => string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    dir,
    file: (name, text) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, text);
      return f;
    },
  };
}

export async function runEvc(args: string[], env: Record<string, string>, reportsDir: string): Promise<EvcRun> {
  const run = await spawnEvc(['test', ...args], { EVC_REPORTS_DIR: reportsDir, ...env });
  const junit: Record<string, number> = {};
  const xml = path.join(reportsDir, 'junit.xml');
  if (fs.existsSync(xml)) {
    for (const m of fs.readFileSync(xml, 'utf8').matchAll(/<testcase[^>]*?\sname="([^"]*)"[^>]*?time="([\d.]+)"/g)) junit[m[1]] = Number(m[2]);
  }
  return { ...run, junit };
}

/**
 * Several lean load CSMS processes (process.ts), one port each: 120k sockets do not fit under one process's
 * open-file limit (here 20000). Each runs under `bash -c 'ulimit -n …'` (raised to 65536, else to the hard
 * limit: node cannot raise its own). Ports are consecutive from `port` (0: each picks a free one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { LoadCsmsOptions, LoadCsmsStats } from './server';

export interface LoadCsmsFleet {
  urls: string[];
  pids: number[];
  /** Each process's stats with its CPU time (µs) and RSS. */
  stats(): Promise<{ stats: LoadCsmsStats; cpuUs: number; rss: number }[]>;
  stop(): Promise<void>;
}

const ENTRY = path.join(__dirname, 'process.ts');

function spawnOne(opts: LoadCsmsOptions): ChildProcess {
  const script = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
  return spawn('bash', ['-c', script, process.execPath, '--import', 'tsx', ENTRY], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, EVC_LOAD_CSMS: JSON.stringify(opts) },
  });
}

export async function startLoadCsmsFleet(processes: number, opts: LoadCsmsOptions = {}): Promise<LoadCsmsFleet> {
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  try {
    for (let i = 0; i < Math.max(1, processes); i++) {
      const child = spawnOne({ ...opts, port: opts.port ? opts.port + i : 0 });
      children.push(child);
      urls.push(
        await new Promise<string>((resolve, reject) => {
          const t = setTimeout(() => reject(new Error(`load CSMS process ${i} did not start within 20 s`)), 20_000);
          child.once('message', (m: { type: string; url: string }) => {
            clearTimeout(t);
            resolve(m.url);
          });
          child.once('exit', (code) => {
            clearTimeout(t);
            reject(new Error(`load CSMS process ${i} exited with ${code}`));
          });
        }),
      );
    }
  } catch (e) {
    for (const c of children) c.kill('SIGKILL');
    throw e;
  }
  return {
    urls,
    pids: children.map((c) => c.pid ?? 0),
    async stats() {
      return Promise.all(
        children.map(
          (c) =>
            new Promise<{ stats: LoadCsmsStats; cpuUs: number; rss: number }>((resolve) => {
              const on = (m: { type: string; stats: LoadCsmsStats; cpu: NodeJS.CpuUsage; rss: number }) => {
                if (m.type !== 'stats') return;
                c.off('message', on);
                resolve({ stats: m.stats, cpuUs: m.cpu.user + m.cpu.system, rss: m.rss });
              };
              c.on('message', on);
              c.send({ type: 'stats' });
            }),
        ),
      );
    },
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null || c.signalCode !== null) return resolve();
              const t = setTimeout(() => c.kill('SIGKILL'), 5000);
              c.once('exit', () => {
                clearTimeout(t);
                resolve();
              });
              if (c.connected) c.send({ type: 'stop' });
              else c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

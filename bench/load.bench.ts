/**
 * Load-mode benchmark (npm run bench load): the lean load CSMS in its own processes (≤ 15000 sockets each), then
 * the same load — connect, BootNotification, Heartbeats only — from (a) a bare `ws` swarm (minimal code: one
 * setInterval per station) and (b) our swarm (src/load), at a small count and at a large one. Printed side by
 * side: % of a core per 1k stations (process.cpuUsage of the swarm processes over the steady phase), RSS per
 * station, event-loop delay p99 (monitorEventLoopDelay in each swarm process, worst second of the steady phase),
 * heartbeat drift p99 (send time minus due time), connected at the end.
 *
 * Open files: node cannot raise its own limit, so every swarm and CSMS process runs under
 * `bash -c 'ulimit -n 65536 || ulimit -n <hard limit>; exec node …'` — the soft limit is raised to the hard one
 * (20000 on the machine this was written on: hence ≤ 15000 sockets a process). Source addresses 127.0.0.1..N
 * (one per 4000 stations; the bare swarm on 127.0.1.x, ours on 127.0.2.x, so neither binds among the other's
 * TIME_WAIT ports) keep each address's ephemeral-port search short.
 *
 * Environment: EVC_LOAD_BENCH_MAX (large count, default 120000), EVC_LOAD_BENCH_SMALL (default 10000),
 * EVC_LOAD_BENCH_STEADY_S (steady phase, default 60), EVC_LOAD_BENCH_RAMP (connections/s, default 2000),
 * EVC_LOAD_BENCH_HB (heartbeat interval answered by the CSMS, s, default 30).
 */
import type { ChildProcess } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { Histogram, type HistogramData } from '../src/load/metrics';
import { resolveProfile, splitRanges, validateProfileData } from '../src/load/profile';
import { runSwarm, spawnNodeWithNofile } from '../src/load/swarm';
import { startLoadCsmsFleet } from '../src/reference/load-csms/cluster';

const PER_PROCESS = 15_000;
const env = (k: string, d: number) => (Number(process.env[k]) > 0 ? Number(process.env[k]) : d);

interface BareStart {
  urls: string[];
  first: number;
  count: number;
  total: number;
  rampPerSecond: number;
  hbS: number;
  addresses: number;
}
interface BareReport {
  connected: number;
  cpuUs: number;
  rss: number;
  lagP99Ms: number;
  drift: HistogramData;
}

/** (a) The bare swarm's worker: the least code that connects, boots and heartbeats. */
function bareWorker(): void {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let connected = 0;
  let drift = new Histogram();
  const sockets: WebSocket[] = [];
  process.on('message', (m: BareStart | { stop: true }) => {
    if ('stop' in m) {
      for (const ws of sockets) ws.terminate();
      process.exit(0);
    }
    const spacing = (1000 * m.total) / (m.count * m.rampPerSecond);
    for (let i = 0; i < m.count; i++) {
      const n = m.first + i + 1;
      setTimeout(() => {
        const ws = new WebSocket(`${m.urls[n % m.urls.length]}/BARE-${n}`, ['ocpp1.6'], { perMessageDeflate: false, localAddress: `127.0.1.${1 + (n % m.addresses)}` });
        sockets.push(ws);
        let id = 0;
        let due = 0;
        ws.on('open', () => {
          connected++;
          ws.send(JSON.stringify([2, String(++id), 'BootNotification', { chargePointVendor: 'bare', chargePointModel: 'bare' }]));
        });
        ws.on('message', (d) => {
          const f = JSON.parse(String(d));
          if (f[1] !== '1') return;
          const ms = (f[2].interval ?? m.hbS) * 1000;
          due = performance.now() + ms;
          setInterval(() => {
            drift.recordMs(performance.now() - due);
            due += ms;
            ws.send(JSON.stringify([2, String(++id), 'Heartbeat', {}]));
          }, ms);
        });
        ws.on('close', () => connected--);
        ws.on('error', () => {});
      }, i * spacing);
    }
  });
  setInterval(() => {
    const cpu = process.cpuUsage();
    const r: BareReport = { connected, cpuUs: cpu.user + cpu.system, rss: process.memoryUsage.rss(), lagP99Ms: lag.percentile(99) / 1e6, drift: drift.toData() };
    drift = new Histogram();
    lag.reset();
    process.send?.(r);
  }, 1000);
}

interface Figures {
  name: string;
  count: number;
  processes: number;
  rssMb: number;
  corePer1k: number;
  rssPerStationKb: number;
  lagP99Ms: number;
  driftP99Ms: number;
  connected: number;
}

/** CPU over the steady phase and the worst event-loop second, from per-process samples taken each second. */
class Sampler {
  private cpuAtSteady = 0;
  private wallAtSteady = 0;
  private lastCpu = 0;
  private lastWall = 0;
  worstLag = 0;
  constructor(private readonly rampEndMs: number) {}
  sample(elapsedMs: number, cpuUs: number, lagWorst: number): void {
    if (elapsedMs < this.rampEndMs) return;
    if (!this.wallAtSteady) {
      this.wallAtSteady = elapsedMs;
      this.cpuAtSteady = cpuUs;
      return;
    }
    this.worstLag = Math.max(this.worstLag, lagWorst);
    this.lastCpu = cpuUs;
    this.lastWall = elapsedMs;
  }
  coreShare(): number {
    return this.lastWall > this.wallAtSteady ? (this.lastCpu - this.cpuAtSteady) / 1000 / (this.lastWall - this.wallAtSteady) : NaN;
  }
}

async function runBare(urls: string[], count: number, rampPerSecond: number, hbS: number, steadyMs: number): Promise<Figures> {
  const ranges = splitRanges(count, Math.ceil(count / PER_PROCESS));
  const addresses = Math.max(1, Math.ceil(count / 4_000));
  const last = new Map<ChildProcess, BareReport>();
  const drift = new Histogram();
  const children = ranges.map((r) => {
    const c = spawnNodeWithNofile(__filename, ['--bare'], { EVC_LOAD_BENCH_BARE: '1' });
    c.on('message', (m: BareReport) => {
      last.set(c, m);
      drift.merge(m.drift);
    });
    c.send({ urls, first: r.first, count: r.count, total: count, rampPerSecond, hbS, addresses } satisfies BareStart);
    return c;
  });
  const rampMs = (1000 * count) / rampPerSecond + 3000;
  const sampler = new Sampler(rampMs);
  const t0 = Date.now();
  while (Date.now() - t0 < rampMs + steadyMs) {
    await new Promise((r) => setTimeout(r, 1000));
    const all = [...last.values()];
    sampler.sample(Date.now() - t0, all.reduce((n, x) => n + x.cpuUs, 0), Math.max(0, ...all.map((x) => x.lagP99Ms)));
  }
  const all = [...last.values()];
  const connected = all.reduce((n, x) => n + x.connected, 0);
  const rss = all.reduce((n, x) => n + x.rss, 0);
  await Promise.all(children.map((c) => new Promise<void>((r) => (c.exitCode !== null ? r() : (c.once('exit', () => r()), c.send({ stop: true }))))));
  return { name: 'bare ws', count, processes: children.length, rssMb: rss / 2 ** 20, corePer1k: (100 * sampler.coreShare() * 1000) / count, rssPerStationKb: rss / count / 1024, lagP99Ms: sampler.worstLag, driftP99Ms: drift.quantileMs(0.99), connected };
}

async function runOurs(urls: string[], count: number, rampPerSecond: number, steadyMs: number): Promise<Figures> {
  const rampS = count / rampPerSecond;
  const profile = resolveProfile(
    validateProfileData(
      {
        name: 'bench',
        csms: { urls },
        stations: count,
        ramp: { perSecond: rampPerSecond },
        messages: { statusNotification: false },
        duration: rampS + 3 + steadyMs / 1000,
        validateSample: 0.01,
        workers: Math.ceil(count / PER_PROCESS),
        localAddresses: Math.max(1, Math.ceil(count / 4_000)),
        // its own source addresses: the bare swarm's TIME_WAIT ports on 127.0.1.x do not slow its binds
        localNet: '127.0.2',
      },
      'load bench',
    ),
    { source: 'load bench' },
  );
  const sampler = new Sampler(rampS * 1000 + 3000);
  const t0 = Date.now();
  let rss = 0;
  const s = await runSwarm(profile, {
    run: 'bench',
    onPoint: (_p, agg) => {
      const procs = agg.processFigures();
      rss = procs.reduce((n, x) => n + x.rss, 0);
      sampler.sample(Date.now() - t0, procs.reduce((n, x) => n + x.cpuUs, 0), Math.max(0, ...procs.map((x) => x.lagP99Ms)));
    },
  });
  return { name: 'evc load', count, processes: profile.workers, rssMb: rss / 2 ** 20, corePer1k: (100 * sampler.coreShare() * 1000) / count, rssPerStationKb: rss / count / 1024, lagP99Ms: sampler.worstLag, driftP99Ms: s.heartbeatDrift.p99, connected: s.connected };
}

function table(rows: Figures[]): string {
  const head = ['swarm', 'stations', 'processes', 'RSS MB', '% core / 1k', 'RSS KB / station', 'loop lag p99 ms', 'hb drift p99 ms', 'connected'];
  const body = rows.map((r) => [r.name, String(r.count), String(r.processes), r.rssMb.toFixed(0), r.corePer1k.toFixed(2), r.rssPerStationKb.toFixed(1), r.lagP99Ms.toFixed(1), r.driftP99Ms.toFixed(1), String(r.connected)]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  return [head, ...body].map((r) => r.map((c, i) => c.padStart(w[i])).join('  ')).join('\n');
}

async function main(): Promise<void> {
  const max = env('EVC_LOAD_BENCH_MAX', 120_000);
  const small = Math.min(env('EVC_LOAD_BENCH_SMALL', 10_000), max);
  const steadyMs = env('EVC_LOAD_BENCH_STEADY_S', 60) * 1000;
  const ramp = env('EVC_LOAD_BENCH_RAMP', 2000);
  const hbS = env('EVC_LOAD_BENCH_HB', 30);
  const rows: Figures[] = [];
  for (const count of small === max ? [max] : [small, max]) {
    const fleet = await startLoadCsmsFleet(Math.ceil(count / PER_PROCESS), { heartbeatInterval: hbS });
    try {
      console.log(`load bench: ${count} stations, lean CSMS in ${fleet.urls.length} process(es), ramp ${ramp}/s, steady ${steadyMs / 1000} s, heartbeat ${hbS} s`);
      rows.push(await runBare(fleet.urls, count, ramp, hbS, steadyMs));
      await new Promise((r) => setTimeout(r, 2000)); // the CSMS sees the bare swarm's sockets go
      rows.push(await runOurs(fleet.urls, count, ramp, steadyMs));
      const csms = await fleet.stats();
      console.log(`load bench: lean CSMS: ${csms.map((c) => `${c.stats.connections} connections, ${c.stats.messages} messages, ${(c.cpuUs / 1e6).toFixed(1)} s CPU, ${(c.rss / 2 ** 20).toFixed(0)} MB`).join('; ')}`);
    } finally {
      await fleet.stop();
    }
  }
  console.log(`\n${table(rows)}\n`);
}

if (process.env.EVC_LOAD_BENCH_BARE === '1') bareWorker();
else
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );

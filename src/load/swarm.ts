/**
 * The swarm: the profile's stations in this process (workers: 0) or in K worker processes of ≤ stationsPerWorker
 * each (src/load/worker.ts), each worker under `bash -c 'ulimit -n …'` so its open-file limit is raised to the
 * hard limit (node cannot raise it itself). The parent merges the workers' once-a-second deltas, closes one
 * series point a second, prints a progress line (stderr: every second on a TTY, every 5 s otherwise) and ends
 * the run after the profile's duration (or on abort), collecting each worker's final delta.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { LoadEngine } from './engine';
import { LoadAggregate, type LoadSummary, type SeriesPoint } from './metrics';
import { splitRanges, type LoadProfile } from './profile';
import type { FromWorker, ToWorker } from './worker';

export interface SwarmOptions {
  /** Run name (summary.run). */
  run?: string;
  /** Progress lines: 'auto' (stderr, TTY-aware), a function, or off. */
  progress?: 'auto' | ((line: string) => void) | false;
  signal?: AbortSignal;
  /** Every closed second (the harness and tests watch the run). */
  onPoint?: (p: SeriesPoint, agg: LoadAggregate) => void;
  /** Wheel tick, ms. */
  tickMs?: number;
}

const WORKER_FILE = path.join(__dirname, 'worker.ts');

export function progressLine(agg: LoadAggregate, last: SeriesPoint | undefined): string {
  const errs = Object.entries(agg.errors).filter(([, n]) => n);
  const e = errs.length ? errs.map(([k, n]) => `${k} ${n}`).join(', ') : '0';
  return `evc load: ${Math.round(agg.elapsedS)} s  connected ${agg.connected}/${agg.target}  booted ${agg.booted}  ${last?.callsPerS ?? 0} calls/s  errors: ${e}`;
}

function progressSink(o: SwarmOptions): ((line: string, final?: boolean) => void) | undefined {
  if (o.progress === false || o.progress === undefined) return undefined;
  if (typeof o.progress === 'function') {
    const f = o.progress;
    return (l) => f(l);
  }
  const tty = process.stderr.isTTY;
  let n = 0;
  return (line, final) => {
    if (tty) process.stderr.write(`\r${line.padEnd(110).slice(0, Math.max(110, line.length))}${final ? '\n' : ''}`);
    else if (final || ++n % 5 === 0) process.stderr.write(`${line}\n`);
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs the profile to its end; returns the summary (never throws for what the CSMS does). */
export async function runSwarm(profile: LoadProfile, o: SwarmOptions = {}): Promise<LoadSummary> {
  const agg = new LoadAggregate();
  const show = progressSink(o);
  const problems: string[] = [];
  const closeSecond = () => {
    const p = agg.tick();
    o.onPoint?.(p, agg);
    show?.(progressLine(agg, p));
  };
  if (profile.workers === 0) {
    const engine = new LoadEngine({ profile, range: { first: 0, count: profile.stations }, tickMs: o.tickMs });
    engine.start();
    const ticker = setInterval(() => {
      agg.add(0, engine.delta());
      closeSecond();
    }, 1000);
    try {
      await sleep(profile.durationMs, o.signal);
    } finally {
      clearInterval(ticker);
      await engine.stop();
      agg.add(0, engine.delta());
      agg.tick();
    }
  } else {
    const ranges = splitRanges(profile.stations, profile.workers);
    const workers = ranges.map((range, k) => startWorker(k, { type: 'start', profile, range, tickMs: o.tickMs }, agg, problems));
    const ticker = setInterval(closeSecond, 1000);
    try {
      // the duration counts from the moment every worker holds its stations (starting node + tsx takes seconds)
      const readyWait = new AbortController();
      const stopWaiting = () => readyWait.abort();
      o.signal?.addEventListener('abort', stopWaiting, { once: true });
      await Promise.race([Promise.all(workers.map((w) => w.ready)).then(stopWaiting), sleep(30_000, readyWait.signal)]);
      o.signal?.removeEventListener('abort', stopWaiting);
      await sleep(profile.durationMs, o.signal);
    } finally {
      clearInterval(ticker);
      await Promise.all(workers.map((w) => w.stop()));
      agg.tick();
    }
  }
  show?.(progressLine(agg, agg.series[agg.series.length - 1]), true);
  return agg.summary(o.run ?? profile.name, problems);
}

interface WorkerHandle {
  child: ChildProcess;
  /** Resolves when the worker has created its stations (or has ended). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** Spawns one worker with its open-file limit raised (bash ulimit: to 65536, else to the hard limit). */
export function spawnNodeWithNofile(file: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): ChildProcess {
  const script = 'ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$0" "$@"';
  return spawn('bash', ['-c', script, process.execPath, '--import', 'tsx', file, ...args], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
}

function startWorker(k: number, start: ToWorker, agg: LoadAggregate, problems: string[]): WorkerHandle {
  const child = spawnNodeWithNofile(WORKER_FILE, [], { EVC_LOAD_WORKER: '1' });
  const source = k + 1;
  let done: () => void = () => {};
  const finished = new Promise<void>((resolve) => (done = resolve));
  let ended = false;
  let stopping = false;
  let isReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (isReady = resolve));
  void finished.then(() => isReady());
  child.on('message', (m: FromWorker) => {
    if (m.type === 'ready') isReady();
    if (m.type === 'delta' || m.type === 'done') agg.add(source, m.delta);
    if (m.type === 'error') problems.push(`worker ${k}: ${m.message}`);
    if (m.type === 'done') done();
  });
  child.on('exit', (code, signal) => {
    ended = true;
    if (!stopping) problems.push(`worker ${k} exited early (${code ?? signal})`);
    done();
  });
  child.on('error', (e) => {
    problems.push(`worker ${k}: ${e.message}`);
    ended = true;
    done();
  });
  child.send(start);
  return {
    child,
    ready,
    async stop() {
      stopping = true;
      if (!ended && child.connected) child.send({ type: 'stop' } satisfies ToWorker);
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await finished;
      if (!ended) await new Promise<void>((r) => (child.exitCode !== null ? r() : child.once('exit', () => r())));
      clearTimeout(t);
    },
  };
}

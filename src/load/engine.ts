/**
 * The stations of one process (a worker, or the whole swarm when it runs in-process): one timer wheel, one
 * delta recorder, the ramp, and a stop that closes every socket (terminating what has not closed within a
 * bound). The process figures (CPU, RSS, event-loop delay p99) ride along with each delta.
 */
import fs from 'node:fs';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { DeltaRecorder, type MetricsDelta } from './metrics';
import { formatId, type LoadProfile, type StationRange } from './profile';
import { LoadStation, type StationHost } from './station';
import { TimerWheel } from './wheel';

export interface EngineOptions {
  profile: LoadProfile;
  /** Which stations of the swarm this engine holds. */
  range: StationRange;
  /** Tick of the timer wheel, ms (default 10). */
  tickMs?: number;
}

function isLoopback(url: string): boolean {
  try {
    const h = new URL(url).hostname;
    return h === 'localhost' || h.startsWith('127.');
  } catch {
    return false;
  }
}

export class LoadEngine implements StationHost {
  readonly wheel: TimerWheel;
  readonly rec = new DeltaRecorder();
  readonly profile: LoadProfile;
  readonly stations: LoadStation[] = [];
  connected = 0;
  booted = 0;
  stopping = false;
  /** Connected and booted when stop began: what the run ended with (the closes that follow are ours). */
  private atStop: { connected: number; booted: number } | undefined;
  private open = 0;
  private closedWaiter: (() => void) | undefined;
  private readonly loopback: boolean;
  private readonly lag: IntervalHistogram;
  /** Security profiles 2/3: the PEM files, read once for all the stations of this process. */
  readonly tls: { ca?: Buffer; cert?: Buffer; key?: Buffer } | undefined;

  constructor(private readonly o: EngineOptions) {
    this.profile = o.profile;
    const t = o.profile.tls;
    this.tls = t ? { ...(t.ca ? { ca: fs.readFileSync(t.ca) } : {}), ...(t.cert ? { cert: fs.readFileSync(t.cert) } : {}), ...(t.key ? { key: fs.readFileSync(t.key) } : {}) } : undefined;
    this.wheel = new TimerWheel({ tickMs: o.tickMs ?? 10 });
    this.loopback = o.profile.localAddresses > 1 && o.profile.urls.every(isLoopback);
    this.lag = monitorEventLoopDelay({ resolution: 10 });
    this.lag.enable();
  }

  get target(): number {
    return this.o.range.count;
  }

  localAddress(n: number): string | undefined {
    return this.loopback ? `${this.profile.localNet}.${1 + (n % this.profile.localAddresses)}` : undefined;
  }

  socketClosed(): void {
    this.open--;
    if (this.open <= 0 && this.closedWaiter) this.closedWaiter();
  }

  /** Creates the stations and arms their connects along the ramp. */
  start(): void {
    const p = this.profile;
    const { first, count } = this.o.range;
    // this engine's share of the swarm's ramp: its stations interleave with the other workers'
    const spacingMs = Number.isFinite(p.rampPerSecond) ? (1000 * p.stations) / (count * p.rampPerSecond) : 0;
    for (let i = 0; i < count; i++) {
      const n = p.idStart + first + i;
      const st = new LoadStation(this, n, formatId(p.idPattern, n));
      this.stations.push(st);
      st.start(i * spacingMs);
    }
  }

  /** Counters since the previous call, with this process's figures. */
  delta(): MetricsDelta {
    const d = this.rec.take(this.atStop?.connected ?? this.connected, this.target, this.atStop?.booted ?? this.booted);
    const cpu = process.cpuUsage();
    d.process = { pid: process.pid, cpuUs: cpu.user + cpu.system, rss: process.memoryUsage.rss(), lagP99Ms: this.lag.percentile(99) / 1e6 };
    this.lag.reset();
    return d;
  }

  /** Closes every socket (normal close), terminating those still open after graceMs; stops the wheel. */
  async stop(graceMs = 2000): Promise<void> {
    if (this.stopping) return;
    this.atStop = { connected: this.connected, booted: this.booted };
    this.stopping = true;
    this.open = this.stations.reduce((n, s) => n + (s.ws ? 1 : 0), 0);
    const allClosed = new Promise<void>((resolve) => {
      this.closedWaiter = resolve;
      if (this.open <= 0) resolve();
    });
    for (const s of this.stations) s.stop();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([allClosed, grace]);
    clearTimeout(timer);
    if (this.open > 0) {
      for (const s of this.stations) s.kill();
      await Promise.race([allClosed, new Promise((r) => setTimeout(r, 500))]);
    }
    this.wheel.stop();
    this.lag.disable();
  }
}

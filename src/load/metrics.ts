/**
 * Load-mode metrics: log-linear latency histograms (16 linear sub-buckets per power of two, ≤ 6.25 % error;
 * values in microseconds), counters by action and by error kind, and the snapshots workers send their parent
 * once a second. Everything here is mergeable: a histogram is a sparse list of bucket counts.
 */

export const ERROR_KINDS = [
  'timeout',
  'callerror',
  'unmatched-id',
  'bad-frame',
  'schema',
  'socket-error',
  'closed-by-csms',
  'upgrade-refused',
  'connect-timeout',
  'boot-rejected',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

const SUB_BITS = 4;
const SUB = 1 << SUB_BITS; // 16
const MAX_US = 2 ** 31 - 1;

export function bucketOf(us: number): number {
  const v = Math.min(MAX_US, Math.max(0, Math.floor(us)));
  if (v < 2 * SUB) return v;
  const msb = 31 - Math.clz32(v);
  const shift = msb - SUB_BITS;
  return shift * SUB + (v >>> shift);
}

/** The bucket's [low, high] value range in microseconds. */
export function bucketRange(i: number): [number, number] {
  if (i < 2 * SUB) return [i, i];
  const shift = Math.floor(i / SUB) - 1;
  const sub = i - shift * SUB;
  return [sub * 2 ** shift, (sub + 1) * 2 ** shift - 1];
}

export type SparseHistogram = [number, number][];

export class Histogram {
  private readonly counts = new Map<number, number>();
  count = 0;
  sumUs = 0;
  maxUs = 0;

  /** Records a value in milliseconds. */
  recordMs(ms: number): void {
    this.recordUs(ms * 1000);
  }

  recordUs(us: number): void {
    const b = bucketOf(us);
    this.counts.set(b, (this.counts.get(b) ?? 0) + 1);
    this.count++;
    this.sumUs += us;
    if (us > this.maxUs) this.maxUs = us;
  }

  merge(other: Histogram | HistogramData): void {
    const data = other instanceof Histogram ? other.toData() : other;
    for (const [b, c] of data.buckets) this.counts.set(b, (this.counts.get(b) ?? 0) + c);
    this.count += data.count;
    this.sumUs += data.sumUs;
    if (data.maxUs > this.maxUs) this.maxUs = data.maxUs;
  }

  /** The q-quantile (0..1) in ms: the upper bound of the bucket holding it (the exact max for q = 1). */
  quantileMs(q: number): number {
    if (this.count === 0) return NaN;
    if (q >= 1) return this.maxUs / 1000;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (const b of [...this.counts.keys()].sort((x, y) => x - y)) {
      seen += this.counts.get(b)!;
      if (seen >= rank) return Math.min(bucketRange(b)[1], this.maxUs) / 1000;
    }
    return this.maxUs / 1000;
  }

  meanMs(): number {
    return this.count ? this.sumUs / this.count / 1000 : NaN;
  }

  toData(): HistogramData {
    return { buckets: [...this.counts], count: this.count, sumUs: this.sumUs, maxUs: this.maxUs };
  }

  static from(data: HistogramData): Histogram {
    const h = new Histogram();
    h.merge(data);
    return h;
  }

  reset(): void {
    this.counts.clear();
    this.count = 0;
    this.sumUs = 0;
    this.maxUs = 0;
  }
}

export interface HistogramData {
  buckets: SparseHistogram;
  count: number;
  sumUs: number;
  maxUs: number;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarizeHistogram(h: Histogram): LatencySummary {
  const r = (x: number) => (Number.isFinite(x) ? Math.round(x * 100) / 100 : 0);
  return { count: h.count, p50: r(h.quantileMs(0.5)), p90: r(h.quantileMs(0.9)), p95: r(h.quantileMs(0.95)), p99: r(h.quantileMs(0.99)), max: r(h.quantileMs(1)), mean: r(h.meanMs()) };
}

/** Process figures a worker reports with each snapshot (for the bench and the report). */
export interface ProcessFigures {
  pid: number;
  /** CPU time used since the process started, µs (user + system). */
  cpuUs: number;
  rss: number;
  /** Event-loop delay p99 over the last second, ms. */
  lagP99Ms: number;
}

/** What one worker (or the in-process engine) sends once a second: deltas since its previous snapshot. */
export interface MetricsDelta {
  connected: number;
  target: number;
  booted: number;
  calls: Record<string, number>;
  answers: Record<string, number>;
  errors: Partial<Record<ErrorKind, number>>;
  latency: Record<string, HistogramData>;
  /** Heartbeat send time minus its due time (timer drift), ms. */
  heartbeatDrift: HistogramData;
  /** Calls the CSMS made to the stations, by action. */
  csmsCalls: Record<string, number>;
  /** The last detail seen per error kind (e.g. the close code, the refused status). */
  lastErrors?: Partial<Record<ErrorKind, string>>;
  process?: ProcessFigures;
}

/** Counters and histograms since the last delta was taken (one instance per engine). */
export class DeltaRecorder {
  calls: Record<string, number> = {};
  answers: Record<string, number> = {};
  errors: Partial<Record<ErrorKind, number>> = {};
  latency = new Map<string, Histogram>();
  heartbeatDrift = new Histogram();
  csmsCalls: Record<string, number> = {};
  lastError: Partial<Record<ErrorKind, string>> = {};

  call(action: string): void {
    this.calls[action] = (this.calls[action] ?? 0) + 1;
  }

  answered(action: string, ms: number): void {
    this.answers[action] = (this.answers[action] ?? 0) + 1;
    let h = this.latency.get(action);
    if (!h) this.latency.set(action, (h = new Histogram()));
    h.recordMs(ms);
  }

  error(kind: ErrorKind, detail?: string): void {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
    if (detail) this.lastError[kind] = detail;
  }

  csmsCall(action: string): void {
    this.csmsCalls[action] = (this.csmsCalls[action] ?? 0) + 1;
  }

  /** The delta since the last take; the recorder starts again from zero. */
  take(connected: number, target: number, booted: number): MetricsDelta {
    const latency: Record<string, HistogramData> = {};
    for (const [a, h] of this.latency) latency[a] = h.toData();
    const d: MetricsDelta = { connected, target, booted, calls: this.calls, answers: this.answers, errors: this.errors, latency, heartbeatDrift: this.heartbeatDrift.toData(), csmsCalls: this.csmsCalls, lastErrors: this.lastError };
    this.lastError = {};
    this.calls = {};
    this.answers = {};
    this.errors = {};
    this.latency = new Map();
    this.heartbeatDrift = new Histogram();
    this.csmsCalls = {};
    return d;
  }
}

export interface SeriesPoint {
  /** Seconds since the run started. */
  t: number;
  connected: number;
  callsPerS: number;
  errors: Partial<Record<ErrorKind, number>>;
  latency: Record<string, { p50: number; p95: number; p99: number }>;
}

export interface LoadSummary {
  run: string;
  startedAt: string;
  seconds: number;
  target: number;
  /** Connected at the end of the run. */
  connected: number;
  /** Most connected at once. */
  peakConnected: number;
  booted: number;
  calls: Record<string, number>;
  answers: Record<string, number>;
  totalCalls: number;
  errors: Record<ErrorKind, number>;
  totalErrors: number;
  lastErrors: Partial<Record<ErrorKind, string>>;
  latency: Record<string, LatencySummary>;
  heartbeatDrift: LatencySummary;
  csmsCalls: Record<string, number>;
  processes: ProcessFigures[];
  series: SeriesPoint[];
  /** What went wrong with the run itself (a worker that died, a CSMS that could not be started). */
  problems: string[];
}

function addCounts<K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>): void {
  for (const [k, v] of Object.entries(from) as [K, number][]) into[k] = (into[k] ?? 0) + v;
}

/**
 * The parent's (or the in-process run's) aggregate: totals, and one series point per second made of the deltas
 * that arrived during that second. Each source (worker) keeps its own last connected/target/booted figure.
 */
export class LoadAggregate {
  private readonly started = Date.now();
  readonly startedAt = new Date().toISOString();
  private readonly sources = new Map<number, { connected: number; target: number; booted: number; process?: ProcessFigures }>();
  readonly calls: Record<string, number> = {};
  readonly answers: Record<string, number> = {};
  readonly errors: Partial<Record<ErrorKind, number>> = {};
  readonly lastErrors: Partial<Record<ErrorKind, string>> = {};
  readonly latency = new Map<string, Histogram>();
  readonly heartbeatDrift = new Histogram();
  readonly csmsCalls: Record<string, number> = {};
  readonly series: SeriesPoint[] = [];
  peakConnected = 0;
  private second = { calls: 0, errors: {} as Partial<Record<ErrorKind, number>>, latency: new Map<string, Histogram>() };

  add(source: number, d: MetricsDelta): void {
    this.sources.set(source, { connected: d.connected, target: d.target, booted: d.booted, process: d.process ?? this.sources.get(source)?.process });
    addCounts(this.calls, d.calls);
    addCounts(this.answers, d.answers);
    addCounts(this.errors, d.errors);
    addCounts(this.csmsCalls, d.csmsCalls);
    addCounts(this.second.errors, d.errors);
    Object.assign(this.lastErrors, d.lastErrors ?? {});
    for (const n of Object.values(d.calls)) this.second.calls += n;
    for (const [a, data] of Object.entries(d.latency)) {
      for (const m of [this.latency, this.second.latency]) {
        let h = m.get(a);
        if (!h) m.set(a, (h = new Histogram()));
        h.merge(data);
      }
    }
    this.heartbeatDrift.merge(d.heartbeatDrift);
    this.peakConnected = Math.max(this.peakConnected, this.connected);
  }

  /** The latest process figures of every source (workers), for watching CPU and memory during a run. */
  processFigures(): ProcessFigures[] {
    return [...this.sources.values()].flatMap((s) => (s.process ? [s.process] : []));
  }

  get connected(): number {
    let n = 0;
    for (const s of this.sources.values()) n += s.connected;
    return n;
  }
  get target(): number {
    let n = 0;
    for (const s of this.sources.values()) n += s.target;
    return n;
  }
  get booted(): number {
    let n = 0;
    for (const s of this.sources.values()) n += s.booted;
    return n;
  }
  get totalCalls(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }
  get totalErrors(): number {
    return Object.values(this.errors).reduce((a, b) => a + (b ?? 0), 0);
  }
  get elapsedS(): number {
    return (Date.now() - this.started) / 1000;
  }

  /** Closes the current second: one series point. */
  tick(): SeriesPoint {
    const latency: SeriesPoint['latency'] = {};
    for (const [a, h] of this.second.latency) latency[a] = { p50: h.quantileMs(0.5), p95: h.quantileMs(0.95), p99: h.quantileMs(0.99) };
    const last = this.series[this.series.length - 1];
    const t = Math.round(this.elapsedS * 10) / 10;
    const dt = last ? Math.max(0.1, t - last.t) : Math.max(0.1, t);
    const p: SeriesPoint = { t, connected: this.connected, callsPerS: Math.round(this.second.calls / dt), errors: this.second.errors, latency };
    this.series.push(p);
    this.second = { calls: 0, errors: {}, latency: new Map() };
    return p;
  }

  summary(run: string, problems: string[] = []): LoadSummary {
    const errors = Object.fromEntries(ERROR_KINDS.map((k) => [k, this.errors[k] ?? 0])) as Record<ErrorKind, number>;
    const latency: Record<string, LatencySummary> = {};
    for (const [a, h] of [...this.latency].sort(([x], [y]) => x.localeCompare(y))) latency[a] = summarizeHistogram(h);
    return {
      run,
      startedAt: this.startedAt,
      seconds: Math.round(this.elapsedS * 10) / 10,
      target: this.target,
      connected: this.connected,
      peakConnected: this.peakConnected,
      booted: this.booted,
      calls: { ...this.calls },
      answers: { ...this.answers },
      totalCalls: this.totalCalls,
      errors,
      totalErrors: this.totalErrors,
      lastErrors: { ...this.lastErrors },
      latency,
      heartbeatDrift: summarizeHistogram(this.heartbeatDrift),
      csmsCalls: { ...this.csmsCalls },
      processes: [...this.sources.values()].flatMap((s) => (s.process ? [s.process] : [])),
      series: this.series,
      problems,
    };
  }
}

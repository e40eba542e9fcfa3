/**
 * The run journal of `evc test` (issue #19): how long the run will take, how far it is, and resuming a cut run.
 *
 * - Journal: reports/run/ holds run.json (the arguments, rig and time scale of the run) and the cucumber message
 *   stream of each invocation (messages-<n>.ndjson, written by cucumber's own `message` formatter as scenarios
 *   finish, so it survives a cut). A scenario is done once its testCaseFinished is in a stream (not retried).
 * - Estimate: reports/durations.json keeps each scenario's last duration per time scale (from earlier runs); the
 *   estimate sums them for the selection, counting scenarios without a record at the median of those with one.
 * - Progress: `[n/N] STATUS name (duration) — elapsed …, ETA …` as each scenario finishes.
 * - Resume: the scenarios of the cut run not yet done, as `uri:line` arguments for cucumber.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatDuration } from '../core/limits';

export interface JournalScenario {
  uri: string;
  line: number;
  name: string;
}

export interface Finished {
  key: string;
  name: string;
  status: string;
  durationMs: number;
}

export interface RunInfo {
  argv: string[];
  rig: string;
  timeScale: number;
  /** Keys (uri:line) of the selected host scenarios. */
  selected: string[];
  startedAt: string;
}

export const keyOf = (s: { uri: string; line: number }) => `${s.uri}:${s.line}`;

export function runDir(reports: string): string {
  return path.join(reports, 'run');
}

/** The message-stream file of the next cucumber invocation of this run. */
export function nextMessagesFile(reports: string): string {
  const dir = runDir(reports);
  const n = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^messages-\d+\.ndjson$/.test(f)).length : 0;
  return path.join(dir, `messages-${n + 1}.ndjson`);
}

export function writeRunInfo(reports: string, info: RunInfo): void {
  fs.mkdirSync(runDir(reports), { recursive: true });
  fs.writeFileSync(path.join(runDir(reports), 'run.json'), `${JSON.stringify(info, null, 1)}\n`);
}

export function readRunInfo(reports: string): RunInfo | undefined {
  const f = path.join(runDir(reports), 'run.json');
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as RunInfo) : undefined;
}

const STATUS_RANK = ['UNKNOWN', 'PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];
const ms = (d?: { seconds: number; nanos: number }) => (d ? d.seconds * 1000 + d.nanos / 1e6 : 0);

/** Reads cucumber message envelopes incrementally and reports each finished scenario. */
export class MessageReader {
  private readonly pickles = new Map<string, { key: string; name: string }>();
  private readonly cases = new Map<string, string>();
  private readonly started = new Map<string, { caseId: string; at: number; status: string }>();
  private offset = 0;
  private rest = '';

  constructor(private readonly file: string) {}

  /** Envelopes appended since the last call; returns the scenarios that finished meanwhile. */
  poll(): Finished[] {
    if (!fs.existsSync(this.file)) return [];
    const fd = fs.openSync(this.file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= this.offset) return [];
      const buf = Buffer.alloc(size - this.offset);
      fs.readSync(fd, buf, 0, buf.length, this.offset);
      this.offset = size;
      const text = this.rest + buf.toString('utf8');
      const lines = text.split('\n');
      this.rest = lines.pop() ?? '';
      return lines.flatMap((l) => (l.trim() ? this.envelope(JSON.parse(l) as Record<string, Record<string, unknown>>) : []));
    } finally {
      fs.closeSync(fd);
    }
  }

  private envelope(e: Record<string, Record<string, unknown>>): Finished[] {
    if (e.pickle) {
      const p = e.pickle as { id: string; uri: string; name: string; location?: { line: number } };
      this.pickles.set(p.id, { key: keyOf({ uri: p.uri, line: p.location?.line ?? 0 }), name: p.name });
    } else if (e.testCase) this.cases.set(e.testCase.id as string, e.testCase.pickleId as string);
    else if (e.testCaseStarted) {
      const s = e.testCaseStarted as { id: string; testCaseId: string; timestamp: { seconds: number; nanos: number } };
      this.started.set(s.id, { caseId: s.testCaseId, at: ms(s.timestamp), status: 'UNKNOWN' });
    } else if (e.testStepFinished) {
      const f = e.testStepFinished as { testCaseStartedId: string; testStepResult: { status: string } };
      const s = this.started.get(f.testCaseStartedId);
      if (s && STATUS_RANK.indexOf(f.testStepResult.status) > STATUS_RANK.indexOf(s.status)) s.status = f.testStepResult.status;
    } else if (e.testCaseFinished) {
      const f = e.testCaseFinished as { testCaseStartedId: string; willBeRetried?: boolean; timestamp: { seconds: number; nanos: number } };
      const s = this.started.get(f.testCaseStartedId);
      const p = s ? this.pickles.get(this.cases.get(s.caseId) ?? '') : undefined;
      if (!s || !p || f.willBeRetried) return [];
      return [{ key: p.key, name: p.name, status: s.status === 'UNKNOWN' ? 'PASSED' : s.status, durationMs: ms(f.timestamp) - s.at }];
    }
    return [];
  }
}

/** Every scenario finished in the run's message streams so far. */
export function finishedInRun(reports: string): Finished[] {
  const dir = runDir(reports);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^messages-\d+\.ndjson$/.test(f))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))
    .flatMap((f) => new MessageReader(path.join(dir, f)).poll());
}

type Durations = Record<string, Record<string, number>>;
const durationsFile = (reports: string) => path.join(reports, 'durations.json');

function readDurations(reports: string): Durations {
  try {
    return JSON.parse(fs.readFileSync(durationsFile(reports), 'utf8')) as Durations;
  } catch {
    return {};
  }
}

/** Remembers the durations of scenarios that ran (not skipped) at this time scale, for later estimates. */
export function recordDurations(reports: string, timeScale: number, finished: readonly Finished[]): void {
  const all = readDurations(reports);
  const at = (all[String(timeScale)] ??= {});
  for (const f of finished) if (f.status !== 'SKIPPED') at[f.key] = Math.round(f.durationMs);
  fs.mkdirSync(reports, { recursive: true });
  fs.writeFileSync(durationsFile(reports), `${JSON.stringify(all)}\n`);
}

export interface Estimate {
  totalMs?: number;
  recorded: number;
  unrecorded: number;
  text: string;
}

/** The estimated wall-clock duration of running `keys` at `timeScale` with `workers` in parallel. */
export function estimate(reports: string, timeScale: number, keys: readonly string[], workers: number): Estimate {
  const at = readDurations(reports)[String(timeScale)] ?? {};
  const known = keys.filter((k) => at[k] !== undefined).map((k) => at[k]);
  const unrecorded = keys.length - known.length;
  if (known.length === 0) {
    return { recorded: 0, unrecorded, text: `no estimate: no earlier run at timeScale ${timeScale} recorded in ${durationsFile(reports)}` };
  }
  const sorted = [...known].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const totalMs = (known.reduce((a, b) => a + b, 0) + unrecorded * median) / Math.max(1, workers);
  const basis = `from the recorded durations of earlier runs at timeScale ${timeScale}${unrecorded ? ` (${unrecorded} scenario(s) without a record counted at the median, ${formatDuration(median)})` : ''}${workers > 1 ? `, ${workers} workers` : ''}`;
  return { totalMs, recorded: known.length, unrecorded, text: `about ${formatDuration(totalMs)}, ${basis}` };
}

/** One progress line: `[n/N] PASSED name (3.2 s) — elapsed 1 min 02 s, ETA 4 min`. */
export function progressLine(f: Finished, n: number, total: number, elapsedMs: number, doneBefore = 0): string {
  const ranHere = n - doneBefore;
  const eta = ranHere > 0 && n < total ? `, ETA ${formatDuration((elapsedMs / ranHere) * (total - n))}` : '';
  return `evc: [${n}/${total}] ${f.status} ${f.name} (${formatDuration(f.durationMs)}) — elapsed ${formatDuration(elapsedMs)}${eta}`;
}

/**
 * The run journal of `evc test` (issue #19): how long the run will take, how far it is, and resuming a cut run.
 *
 * - Journal: reports/run/ holds run.json (the arguments, rig and time scale of the run) and the cucumber message
 *   stream of each invocation (messages-<n>.ndjson, written by cucumber's own `message` formatter as scenarios
 *   finish, so it survives a cut). A scenario is done once its testCaseFinished is in a stream (not retried).
 * - Estimate: reports/durations.json keeps each scenario's last duration per time scale (from earlier runs); the
 *   estimate sums them for the selection. A scenario with no record at this time scale is derived from its
 *   records at other scales (duration = fixed part + protocol waits × timeScale: fitted from two scales, or from
 *   one scale with the waits its steps name), else counted at the median of those with a record.
 * - JUnit: a part cut by a signal writes no JUnit file; its journal does (junitFromJournal), so the merged
 *   reports/junit.xml of a cut-then-resumed run holds every scenario once.
 * - Progress: `[n/N] STATUS name (duration) — elapsed …, ETA …` as each scenario finishes.
 * - Resume: the scenarios of the cut run not yet done, as `uri:line` arguments for cucumber.
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import path from 'node:path';
import { picklesOf } from '../core/features';
import { PROJECT_ROOT } from '../core/load';
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

/** The last outcome of each scenario in journal order (a re-run's result replaces the first attempt's). */
export function lastOutcomes(finished: readonly Finished[]): Finished[] {
  const byKey = new Map<string, Finished>();
  for (const f of finished) {
    byKey.delete(f.key);
    byKey.set(f.key, f);
  }
  return [...byKey.values()];
}

/** The scenarios of `finished` that failed (neither passed nor skipped). */
export const failedOf = (finished: readonly Finished[]): Finished[] => finished.filter((f) => f.status !== 'PASSED' && f.status !== 'SKIPPED');

export interface RunInfo {
  argv: string[];
  rig: string;
  /** Faults injected into the reference SUTs (EVC_FAULTS), none for a compliant run. */
  faults?: string[];
  timeScale: number;
  /** Keys (uri:line) of the selected host scenarios. */
  selected: string[];
  startedAt: string;
}

export const keyOf = (s: { uri: string; line: number }) => `${s.uri}:${s.line}`;

export function runDir(reports: string): string {
  return path.join(reports, 'run');
}

const MESSAGES = /^messages-(?:vcan-)?(\d+)\.ndjson$/;

/** The message-stream file of the next cucumber invocation of this run (`vcan`: of the @vcan scenarios). */
export function nextMessagesFile(reports: string, part: '' | 'vcan' = ''): string {
  const dir = runDir(reports);
  const re = part ? /^messages-vcan-\d+\.ndjson$/ : /^messages-\d+\.ndjson$/;
  const n = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => re.test(f)).length : 0;
  return path.join(dir, `messages-${part ? `${part}-` : ''}${n + 1}.ndjson`);
}

/** The message-stream file of the latest host invocation, if any. */
export function lastMessagesFile(reports: string): string | undefined {
  const next = nextMessagesFile(reports);
  const n = Number(/(\d+)\.ndjson$/.exec(next)![1]) - 1;
  return n > 0 ? path.join(runDir(reports), `messages-${n}.ndjson`) : undefined;
}

export function writeRunInfo(reports: string, info: RunInfo): void {
  fs.mkdirSync(runDir(reports), { recursive: true });
  fs.writeFileSync(path.join(runDir(reports), 'run.json'), `${JSON.stringify(info, null, 1)}\n`);
}

export function readRunInfo(reports: string): RunInfo | undefined {
  const f = path.join(runDir(reports), 'run.json');
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as RunInfo) : undefined;
}

const CHUNK = 32 * 1024 * 1024;
/** An envelope line this reader uses (cucumber writes one single-key envelope per line, the key first). */
const WANTED = /^\s*\{"(pickle|testCase|testCaseStarted|testStepFinished|testCaseFinished)":/;
const STATUS_RANK = ['UNKNOWN', 'PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];
const ms = (d?: { seconds: number; nanos: number }) => (d ? d.seconds * 1000 + d.nanos / 1e6 : 0);

/** Reads cucumber message envelopes incrementally and reports each finished scenario. */
export class MessageReader {
  private readonly pickles = new Map<string, { key: string; name: string }>();
  private readonly cases = new Map<string, string>();
  private readonly started = new Map<string, { caseId: string; at: number; status: string }>();
  private offset = 0;
  private rest = '';
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly file: string) {}

  /** Envelopes appended since the last call; returns the scenarios that finished meanwhile. */
  poll(): Finished[] {
    if (!fs.existsSync(this.file)) return [];
    const fd = fs.openSync(this.file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= this.offset) return [];
      // at most CHUNK bytes a call: a whole run's stream (hundreds of MB with its attachments) is read by drain()
      const buf = Buffer.alloc(Math.min(size - this.offset, CHUNK));
      fs.readSync(fd, buf, 0, buf.length, this.offset);
      this.offset += buf.length;
      const text = this.rest + this.decoder.write(buf); // a chunk may end inside a UTF-8 sequence
      const lines = text.split('\n');
      this.rest = lines.pop() ?? '';
      // only the envelopes read below are parsed: attachments (the traces) and documents are most of the bytes
      return lines.flatMap((l) => (WANTED.test(l) ? this.envelope(JSON.parse(l) as Record<string, Record<string, unknown>>) : []));
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Every scenario finished in the whole file (read CHUNK bytes at a time). */
  drain(): Finished[] {
    const out: Finished[] = [];
    for (;;) {
      const before = this.offset;
      out.push(...this.poll());
      if (this.offset === before) return out;
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
    .filter((f) => MESSAGES.test(f))
    .sort((a, b) => a.includes('vcan') === b.includes('vcan') ? Number(MESSAGES.exec(a)![1]) - Number(MESSAGES.exec(b)![1]) : a.includes('vcan') ? 1 : -1)
    .flatMap((f) => new MessageReader(path.join(dir, f)).drain());
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
  /** Scenarios derived from records at another time scale. */
  derived: number;
  unrecorded: number;
  text: string;
}

const SECONDS = /(\d+(?:\.\d+)?)\s*(seconds?|s|minutes?|min)\b/g;

/** Seconds of protocol time a step's text names ("within 1 second", "every 60 seconds", "100 seconds pass"). */
export function namedSeconds(text: string): number {
  let total = 0;
  for (const m of text.matchAll(SECONDS)) total += Number(m[1]) * (m[2].startsWith('m') ? 60 : 1);
  return total;
}

/** Per scenario key (uri:line): the seconds of protocol time its steps name, at timeScale 1. */
export function namedWaits(keys: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const uris = new Set(keys.filter((k) => /\.feature:\d+$/.test(k)).map((k) => k.slice(0, k.lastIndexOf(':'))));
  for (const uri of uris) {
    const file = path.resolve(PROJECT_ROOT, uri);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) continue;
    let scenarios;
    try {
      scenarios = picklesOf(file, uri);
    } catch {
      continue; // the pre-flight reports a feature that does not parse; an estimate does without it
    }
    for (const { pickle, line } of scenarios) out.set(keyOf({ uri, line }), pickle.steps.reduce((a, st) => a + namedSeconds(st.text), 0));
  }
  return out;
}

/**
 * A scenario's duration at `timeScale` from its records at other scales: duration = fixed + waits × timeScale.
 * Two scales fit both parts (the two nearest); one scale takes the waits from the seconds its steps name.
 */
export function derivedDuration(records: Record<string, number>, timeScale: number, namedWaitS: number): { ms: number; from: string; fitted: boolean } | undefined {
  const scales = Object.keys(records).map(Number).filter((x) => x !== timeScale && Number.isFinite(x)).sort((a, b) => Math.abs(a - timeScale) - Math.abs(b - timeScale));
  if (scales.length === 0) return undefined;
  if (scales.length >= 2) {
    const [a, b] = scales;
    const waitMs = Math.max(0, (records[String(b)] - records[String(a)]) / (b - a));
    const fixed = Math.max(0, records[String(a)] - waitMs * a);
    return { ms: fixed + waitMs * timeScale, from: `${Math.min(a, b)} and ${Math.max(a, b)}`, fitted: true };
  }
  const s0 = scales[0];
  const fixed = Math.max(0, records[String(s0)] - namedWaitS * 1000 * s0);
  return { ms: fixed + namedWaitS * 1000 * timeScale, from: String(s0), fitted: false };
}

/** The estimated wall-clock duration of running `keys` at `timeScale` with `workers` in parallel. */
export function estimate(reports: string, timeScale: number, keys: readonly string[], workers: number): Estimate {
  if (keys.length === 0) return { totalMs: 0, recorded: 0, derived: 0, unrecorded: 0, text: 'none: nothing left to run here' };
  const all = readDurations(reports);
  const at = all[String(timeScale)] ?? {};
  const known = keys.filter((k) => at[k] !== undefined).map((k) => at[k]);
  const missing = keys.filter((k) => at[k] === undefined);
  const waits = missing.length ? namedWaits(missing) : new Map<string, number>();
  const derived: number[] = [];
  const from = new Set<string>();
  let fitted = 0;
  let stepWaits = 0;
  for (const k of missing) {
    const records: Record<string, number> = {};
    for (const [scale, d] of Object.entries(all)) if (d[k] !== undefined) records[scale] = d[k];
    const d = derivedDuration(records, timeScale, waits.get(k) ?? 0);
    if (!d) continue;
    derived.push(d.ms);
    from.add(d.from);
    if (d.fitted) fitted++;
    else stepWaits++;
  }
  const unrecorded = missing.length - derived.length;
  const w = Math.max(1, workers);
  if (known.length + derived.length === 0) {
    const named = missing.reduce((a, k) => a + (waits.get(k) ?? 0), 0) * 1000 * timeScale;
    const floor = named > 0 ? `; the waits the scenarios' steps name alone take ${formatDuration(named / w)}` : '';
    return { recorded: 0, derived: 0, unrecorded, text: `no estimate: no earlier run at timeScale ${timeScale} recorded in ${durationsFile(reports)}${floor}` };
  }
  const sorted = [...known, ...derived].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const totalMs = (known.reduce((a, b) => a + b, 0) + derived.reduce((a, b) => a + b, 0) + unrecorded * median) / w;
  const parts: string[] = [];
  if (known.length) parts.push(`from the recorded durations of earlier runs at timeScale ${timeScale}`);
  if (derived.length) {
    const how = [fitted ? `${fitted} fitted as fixed part + waits × timeScale` : '', stepWaits ? `${stepWaits} with the waits their steps name scaled` : ''].filter(Boolean).join(', ');
    parts.push(`${known.length ? '' : 'first run at this time scale: '}${derived.length} scenario(s) derived from runs at timeScale ${[...from].join(', ')} (${how})`);
  }
  if (unrecorded) parts.push(`${unrecorded} scenario(s) without a record counted at the median, ${formatDuration(median)}`);
  const basis = `${parts.join('; ')}${w > 1 ? `, ${w} workers` : ''}`;
  return { totalMs, recorded: known.length, derived: derived.length, unrecorded, text: `about ${formatDuration(totalMs)}, ${basis}` };
}

/** One JUnit testsuite of the scenarios a (cut) invocation finished, from its journal. */
export function junitFromJournal(finished: readonly Finished[], file: string, suite = 'cucumber-js (cut part, from the run journal)'): void {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const failed = finished.filter((f) => f.status !== 'PASSED' && f.status !== 'SKIPPED').length;
  const skipped = finished.filter((f) => f.status === 'SKIPPED').length;
  const cases = finished.map((f) => {
    const body = f.status === 'PASSED' ? '' : f.status === 'SKIPPED' ? '<skipped/>' : `<failure type="${esc(f.status)}" message="${esc(f.status)}"/>`;
    return `  <testcase classname="${esc(f.key)}" name="${esc(f.name)}" time="${(f.durationMs / 1000).toFixed(3)}">${body}</testcase>`;
  });
  const time = finished.reduce((a, f) => a + f.durationMs, 0) / 1000;
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${esc(suite)}" tests="${finished.length}" failures="${failed}" skipped="${skipped}" errors="0" time="${time.toFixed(3)}">\n${cases.join('\n')}\n</testsuite>\n`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, xml);
}

/** One progress line: `[n/N] PASSED name (3.2 s) — elapsed 1 min 02 s, ETA 4 min`. */
export function progressLine(f: Finished, n: number, total: number, elapsedMs: number, doneBefore = 0): string {
  const ranHere = n - doneBefore;
  const eta = ranHere > 0 && n < total ? `, ETA ${formatDuration((elapsedMs / ranHere) * (total - n))}` : '';
  return `evc: [${n}/${total}] ${f.status} ${f.name} (${formatDuration(f.durationMs)}) — elapsed ${formatDuration(elapsedMs)}${eta}`;
}

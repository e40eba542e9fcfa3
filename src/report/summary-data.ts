/**
 * What the certification summary (src/report/summary.ts) reads from a reports directory after a run:
 *
 * - reports/run/run.json and the run journal (messages-*.ndjson, messages-vcan-*.ndjson): per scenario its last
 *   outcome (finishedInRun + lastOutcomes), and from the same streams its pickle (tags, so the catalogue ID),
 *   the reason a skipped scenario was not applicable (the `not-applicable.txt` attachment the Before hook adds,
 *   else the skipped step's message) and a failure's first line. Attachment lines (most of a stream's bytes)
 *   are parsed only when they name not-applicable.txt.
 * - reports/traces/<name>-<pickle id>.ndjson: the SUT's identity as its BootNotification states it — received by
 *   the harness when the SUT is the station (OCPP 1.6 chargePointVendor/Model/SerialNumber/firmwareVersion, 2.0.1
 *   chargingStation {vendorName, model, serialNumber, firmwareVersion}); a CSMS under test is identified by the
 *   endpoint the harness station connected to; any other SUT by the rig's declaration, else "not reported".
 * - reports/operator-answers.ndjson (written by an operator driver), one JSON object a line:
 *     {"scenario": "<scenario name>", "step": "<step text>", "instruction": "<what the operator was asked>",
 *      "answer": "done" | "failed" | "not applicable" | "timeout", "at": "<ISO 8601 time of the answer>",
 *      "askedAt": "<ISO 8601 time of the question>", "by": "terminal" | "console" | "-", … (src/operator/operator.ts)}
 * - data/catalogues/*.csv: catalogue coverage, the distinct catalogue IDs the run selected against each total.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/load';
import { catalogueId } from './labels';
import { finishedInRun, keyOf, lastOutcomes, readRunInfo, runDir, type RunInfo } from './run-journal';

export type Verdict = 'PASS' | 'FAIL' | 'NOT APPLICABLE';

export interface CaseRow {
  key: string;
  id?: string;
  title: string;
  tags: string[];
  verdict: Verdict;
  status: string;
  durationMs: number;
  /** Why not applicable, or the failure's first line. */
  note?: string;
  trace?: string;
}

export interface SutIdentity {
  side: string;
  vendor?: string;
  model?: string;
  firmware?: string;
  serial?: string;
  endpoint?: string;
  source: string;
  scenarios: number;
}

export interface OperatorAnswer {
  scenario: string;
  step: string;
  instruction: string;
  answer: string;
  at: string;
  /** When it was asked and which front end answered (terminal, console; `-` on a timeout), when recorded. */
  askedAt?: string;
  by?: string;
}

export interface CatalogueCoverage {
  catalogue: string;
  total: number;
  selected: number;
  passed: number;
  failed: number;
  notApplicable: number;
}

interface PickleInfo {
  uri: string;
  line: number;
  name: string;
  tags: string[];
}

interface CaseExtra {
  pickleId: string;
  reason?: string;
  failure?: string;
}

export interface JournalExtras {
  pickles: Map<string, PickleInfo>;
  /** By scenario key: the last finished attempt's pickle, not-applicable reason and failure line. */
  cases: Map<string, CaseExtra>;
}

const CHUNK = 8 * 1024 * 1024;
const MESSAGES = /^messages-(?:vcan-)?(\d+)\.ndjson$/;

/**
 * Calls `each` with every line of a file that `wanted` accepts (tested on the bytes, so the attachment lines
 * that make most of a stream are never decoded), read CHUNK bytes at a time (a stream can be hundreds of MB).
 */
function eachLine(file: string, each: (line: string) => void, wanted: (line: Buffer) => boolean = () => true): void {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    let rest = Buffer.alloc(0);
    const emit = (line: Buffer) => {
      if (line.length && wanted(line)) each(line.toString('utf8'));
    };
    for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, null);
      if (n <= 0) break;
      let data = rest.length ? Buffer.concat([rest, buf.subarray(0, n)]) : buf.subarray(0, n);
      let nl = data.indexOf(10);
      while (nl >= 0) {
        emit(data.subarray(0, nl));
        data = data.subarray(nl + 1);
        nl = data.indexOf(10);
      }
      rest = Buffer.from(data);
    }
    emit(rest);
  } finally {
    fs.closeSync(fd);
  }
}

const JOURNAL_PREFIXES = ['{"pickle":', '{"testCase":', '{"testCaseStarted":', '{"testStepFinished":', '{"testCaseFinished":'].map((p) => Buffer.from(p));
const ATTACHMENT = Buffer.from('{"attachment":');
const NOT_APPLICABLE = Buffer.from('not-applicable.txt');
const journalLine = (l: Buffer) => JOURNAL_PREFIXES.some((p) => l.subarray(0, p.length).equals(p)) || (l.subarray(0, ATTACHMENT.length).equals(ATTACHMENT) && l.includes(NOT_APPLICABLE));

const firstLine = (t: string | undefined, max = 140) => {
  const l = (t ?? '').split('\n').map((x) => x.trim()).find(Boolean) ?? '';
  return l.length > max ? `${l.slice(0, max - 1)}…` : l || undefined;
};

/** The pickles, not-applicable reasons and failure lines of the run's message streams. */
export function journalExtras(reports: string): JournalExtras {
  const pickles = new Map<string, PickleInfo>();
  const cases = new Map<string, CaseExtra>();
  const dir = runDir(reports);
  if (!fs.existsSync(dir)) return { pickles, cases };
  const files = fs.readdirSync(dir).filter((f) => MESSAGES.test(f));
  files.sort((a, b) => (a.includes('vcan') === b.includes('vcan') ? Number(MESSAGES.exec(a)![1]) - Number(MESSAGES.exec(b)![1]) : a.includes('vcan') ? 1 : -1));
  for (const f of files) {
    // ids are per stream (each invocation numbers its own)
    const testCases = new Map<string, string>();
    const started = new Map<string, { caseId: string; reason?: string; failure?: string }>();
    eachLine(path.join(dir, f), (line) => {
      try {
        if (line.startsWith('{"pickle":')) {
          const p = (JSON.parse(line) as { pickle: { id: string; uri: string; name: string; location?: { line: number }; tags: { name: string }[] } }).pickle;
          pickles.set(p.id, { uri: p.uri, line: p.location?.line ?? 0, name: p.name, tags: p.tags.map((t) => t.name) });
        } else if (line.startsWith('{"testCase":')) {
          const c = (JSON.parse(line) as { testCase: { id: string; pickleId: string } }).testCase;
          testCases.set(c.id, c.pickleId);
        } else if (line.startsWith('{"testCaseStarted":')) {
          const s = (JSON.parse(line) as { testCaseStarted: { id: string; testCaseId: string } }).testCaseStarted;
          started.set(s.id, { caseId: s.testCaseId });
        } else if (line.startsWith('{"attachment":') && line.includes('not-applicable.txt')) {
          const a = (JSON.parse(line) as { attachment: { body: string; testCaseStartedId?: string } }).attachment;
          const s = started.get(a.testCaseStartedId ?? '');
          if (s) s.reason = firstLine(a.body.replace(/^skipped:\s*not applicable\s*[—-]\s*/, ''));
        } else if (line.startsWith('{"testStepFinished":')) {
          const e = (JSON.parse(line) as { testStepFinished: { testCaseStartedId: string; testStepResult: { status: string; message?: string } } }).testStepFinished;
          const s = started.get(e.testCaseStartedId);
          const r = e.testStepResult;
          if (s && r.message && r.status === 'SKIPPED' && !s.reason) s.reason = firstLine(r.message);
          if (s && r.message && r.status !== 'PASSED' && r.status !== 'SKIPPED' && !s.failure) s.failure = firstLine(r.message);
        } else if (line.startsWith('{"testCaseFinished":')) {
          const e = (JSON.parse(line) as { testCaseFinished: { testCaseStartedId: string; willBeRetried?: boolean } }).testCaseFinished;
          const s = started.get(e.testCaseStartedId);
          const pickleId = s ? testCases.get(s.caseId) : undefined;
          const p = pickleId ? pickles.get(pickleId) : undefined;
          if (s && p && pickleId && !e.willBeRetried) cases.set(keyOf(p), { pickleId, reason: s.reason, failure: s.failure });
        }
      } catch {
        // a line cut by a stopped run: the outcome reader skips it too
      }
    }, journalLine);
  }
  return { pickles, cases };
}

export function traceFileOf(reports: string, name: string, pickleId: string): string | undefined {
  const f = path.join(reports, 'traces', `${name.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 80)}-${pickleId.slice(0, 8)}.ndjson`);
  return fs.existsSync(f) ? f : undefined;
}

interface Frame {
  dir: string;
  protocol: string;
  summary?: string;
  decoded?: { type?: number; action?: string; payload?: Record<string, unknown> };
}

const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** The identity a station states in the BootNotification it sends (what the harness received), 1.6 or 2.0.1. */
export function bootIdentity(payload: Record<string, unknown>): Omit<SutIdentity, 'side' | 'source' | 'scenarios'> {
  const cs = payload.chargingStation as Record<string, unknown> | undefined;
  if (cs) return { vendor: str(cs.vendorName), model: str(cs.model), firmware: str(cs.firmwareVersion), serial: str(cs.serialNumber) };
  return { vendor: str(payload.chargePointVendor), model: str(payload.chargePointModel), firmware: str(payload.firmwareVersion), serial: str(payload.chargePointSerialNumber) ?? str(payload.chargeBoxSerialNumber) };
}

/** The SUT's identity from one scenario's trace, or undefined when the trace has none. */
export function identityFromTrace(file: string, side: string): Omit<SutIdentity, 'scenarios'> | undefined {
  let found: Omit<SutIdentity, 'scenarios'> | undefined;
  const marker = Buffer.from(side === 'station' ? '"BootNotification"' : 'connecting to ');
  eachLine(file, (line) => {
    if (found) return;
    let f: Frame;
    try {
      f = JSON.parse(line) as Frame;
    } catch {
      return;
    }
    if (side === 'station' && f.dir === 'rx' && f.decoded?.type === 2 && f.decoded.action === 'BootNotification' && f.decoded.payload) {
      found = { side, ...bootIdentity(f.decoded.payload), source: `BootNotification (${f.protocol.replace('ocpp', 'OCPP ')})` };
    } else if (side === 'csms' && f.dir === 'note') {
      const url = /connecting to (\S+)/.exec(f.summary ?? '')?.[1];
      if (url) found = { side, endpoint: url.replace(/\/[^/]*$/, '/…'), source: 'the endpoint the harness station connected to (a CSMS states no identity in OCPP)' };
    }
  }, (l) => !found && l.includes(marker));
  return found;
}

const verdictOf = (status: string): Verdict => (status === 'PASSED' ? 'PASS' : status === 'SKIPPED' ? 'NOT APPLICABLE' : 'FAIL');

export interface RunData {
  reports: string;
  info?: RunInfo;
  rows: CaseRow[];
  /** Selected scenarios with no outcome in the journal (a cut run). */
  unfinished: number;
  identities: SutIdentity[];
  catalogues: CatalogueCoverage[];
  answers?: OperatorAnswer[];
  answersProblem?: string;
}

export function collectRun(reports: string): RunData {
  const info = readRunInfo(reports);
  const outcomes = lastOutcomes(finishedInRun(reports));
  const extras = journalExtras(reports);
  const byKey = new Map([...extras.pickles.values()].map((p) => [keyOf(p), p]));
  const rows: CaseRow[] = outcomes.map((o) => {
    const x = extras.cases.get(o.key);
    const p = x ? extras.pickles.get(x.pickleId) : byKey.get(o.key);
    const tags = p?.tags ?? [];
    const verdict = verdictOf(o.status);
    const note = verdict === 'NOT APPLICABLE' ? (x?.reason ?? 'skipped') : verdict === 'FAIL' ? (x?.failure ?? o.status) : undefined;
    return { key: o.key, id: catalogueId(tags), title: o.name, tags, verdict, status: o.status, durationMs: o.durationMs, note, trace: x ? traceFileOf(reports, o.name, x.pickleId) : undefined };
  });
  const done = new Set(rows.map((r) => r.key));
  const unfinished = (info?.selected ?? []).filter((k) => !done.has(k)).length;
  return { reports, info, rows, unfinished, identities: identities(rows), catalogues: catalogueCoverage(rows, (info?.selected ?? []).filter((k) => !done.has(k)).map((k) => byKey.get(k)?.tags ?? [])), ...operatorAnswers(reports) };
}

/** Distinct SUT identities over the run's scenarios, each with the number of scenarios that showed it. */
function identities(rows: readonly CaseRow[]): SutIdentity[] {
  const out = new Map<string, SutIdentity>();
  for (const r of rows) {
    const side = r.tags.find((t) => t.startsWith('@sut:'))?.slice(5);
    if (!side || !r.trace || (side !== 'station' && side !== 'csms')) continue;
    const id = identityFromTrace(r.trace, side);
    if (!id) continue;
    const k = JSON.stringify([id.side, id.vendor, id.model, id.firmware, id.serial, id.endpoint, id.source]);
    const e = out.get(k);
    if (e) e.scenarios++;
    else out.set(k, { ...id, scenarios: 1 });
  }
  return [...out.values()];
}

/** The IDs of a catalogue CSV (first column; IDs hold no comma). */
function catalogueIds(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split(/\r?\n/).slice(1).map((l) => l.split(',')[0].trim()).filter(Boolean);
}

/** Per catalogue the run touched: distinct IDs selected of the total, and their verdicts (an ID is PASS when all its scenarios passed). */
export function catalogueCoverage(rows: readonly CaseRow[], unfinishedTags: readonly string[][] = [], dir = path.join(PROJECT_ROOT, 'data', 'catalogues')): CatalogueCoverage[] {
  if (!fs.existsSync(dir)) return [];
  const out: CatalogueCoverage[] = [];
  const unfinishedIds = new Set(unfinishedTags.map((t) => catalogueId(t)).filter((x): x is string => !!x));
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.csv')).sort()) {
    const ids = new Set(catalogueIds(path.join(dir, f)));
    const verdicts = new Map<string, Verdict[]>();
    for (const r of rows) if (r.id && ids.has(r.id)) verdicts.set(r.id, [...(verdicts.get(r.id) ?? []), r.verdict]);
    const extra = [...unfinishedIds].filter((i) => ids.has(i) && !verdicts.has(i)).length;
    if (verdicts.size + extra === 0) continue;
    const all = [...verdicts.values()];
    out.push({
      catalogue: f.replace(/\.csv$/, ''),
      total: ids.size,
      selected: verdicts.size + extra,
      passed: all.filter((v) => v.every((x) => x === 'PASS')).length,
      failed: all.filter((v) => v.includes('FAIL')).length,
      notApplicable: all.filter((v) => !v.includes('FAIL') && v.includes('NOT APPLICABLE')).length,
    });
  }
  return out;
}

export function operatorAnswers(reports: string): { answers?: OperatorAnswer[]; answersProblem?: string } {
  const file = path.join(reports, 'operator-answers.ndjson');
  if (!fs.existsSync(file)) return {};
  const answers: OperatorAnswer[] = [];
  const bad: number[] = [];
  fs.readFileSync(file, 'utf8').split('\n').forEach((l, i) => {
    if (!l.trim()) return;
    try {
      const a = JSON.parse(l) as Partial<OperatorAnswer>;
      answers.push({ scenario: String(a.scenario ?? ''), step: String(a.step ?? ''), instruction: String(a.instruction ?? ''), answer: String(a.answer ?? ''), at: String(a.at ?? ''), askedAt: a.askedAt === undefined ? undefined : String(a.askedAt), by: a.by === undefined ? undefined : String(a.by) });
    } catch {
      bad.push(i + 1);
    }
  });
  return { answers, answersProblem: bad.length ? `operator-answers.ndjson: line(s) ${bad.join(', ')} are not JSON (left out)` : undefined };
}

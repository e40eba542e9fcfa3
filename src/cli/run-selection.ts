/**
 * Runs a tag selection of scenarios with given reference faults and returns each scenario's outcome, read
 * from cucumber's message stream. Scenarios tagged @vcan run where SocketCAN exists (see can-env).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '@cucumber/messages';
import { collectScenarioLines, listScenarios, matchesTags, type ScenarioNode } from '../core/features';
import { PROJECT_ROOT, REPORTS_DIR } from '../core/load';
import type { RunOutcome } from '../report/fault-matrix';
import { loadRigConfig } from '../rig/config';
import { parallelArgs, runCucumber, runInCanEnvironment, serialReason } from './test';

const RANK: Record<string, number> = { PASSED: 0, SKIPPED: 1, PENDING: 2, UNDEFINED: 3, AMBIGUOUS: 4, FAILED: 5, UNKNOWN: 5 };

export function outcomesFromMessages(ndjson: string): Map<string, RunOutcome> {
  const envelopes = ndjson.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Envelope);
  return outcomesFromEnvelopes(envelopes).outcomes;
}

/** What one run decided, per scenario key (`uri:line`): its outcome and, when it failed, the failing step's headline. */
export interface RunResult {
  outcomes: Map<string, RunOutcome>;
  headlines: Map<string, string>;
}

export function outcomesFromEnvelopes(envelopes: Iterable<Envelope>): RunResult {
  const pickles = new Map<string, { uri: string; astNodeId: string }>();
  const scenarioLines = new Map<string, number>();
  const testCases = new Map<string, string>();
  const started = new Map<string, string>();
  const worst = new Map<string, string>();
  const firstFailure = new Map<string, string>();
  for (const env of envelopes) {
    if (env.gherkinDocument) {
      const walk = (children: readonly { scenario?: ScenarioNode; rule?: { children: readonly unknown[] } }[]) => {
        for (const c of children) {
          if (c.scenario) collectScenarioLines(c.scenario, scenarioLines);
          if (c.rule) walk(c.rule.children as never);
        }
      };
      walk((env.gherkinDocument.feature?.children ?? []) as never);
    } else if (env.pickle) pickles.set(env.pickle.id, { uri: env.pickle.uri, astNodeId: env.pickle.astNodeIds[env.pickle.astNodeIds.length - 1] });
    else if (env.testCase) testCases.set(env.testCase.id, env.testCase.pickleId);
    else if (env.testCaseStarted) started.set(env.testCaseStarted.id, env.testCaseStarted.testCaseId);
    else if (env.testStepFinished) {
      const id = env.testStepFinished.testCaseStartedId;
      const res = env.testStepFinished.testStepResult;
      if ((RANK[res.status] ?? 5) >= (RANK[worst.get(id) ?? 'PASSED'] ?? 0)) worst.set(id, res.status);
      if ((RANK[res.status] ?? 5) >= RANK.UNDEFINED && !firstFailure.has(id)) {
        firstFailure.set(id, `${res.status}: ${(res.message ?? res.exception?.message ?? '').split('\n')[0].slice(0, 300)}`);
      }
    }
  }
  const outcomes = new Map<string, RunOutcome>();
  const headlines = new Map<string, string>();
  for (const [startedId, testCaseId] of started) {
    const p = pickles.get(testCases.get(testCaseId) ?? '');
    if (!p) continue;
    const st = worst.get(startedId) ?? 'PASSED';
    const key = `${p.uri}:${scenarioLines.get(p.astNodeId) ?? 0}`;
    const outcome: RunOutcome = st === 'PASSED' ? 'passed' : st === 'SKIPPED' ? 'skipped' : 'failed';
    outcomes.set(key, outcome);
    if (outcome === 'failed' && firstFailure.has(startedId)) headlines.set(key, firstFailure.get(startedId)!);
  }
  return { outcomes, headlines };
}

/**
 * Runs the selection (host part, then the @vcan part where SocketCAN is available) and returns each
 * scenario's outcome. `needsCan` says whether the selection contains @vcan scenarios at all.
 */
/** One CAN environment (user-mode Linux VM) at a time, whatever runs concurrently on the host. */
let canQueue: Promise<unknown> = Promise.resolve();
function canTurn(fn: () => Promise<void>): Promise<void> {
  const p = canQueue.then(fn, fn);
  canQueue = p.catch(() => undefined);
  return p;
}

/**
 * `dir`: where the run's message files and its cucumber process's reports (traces) go, default the reports
 * directory; the message files are removed once read unless `keep`.
 */
export async function runSelection(opts: { tags: string; faults: string[]; label: string; needsCan?: boolean; dir?: string; keep?: boolean }): Promise<Map<string, RunOutcome>> {
  const dir = opts.dir ?? REPORTS_DIR;
  fs.mkdirSync(path.join(dir, 'faults'), { recursive: true });
  const base = path.join(dir, 'faults', opts.label.replace(/[^A-Za-z0-9_.-]+/g, '_'));
  const env = { ...process.env, EVC_FAULTS: opts.faults.join(','), EVC_JUNIT_NAME: 'faults/junit-last.xml', FORCE_COLOR: '0', EVC_REPORTS_DIR: dir };
  const out = new Map<string, RunOutcome>();
  const read = (file: string) => {
    if (fs.existsSync(file)) for (const [k, v] of outcomesFromMessages(fs.readFileSync(file, 'utf8'))) out.set(k, v);
    if (!opts.keep) fs.rmSync(file, { force: true });
  };
  const hostFile = `${base}.ndjson`;
  fs.rmSync(hostFile, { force: true });
  const serial = serialReason(loadRigConfig(), listScenarios().filter((s) => matchesTags(s.tags, opts.tags)));
  await runCucumber(['-p', 'verify', '--tags', opts.tags, '--tags', 'not @vcan', '--format', `message:${hostFile}`, ...parallelArgs(serial)], env, 'ignore');
  read(hostFile);
  if (opts.needsCan) await canTurn(async () => {
    // formatter paths are resolved against cucumber's cwd (the project), so the VM writes there
    const rel = path.join('.tmp', `vcan-messages-${process.pid}-${Date.now()}.ndjson`);
    const r = await runInCanEnvironment(['-p', 'verify', '--parallel', '0', '--tags', opts.tags, '--tags', '@vcan', '--format', `message:${rel}`], env);
    const produced = path.join(PROJECT_ROOT, rel);
    if (fs.existsSync(produced)) fs.renameSync(produced, `${base}.vcan.ndjson`);
    read(`${base}.vcan.ndjson`);
    fs.rmSync(r.staging, { recursive: true, force: true });
  });
  return out;
}

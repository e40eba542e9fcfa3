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
  const pickles = new Map<string, { uri: string; astNodeId: string }>();
  const scenarioLines = new Map<string, number>();
  const testCases = new Map<string, string>();
  const started = new Map<string, string>();
  const worst = new Map<string, string>();
  for (const line of ndjson.split('\n')) {
    if (!line.trim()) continue;
    const env = JSON.parse(line) as Envelope;
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
      const st = env.testStepFinished.testStepResult.status;
      if ((RANK[st] ?? 5) >= (RANK[worst.get(id) ?? 'PASSED'] ?? 0)) worst.set(id, st);
    }
  }
  const out = new Map<string, RunOutcome>();
  for (const [startedId, testCaseId] of started) {
    const p = pickles.get(testCases.get(testCaseId) ?? '');
    if (!p) continue;
    const st = worst.get(startedId) ?? 'PASSED';
    const key = `${p.uri}:${scenarioLines.get(p.astNodeId) ?? 0}`;
    out.set(key, st === 'PASSED' ? 'passed' : st === 'SKIPPED' ? 'skipped' : 'failed');
  }
  return out;
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

export async function runSelection(opts: { tags: string; faults: string[]; label: string; needsCan?: boolean }): Promise<Map<string, RunOutcome>> {
  const base = path.join(REPORTS_DIR, 'faults', opts.label.replace(/[^A-Za-z0-9_.-]+/g, '_'));
  const env = { ...process.env, EVC_FAULTS: opts.faults.join(','), EVC_JUNIT_NAME: 'faults/junit-last.xml', FORCE_COLOR: '0' };
  const out = new Map<string, RunOutcome>();
  const read = (file: string) => {
    if (fs.existsSync(file)) for (const [k, v] of outcomesFromMessages(fs.readFileSync(file, 'utf8'))) out.set(k, v);
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

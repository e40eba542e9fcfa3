/**
 * Runs a tag selection of scenarios with given reference faults and returns each scenario's outcome, read
 * from cucumber's message stream. Scenarios tagged @vcan run where SocketCAN exists (see can-env).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '@cucumber/messages';
import { REPORTS_DIR } from '../core/load';
import type { RunOutcome } from '../report/fault-matrix';
import { runCucumber } from './test';

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
      const walk = (children: readonly { scenario?: { id: string; location: { line: number } }; rule?: { children: readonly unknown[] } }[]) => {
        for (const c of children) {
          if (c.scenario) scenarioLines.set(c.scenario.id, c.scenario.location.line);
          if (c.rule) walk(c.rule.children as never);
        }
      };
      walk((env.gherkinDocument.feature?.children ?? []) as never);
    } else if (env.pickle) pickles.set(env.pickle.id, { uri: env.pickle.uri, astNodeId: env.pickle.astNodeIds[0] });
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

export async function runSelection(opts: { tags: string; faults: string[]; label: string }): Promise<Map<string, RunOutcome>> {
  const file = path.join(REPORTS_DIR, 'faults', `${opts.label.replace(/[^A-Za-z0-9_.-]+/g, '_')}.ndjson`);
  fs.rmSync(file, { force: true });
  const args = ['-p', 'verify', '--tags', opts.tags, '--tags', 'not @vcan', '--format', `message:${file}`];
  await runCucumber(args, { ...process.env, EVC_FAULTS: opts.faults.join(','), EVC_JUNIT_NAME: 'faults/junit-last.xml', FORCE_COLOR: '0' }, 'ignore');
  return fs.existsSync(file) ? outcomesFromMessages(fs.readFileSync(file, 'utf8')) : new Map();
}

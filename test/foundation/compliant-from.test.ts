/**
 * verify-faults --compliant-from: the compliant column read from an evc test run's journal, and refused when that
 * run is not a compliant run of the same rig and time scale, or has not ended in time.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readCompliantJournal } from '../../src/cli/compliant-from';

const ts = (s: number) => ({ seconds: s, nanos: 0 });

/** A journal of two scenarios: a.feature:3 passed, a.feature:9 failed. */
function journal(info: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-cf-'));
  fs.mkdirSync(path.join(dir, 'run'));
  fs.writeFileSync(path.join(dir, 'run', 'run.json'), JSON.stringify({ argv: [], selected: [], startedAt: 'now', ...info }));
  const lines: unknown[] = [];
  for (const [n, line, status] of [[1, 3, 'PASSED'], [2, 9, 'FAILED']] as const) {
    lines.push({ pickle: { id: `p${n}`, uri: 'features/a.feature', name: `s${n}`, location: { line } } });
    lines.push({ testCase: { id: `c${n}`, pickleId: `p${n}` } });
    lines.push({ testCaseStarted: { id: `t${n}`, testCaseId: `c${n}`, timestamp: ts(n) } });
    lines.push({ testStepFinished: { testCaseStartedId: `t${n}`, testStepResult: { status } } });
    lines.push({ testCaseFinished: { testCaseStartedId: `t${n}`, timestamp: ts(n + 1) } });
  }
  fs.writeFileSync(path.join(dir, 'run', 'messages-1.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return dir;
}

const expect = { rig: 'reference', timeScale: 0.01 };

test('outcomes per scenario key from a compliant run of the same rig', async () => {
  const dir = journal({ rig: 'reference', timeScale: 0.01, faults: [] });
  const j = await readCompliantJournal({ dir, waitMs: 0 }, expect);
  assert.deepEqual([...j.outcomes], [['features/a.feature:3', 'passed'], ['features/a.feature:9', 'failed']]);
  fs.rmSync(dir, { recursive: true });
});

test('refused: another rig, another time scale, faults injected, or no word on faults', async () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ rig: 'reference-alt', timeScale: 0.01, faults: [] }, /rig 'reference-alt', this one 'reference'/],
    [{ rig: 'reference', timeScale: 1, faults: [] }, /timeScale 1, this one 0.01/],
    [{ rig: 'reference', timeScale: 0.01, faults: ['ocpp16-csms/slow-response'] }, /had faults injected \(ocpp16-csms\/slow-response\)/],
    [{ rig: 'reference', timeScale: 0.01 }, /does not say whether faults were injected/],
  ];
  for (const [info, why] of cases) {
    const dir = journal(info);
    await assert.rejects(readCompliantJournal({ dir, waitMs: 0 }, expect), why);
    fs.rmSync(dir, { recursive: true });
  }
});

test('waits for the ready file, bounded; no journal is named', async () => {
  const dir = journal({ rig: 'reference', timeScale: 0.01, faults: [] });
  const ready = path.join(dir, 'ended');
  setTimeout(() => fs.writeFileSync(ready, ''), 300);
  const j = await readCompliantJournal({ dir, readyFile: ready, waitMs: 5_000 }, expect);
  assert.equal(j.outcomes.size, 2);
  await assert.rejects(readCompliantJournal({ dir, readyFile: path.join(dir, 'never'), waitMs: 1_200 }, expect), /not there after 1 s/);
  fs.rmSync(path.join(dir, 'run'), { recursive: true });
  await assert.rejects(readCompliantJournal({ dir, waitMs: 0 }, expect), /no evc test run journal/);
  fs.rmSync(dir, { recursive: true });
});

/**
 * The long-lived verify:faults runner: one runner process runs a compliant run, a faulty run and a compliant
 * run again — the fault is detected with its failing step's headline and does not leak into the next run
 * (the SUTs restart with each run's faults). And the plan gives a reason for every fault that runs nothing.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { ScenarioInfo } from '../../src/core/features';
import { RunnerPool } from '../../src/cli/fault-runner';
import { planCatalogue, scenarioChunks } from '../../src/cli/verify-faults-run';

const FEATURE = 'features/uds/tester/tester-behaviour.feature';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-fault-runner-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('fault runner', () => {
  it('runs faults one after another in one process without carrying a fault over', { timeout: 300_000 }, async () => {
    const pool = new RunnerPool(1, () => tmp);
    try {
      const job = (id: string, faults: string[]) => pool.run({ id, tags: '@fault:tester-wrong-key', paths: [FEATURE], faults });
      const before = await job('compliant-1', []);
      const faulty = await job('faulty', ['uds-tester/tester-wrong-key']);
      const again = await job('compliant-2', []);
      const key = `${FEATURE}:15`;
      for (const r of [before, faulty, again]) assert.equal(r.error, undefined, r.error);
      assert.deepEqual(before.outcomes, [[key, 'passed']]);
      assert.deepEqual(faulty.outcomes, [[key, 'failed']]);
      assert.match(new Map(faulty.headlines).get(key) ?? '', /^FAILED: \S/);
      assert.deepEqual(again.outcomes, [[key, 'passed']], 'the fault of the previous run leaked into this one');
    } finally {
      await pool.close();
    }
  });

  it('a chunk names its scenarios by line: the runner runs exactly those, under the same tag expression', { timeout: 300_000 }, async () => {
    const s = (line: number): ScenarioInfo => ({ uri: FEATURE, name: `l${line}`, line, tags: [] });
    const chunks = scenarioChunks([s(8), s(15), s(21), { ...s(3), uri: 'other.feature' }], 2);
    assert.deepEqual(chunks, [
      { paths: [`${FEATURE}:8:15`], count: 2 },
      { paths: [`${FEATURE}:21`, 'other.feature:3'], count: 2 },
    ]);
    // two runners (started one after the other), two jobs at once
    const pool = new RunnerPool(2, (i) => path.join(tmp, `r${i}`));
    try {
      const [r, one] = await Promise.all([
        pool.run({ id: 'lines', tags: '@uds and not @fault:tester-no-keepalive', paths: [`${FEATURE}:8:15:21`], faults: [] }),
        pool.run({ id: 'line', tags: '@uds', paths: [`${FEATURE}:15`], faults: [] }),
      ]);
      assert.equal(r.error, undefined, r.error);
      assert.deepEqual(r.outcomes.map(([k]) => k).sort(), [`${FEATURE}:15`, `${FEATURE}:21`], 'line 8 is excluded by the tags, 15 and 21 named');
      assert.deepEqual(one.outcomes, [[`${FEATURE}:15`, 'passed']]);
    } finally {
      await pool.close();
    }
  });

  it('gives a reason for each fault that runs no scenario', () => {
    const cat = { id: 'demo', scenarios: '@demo', faults: { declared: 'd', undeclared: 'u', elsewhere: 'e' } };
    const s = (uri: string, tags: string[]): ScenarioInfo => ({ uri, name: uri, line: 1, tags });
    const all = [s('a', ['@demo', '@x', '@fault:declared']), s('b', ['@demo', '@y', '@fault:elsewhere'])];
    const plan = planCatalogue(cat, all, { quick: true, tags: '@x' });
    const by = Object.fromEntries(plan.faults.map((f) => [f.fault, f]));
    assert.equal(by.declared.reason, undefined);
    assert.equal(by.declared.tags, '((@demo) and (@x)) and @fault:declared');
    assert.match(by.undeclared.reason ?? '', /declared by no scenario/);
    assert.match(by.elsewhere.reason ?? '', /outside --tags @x/);
    const none = planCatalogue(cat, all, { quick: true, tags: '@z' });
    for (const f of none.faults) assert.match(f.reason ?? '', /no scenario of demo is selected/);
  });
});

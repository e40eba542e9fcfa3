/**
 * --generic-sample planning: under --quick each generic fault runs against one declaring scenario per feature
 * file (the first by line), aimed faults against all theirs; the matrix says how many ran and why the others did
 * not, and a declared generic fault not sampled is no problem. Without the option the plan is what it was.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScenarioInfo } from '../../src/core/features';
import { declaredProblems, main, sampleSummary } from '../../src/cli/verify-faults';
import { onePerFeatureFile, planCatalogue } from '../../src/cli/verify-faults-run';
import { renderMatrixMarkdown, type FaultMatrix } from '../../src/report/fault-matrix';

const cat = { id: 'demo', scenarios: '@demo', faults: { silent: 's', 'second-concurrent-call': 'c', aimed: 'a', other: 'o' } };
const s = (uri: string, line: number, faults: string[], extra: string[] = []): ScenarioInfo => ({
  uri,
  name: `${uri}:${line}`,
  line,
  tags: ['@demo', ...extra, ...faults.map((f) => `@fault:${f}`)],
});
// listed in file order, but a.feature's outline rows out of line order (the first by line is 5, not 10)
const all = [
  s('a.feature', 10, ['aimed', 'silent']),
  s('a.feature', 5, ['aimed', 'silent', 'second-concurrent-call']),
  s('a.feature', 20, ['other', 'silent']),
  s('b.feature', 8, ['aimed', 'silent'], ['@x']),
  s('b.feature', 3, ['other', 'silent'], ['@x']),
  s('c.feature', 4, ['other', 'second-concurrent-call'], ['@x']),
  s('d.feature', 1, ['other']),
];
const byFault = (opts: Parameters<typeof planCatalogue>[2]) => Object.fromEntries(planCatalogue(cat, all, opts).faults.map((f) => [f.fault, f]));

describe('--generic-sample planning', () => {
  it('runs each generic fault against the first declaring scenario (by line) of each feature file', () => {
    const by = byFault({ quick: true, genericSample: true });
    assert.deepEqual(by.silent.sample?.keys, ['a.feature:5', 'b.feature:3']);
    assert.equal(by.silent.sample?.declaring, 5);
    assert.deepEqual(by['second-concurrent-call'].sample?.keys, ['a.feature:5', 'c.feature:4']);
    assert.equal(by['second-concurrent-call'].sample?.declaring, 2);
    assert.equal(by.silent.tags, '((@demo)) and @fault:silent');
    assert.deepEqual(onePerFeatureFile([]), []);
  });

  it('gives the reason the others did not run', () => {
    const by = byFault({ quick: true, genericSample: true });
    assert.equal(by.silent.sample?.reason, 'generic fault sampled: one declaring scenario per feature file; --quick without --generic-sample runs all 5');
  });

  it('samples only among the scenarios --tags selects', () => {
    const by = byFault({ quick: true, genericSample: true, tags: '@x' });
    assert.deepEqual(by.silent.sample?.keys, ['b.feature:3']);
    assert.equal(by.silent.sample?.declaring, 2);
    assert.deepEqual(by['second-concurrent-call'].sample?.keys, ['c.feature:4']);
  });

  it('leaves the aimed faults untouched: all their declaring scenarios', () => {
    const on = byFault({ quick: true, genericSample: true });
    const off = byFault({ quick: true });
    for (const f of ['aimed', 'other']) {
      assert.equal(on[f].sample, undefined);
      assert.deepEqual(on[f], off[f]);
    }
  });

  it('changes nothing without the option (nor without --quick)', () => {
    for (const quick of [true, false]) {
      const base = planCatalogue(cat, all, { quick });
      assert.deepEqual(planCatalogue(cat, all, { quick, genericSample: false }), base);
      for (const f of base.faults) assert.equal(f.sample, undefined);
    }
    assert.deepEqual(planCatalogue(cat, all, { quick: false, genericSample: true }), planCatalogue(cat, all, { quick: false }));
  });

  it('is refused without --quick and with --runner process', async () => {
    const errors: string[] = [];
    const orig = console.error;
    console.error = (l: string) => errors.push(l);
    try {
      assert.equal(await main(['--generic-sample']), 2);
      assert.equal(await main(['--quick', '--generic-sample', '--runner', 'process']), 2);
    } finally {
      console.error = orig;
    }
    assert.match(errors[0], /--generic-sample goes with --quick/);
    assert.match(errors[1], /--generic-sample is for the runner pool/);
  });
});

describe('--generic-sample in the matrix', () => {
  const row = (declared: string[], results: Record<string, 'passed' | 'failed'>, notSampled?: string[]): FaultMatrix['scenarios'][number] => ({
    key: 'a.feature:10',
    name: 'n',
    catalogue: 'demo',
    declared,
    compliant: 'passed',
    results,
    ...(notSampled ? { notSampled } : {}),
  });

  it('a declared generic fault not sampled is no problem; a sampled one that passes is', () => {
    assert.deepEqual(declaredProblems(row(['aimed', 'silent'], { aimed: 'failed' }, ['silent']), cat.faults, {}), []);
    assert.deepEqual(declaredProblems(row(['aimed', 'silent'], { aimed: 'failed', silent: 'passed' }), cat.faults, {}), [
      'a.feature:10 (n): did not fail under its declared fault silent (passed)',
    ]);
    // an aimed fault that did not fail stays a problem whatever was sampled
    assert.equal(declaredProblems(row(['aimed', 'silent'], { aimed: 'passed' }, ['silent']), cat.faults, {}).length, 1);
    // without a sample a pair not run is a problem, as before
    assert.deepEqual(declaredProblems(row(['aimed', 'silent'], { aimed: 'failed' }), cat.faults, {}), [
      'a.feature:10 (n): did not fail under its declared fault silent (not run)',
    ]);
  });

  it('says per generic fault how many declaring scenarios ran and why, in the Markdown and on the console', () => {
    const reason = 'generic fault sampled: one declaring scenario per feature file; --quick without --generic-sample runs all 5';
    const m: FaultMatrix = {
      generatedAt: 'now',
      problems: [],
      scenarios: [row(['aimed', 'silent'], { aimed: 'failed' }, ['silent'])],
      faults: [
        { catalogue: 'demo', fault: 'silent', description: 's', detectedBy: ['a.feature:5', 'b.feature:3'], collateral: [], skipped: false, sampled: { ran: 2, declaring: 5, reason } },
        { catalogue: 'demo', fault: 'aimed', description: 'a', detectedBy: ['a.feature:10'], collateral: [], skipped: false },
      ],
    };
    const md = renderMatrixMarkdown(m);
    assert.match(md, /## Generic faults sampled/);
    assert.ok(md.includes(`| demo | silent | 2 of 5 | ${reason} |`), md);
    assert.ok(md.includes('aimed: failed<br>silent: not sampled'), md);
    assert.deepEqual(sampleSummary(m), [
      'verify:faults: 1 generic faults sampled: 2 of their 5 declaring scenario×fault pairs ran',
      `verify:faults:   demo/silent: 2 of 5 declaring scenarios ran (${reason})`,
    ]);
    const without: FaultMatrix = { ...m, faults: m.faults.map(({ sampled: _, ...f }) => f), scenarios: [row(['aimed'], { aimed: 'failed' })] };
    assert.doesNotMatch(renderMatrixMarkdown(without), /sampled/);
    assert.deepEqual(sampleSummary(without), []);
  });
});

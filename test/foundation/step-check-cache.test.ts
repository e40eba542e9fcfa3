/**
 * The remembered step check (src/cli/step-check-cache.ts): its fingerprint follows the content of every file
 * that decides the answer, a selection outside features/ is never covered, and an answer is kept per fingerprint.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { coveredByCache, knownGood, rememberGood, stepCheckFingerprint } from '../../src/cli/step-check-cache';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-step-cache-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

describe('remembered step check', () => {
  write('steps/a.steps.ts', "Given('x', () => {});\n");
  write('src/core/b.ts', 'export const b = 1;\n');
  write('features/f/one.feature', 'Feature: f\n  Scenario: s\n    Given x\n');
  write('cucumber.js', 'module.exports = {};\n');

  it('the fingerprint changes with any step, source or feature file, or the profile file; not otherwise', () => {
    const first = stepCheckFingerprint(root);
    assert.equal(stepCheckFingerprint(root), first, 'same files, same fingerprint');
    for (const [rel, text] of [
      ['steps/a.steps.ts', "Given('y', () => {});\n"],
      ['src/core/b.ts', 'export const b = 2;\n'],
      ['features/f/one.feature', 'Feature: f\n  Scenario: s\n    Given an undefined step\n'],
      ['features/f/two.feature', 'Feature: g\n'],
      ['cucumber.js', 'module.exports = { default: {} };\n'],
    ]) {
      const before = stepCheckFingerprint(root);
      write(rel, text);
      assert.notEqual(stepCheckFingerprint(root), before, `${rel} changed, the fingerprint must too`);
    }
  });

  it('only selections inside features/ are covered', () => {
    assert.equal(coveredByCache([], root), true);
    assert.equal(coveredByCache(['features/f/one.feature', 'features/f/one.feature:3', 'features/f'], root), true);
    assert.equal(coveredByCache([path.join(root, 'features', 'f', 'one.feature')], root), true);
    assert.equal(coveredByCache(['/tmp/elsewhere/x.feature'], root), false);
    assert.equal(coveredByCache(['features/../other/x.feature'], root), false);
    assert.equal(coveredByCache(['features'], root), false, 'features/ itself is covered by [] (everything), not as a path');
  });

  it('an answer is kept for its fingerprint only, and the newest replaces older ones', () => {
    const fp = `${stepCheckFingerprint(root)}-default`;
    assert.equal(knownGood(fp, root), false);
    rememberGood(fp, root);
    assert.equal(knownGood(fp, root), true);
    write('steps/a.steps.ts', "Given('z', () => {});\n");
    const next = `${stepCheckFingerprint(root)}-default`;
    assert.equal(knownGood(next, root), false, 'a changed step file is not covered by the old answer');
    rememberGood(next, root);
    assert.equal(knownGood(fp, root), false, 'the old answer was removed');
    assert.equal(knownGood(next, root), true);
  });
});

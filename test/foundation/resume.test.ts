/**
 * `evc test` progress and `--resume` (issue #19), as real invocations in a private reports directory: a run
 * cut with a signal after its first finished scenario (one worker, so the rest is still to run) says how far it got; `evc test --resume` runs only the
 * scenarios not finished, keeps the Allure results of the cut part, and closes with counts for the whole run;
 * a second run of the same selection prints an estimate from the recorded durations.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { listScenarios, matchesTags } from '../../src/core/features';
import { estimate, keyOf } from '../../src/report/run-journal';

const ROOT = path.resolve(__dirname, '..', '..');
const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-resume-'));
// cucumber's progress dots may precede a progress line on the same line of output
const TAGS = '@ocpp201 and @sut:csms and @block:B';
const N = listScenarios().filter((s) => matchesTags(s.tags, TAGS)).length;
const env = { ...process.env, EVC_REPORTS_DIR: reports, FORCE_COLOR: '0' };
const results = () => fs.readdirSync(path.join(reports, 'allure-results')).filter((f) => f.endsWith('-result.json')).length;

describe('evc test: progress, cut, --resume', { timeout: 600_000 }, () => {
  it('a cut run is resumed without re-running what finished, and the report stays whole', async () => {
    assert.ok(N >= 6, `selection has ${N} scenarios`);
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), 'test', '--tags', TAGS], { cwd: ROOT, env });
    let out = '';
    let cut = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!cut && /evc: \[1\/\d+\] /.test(out)) {
        cut = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    assert.notEqual(code, 0, out);
    assert.match(out, new RegExp(`^evc: ${N} scenario\\(s\\) to run on rig 'reference' at timeScale 0\\.01; estimated duration no estimate`, 'm'));
    assert.match(out, new RegExp(`evc: \\[1/${N}\\] PASSED .* — elapsed .*, ETA `, 'm'));
    const stopped = new RegExp(`evc: the run stopped after (\\d+) of ${N} scenario\\(s\\); continue it with: evc test --resume$`, 'm').exec(out);
    assert.ok(stopped, out);
    const k = Number(stopped[1]);
    assert.ok(k >= 1 && k < N, out);
    assert.match(out, new RegExp(`^scenarios: ${k} passed, 0 failed, 0 skipped$`, 'm'));
    const afterCut = results();
    assert.ok(afterCut >= k, `allure results after the cut: ${afterCut}`);

    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), 'test', '--resume'], { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
    const out2 = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, out2);
    assert.match(out2, new RegExp(`already finished are not run again`));
    assert.match(out2, new RegExp(`^evc: ${N - k} scenario\\(s\\) to run \\(of ${N}\\) on rig 'reference' at timeScale 0\\.01; estimated duration `, 'm'));
    assert.match(out2, new RegExp(`evc: \\[${N}/${N}\\] `, 'm'));
    assert.doesNotMatch(out2, new RegExp(`evc: \\[${k}/${N}\\] `, 'm'), 'the finished scenarios are not run again');
    assert.match(out2, new RegExp(`^scenarios: ${N} passed, 0 failed, 0 skipped$`, 'm'));
    assert.ok(results() >= N, `allure results after resuming: ${results()} (cut part kept)`);
    // every scenario now has a recorded duration: the next run of the selection is estimated from them
    const est = estimate(reports, 0.01, listScenarios().filter((s) => matchesTags(s.tags, TAGS)).map(keyOf), 2);
    assert.equal(est.recorded, N);
    assert.match(est.text, /^about .*, from the recorded durations of earlier runs at timeScale 0\.01, 2 workers$/);
  });
  it('without a run to resume: one line, exit 2', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-resume-none-'));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), 'test', '--resume'], { cwd: ROOT, env: { ...env, EVC_REPORTS_DIR: empty }, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr.trim(), /^evc: --resume: no run to resume in .*run$/);
  });
});

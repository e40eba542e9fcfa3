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
import { after, describe, it } from 'node:test';
import { listScenarios, matchesTags } from '../../src/core/features';
import { countJunit } from '../../src/report/junit';
import { derivedDuration, estimate, junitFromJournal, keyOf, namedSeconds, namedWaits } from '../../src/report/run-journal';

const ROOT = path.resolve(__dirname, '..', '..');
// every temp dir this file makes is removed at the end
const temps: string[] = [];
const tempDir = (prefix: string) => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
};
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});
const reports = tempDir('evc-resume-');
// cucumber's progress dots may precede a progress line on the same line of output
// the six smoke scenarios (both protocols, both SUTs): few and quick, enough to cut after the first
const TAGS = '@smoke';
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
    // the cut part wrote its JUnit from the journal: the scenarios it finished
    const cutJunit = countJunit(fs.readFileSync(path.join(reports, 'junit-host.xml'), 'utf8'));
    assert.deepEqual([cutJunit.tests, cutJunit.passed], [k, k]);

    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), 'test', '--resume'], { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
    const out2 = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, out2);
    assert.match(out2, new RegExp(`already finished are not run again`));
    assert.match(out2, new RegExp(`^evc: ${N - k} scenario\\(s\\) to run \\(of ${N}\\) on rig 'reference' at timeScale 0\\.01; estimated duration `, 'm'));
    assert.match(out2, new RegExp(`evc: \\[${N}/${N}\\] `, 'm'));
    assert.doesNotMatch(out2, new RegExp(`evc: \\[${k}/${N}\\] `, 'm'), 'the finished scenarios are not run again');
    assert.match(out2, new RegExp(`^scenarios: ${N} passed, 0 failed, 0 skipped$`, 'm'));
    assert.ok(results() >= N, `allure results after resuming: ${results()} (cut part kept)`);
    // the merged JUnit holds every scenario of the run once: the cut part's and the resumed part's
    const junit = fs.readFileSync(path.join(reports, 'junit.xml'), 'utf8');
    assert.deepEqual(countJunit(junit), { tests: N, passed: N, failed: 0, skipped: 0 });
    const names = [...junit.matchAll(/<testcase [^>]*name="([^"]*)"/g)].map((m) => m[1]);
    assert.equal(names.length, N, junit);
    // every scenario now has a recorded duration: the next run of the selection is estimated from them
    const est = estimate(reports, 0.01, listScenarios().filter((s) => matchesTags(s.tags, TAGS)).map(keyOf), 2);
    assert.equal(est.recorded, N);
    assert.match(est.text, /^about .*, from the recorded durations of earlier runs at timeScale 0\.01, 2 workers$/);
  });
  it('without a run to resume: one line, exit 2', () => {
    const empty = tempDir('evc-resume-none-');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), 'test', '--resume'], { cwd: ROOT, env: { ...env, EVC_REPORTS_DIR: empty }, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr.trim(), /^evc: --resume: no run to resume in .*run$/);
  });
});

describe('estimate for a first run at a new time scale', () => {
  // a scenario whose steps name their waits in seconds ("every 60 seconds")
  const hb = listScenarios().find((s) => s.uri.endsWith('j-clock-aligned-cs.feature'))!;
  const write = (durations: Record<string, Record<string, number>>) => {
    const dir = tempDir('evc-estimate-');
    fs.writeFileSync(path.join(dir, 'durations.json'), JSON.stringify(durations));
    return dir;
  };
  it('names the seconds of protocol time in step text', () => {
    assert.equal(namedSeconds('the station sends Heartbeat every 60 seconds'), 60);
    assert.equal(namedSeconds('within 1 second, and again after about 2 minutes'), 121);
    assert.equal(namedSeconds('the station sends BootNotification'), 0);
    assert.ok((namedWaits([keyOf(hb)]).get(keyOf(hb)) ?? 0) > 0, `${keyOf(hb)} names no wait`);
  });
  it('two recorded scales fit fixed part + waits × timeScale', () => {
    // 1 s fixed + 100 s of waits: 2 s at 0.01, 3 s at 0.02 → 101 s at 1
    const d = derivedDuration({ '0.01': 2000, '0.02': 3000 }, 1, 0)!;
    assert.ok(d.fitted);
    assert.equal(Math.round(d.ms), 101_000);
    const dir = write({ '0.01': { a: 2000, b: 2000 }, '0.02': { a: 3000, b: 3000 } });
    const e = estimate(dir, 1, ['a', 'b'], 1);
    assert.equal(e.derived, 2);
    assert.equal(Math.round(e.totalMs!), 202_000);
    assert.match(e.text, /^about .*, first run at this time scale: 2 scenario\(s\) derived from runs at timeScale 0\.01 and 0\.02 \(2 fitted as fixed part \+ waits × timeScale\)$/);
  });
  it('one recorded scale: the waits the scenario steps name are scaled, the rest is the fixed part', () => {
    const waitS = namedWaits([keyOf(hb)]).get(keyOf(hb))!;
    const d001 = 500 + waitS * 1000 * 0.01;
    const dir = write({ '0.01': { [keyOf(hb)]: d001 } });
    const e = estimate(dir, 1, [keyOf(hb)], 1);
    assert.equal(Math.round(e.totalMs!), 500 + waitS * 1000);
    assert.match(e.text, /first run at this time scale: 1 scenario\(s\) derived from runs at timeScale 0\.01 \(1 with the waits their steps name scaled\)$/);
    // scaling down works the same way, and a scale with records is used as recorded
    assert.equal(Math.round(estimate(dir, 0.01, [keyOf(hb)], 1).totalMs!), Math.round(d001));
  });
  it('nothing to run: says so rather than "no estimate"', () => {
    assert.equal(estimate(write({}), 1, [], 2).text, 'none: nothing left to run here');
  });
  it('no record at any scale: no estimate, with the waits the steps name as a floor', () => {
    const e = estimate(write({}), 1, [keyOf(hb)], 1);
    assert.equal(e.totalMs, undefined);
    assert.match(e.text, /^no estimate: no earlier run at timeScale 1 recorded in .*; the waits the scenarios' steps name alone take /);
  });
});

describe('JUnit of a cut part from its journal', () => {
  it('one testcase per finished scenario, statuses kept, names escaped', () => {
    const file = path.join(tempDir('evc-junit-'), 'junit-host.xml');
    junitFromJournal(
      [
        { key: 'features/a.feature:3', name: 'A <b> & "c"', status: 'PASSED', durationMs: 1200 },
        { key: 'features/a.feature:9', name: 'skipped one', status: 'SKIPPED', durationMs: 1 },
        { key: 'features/a.feature:12', name: 'failed one', status: 'FAILED', durationMs: 5 },
      ],
      file,
    );
    const xml = fs.readFileSync(file, 'utf8');
    assert.deepEqual(countJunit(xml), { tests: 3, passed: 1, failed: 1, skipped: 1 });
    assert.match(xml, /name="A &lt;b&gt; &amp; &quot;c&quot;" time="1\.200"><\/testcase>/);
  });
});

/**
 * `evc test --rerun-failed-alone` (EVC_RERUN_FAILED=1): failed scenarios of a reference-rig run are run again one
 * at a time. The pure parts (last outcome per scenario, the closing lines, when not to re-run) and one real run
 * whose failures come from an injected fault: they fail again alone, the run fails, junit.xml counts each
 * scenario once.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { noRerunReason, RERUN_LIMIT, rerunRequested, rerunSummary, withoutRerunOption } from '../../src/cli/rerun';
import { failedOf, lastOutcomes } from '../../src/report/run-journal';
import { countJunit } from '../../src/report/junit';

const ROOT = path.resolve(__dirname, '..', '..');
const f = (key: string, status: string) => ({ key, name: `scenario ${key}`, status, durationMs: 10 });

it('the last outcome of each scenario wins, in journal order', () => {
  const last = lastOutcomes([f('a:1', 'FAILED'), f('b:2', 'PASSED'), f('c:3', 'SKIPPED'), f('a:1', 'PASSED')]);
  assert.deepEqual(last.map((x) => `${x.key} ${x.status}`), ['b:2 PASSED', 'c:3 SKIPPED', 'a:1 PASSED']);
  assert.deepEqual(failedOf([f('a:1', 'FAILED'), f('b:2', 'UNDEFINED'), f('c:3', 'SKIPPED')]).map((x) => x.key), ['a:1', 'b:2']);
});

it('a pass alone is named, a failure alone stays a failure', () => {
  const lines = rerunSummary([f('a:1', 'FAILED'), f('b:2', 'FAILED')], [f('a:1', 'PASSED'), f('b:2', 'FAILED')]);
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^evc: 1 scenario\(s\) failed beside the others and passed when re-run alone .*scenario a:1 \(a:1\)$/);
  assert.match(lines[1], /^evc: 1 scenario\(s\) failed again when re-run alone: scenario b:2 \(b:2\)$/);
});

it('only a reference rig re-runs, and only a few failures', () => {
  assert.equal(noRerunReason({ kind: 'reference', name: 'reference' }, 1), undefined);
  assert.match(noRerunReason({ kind: 'remote', name: 'lab' }, 1) ?? '', /rig 'lab' \(kind remote\) reaches real equipment/);
  assert.match(noRerunReason({ kind: 'reference', name: 'reference' }, RERUN_LIMIT + 1) ?? '', /more than 30/);
  assert.equal(rerunRequested(['--tags', '@x', '--rerun-failed-alone'], {}), true);
  assert.equal(rerunRequested([], { EVC_RERUN_FAILED: '1' }), true);
  assert.equal(rerunRequested([], {}), false);
  assert.deepEqual(withoutRerunOption(['--rerun-failed-alone', '--tags', '@x']), ['--tags', '@x']);
});

it('failures under a fault fail again alone: the run fails and counts each scenario once', { timeout: 240_000 }, () => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-rerun-'));
  try {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), 'test', '--rerun-failed-alone', '--tags', '@TC_001_CSMS or @TC_003_CSMS'], {
      cwd: ROOT,
      env: { ...process.env, EVC_REPORTS_DIR: reports, EVC_FAULTS: 'ocpp16-csms/boot-rejected', EVC_RERUN_FAILED: '', FORCE_COLOR: '0' },
      encoding: 'utf8',
      timeout: 200_000,
    });
    const out = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 1, out);
    assert.match(out, /evc: 2 failed scenario\(s\) run again one at a time/);
    assert.match(out, /evc: 2 scenario\(s\) failed again when re-run alone: Cold Boot Charge Point/);
    assert.match(out, /scenarios: 0 passed, 2 failed, 0 skipped/);
    const junit = countJunit(fs.readFileSync(path.join(reports, 'junit.xml'), 'utf8'));
    assert.equal(junit.tests, 2);
    assert.equal(junit.failed, 2);
  } finally {
    fs.rmSync(reports, { recursive: true, force: true });
  }
});

/**
 * `evc coverage --pics` (issue #19): what a SUT described by its PICS runs and what is not applicable, and
 * why — the same judgement `evc test` makes before a scenario runs. Needs no ../shared.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { picsCoverage } from '../../src/report/pics-coverage';
import { listScenarios } from '../../src/core/features';

const ROOT = path.resolve(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-coverage-pics-'));
const picsFile = path.join(tmp, 'pics.json');
fs.writeFileSync(picsFile, JSON.stringify({ name: 'Test charger', protocol: 'ocpp16', sut: 'station', profiles: ['Core', 'RemoteTrigger'], connectors: 1 }));

describe('evc coverage --pics', () => {
  it('judges every scenario of the PICS protocol and side, with the reason', () => {
    const c = picsCoverage([picsFile], '@ocpp16 and @sut:station');
    const all = listScenarios().filter((s) => s.tags.includes('@ocpp16') && s.tags.includes('@sut:station'));
    assert.equal(c.verdicts.length, all.length);
    assert.equal(c.runs + c.notApplicable, all.length);
    assert.equal(c.outside, 0);
    const reservation = c.verdicts.find((v) => v.scenario.tags.includes('@reservation'));
    assert.equal(reservation?.notApplicable, "PICS 'Test charger' does not declare the Reservation profile");
    const twoConnectors = c.verdicts.find((v) => v.scenario.tags.includes('@requires:connectors-2') && v.scenario.tags.includes('@core'));
    assert.equal(twoConnectors?.notApplicable, "PICS 'Test charger' declares 1 connector(s), the case needs 2");
    const plainCore = c.verdicts.find((v) => v.ids.includes('TC_003_CS'));
    assert.ok(plainCore && !plainCore.notApplicable, 'TC_003_CS runs on a one-connector Core charger');
    assert.equal(Object.values(c.reasons).reduce((a, b) => a + b, 0), c.notApplicable);
  });
  it('counts scenarios of another protocol or side as outside, and --tags narrows', () => {
    const c = picsCoverage([picsFile], '@TC_003_CS or @TC_001_CSMS');
    assert.equal(c.verdicts.length, 1);
    assert.equal(c.outside, listScenarios().filter((s) => s.tags.includes('@TC_001_CSMS')).length);
  });
  it('prints per scenario and totals from the CLI, without ../shared', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), 'coverage', '--pics', picsFile, '--tags', '@reservation or @TC_003_CS'], {
      cwd: ROOT,
      env: { ...process.env, EVC_SHARED_DIR: path.join(tmp, 'no-shared') },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ {2}runs {12}TC_003_CS /m);
    assert.match(r.stdout, /^ {2}not applicable {2}TC_\w+_CS .* — PICS 'Test charger' does not declare the Reservation profile$/m);
    assert.match(r.stdout, /^coverage: \d+ run, \d+ not applicable \(of \d+ scenarios for this SUT\)$/m);
  });
  it('a missing PICS file is one line and exit 2', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), 'coverage', '--pics', path.join(tmp, 'none.json')], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 2);
    assert.match(r.stderr.trim(), /^evc: .*none\.json: file not found$/);
  });
});

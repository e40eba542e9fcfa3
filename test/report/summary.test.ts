/**
 * The certification summary (src/report/summary.ts) built from a real run: `evc test` of TC_001_CS (station
 * under test), TC_001_CSMS (CSMS under test) and TC_042_1_CS (Local Auth List, made not applicable by the
 * rig's PICS) on a reference rig that declares its SUT, into a scratch reports directory, then `evc summary
 * --pdf`. The page names the station from its BootNotification, the rig and its PICS, each test case's verdict
 * (the not-applicable one with the PICS reason), the counts of the run's `scenarios:` line and catalogue
 * coverage; operator answers are listed once the operator-answers file exists. The PDF check is skipped,
 * saying why, where no Chromium is installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { networkLoads } from '../../src/report/offline-html';
import { findChromium, writeRunSummary } from '../../src/report/summary';
import { bootIdentity } from '../../src/report/summary-data';

const ROOT = path.resolve(__dirname, '..', '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-summary-'));
const reports = path.join(dir, 'reports');
const text = (html: string) => html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/\s+/g, ' ');

function evc(args: string[]) {
  const rig = path.join(dir, 'rig.json');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), ...args], { cwd: ROOT, env: { ...process.env, EVC_REPORTS_DIR: reports, EVC_RIG: rig }, encoding: 'utf8', timeout: 180_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

let run: { code: number | null; out: string };

before(() => {
  const reference = JSON.parse(fs.readFileSync(path.join(ROOT, 'rigs', 'reference.json'), 'utf8')) as Record<string, unknown>;
  const pics = { name: 'Core-only test charger', protocol: 'ocpp16', sut: 'station', profiles: ['Core'], connectors: 2, securityProfiles: [0] };
  fs.writeFileSync(path.join(dir, 'pics.json'), JSON.stringify(pics));
  const rig = { name: 'summary-test', kind: 'reference', description: 'Reference SUTs for the summary test.', timeScale: reference.timeScale, timeouts: reference.timeouts, sut: { vendor: 'EVC', model: 'Reference16', firmware: '1.0.0' }, pics: [path.join(dir, 'pics.json')] };
  fs.writeFileSync(path.join(dir, 'rig.json'), JSON.stringify(rig));
  run = evc(['test', '--tags', '@TC_001_CSMS or @TC_001_CS or @TC_042_1_CS']);
});

after(() => fs.rmSync(dir, { recursive: true, force: true }));

it('the summary of a real run names the SUT from its BootNotification, the rig, PICS, verdicts and counts', () => {
  const counts = /scenarios: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(run.out);
  assert.ok(counts, run.out.slice(-2000));
  const s = evc(['summary']);
  assert.equal(s.code, 0, s.out);
  const html = fs.readFileSync(path.join(reports, 'summary', 'index.html'), 'utf8');
  assert.deepEqual(networkLoads(html), []);
  const t = text(html);
  // the station's identity as its BootNotification states it (the reference 1.6 station), with its serial
  assert.match(t, /station EVC \/ Reference16 1\.0\.0 SN-\S+ BootNotification \(OCPP 1\.6\)/);
  assert.doesNotMatch(t, /differs from the rig's declaration/);
  assert.match(t, /csms ws:\/\/127\.0\.0\.1:\d+\/ocpp16\/…/);
  assert.match(t, /Rig summary-test \(reference\)/);
  assert.match(t, /pics\.json: Core-only test charger \(ocpp16 station; profiles Core\)/);
  assert.match(t, new RegExp(`${counts[1]} passed, ${counts[2]} failed, ${counts[3]} not applicable — 3 scenario\\(s\\)`));
  assert.equal(counts.slice(1).join(' '), '2 0 1', run.out.slice(-2000));
  assert.match(t, /TC_001_CS Cold Boot Charge Point PASS \d/);
  assert.match(t, /TC_001_CSMS Cold Boot Charge Point PASS \d/);
  assert.match(t, /TC_042_1_CS Get Local List Version \(not supported\) NOT APPLICABLE/);
  assert.match(t, /NOT APPLICABLE \(1\) [^:]*LocalAuthListManagement[^:]*: TC_042_1_CS/);
  assert.match(t, /ocpp16-testcases 3 \/ \d+ 2 0 1/);
  assert.match(t, /No operator actions in this run/);
});

it('operator answers are listed with their time stamps once the run leaves them', () => {
  const answer = { scenario: 'Cold Boot Charge Point', step: 'When the operator plugs in a cable', instruction: 'Plug the cable into connector 1', answer: 'done', at: '2026-12-02T10:00:05.120Z' };
  fs.writeFileSync(path.join(reports, 'operator-answers.ndjson'), `${JSON.stringify(answer)}\nnot json\n`);
  const r = writeRunSummary(reports);
  assert.ok('file' in r, JSON.stringify(r));
  const t = text(fs.readFileSync(r.file, 'utf8'));
  assert.match(t, /2026-12-02T10:00:05\.120Z Cold Boot Charge Point When the operator plugs in a cable Plug the cable into connector 1 done/);
  assert.match(t, /line\(s\) 2 are not JSON/);
  fs.rmSync(path.join(reports, 'operator-answers.ndjson'));
});

it('a reports dir without a run gives a problem, not an exception; 2.0.1 identities read chargingStation', () => {
  const r = writeRunSummary(path.join(dir, 'empty'));
  assert.ok('problem' in r && /no run/.test(r.problem));
  assert.deepEqual(bootIdentity({ reason: 'PowerUp', chargingStation: { vendorName: 'V', model: 'M', firmwareVersion: '2.1', serialNumber: 'S1' } }), { vendor: 'V', model: 'M', firmware: '2.1', serial: 'S1' });
});

const CHROMIUM = findChromium();
it('evc summary --pdf prints the page to summary.pdf', { skip: CHROMIUM ? false : 'no Chromium installed (scripts/ensure-chromium.sh installs Debian\'s chromium)' }, () => {
  const s = evc(['summary', '--pdf']);
  assert.equal(s.code, 0, s.out);
  const pdf = path.join(reports, 'summary', 'summary.pdf');
  assert.match(s.out, /summary\.pdf/);
  assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString('latin1'), '%PDF-');
  assert.match(fs.readFileSync(pdf, 'latin1'), /\/Count 1\b/, 'the summary of a small run is one page');
});

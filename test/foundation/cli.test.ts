/**
 * The foundation's acceptance checks, run as real `evc test` invocations in a separate reports directory:
 * bad input gives one clear line and a non-zero exit; the BootNotification scenario fails with a diff and
 * the frames when the SUT answers wrongly or not at all.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-foundation-'));

function evc(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, EVC_REPORTS_DIR: path.join(tmp, 'reports'), FORCE_COLOR: '0', ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function feature(name: string, text: string): string {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('bad input: one line, non-zero exit', () => {
  it('a malformed rig config names the file and field', () => {
    const rig = path.join(tmp, 'bad-rig.json');
    fs.writeFileSync(rig, JSON.stringify({ name: 'x', kind: 'reference', ocpp: { station: { connectors: 0 } } }));
    const r = evc(['test'], { EVC_RIG: rig });
    assert.equal(r.code, 2);
    assert.equal(r.out.trim(), `evc: ${rig}: ocpp.station.connectors: must be >= 1`);
  });
  it('an unknown fault name is rejected before anything runs', () => {
    const r = evc(['test'], { EVC_FAULTS: 'ocpp16-station/not-a-fault' });
    assert.equal(r.code, 2);
    assert.match(r.out.trim(), /^evc: .*unknown fault 'not-a-fault' in ocpp16-station \(known: [^\n]*\)$/);
  });
  it('an undefined step names the feature file and line', () => {
    const f = feature('undefined.feature', 'Feature: u\n  Scenario: s\n    When the charger sings\n');
    const r = evc(['test', f]);
    assert.equal(r.code, 2);
    assert.match(r.out, new RegExp(`evc: .*undefined\\.feature:3: undefined step "the charger sings"`));
  });
  it('a missing fixture is found by the pre-flight: one line naming the step and the file, nothing run', () => {
    const f = feature(
      'fixture.feature',
      '@ocpp16 @sut:station\nFeature: f\n  Scenario: s\n    Given the station is booted\n    When the CSMS sends SetChargingProfile from fixture "ocpp16/no-such-profile.json"\n',
    );
    const r = evc(['test', f]);
    assert.equal(r.code, 2);
    assert.match(r.out, /evc: \S*fixture\.feature:5: fixture "ocpp16\/no-such-profile\.json": no such file fixtures\/ocpp16\/no-such-profile\.json\n/);
    assert.doesNotMatch(r.out, /scenarios: \d+ passed/);
  });
});

describe('the BootNotification scenario can fail', () => {
  const smoke = path.join(ROOT, 'features', 'smoke', 'boot-notification.feature');
  it('passes against the compliant reference SUTs', () => {
    const r = evc(['test', smoke]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /scenarios: 2 passed, 0 failed, 0 skipped/);
  });
  it('fails with a diff and the frames when the CSMS answers wrongly', () => {
    const r = evc(['test', smoke, '--tags', '@sut:csms'], { EVC_FAULTS: 'ocpp16-csms/boot-rejected' });
    assert.equal(r.code, 1);
    assert.match(r.out, /The BootNotification response does not match/);
    assert.match(r.out, /- \$\.status: "Accepted"\n\s+\+ \$\.status: "Rejected"/);
    assert.match(r.out, /Recent frames/);
    assert.match(r.out, /S→H\s+ocpp1\.6\s+\[[^\]]+\]\s+CALLRESULT BootNotification/);
  });
  it('fails with a clear timeout and the frames when the CSMS does not answer', () => {
    const r = evc(['test', smoke, '--tags', '@sut:csms'], { EVC_FAULTS: 'ocpp16-csms/silent' });
    assert.equal(r.code, 1);
    assert.match(r.out, /The SUT did not answer BootNotification \(#[^)]+\) within \d+ ms/);
    assert.match(r.out, /H→S\s+ocpp1\.6\s+\[[^\]]+\]\s+CALL BootNotification/);
  });
  it('fails when the station under test sends no StatusNotification', () => {
    const r = evc(['test', smoke, '--tags', '@sut:station'], { EVC_FAULTS: 'ocpp16-station/no-status-notification' });
    assert.equal(r.code, 1);
    assert.match(r.out, /Expected StatusNotification .*none received/);
  });
});

describe('PICS: cases the SUT does not declare are skipped as not applicable', () => {
  it('skips a Reservation case when the PICS lacks the Reservation profile, and runs a Core one', () => {
    const pics = path.join(tmp, 'pics.json');
    fs.writeFileSync(pics, JSON.stringify({ name: 'no reservation', protocol: 'ocpp16', sut: 'station', profiles: ['Core'] }));
    const rig = path.join(tmp, 'pics-rig.json');
    fs.writeFileSync(rig, JSON.stringify({ name: 'reference+pics', kind: 'reference', timeScale: 0.01, pics, timeouts: { ocpp: { connect: 4000, response: 2000, expect: 3000, quiet: 800 } } }));
    const r = evc(['test', 'features/smoke/boot-notification.feature', 'features/ocpp16/reservation', '--tags', '@sut:station'], { EVC_RIG: rig });
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /scenarios: 1 passed, 0 failed, [1-9]\d* skipped/);
  });
  it('a malformed PICS is one line naming the file and field', () => {
    const pics = path.join(tmp, 'bad-pics.json');
    fs.writeFileSync(pics, JSON.stringify({ name: 'x', protocol: 'ocpp16', sut: 'station', profiles: ['Teleportation'] }));
    const rig = path.join(tmp, 'bad-pics-rig.json');
    fs.writeFileSync(rig, JSON.stringify({ name: 'x', kind: 'reference', pics }));
    const r = evc(['test'], { EVC_RIG: rig });
    assert.equal(r.code, 2);
    assert.match(r.out.trim(), /^evc: .*bad-pics\.json: profiles\[0\]: must be one of "Core", /);
  });
});

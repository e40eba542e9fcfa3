/**
 * The foundation's acceptance checks, run as real `evc test` invocations in a separate reports directory:
 * bad input gives one clear line and a non-zero exit; the BootNotification scenario fails with a diff and
 * the frames when the SUT answers wrongly or not at all. Problems the pre-flight reports together (an unknown
 * fault, a malformed PICS, a missing fixture) come from one run, one line each.
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

/**
 * One pre-flight run with three input problems at once: a rig whose PICS is malformed, an unknown fault name and
 * a feature naming a missing fixture. Each is one line of its own; nothing runs.
 */
let refused: { code: number | null; out: string } | undefined;
function refusals() {
  if (refused) return refused;
  const pics = path.join(tmp, 'bad-pics.json');
  fs.writeFileSync(pics, JSON.stringify({ name: 'x', protocol: 'ocpp16', sut: 'station', profiles: ['Teleportation'] }));
  const rig = path.join(tmp, 'bad-pics-rig.json');
  fs.writeFileSync(rig, JSON.stringify({ name: 'x', kind: 'reference', pics }));
  const f = feature(
    'fixture.feature',
    '@ocpp16 @sut:station\nFeature: f\n  Scenario: s\n    Given the station is booted\n    When the CSMS sends SetChargingProfile from fixture "ocpp16/no-such-profile.json"\n',
  );
  refused = evc(['test', f], { EVC_RIG: rig, EVC_FAULTS: 'ocpp16-station/not-a-fault' });
  return refused;
}
/** The refusal run ended with exit 2 after three lines, exactly one of them matching `line`. */
function refusedWithLine(line: RegExp): void {
  const r = refusals();
  assert.equal(r.code, 2, r.out);
  const lines = r.out.trim().split('\n');
  assert.equal(lines.length, 3, r.out);
  assert.equal(lines.filter((l) => line.test(l)).length, 1, r.out);
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
    refusedWithLine(/^evc: .*unknown fault 'not-a-fault' in ocpp16-station \(known: [^\n]*\)$/);
  });
  it('an undefined step names the feature file and line', () => {
    const f = feature('undefined.feature', 'Feature: u\n  Scenario: s\n    When the charger sings\n');
    const r = evc(['test', f]);
    assert.equal(r.code, 2);
    assert.match(r.out, new RegExp(`evc: .*undefined\\.feature:3: undefined step "the charger sings"`));
  });
  it('a missing fixture is found by the pre-flight: one line naming the step and the file, nothing run', () => {
    refusedWithLine(/^evc: \S*fixture\.feature:5: fixture "ocpp16\/no-such-profile\.json": no such file fixtures\/ocpp16\/no-such-profile\.json$/);
    assert.doesNotMatch(refusals().out, /scenarios: \d+ passed/);
  });
});

describe('the BootNotification scenario can fail', () => {
  const smoke = path.join(ROOT, 'features', 'smoke', 'boot-notification.feature');
  it('passes against the compliant reference SUTs', () => {
    const r = evc(['test', smoke]);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /scenarios: 2 passed, 0 failed, 0 skipped/);
  });
  // one run, both scenarios, a fault in each reference SUT: the CSMS rejects the boot, the station sends no StatusNotification
  let faulted: { code: number | null; out: string } | undefined;
  const faultedRun = () => (faulted ??= evc(['test', smoke], { EVC_FAULTS: 'ocpp16-csms/boot-rejected,ocpp16-station/no-status-notification' }));
  it('fails with a diff and the frames when the CSMS answers wrongly', () => {
    const r = faultedRun();
    assert.equal(r.code, 1);
    assert.match(r.out, /scenarios: 0 passed, 2 failed, 0 skipped/);
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
    const r = faultedRun();
    assert.equal(r.code, 1);
    assert.match(r.out, /scenarios: 0 passed, 2 failed, 0 skipped/);
    assert.match(r.out, /Expected StatusNotification .*none received/);
  });
});

describe('PICS: cases the SUT does not declare are skipped as not applicable', () => {
  it('skips a Reservation case when the PICS lacks the Reservation profile, and runs a Core one', () => {
    const pics = path.join(tmp, 'pics.json');
    fs.writeFileSync(pics, JSON.stringify({ name: 'no reservation', protocol: 'ocpp16', sut: 'station', profiles: ['Core'] }));
    const rig = path.join(tmp, 'pics-rig.json');
    fs.writeFileSync(rig, JSON.stringify({ name: 'reference+pics', kind: 'reference', timeScale: 0.01, pics, timeouts: { ocpp: { connect: 4000, response: 2000, expect: 3000, quiet: 800 } } }));
    // one Reservation scenario (TC_046_1_CS): two scenarios run in one cucumber process
    const r = evc(['test', 'features/smoke/boot-notification.feature', 'features/ocpp16/reservation/reservation-cs.feature:8', '--tags', '@sut:station'], { EVC_RIG: rig });
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /scenarios: 1 passed, 0 failed, 1 skipped/);
  });
  it('a malformed PICS is one line naming the file and field', () => {
    refusedWithLine(/^evc: .*bad-pics\.json: profiles\[0\]: must be one of "Core", /);
  });
});

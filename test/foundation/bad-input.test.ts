/**
 * Bad input, as a user meets it: every rig / PICS / fixture schema is closed (a typo at any level is
 * rejected, naming file and field), every problem of a file is reported (one line each), a PICS file the rig
 * names but that is missing names the rig file and its `pics` field, and a fixture a selected scenario names
 * is checked in the pre-flight: `evc test` exits 2 with `evc:` lines before anything runs.
 * The CLI cases are real `evc test` runs (bin/evc.js) with a private reports directory.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import YAML from 'yaml';
import { checkInputs } from '../../src/cli/preflight';
import { DEFAULT_TIMEOUTS, OPTIONAL_TIMEOUTS } from '../../src/core/config';
import { ConfigError } from '../../src/core/errors';
import { FIXTURES_DIR } from '../../src/core/fixtures';
import { validateData } from '../../src/core/load';
import { ID_TAG_ROLES } from '../../src/ocpp/id-tags';
import { loadRigConfig } from '../../src/rig/config';
import { loadPics, loadRigPics } from '../../src/rig/pics';
import { loadEcuFixture, parseEcuFixture } from '../../src/uds/fixture';
import { ROOT, spawnEvc } from '../support/evc-process';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-bad-input-'));
// fixtures the pre-flight must find bad have to live under fixtures/ (paths outside it are refused)
const fixtureDir = fs.mkdtempSync(path.join(FIXTURES_DIR, '.bad-input-test-'));
after(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(fixtureDir, { recursive: true, force: true });
});

function write(name: string, data: unknown, dir = tmp): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return f;
}

/** The ConfigError `fn` throws (fails the test when it throws nothing, or something else). */
function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a ConfigError, nothing was thrown');
}

const RIG = { name: 'bad-input', kind: 'reference', timeScale: 0.01 };
const evc = (args: string[], env: Record<string, string>) => spawnEvc(['test', ...args], { EVC_REPORTS_DIR: path.join(tmp, 'reports'), ...env }, 120_000);
const lines = (out: string) => out.split('\n').filter((l) => l.startsWith('evc: '));

describe('closed schemas: a typo at any level is rejected, naming file and field', () => {
  const typos: [string, Record<string, unknown>, string][] = [
    ['top level', { ...RIG, timeScal: 0.01 }, 'timeScal'],
    ['ocpp.station', { ...RIG, ocpp: { station: { conectors: 2 } } }, 'ocpp.station.conectors'],
    ['ocpp.csms', { ...RIG, ocpp: { csms: { identiy: 'CP1' } } }, 'ocpp.csms.identiy'],
    ['a timeouts.ocpp key', { ...RIG, timeouts: { ocpp: { respnse: 3000 } } }, 'timeouts.ocpp.respnse'],
    ['a timeouts protocol name', { ...RIG, timeouts: { ocp: { response: 3000 } } }, 'timeouts.ocp'],
    ['v2g.secc.pnc', { ...RIG, v2g: { secc: { pnc: { contractKeyFlie: 'contract.key' } } } }, 'v2g.secc.pnc.contractKeyFlie'],
    ['v2g.evcc.pnc', { ...RIG, v2g: { evcc: { pnc: { moRootFile: ['mo-root.pem'] } } } }, 'v2g.evcc.pnc.moRootFile'],
    ['a timeouts.uds key', { ...RIG, timeouts: { uds: { p2star: 3000 } } }, 'timeouts.uds.p2star'],
    ['sut', { ...RIG, sut: { vendr: 'x' } }, 'sut.vendr'],
    ['bench', { ...RIG, bench: { drivr: 'x' } }, 'bench.drivr'],
  ];
  it('rig: a misspelt id-tag role (a map key) names the key and lists the roles', () => {
    const file = write('typo-role.json', { ...RIG, ocpp: { station: { idTags: { vaild: 'A' } }, csms: { idTags: { valid: 'B', blokced: 'C' } } } });
    const e = configError(() => loadRigConfig(file));
    assert.deepEqual(e.lines.map((l) => l.slice(file.length + 2).split(': ')[0]), ['ocpp.station.idTags.vaild', 'ocpp.csms.idTags.blokced'], e.message);
    assert.match(e.lines[0], /is not a known key \(known: valid, valid2, blocked/);
  });
  it('the id-tag roles the schema accepts are exactly the roles scenarios use (ID_TAG_ROLES)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'rig.schema.json'), 'utf8'));
    assert.deepEqual([...schema.definitions.idTagRole.enum].sort(), [...ID_TAG_ROLES].sort());
  });
  for (const [level, rig, field] of typos) {
    it(`rig: ${level}`, () => {
      const file = write(`typo-${field}.json`, rig);
      const e = configError(() => loadRigConfig(file));
      assert.deepEqual(e.lines.length, 1, e.message);
      assert.match(e.message, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${field.replace(/\./g, '\\.')}: is not a known field \\(known: [^)]+\\)$`));
    });
  }
  it('PICS: a misspelt key', () => {
    const file = write('typo-pics.json', { name: 'p', protocol: 'ocpp16', sut: 'station', profile: ['Core'] });
    assert.match(configError(() => loadPics(file)).message, /typo-pics\.json: profile: is not a known field \(known: name, protocol, sut, (iec61851, )?(v2g, )?profiles,/);
  });
  it('ECU description fixture: a misspelt key at the top and inside a list', () => {
    const ecu = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'ecu', 'reference-ecu.json'), 'utf8')) as Record<string, unknown>;
    assert.match(configError(() => parseEcuFixture({ ...ecu, s3ms: 5000 }, 'ecu.json')).message, /^ecu\.json: .*s3ms/);
    const dids = [{ ...(ecu.dids as object[])[0], writeable: true }];
    assert.match(configError(() => parseEcuFixture({ ...ecu, dids }, 'ecu.json')).message, /^ecu\.json: dids\[0\].*writeable/);
  });
  it('the timeouts the schema accepts are exactly the harness timeouts (DEFAULT_TIMEOUTS, OPTIONAL_TIMEOUTS)', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schemas', 'rig.schema.json'), 'utf8'));
    const inSchema = Object.fromEntries(Object.entries(schema.properties.timeouts.properties as Record<string, { properties: object }>).map(([p, s]) => [p, Object.keys(s.properties).sort()]));
    const inCode: Record<string, string[]> = {};
    for (const [p, t] of Object.entries(DEFAULT_TIMEOUTS)) inCode[p] = Object.keys(t);
    for (const [p, k] of Object.entries(OPTIONAL_TIMEOUTS)) inCode[p] = [...(inCode[p] ?? []), ...k];
    for (const p of Object.keys(inCode)) inCode[p].sort();
    assert.deepEqual(inSchema, inCode);
  });
});

describe('every problem of a file is reported, one line each', () => {
  it('a rig with problems at several levels: one error, a line per problem', () => {
    const file = write('several.json', { ...RIG, colour: 1, ocpp: { station: { conectors: 2, listenPort: -1 }, csms: { ulr: 'ws://x' } }, timeouts: { ocpp: { connect: 0 }, ocp: {} } });
    const e = configError(() => loadRigConfig(file));
    const expected = ['colour: is not a known field', 'ocpp.station.conectors: is not a known field', 'ocpp.station.listenPort: must be >= 0', 'ocpp.csms.ulr: is not a known field', 'timeouts.ocpp.connect: must be > 0', 'timeouts.ocp: is not a known field'];
    assert.equal(e.lines.length, expected.length, e.message);
    for (const x of expected) assert.ok(e.lines.some((l) => l.startsWith(`${file}: ${x}`)), `missing "${x}" in:\n${e.message}`);
  });
  it('a rig whose problems show only after the schema (faults on a remote rig, TLS files): all of them', () => {
    const file = write('several-semantic.json', { name: 'x', kind: 'remote', faults: ['ocpp16-station/silent'], ocpp: { csms: { url: 'wss://h', caFile: 'no-ca.pem' }, station: { certFile: 'no-cert.pem', keyFile: 'no-key.pem' } } });
    const e = configError(() => loadRigConfig(file));
    assert.deepEqual(e.lines.map((l) => l.slice(file.length + 2).split(':')[0]), ['faults', 'ocpp.csms.caFile', 'ocpp.station.certFile'], e.message);
  });
  it('a PICS with several problems', () => {
    const file = write('several-pics.json', { name: '', protocol: 'ocpp16', sut: 'charger', connectors: 0, extra: true });
    const e = configError(() => loadPics(file));
    assert.deepEqual(e.lines.map((l) => l.slice(file.length + 2).split(':')[0]).sort(), ['connectors', 'extra', 'name', 'sut']);
  });
  it('an ECU description with several problems', () => {
    const ecu = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'ecu', 'reference-ecu.json'), 'utf8')) as Record<string, unknown>;
    const e = configError(() => parseEcuFixture({ ...ecu, s3ms: 1, s3Ms: 'soon', sessions: [{ ...(ecu.sessions as object[])[0], p2Ms: 1.5 }] }, 'ecu.json'));
    assert.deepEqual(e.lines.map((l) => l.split(': ')[1]).sort(), ['s3Ms', 's3ms', 'sessions[0].p2Ms'], e.message);
  });
  it('evc test prints every problem as an `evc:` line and exits 2 before anything runs', async () => {
    const rig = write('several-cli.yaml', YAML.stringify({ ...RIG, colour: 1, ocpp: { station: { conectors: 2 }, csms: { ulr: 'ws://x' } }, timeouts: { ocpp: { respnse: 3000 }, ocp: { response: 1 } } }));
    const r = await evc(['features/smoke/boot-notification.feature'], { EVC_RIG: rig });
    assert.equal(r.code, 2, r.out);
    const got = lines(r.out);
    for (const field of ['colour', 'ocpp.station.conectors', 'ocpp.csms.ulr', 'timeouts.ocpp.respnse', 'timeouts.ocp']) {
      assert.ok(got.some((l) => l.startsWith(`evc: ${rig}: ${field}: is not a known field`)), `no line for ${field} in:\n${r.out}`);
    }
    assert.equal(got.length, 5, r.out);
    assert.doesNotMatch(r.out, /scenario\(s\) to run|scenarios: \d+ passed/);
  });
});

describe('PICS the rig names', () => {
  // one evc run for both: a rig naming a valid PICS, a missing one and one with a misspelt key (every problem at once)
  let picsRun: ReturnType<typeof evc> | undefined;
  const typoPics = () => write('typo-cli-pics.json', { name: 'p', protocol: 'ocpp16', sut: 'station', conectors: 2 });
  const picsRig = () => write('missing-pics.json', { ...RIG, pics: ['fixtures/pics/ocpp16-station.example.json', 'fixtures/pics/no-such-pics.json', typoPics()] });
  const runPics = () => (picsRun ??= evc(['features/smoke/boot-notification.feature'], { EVC_RIG: picsRig() }));
  it('a missing PICS file names the rig file and the pics field (with the index in a list)', () => {
    const pics = write('ok-pics.json', { name: 'p', protocol: 'ocpp16', sut: 'station' });
    const single = configError(() => loadRigPics({ pics: 'fixtures/pics/no-such.json', source: 'rigs/r.json' }));
    assert.equal(single.message, 'rigs/r.json: pics: fixtures/pics/no-such.json: PICS file not found (paths are relative to the project root)');
    const list = configError(() => loadRigPics({ pics: [pics, 'nope-1.json', 'nope-2.json'], source: 'rigs/r.json' }));
    assert.deepEqual(list.lines.map((l) => l.split(': ').slice(0, 3).join(': ')), ['rigs/r.json: pics[1]: nope-1.json', 'rigs/r.json: pics[2]: nope-2.json']);
  });
  it('evc test: a missing PICS is an `evc:` line naming the rig file and field, exit 2', async () => {
    const r = await runPics();
    assert.equal(r.code, 2, r.out);
    assert.ok(lines(r.out).includes(`evc: ${path.join(tmp, 'missing-pics.json')}: pics[1]: fixtures/pics/no-such-pics.json: PICS file not found (paths are relative to the project root)`), r.out);
    assert.doesNotMatch(r.out, /scenario\(s\) to run/);
  });
  it('evc test: a PICS with a misspelt key names the PICS file and the key', async () => {
    const r = await runPics();
    assert.equal(r.code, 2, r.out);
    assert.ok(lines(r.out).some((l) => l.startsWith(`evc: ${path.join(tmp, 'typo-cli-pics.json')}: conectors: is not a known field`)), r.out);
    assert.equal(lines(r.out).length, 2, r.out);
  });
});

describe('PICS features no scenario asks for', () => {
  it('a misspelt feature is a warning naming the PICS file and the feature; a known one is not', () => {
    const pics = write('feature-typo-pics.json', { name: 'p', protocol: 'ocpp16', sut: 'station', features: { fixedCabel: false, lockFailure: true } });
    const r = checkInputs({ rigFile: write('feature-typo-rig.json', { ...RIG, pics }), paths: ['features/smoke'] });
    assert.deepEqual(r.problems, []);
    assert.equal(r.warnings.length, 1, r.warnings.join('\n'));
    assert.match(r.warnings[0], new RegExp(`^warning: ${pics.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: features\\.fixedCabel: no scenario requires this feature \\(@requires:fixedCabel\\); known: .*\\bfixedCable\\b`));
  });
});

describe('the ECU description the rig names (uds.ecu)', () => {
  it('missing: names the rig file and the uds.ecu field; invalid: names the description file and field', () => {
    const paths = ['features/smoke'];
    const missing = checkInputs({ rigFile: write('ecu-missing-rig.json', { ...RIG, uds: { ecu: 'fixtures/ecu/no-such.json' } }), paths });
    assert.deepEqual(missing.problems.map((e) => e.message), [`${path.join(tmp, 'ecu-missing-rig.json')}: uds.ecu: fixtures/ecu/no-such.json: ECU description not found (paths are relative to the project root)`]);
    const desc = write('bad-ecu.json', { name: 'x', sesions: [] });
    const bad = checkInputs({ rigFile: write('ecu-bad-rig.json', { ...RIG, uds: { ecu: desc } }), paths });
    assert.equal(bad.problems.length, 1);
    assert.ok(bad.problems[0].lines.some((l) => l.startsWith(`${desc}: sesions: is not a known field`)), bad.problems[0].message);
  });
});

describe('verify-faults runs the same pre-flight', () => {
  it('a missing PICS: `evc:` line naming the rig file and field, exit 2, no fault run', async () => {
    const rig = write('vf-missing-pics.json', { ...RIG, pics: 'fixtures/pics/no-such-pics.json' });
    const r = await spawnEvc(['verify-faults', '--tags', '@smoke'], { EVC_REPORTS_DIR: path.join(tmp, 'vf-reports'), EVC_RIG: rig }, 120_000);
    assert.equal(r.code, 2, r.out);
    assert.ok(lines(r.out).includes(`evc: ${rig}: pics: fixtures/pics/no-such-pics.json: PICS file not found (paths are relative to the project root)`), r.out);
    assert.doesNotMatch(r.out, /verify:faults: \d+ scenarios/);
  });
});

describe('fixtures the selected scenarios name: checked in the pre-flight, before anything runs', () => {
  const rel = (f: string) => path.relative(FIXTURES_DIR, f);
  const scenario = (steps: string[]) => `@ocpp16 @sut:station\nFeature: fixtures\n  Scenario: s\n    Given the station is booted\n${steps.map((s) => `    When ${s}\n`).join('')}`;

  // one evc run for both feature files below: a missing fixture, and three bad ones (every problem at once)
  let fixtureRun: ReturnType<typeof evc> | undefined;
  const runFixtures = () => (fixtureRun ??= evc([missingFixtureFeature(), badFixturesFeature()], {}));
  const missingFixtureFeature = () => write('missing-fixture.feature', scenario(['the CSMS sends SetChargingProfile from fixture "ocpp16/no-such-profile.json"']));
  const badFixturesFeature = () => {
    const profile = JSON.parse(fs.readFileSync(path.join(FIXTURES_DIR, 'ocpp16', 'charging-profiles', 'tx-default-16a.json'), 'utf8'));
    const typo = write('typo-profile.json', { ...profile, csChargingProfiles: { ...profile.csChargingProfiles, stackLevel: undefined, stackLevell: 0 } }, fixtureDir);
    const broken = write('broken.json', '{ "connectorId": 1, ', fixtureDir);
    return write('bad-fixtures.feature', scenario([
      `the CSMS sends SetChargingProfile from fixture "${rel(typo)}"`,
      `the CSMS sends SetChargingProfile from fixture "${rel(broken)}"`,
      'the CSMS sends SetChargingProfile from fixture "../package.json"',
    ]));
  };

  it('a missing fixture: an `evc:` line naming the step and the fixture, exit 2, no scenario run', async () => {
    const r = await runFixtures();
    assert.equal(r.code, 2, r.out);
    assert.match(r.out, /^evc: \S*missing-fixture\.feature:5: fixture "ocpp16\/no-such-profile\.json": no such file fixtures\/ocpp16\/no-such-profile\.json$/m);
    assert.doesNotMatch(r.out, /scenario\(s\) to run|scenarios: \d+ passed/);
    assert.equal(fs.existsSync(path.join(tmp, 'reports', 'allure-results')), false, 'the run must not have started');
  });
  it('a charging-profile fixture with a misspelt key, a missing one and an unparsable one: all reported', async () => {
    const r = await runFixtures();
    assert.equal(r.code, 2, r.out);
    const typo = path.join(fixtureDir, 'typo-profile.json');
    const broken = path.join(fixtureDir, 'broken.json');
    const shown = path.relative(ROOT, typo);
    const got = lines(r.out);
    for (const want of [
      `evc: ${shown}: csChargingProfiles.stackLevell: is not a known field of SetChargingProfile (OCPP 1.6)`,
      `evc: ${shown}: csChargingProfiles.stackLevel: is required by SetChargingProfile (OCPP 1.6)`,
    ]) assert.ok(got.includes(want), `no "${want}" in:\n${r.out}`);
    assert.ok(got.some((l) => l.startsWith(`evc: ${path.relative(ROOT, broken)}: not valid JSON`)), r.out);
    assert.ok(got.some((l) => /bad-fixtures\.feature:7: fixture "\.\.\/package\.json": fixture paths must stay inside fixtures\/$/.test(l)), r.out);
    // and the missing fixture's line: five in all
    assert.equal(got.length, 5, r.out);
  });
  it('the committed fixture passes the same check (the pre-flight is not a blanket refusal)', () => {
    const f = write('good-fixture.feature', scenario(['the CSMS sends SetChargingProfile from fixture "ocpp16/charging-profiles/tx-default-16a.json"']));
    const typo = write('typo-again.json', { connectorId: 1, csChargingProfile: {} }, fixtureDir);
    const bad = write('bad-again.feature', scenario([`the CSMS sends SetChargingProfile from fixture "${rel(typo)}"`]));
    assert.deepEqual(checkInputs({ paths: [f], rigFile: path.join(ROOT, 'rigs', 'reference.json') }).problems, []);
    assert.equal(checkInputs({ paths: [bad], rigFile: path.join(ROOT, 'rigs', 'reference.json') }).problems.length, 2);
  });
});

describe('every committed input validates', () => {
  it('rigs/*.json and the rigs/*.yaml examples (schema), and the PICS they name', () => {
    const rigs = fs.readdirSync(path.join(ROOT, 'rigs')).filter((f) => /\.(json|ya?ml)$/.test(f));
    assert.ok(rigs.length >= 4);
    for (const f of rigs) {
      const file = path.join(ROOT, 'rigs', f);
      const text = fs.readFileSync(file, 'utf8');
      const data = /\.ya?ml$/.test(f) ? YAML.parse(text) : JSON.parse(text);
      validateData(data, 'rig.schema.json', f);
      if (f.endsWith('.json')) loadRigPics(loadRigConfig(file));
    }
  });
  it('fixtures/pics/** and fixtures/ecu/*.json', () => {
    const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const pics = walk(path.join(FIXTURES_DIR, 'pics')).filter((f) => f.endsWith('.json'));
    assert.ok(pics.length >= 6);
    for (const f of pics) loadPics(f);
    const ecus = fs.readdirSync(path.join(FIXTURES_DIR, 'ecu')).filter((f) => f.endsWith('.json'));
    assert.ok(ecus.length >= 1);
    for (const f of ecus) loadEcuFixture(path.join(FIXTURES_DIR, 'ecu', f));
  });
});

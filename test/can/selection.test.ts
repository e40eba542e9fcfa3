/**
 * evc test's CAN placement and selection: which scenarios go where SocketCAN exists, file:line selection of a
 * @vcan scenario, and a selection that matches nothing exits non-zero saying so (a real `evc test` process).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canTagExpression, needsCan, scenariosAt, umlProblem } from '../../src/cli/can-selection';
import { matchesTags } from '../../src/core/features';
import { serialReason } from '../../src/cli/test';

const ROOT = path.resolve(__dirname, '../..');
const reference = { kind: 'reference' as const, can: undefined };
const remoteCan = { kind: 'remote' as const, can: { interface: 'vcan0' } };

test('a remote CAN rig runs its UDS/OBD scenarios (not DoIP) where CAN is; a reference rig only @vcan ones', () => {
  const cases: [string[], boolean, boolean][] = [
    [['@uds', '@sut:ecu'], false, true],
    [['@obd', '@sut:ecu'], false, true],
    [['@uds', '@vcan'], true, true],
    [['@doip', '@uds'], false, false],
    [['@doip'], false, false],
    [['@ocpp16'], false, false],
  ];
  for (const [tags, onReference, onRemote] of cases) {
    assert.equal(needsCan(reference, tags), onReference, `reference ${tags}`);
    assert.equal(needsCan(remoteCan, tags), onRemote, `remote CAN ${tags}`);
    // the tag expression handed to cucumber says the same
    assert.equal(matchesTags(tags, canTagExpression(remoteCan)), onRemote, `expression ${tags}`);
    assert.equal(matchesTags(tags, canTagExpression(reference)), onReference, `expression ${tags}`);
  }
  assert.equal(needsCan({ kind: 'remote', can: undefined }, ['@uds']), false, 'a remote rig without CAN');
  assert.equal(umlProblem(remoteCan), undefined);
  assert.match(umlProblem({ kind: 'bench', can: { interface: 'can0' } }) ?? '', /rig names CAN interface 'can0'/);
});

test('rigs reaching real hardware (remote CAN, DoIP, bench) run serially; reference rigs in parallel', () => {
  assert.match(serialReason({ name: 'ecu', kind: 'remote' }, []) ?? '', /reaches real equipment/);
  assert.match(serialReason({ name: 'bench', kind: 'bench' }, []) ?? '', /reaches real equipment/);
  assert.equal(serialReason({ name: 'reference', kind: 'reference' }, [{ tags: ['@uds'] }]), undefined);
});

test('file:line selects that scenario (a @vcan one too); a line or path naming nothing is a ConfigError', () => {
  const file = 'features/uds/isotp/uds-over-can.feature';
  const all = scenariosAt(path.join(ROOT, file));
  assert.ok(all.length >= 2);
  const second = all[1];
  const one = scenariosAt(`${path.join(ROOT, file)}:${second.line}`);
  assert.deepEqual(one.map((s) => s.name), [second.name]);
  assert.ok(one[0].tags.includes('@vcan'));
  assert.equal(needsCan(reference, one[0].tags), true, 'so it runs in the CAN part, not as 0 host scenarios');
  assert.throws(() => scenariosAt(`${path.join(ROOT, file)}:1`), /line 1: no scenario or example row starts there/);
  assert.throws(() => scenariosAt(path.join(ROOT, 'features/no-such.feature')), /no scenario at this path/);
});

test('evc test: a selection that matches nothing exits non-zero and says so', () => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-sel-'));
  try {
    const r = spawnSync(process.execPath, ['bin/evc.js', 'test', '--tags', '@no-such-tag-anywhere'], { cwd: ROOT, env: { ...process.env, EVC_REPORTS_DIR: reports }, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /the selection matches no scenario \(tags \(@no-such-tag-anywhere\)\); nothing was run/);
    const l = spawnSync(process.execPath, ['bin/evc.js', 'test', 'features/uds/isotp/uds-over-can.feature:1'], { cwd: ROOT, env: { ...process.env, EVC_REPORTS_DIR: reports }, encoding: 'utf8', timeout: 120_000 });
    assert.equal(l.status, 2, l.stdout + l.stderr);
    assert.match(l.stderr, /uds-over-can\.feature: line 1: no scenario or example row starts there/);
  } finally {
    fs.rmSync(reports, { recursive: true, force: true });
  }
});

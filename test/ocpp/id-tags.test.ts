import assert from 'node:assert/strict';
import { test } from 'node:test';
import { substituteText, substituteVars } from '../../src/core/table';
import { DEFAULT_ID_TAGS, idTagPreflight, idTagVariables, knownIdTags, resolveIdTags, rolesUsed } from '../../src/ocpp/id-tags';

test('rig values override the defaults by role; unknown is generated per call and known to nobody', () => {
  const a = resolveIdTags({ valid: 'ALT04A1B2C3D4', blocked: 'ALT0BLOCKED7' });
  assert.equal(a.valid, 'ALT04A1B2C3D4');
  assert.equal(a.blocked, 'ALT0BLOCKED7');
  assert.equal(a.expired, DEFAULT_ID_TAGS.expired);
  const b = resolveIdTags(undefined);
  assert.notEqual(a.unknown, b.unknown);
  assert.ok(a.unknown.length <= 20, '1.6 idTag is at most 20 characters');
  assert.ok(!knownIdTags(a).has(a.unknown));
  assert.equal(resolveIdTags({ unknown: 'NOBODY-1' }).unknown, 'NOBODY-1');
});

test('statuses follow the role, whatever the token', () => {
  const tags = resolveIdTags({ blocked: 'X-BLK', parent: 'X-PAR', child1: 'X-C1', expired: 'X-EXP' });
  const known = knownIdTags(tags);
  assert.equal(known.get('X-BLK')?.status, 'Blocked');
  assert.equal(known.get('X-EXP')?.status, 'Expired');
  assert.ok(known.get('X-EXP')?.expiryDate);
  assert.deepEqual(known.get('X-C1'), { status: 'Accepted', parentIdTag: 'X-PAR' });
  assert.equal(known.get(DEFAULT_ID_TAGS.blocked), undefined);
});

test('${idTag.<role>} substitutes in text and tables; an unset variable is an error', () => {
  const vars = new Map<string, unknown>(idTagVariables(resolveIdTags({ valid: 'V1' })));
  assert.equal(substituteText('idTag "${idTag.valid}" is presented', vars), 'idTag "V1" is presented');
  assert.deepEqual(substituteVars([['idTags', '["${idTag.valid}"]']], vars), [['idTags', '["V1"]']]);
  assert.throws(() => substituteText('${idTag.nosuch}', vars), /idTag\.nosuch/);
});

test('pre-flight: a real CSMS must be given the roles it has to know; defaults are fine elsewhere', () => {
  const roles = rolesUsed(['When the station sends Authorize for idTag "${idTag.blocked}"', '| idTag | ${idTag.unknown} |']);
  assert.deepEqual([...roles].sort(), ['blocked', 'unknown']);
  assert.match(idTagPreflight(roles, { side: 'csms', realSut: true, rigTags: { valid: 'A' } }) ?? '', /'blocked'/);
  assert.equal(idTagPreflight(roles, { side: 'csms', realSut: true, rigTags: { blocked: 'B' } }), undefined);
  assert.equal(idTagPreflight(roles, { side: 'csms', realSut: false }), undefined);
  assert.equal(idTagPreflight(roles, { side: 'station', realSut: true }), undefined);
  assert.throws(() => idTagPreflight(['vaild'], { side: 'station', realSut: false }), /no such id-tag role/);
});

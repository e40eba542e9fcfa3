import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError } from '../../src/core/errors';
import { loadEcuFixture, parseEcuFixture, REFERENCE_ECU_FIXTURE } from '../../src/uds/fixture';
import { hex, parseHex } from '../../src/uds/codec';
import { referenceFixture } from './helpers';

test('the reference fixture loads and normalises hex strings', () => {
  const cfg = loadEcuFixture(REFERENCE_ECU_FIXTURE);
  assert.equal(cfg.name, 'reference-ecu');
  assert.equal(cfg.addressing.physicalRequestId, 0x7e0);
  assert.equal(cfg.dids.find((d) => d.id === 0xf190)?.data.length, 17);
  // the seed/key hook: the description's key module (level 1 = seed XOR 0x5A5A5A5A)
  assert.equal(hex(cfg.security.levels[0].keyFn!(parseHex('11 22 33 44'), 1)), '4B 78 69 1E');
  assert.equal(cfg.obd?.pids.get(0x0c)?.length, 2);
});

test('schema errors name file and field in one line', () => {
  const raw = referenceFixture();
  raw.sessions[1].p2Ms = 'fast';
  assert.throws(
    () => parseEcuFixture(raw, 'fixtures/ecu/bad.json'),
    (e: Error) => e instanceof ConfigError && /^fixtures\/ecu\/bad\.json: sessions\[1\]\.p2Ms: must be integer$/.test(e.message),
  );
  const raw2 = referenceFixture();
  raw2.dids[0].colour = 'red';
  assert.throws(() => parseEcuFixture(raw2, 'x.json'), /x\.json: dids\[0\]\.colour: is not a known field \(known: id, name,/);
  const raw3 = referenceFixture();
  raw3.security.levels[0].algorithm = 'rot13';
  assert.throws(() => parseEcuFixture(raw3, 'x.json'), /security\.levels\[0\]\.algorithm: must be one of "xor"/);
});

test('semantic errors: even security level, missing default session, duplicate session', () => {
  const a = referenceFixture();
  a.security.levels[0].level = 2;
  assert.throws(() => parseEcuFixture(a, 'a.json'), /a\.json: security\.levels\[0\]\.level: must be an odd/);
  const b = referenceFixture();
  b.sessions = b.sessions.slice(1);
  assert.throws(() => parseEcuFixture(b, 'b.json'), /default session/);
  const c = referenceFixture();
  c.sessions.push({ ...c.sessions[0] });
  assert.throws(() => parseEcuFixture(c, 'c.json'), /sessions\[3\]\.id: duplicate/);
});

test('unreadable and non-JSON files are ConfigErrors naming the file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-ecu-'));
  const f = path.join(dir, 'broken.json');
  fs.writeFileSync(f, '{ nope');
  try {
    assert.throws(() => loadEcuFixture(f), (e: Error) => e instanceof ConfigError && e.message.startsWith(`${f}: not valid JSON`) && !e.message.includes('\n'));
    assert.throws(() => loadEcuFixture(path.join(dir, 'missing.json')), /cannot read/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

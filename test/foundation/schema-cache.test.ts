/**
 * The compiled rig/PICS/fixture validators kept as ajv standalone code (src/core/load.ts): a process that loads
 * the kept code reports exactly the problems a fresh compile reports, for good and bad files alike.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-schema-cache-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The rig's problems as one process sees them (with or without the kept code). */
function problems(rig: object, cache: boolean): string {
  const file = path.join(tmp, `rig-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(rig));
  const code = "try { require('./src/rig/config.ts').loadRigConfig(); console.log('valid') } catch (e) { console.log((e.lines || [e.message]).join('\\n')) }";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, EVC_RIG: file, EVC_SCHEMA_CACHE: cache ? '1' : '0', EVC_VALIDATED: '' }, timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(new RegExp(file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'), 'RIG');
}

describe('kept schema validators', () => {
  const bad = { name: 'x', kind: 'reference', bogus: 1, ocpp: { station: { connectors: 0, identityy: 'a', securityProfile: 7 } }, timeouts: { ocpp: { respons: 5 }, ocppp: {} } };
  const good = { name: 'ok', kind: 'reference' };

  it('kept code and a fresh compile report the same problems, one line per field', () => {
    problems(good, true); // writes the kept code if it was not there
    const fresh = problems(bad, false);
    const kept = problems(bad, true);
    assert.equal(kept, fresh);
    assert.match(kept, /^RIG: bogus: is not a known field/m);
    assert.match(kept, /^RIG: ocpp\.station\.connectors: must be >= 1$/m);
    assert.match(kept, /^RIG: timeouts\.ocpp\.respons: is not a known field/m);
    assert.equal(problems(good, true), 'valid\n');
    const cached = fs.readdirSync(path.join(ROOT, 'node_modules', '.cache', 'evc')).filter((f) => f.startsWith('schema-rig.schema-'));
    assert.equal(cached.length, 1, `one kept rig validator: ${cached.join(', ')}`);
  });
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Timeouts, scaledMs } from '../../src/core/config';
import { ConfigError } from '../../src/core/errors';
import { loadFixture } from '../../src/core/fixtures';
import { loadRigConfig } from '../../src/rig/config';

function tmp(name: string, text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-cfg-'));
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

describe('rig config', () => {
  it('loads the default reference rig', () => {
    const c = loadRigConfig();
    assert.equal(c.kind, 'reference');
  });
  it('names file and field for schema errors, in one line', () => {
    const cases: [string, string, RegExp][] = [
      ['a.json', '{"name":"x","kind":"reference","ocpp":{"station":{"securityProfile":7}}}', /a\.json: ocpp\.station\.securityProfile: must be <= 3$/],
      ['b.json', '{"name":"x","kind":"teleport"}', /b\.json: kind: must be one of "reference", /],
      ['c.json', '{"kind":"reference"}', /c\.json: name: is required$/],
      ['d.yaml', 'name: x\nkind: remote\nocpp:\n  csms:\n    url: http://nope\n', /d\.yaml: ocpp\.csms\.url: must match pattern/],
      ['e.json', '{"name":"x","kind":"reference","colour":"red"}', /e\.json: colour: is not a known field \(known: name, kind, [^)]*\)$/],
      ['f.json', '{"name": "x", ', /f\.json: not valid JSON/],
      ['g.json', '{"name":"x","kind":"remote","faults":["ocpp16-station/silent"]}', /g\.json: faults: only a reference rig injects faults/],
    ];
    for (const [name, text, re] of cases) {
      const err = (() => {
        try {
          loadRigConfig(tmp(name, text));
        } catch (e) {
          return e as Error;
        }
        return undefined;
      })();
      assert.ok(err instanceof ConfigError, `${name} should fail`);
      assert.match(err.message, re);
      assert.equal(err.message.includes('\n'), false);
      assert.equal(err.stack, `ConfigError: ${err.message}`);
    }
  });
  it('a missing rig file is one line naming it', () => {
    assert.throws(() => loadRigConfig('/nonexistent/rig.json'), /rig\.json: file not found$/);
  });
});

describe('fixtures and timeouts', () => {
  it('a missing fixture names the file', () => {
    assert.throws(() => loadFixture('ocpp16/nope.json'), /fixtures\/ocpp16\/nope\.json: file not found/);
    assert.throws(() => loadFixture('../package.json'), /inside fixtures/);
  });
  it('timeouts merge overrides over defaults and reject unknown names', () => {
    const t = new Timeouts({ ocpp: { response: 30_000 } });
    assert.equal(t.get('ocpp', 'response'), 30_000);
    assert.equal(t.get('ocpp', 'connect'), 10_000);
    assert.throws(() => t.get('ocpp', 'nope'), ConfigError);
    assert.equal(scaledMs(60, 0.01), 600);
  });
});

/**
 * @load on a rig whose CSMS the harness does not start: not applicable (with the reason) until the rig declares
 * the identities its CSMS accepts (load.idPattern); with them, the smoke scenarios run against that CSMS with
 * those identities and its Basic-auth password (load.password). The CSMS here is the lean load CSMS started
 * by the test as its own server, reached only through the rig's URL.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { startLoadCsms } from '../../src/reference/load-csms/server';
import { listening } from '../support/ports';

const ROOT = path.resolve(__dirname, '..', '..');

/** evc test features/load on `rig` (asynchronously: the CSMS answers from this process meanwhile). */
function evc(rig: object, dir: string, name: string): Promise<{ code: number | null; out: string }> {
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(rig));
  const env = { ...process.env, EVC_RIG: file, EVC_REPORTS_DIR: path.join(dir, `reports-${name}`), FORCE_COLOR: '0', EVC_FAULTS: '' };
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/evc.js', 'test', 'features/load'], { cwd: ROOT, env, timeout: 240_000, killSignal: 'SIGKILL', maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` });
    });
  });
}

test('@load on a remote rig: not applicable without load.idPattern; with it, runs against that CSMS with its identities and password', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-load-rig-'));
  const csms = await startLoadCsms({ heartbeatInterval: 1, password: 'load-secret-0123' });
  const port = Number(new URL(csms.url).port);
  try {
    const base = { kind: 'remote', timeScale: 1, ocpp: { csms: { version: '1.6', url: csms.url, identity: 'EVC-NOT-USED' } } };
    const without = await evc({ ...base, name: 'load-undeclared' }, dir, 'undeclared');
    assert.equal(without.code, 0, without.out);
    assert.match(without.out, /scenarios: 0 passed, 0 failed, 2 skipped/);
    const why = fs.readFileSync(path.join(dir, 'reports-undeclared', 'summary', 'index.html'), 'utf8');
    assert.match(why, /declares no load\.idPattern/);

    const declared = await evc({ ...base, name: 'load-declared', load: { idPattern: 'RIG-LOAD-{n:04}', password: 'load-secret-0123' } }, dir, 'declared');
    assert.equal(declared.code, 0, declared.out);
    assert.match(declared.out, /scenarios: 2 passed, 0 failed, 0 skipped/);
    assert.ok(csms.stats().boots >= 600, `the CSMS saw the boots of both scenarios (${csms.stats().boots})`);

    const tooMany = await evc({ ...base, name: 'load-capped', load: { idPattern: 'RIG-LOAD-{n:04}', password: 'load-secret-0123', maxStations: 100 } }, dir, 'capped');
    assert.match(tooMany.out, /scenarios: 0 passed, 0 failed, 2 skipped/);
  } finally {
    await csms.stop();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
  assert.equal(await listening(port), false, 'the CSMS is gone');
});

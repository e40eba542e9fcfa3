/**
 * scripts/check-leaks.sh checks what it says: a node process of ours left listening on a port is reported by
 * pid and port (exit 1), and once it is gone the same check no longer names it; evc-* scratch and tsx's cache
 * in the temp directory are listed, and removed with EVC_LEAKS_CLEAN_TMP=1. The check is scoped to a private
 * root (EVC_LEAK_ROOT) and a private TMPDIR so other work on the machine does not decide the result.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'evc-leaks-')));
const root = path.join(base, 'project');
const tmp = path.join(base, 'tmp');
fs.mkdirSync(root);
fs.mkdirSync(tmp);
let child: ChildProcess | undefined;

after(() => {
  child?.kill('SIGKILL');
  fs.rmSync(base, { recursive: true, force: true });
});

function check(extra: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('bash', [path.join(ROOT, 'scripts', 'check-leaks.sh')], {
    cwd: ROOT,
    env: { ...process.env, EVC_LEAK_ROOT: root, TMPDIR: tmp, ...extra },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('scripts/check-leaks.sh', { timeout: 300_000 }, () => {
  it('reports a listener of ours left running, and not once it is gone', async () => {
    child = spawn(process.execPath, ['-e', "const s=require('net').createServer().listen(0,'127.0.0.1',()=>console.log(s.address().port))"], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise<number>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('the listener did not start within 30 s')), 30_000);
      child!.stdout!.once('data', (d: Buffer) => {
        clearTimeout(t);
        resolve(Number(d.toString().trim()));
      });
    });
    const leaked = check();
    assert.equal(leaked.code, 1, leaked.out);
    assert.match(leaked.out, new RegExp(`^leak: listening socket of ours: tcp 127\\.0\\.0\\.1:${port} held by pid ${child.pid}$`, 'm'));
    assert.match(leaked.out, new RegExp(`^leak: process of ours still running: pid ${child.pid}: `, 'm'));

    const pid = child.pid;
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
    child = undefined;
    const clean = check();
    assert.doesNotMatch(clean.out, new RegExp(`pid ${pid}\\b|:${port}\\b`), clean.out);
    if (!/^leak: /m.test(clean.out)) {
      assert.equal(clean.code, 0, clean.out);
      assert.match(clean.out, /^no leaks: /m);
    }
  });
  it('lists evc-* scratch and the tsx cache in the temp directory, and removes them when asked', () => {
    fs.mkdirSync(path.join(tmp, 'evc-scratch-Ab12Cd'));
    fs.mkdirSync(path.join(tmp, `tsx-${process.getuid?.() ?? 0}`));
    fs.mkdirSync(path.join(tmp, 'unrelated'));
    const listed = check();
    assert.match(listed.out, /^temp: 2 evc-\*\/tsx-\* entr\(y\/ies\) in .*: evc-scratch-\*×1, tsx-\d+×1$/m);
    assert.ok(fs.existsSync(path.join(tmp, 'evc-scratch-Ab12Cd')), 'listed, not removed');
    const strict = check({ EVC_LEAKS_STRICT_TMP: '1' });
    assert.equal(strict.code, 1);
    assert.match(strict.out, /^leak: temp entry left: .*evc-scratch-Ab12Cd$/m);
    const cleaned = check({ EVC_LEAKS_CLEAN_TMP: '1' });
    assert.match(cleaned.out, /^temp: removed$/m);
    assert.deepEqual(fs.readdirSync(tmp), ['unrelated']);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../src/cli/can-env';

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void err.push(a.join(' '));
  try {
    const code = await fn();
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('evc can-env: usage, bad options and a missing command are refused with exit 2', async () => {
  assert.equal((await capture(() => main([]))).code, 0);
  assert.equal((await capture(() => main(['frobnicate']))).code, 2);
  const noCmd = await capture(() => main(['run', '--']));
  assert.equal(noCmd.code, 2);
  assert.match(noCmd.err, /usage: evc can-env/);
  const badOpt = await capture(() => main(['run', '--nope', '--', 'true']));
  assert.equal(badOpt.code, 2);
  assert.match(badOpt.err, /unknown option '--nope'/);
  const badTimeout = await capture(() => main(['run', '--timeout', 'x', '--', 'true']));
  assert.equal(badTimeout.code, 2);
});

test('evc can-env status says whether and how CAN is available', async () => {
  const r = await capture(() => main(['status', '--json']));
  const s = JSON.parse(r.out) as { ok: boolean; how?: string; reason?: string };
  assert.equal(r.code, s.ok ? 0 : 1);
  if (s.ok) assert.ok(s.how === 'host' || s.how === 'uml');
  else assert.ok(s.reason);
  const text = await capture(() => main(['status']));
  assert.match(text.out, /^CAN (available|not available)/);
});

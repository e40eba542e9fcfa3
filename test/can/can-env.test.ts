/**
 * The launcher: runs a command where CAN works (host or user-mode Linux), returns its status and output,
 * enforces the timeout and leaves no VM behind. Boots UML twice (~3 s each) on a host without CAN.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { canEnvironmentStatus, runWithCan } from '../../src/rig/can-env';

const SKIP = process.env.EVC_CAN_ENV_INSIDE ? 'already inside the CAN environment' : process.env.EVC_SKIP_CAN_ENV_TESTS ? 'EVC_SKIP_CAN_ENV_TESTS is set' : undefined;

function umlProcesses(): string {
  try {
    return execFileSync('pgrep', ['-fa', 'linux.uml'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

test('can-env: a command gets vcan0/vcan1, its env, cwd, output and exit status; nothing is left running', async (t) => {
  if (SKIP) return t.skip(SKIP);
  const status = await canEnvironmentStatus();
  if (!status.ok) return t.skip(`CAN environment unavailable: ${status.reason}`);
  const r = await runWithCan(['sh', '-c', 'cat /sys/class/net/vcan0/mtu; ls /sys/class/net | grep -c vcan; pwd; echo "$EVC_PROBE"; echo oops >&2; exit 7'], {
    cwd: '/usr',
    env: { EVC_PROBE: "it's here" },
    timeoutMs: 60_000,
  });
  assert.equal(r.how, status.how);
  assert.equal(r.code, 7, r.stderr);
  assert.equal(r.stdout, `72\n2\n/usr\nit's here\n`);
  assert.match(r.stderr, /oops/);
  assert.equal(umlProcesses(), '');
});

test('can-env: the timeout kills the run and reports 124', async (t) => {
  if (SKIP) return t.skip(SKIP);
  const status = await canEnvironmentStatus();
  if (!status.ok) return t.skip(`CAN environment unavailable: ${status.reason}`);
  const r = await runWithCan(['sleep', '60'], { cwd: '/', timeoutMs: 4000 });
  assert.equal(r.code, 124);
  assert.equal(r.timedOut, true);
  // totalMs counts from the boot (a wait for another run's lock is not part of the timeout)
  assert.ok(r.totalMs < 12_000, `run took ${r.totalMs} ms`);
  assert.equal(umlProcesses(), '');
});

test('can-env: the vcan integration test passes with real frames in the CAN environment', async (t) => {
  if (SKIP) return t.skip(SKIP);
  const status = await canEnvironmentStatus();
  if (!status.ok) return t.skip(`CAN environment unavailable: ${status.reason}`);
  const repo = path.resolve(__dirname, '../..');
  // The outer runner marks its children with NODE_TEST_CONTEXT, which would make the inner runner print nothing.
  const saved = process.env.NODE_TEST_CONTEXT;
  delete process.env.NODE_TEST_CONTEXT;
  let r;
  try {
    r = await runWithCan([process.execPath, '--require', 'tsx/cjs', '--test', 'test/can/vcan.test.ts'], { cwd: repo, timeoutMs: 240_000 });
  } finally {
    if (saved !== undefined) process.env.NODE_TEST_CONTEXT = saved;
  }
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /# fail 0/);
  assert.match(r.stdout, /# skipped 0/);
  assert.equal(umlProcesses(), '');
});

test('can-env: the UDS timing path on vcan (0/5/20/50 ms within ±1 ms of the bus, never negative) in the CAN environment', async (t) => {
  if (SKIP) return t.skip(SKIP);
  const status = await canEnvironmentStatus();
  if (!status.ok) return t.skip(`CAN environment unavailable: ${status.reason}`);
  const repo = path.resolve(__dirname, '../..');
  const saved = process.env.NODE_TEST_CONTEXT;
  delete process.env.NODE_TEST_CONTEXT;
  let r;
  try {
    // only the vcan case: the in-memory cases are proven on the host (UML's one cold CPU adds wake-up time to them)
    r = await runWithCan([process.execPath, '--require', 'tsx/cjs', '--test', '--test-name-pattern', 'ISO-TP on vcan', 'test/uds/timing.test.ts'], { cwd: repo, timeoutMs: 240_000 });
  } finally {
    if (saved !== undefined) process.env.NODE_TEST_CONTEXT = saved;
  }
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /^ok \d+ - ISO-TP on vcan0: scripted delays measured within ±1 ms(?:(?!# SKIP).)*$/m, r.stdout); // ran, not skipped
  assert.match(r.stdout, /# fail 0/);
  assert.equal(umlProcesses(), '');
});

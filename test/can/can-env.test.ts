/**
 * The launcher: runs a command where CAN works (host or user-mode Linux), returns its status and output,
 * enforces the timeout and leaves no VM behind. Boots UML twice (~3 s each) on a host without CAN.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { canEnvironmentStatus, runWithCan } from '../../src/rig/can-env';

function umlProcesses(): string {
  try {
    return execFileSync('pgrep', ['-fa', 'linux.uml'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

test('can-env: a command gets vcan0/vcan1, its env, cwd, output and exit status; nothing is left running', async (t) => {
  if (process.env.EVC_CAN_ENV_INSIDE) return t.skip('already inside the CAN environment');
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
  if (process.env.EVC_CAN_ENV_INSIDE) return t.skip('already inside the CAN environment');
  const status = await canEnvironmentStatus();
  if (!status.ok) return t.skip(`CAN environment unavailable: ${status.reason}`);
  const t0 = Date.now();
  const r = await runWithCan(['sleep', '60'], { cwd: '/', timeoutMs: 4000 });
  assert.equal(r.code, 124);
  assert.equal(r.timedOut, true);
  assert.ok(Date.now() - t0 < 15_000);
  assert.equal(umlProcesses(), '');
});

/**
 * Runs the `evc` CLI as a child process, as a user would, for the tests that prove verdicts end to end
 * (misbehaving peers on a remote rig). Output (stdout + stderr) is collected; the process is killed when it
 * outlives the bound, so a hanging run fails its test instead of hanging it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface EvcProcessResult {
  code: number | null;
  out: string;
  ms: number;
}

/** `node bin/evc.js <args>` with a clean fault list and uncoloured output; `env` is added last. */
export function spawnEvc(args: string[], env: Record<string, string>, timeoutMs = 180_000): Promise<EvcProcessResult> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0', EVC_FAULTS: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, out, ms: Date.now() - t0 });
    });
  });
}

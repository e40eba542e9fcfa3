/**
 * `evc serve-station` as its own process, as a charger on a bench is (tests of the station driver, the operator
 * console, commissioning): resolves with its control URL once it prints `ready <URL>`, within 60 s.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './evc-process';

export interface ServedStationProcess {
  child: ChildProcess;
  /** The control API (station-driver protocol), without a trailing slash. */
  url: string;
  /** What it printed so far (stdout and stderr). */
  output(): string;
}

export function serveStation(args: string[]): Promise<ServedStationProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'evc.js'), 'serve-station', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`serve-station not ready within 60 s: ${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^ready (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ child, url: m[1].replace(/\/$/, ''), output: () => out });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`serve-station exited (${code}): ${out}`));
    });
  });
}

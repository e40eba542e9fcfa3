/**
 * `evc bench` (npm run bench) — runs every bench/*.bench.ts as its own process and prints the figures they
 * report. Benchmarks measure and print; they assert nothing. `evc bench exi` runs only bench/exi.bench.ts.
 * `chademo` (src/cli/bench-chademo.ts: the harness's own CHAdeMO sender on vcan, in the CAN environment) is one
 * of them too: run last by `evc bench`, alone by `evc bench chademo`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/load';

export async function main(argv: string[]): Promise<number> {
  const dir = path.join(PROJECT_ROOT, 'bench');
  const all = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).sort();
  const wanted = argv.filter((a) => !a.startsWith('-'));
  const selected = wanted.length ? all.filter((f) => wanted.some((w) => f.startsWith(`${w}.`))) : all;
  const chademo = wanted.length === 0 || wanted.includes('chademo');
  const names = [...all.map((f) => f.replace('.bench.ts', '')), 'chademo'].sort().join(', ');
  if (argv.includes('--help')) {
    console.log(`usage: evc bench [name…]   (available: ${names})`);
    return 0;
  }
  if (selected.length === 0 && !chademo) {
    console.error(`evc: no benchmark matches ${wanted.join(', ')} (available: ${names})`);
    return 2;
  }
  let failed = 0;
  for (const f of selected) {
    console.log(`\n=== ${f}`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, f)], { cwd: PROJECT_ROOT, stdio: 'inherit', timeout: (f.startsWith('verify-faults.') ? 45 : f.startsWith('load.') ? 25 : 10) * 60_000 });
    if (r.status !== 0) {
      failed++;
      console.error(`evc: ${f} exited with ${r.status ?? r.signal}`);
    }
  }
  if (chademo) {
    console.log('\n=== chademo (src/cli/bench-chademo.ts)');
    const code = await (require('./bench-chademo') as { main(a: string[]): Promise<number> }).main(argv.filter((a) => a.startsWith('-'))); // eslint-disable-line @typescript-eslint/no-require-imports
    if (code !== 0) {
      failed++;
      console.error(`evc: the chademo benchmark exited with ${code}`);
    }
  }
  return failed ? 1 : 0;
}

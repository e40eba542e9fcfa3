/**
 * verify:faults before/after on the same machine in the same bench run: the same fixed subset of faults (the
 * first EVC_BENCH_FAULTS, default 25, faults of catalogue EVC_BENCH_CATALOGUE, default ocpp16-csms, that
 * scenarios declare; --quick) once with one cucumber process per fault (`--runner process`, the former path)
 * and once with the long-lived runner pool. Prints both wall times and the ratio, and compares the two
 * detection results; a difference is printed loudly (it is a finding, not a timing: nothing is asserted).
 *
 *   node --import tsx bench/verify-faults.bench.ts
 */
import { listScenarios, matchesTags } from '../src/core/features';
import { faultCatalogues } from '../src/rig/faults';
import { registerReferenceCatalogues } from '../src/rig/reference';
import type { FaultMatrix } from '../src/report/fault-matrix';
import { buildMatrix, compareDetection, type MatrixOptions } from '../src/cli/verify-faults';

async function main(): Promise<void> {
  registerReferenceCatalogues();
  const catalogue = process.env.EVC_BENCH_CATALOGUE ?? 'ocpp16-csms';
  const size = Number(process.env.EVC_BENCH_FAULTS ?? 25);
  const cat = faultCatalogues().find((c) => c.id === catalogue);
  if (!cat) throw new Error(`EVC_BENCH_CATALOGUE: no catalogue '${catalogue}' (known: ${faultCatalogues().map((c) => c.id).join(', ')})`);
  const scenarios = listScenarios().filter((s) => matchesTags(s.tags, cat.scenarios));
  const only = Object.keys(cat.faults)
    .filter((f) => scenarios.some((s) => s.tags.includes(`@fault:${f}`)))
    .slice(0, size);
  const jobs = Number(process.env.EVC_VERIFY_JOBS ?? 3);
  const base: MatrixOptions = { catalogue, only, quick: true, jobs, runner: 'pool', keep: false, log: () => undefined };
  console.log(`verify:faults bench: ${catalogue}, ${only.length} faults (--quick), ${jobs} jobs`);
  const timed = async (runner: 'pool' | 'process'): Promise<{ m: FaultMatrix; s: number }> => {
    const t0 = Date.now();
    const m = await buildMatrix({ ...base, runner });
    const s = (Date.now() - t0) / 1000;
    const scen = Object.values(m.scenarios).reduce((n, r) => n + Object.keys(r.results).length, 0);
    console.log(`  ${runner === 'process' ? 'before (one cucumber process per fault)' : 'after (long-lived runner pool)        '}: ${s.toFixed(1)} s, ${scen} fault×scenario runs, ${m.problems.length} problems`);
    return { m, s };
  };
  const before = await timed('process');
  const after = await timed('pool');
  console.log(`  speed-up: ${(before.s / after.s).toFixed(2)}×`);
  const diff = compareDetection(before.m, after.m);
  if (diff.length === 0) console.log('  detection results: IDENTICAL (per scenario compliant/fault outcomes, per fault detections and collateral)');
  else {
    console.log(`  !!!!! DETECTION RESULTS DIFFER (${diff.length} lines; - before, + after) !!!!!`);
    for (const d of diff) console.log(`  ${d}`);
  }
  for (const [name, m] of [['before', before.m], ['after', after.m]] as const) for (const p of m.problems) console.log(`  ${name} problem: ${p}`);
}

main().catch((e: unknown) => {
  console.error(`verify-faults bench: ${(e as Error).message}`);
  process.exit(1);
});

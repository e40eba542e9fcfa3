/**
 * verify:faults before/after on the same machine in the same bench run: the same fixed subset of faults (the
 * first EVC_BENCH_FAULTS, default 25, faults of catalogue EVC_BENCH_CATALOGUE, default ocpp16-csms, that
 * scenarios declare; --quick) once with one cucumber process per fault (`--runner process`, the former path)
 * and once with the long-lived runner pool. Prints both wall times and the ratio, and compares the two
 * detection results; a difference is printed loudly (it is a finding, not a timing: nothing is asserted).
 * The former path runs with 3 processes at once (its default), the pool with its default runners.
 *
 * EVC_BENCH_FULL_MATRIX=<fault-matrix.json> (CI): the full matrix written by this run's `verify:faults`; the bench
 * then also prints the full run's time beside the former path's full time ESTIMATED from the subset (its seconds
 * per scenario run × the full matrix's scenario runs, compliant runs included): the former path on the full
 * matrix would take about 25 min more on every CI run, so only the subset is measured.
 *
 *   node --import tsx bench/verify-faults.bench.ts
 */
import fs from 'node:fs';
import { listScenarios, matchesTags } from '../src/core/features';
import { faultCatalogues } from '../src/rig/faults';
import { registerReferenceCatalogues } from '../src/rig/reference';
import type { FaultMatrix } from '../src/report/fault-matrix';
import { buildMatrix, compareDetection, defaultJobs, type MatrixOptions } from '../src/cli/verify-faults';

/** Scenario runs a matrix made: each scenario's compliant run plus its runs under faults. */
const scenarioRuns = (m: FaultMatrix): number => m.scenarios.reduce((n, r) => n + (r.compliant === 'not-run' ? 0 : 1) + Object.keys(r.results).length, 0);

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
  const jobs = { process: 3, pool: defaultJobs() };
  const base: MatrixOptions = { catalogue, only, quick: true, jobs: 3, runner: 'pool', keep: false, log: () => undefined };
  console.log(`verify:faults bench: ${catalogue}, ${only.length} faults (--quick); former path ${jobs.process} processes at once, pool ${jobs.pool} runners`);
  const timed = async (runner: 'pool' | 'process'): Promise<{ m: FaultMatrix; s: number; runs: number }> => {
    const t0 = Date.now();
    const m = await buildMatrix({ ...base, runner, jobs: jobs[runner] });
    const s = (Date.now() - t0) / 1000;
    const runs = scenarioRuns(m);
    console.log(`  ${runner === 'process' ? 'before (one cucumber process per fault)' : 'after (long-lived runner pool)        '}: ${s.toFixed(1)} s, ${runs} scenario runs (compliant + under a fault), ${m.problems.length} problems`);
    return { m, s, runs };
  };
  const before = await timed('process');
  const after = await timed('pool');
  console.log(`  speed-up: ${(before.s / after.s).toFixed(2)}× on the subset`);
  const fullFile = process.env.EVC_BENCH_FULL_MATRIX;
  if (fullFile) {
    if (!fs.existsSync(fullFile)) console.log(`  full matrix: ${fullFile} not found (verify:faults did not write it): no full figure`);
    else {
      const full = JSON.parse(fs.readFileSync(fullFile, 'utf8')) as FaultMatrix;
      const runs = scenarioRuns(full);
      const est = (before.s / before.runs) * runs;
      console.log(
        `  full matrix: after (measured, this run) ${full.seconds} s for ${runs} scenario runs; before (ESTIMATED: the former path's ${(before.s / before.runs).toFixed(2)} s per scenario run on the subset × ${runs}) ${est.toFixed(0)} s: ${(est / (full.seconds ?? NaN)).toFixed(2)}×`,
      );
    }
  }
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

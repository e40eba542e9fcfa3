/**
 * verify:faults before/after on the same machine in the same bench run: the same fixed subset of faults (the
 * first EVC_BENCH_FAULTS, default 25, faults of catalogue EVC_BENCH_CATALOGUE, default ocpp16-csms, that
 * scenarios declare; --quick) once with one cucumber process per fault (`--runner process`, the former path)
 * and once with the long-lived runner pool. Prints both wall times and the ratio, and compares the two
 * detection results; a difference is printed loudly (it is a finding, not a timing: nothing is asserted).
 * The former path runs with 3 processes at once (its default), the pool with its default runners.
 *
 * EVC_BENCH_FULL_MATRIX=<fault-matrix.json> (CI): the full matrix written by this run's `verify:faults`; the bench
 * then also prints the full run's time beside the former path's full time ESTIMATED from the subset (its compliant
 * run's seconds per scenario × the full compliant runs, plus its fault processes' time scaled to the full matrix
 * by faults and by scenario runs: a range, as a process costs a start-up plus its scenarios; without the compliant
 * part when the full matrix took its compliant column from the npm test run): the former path on the full matrix
 * took 1526 s on a quiet machine, more than the whole CI budget, so CI measures it on a subset (EVC_BENCH_FAULTS) only.
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
  const timed = async (runner: 'pool' | 'process'): Promise<{ m: FaultMatrix; s: number; runs: number; compliantS: number }> => {
    const t0 = Date.now();
    let compliantS = 0;
    const log = (l: string) => {
      const c = /^verify:faults: {3}\S+ compliant: \d+ scenarios \(([\d.]+) s\)$/.exec(l);
      if (c) compliantS += Number(c[1]);
    };
    const m = await buildMatrix({ ...base, runner, jobs: jobs[runner], log });
    const s = (Date.now() - t0) / 1000;
    const runs = scenarioRuns(m);
    console.log(`  ${runner === 'process' ? 'before (one cucumber process per fault)' : 'after (long-lived runner pool)        '}: ${s.toFixed(1)} s, ${runs} scenario runs (compliant + under a fault), ${m.problems.length} problems`);
    return { m, s, runs, compliantS };
  };
  const before = await timed('process');
  const after = await timed('pool');
  console.log(`  speed-up: ${(before.s / after.s).toFixed(2)}× on the subset`);
  const fullFile = process.env.EVC_BENCH_FULL_MATRIX;
  if (fullFile) {
    if (!fs.existsSync(fullFile)) console.log(`  full matrix: ${fullFile} not found (verify:faults did not write it): no full figure`);
    else {
      const full = JSON.parse(fs.readFileSync(fullFile, 'utf8')) as FaultMatrix;
      const compliant = (m: FaultMatrix) => m.scenarios.filter((r) => r.compliant !== 'not-run').length;
      const [subC, subF, fullC, fullF] = [compliant(before.m), before.runs - compliant(before.m), compliant(full), scenarioRuns(full) - compliant(full)];
      // the former path's compliant run (one cucumber process, 2 workers) and its per-fault processes scale apart;
      // a fault process costs a start-up plus its scenarios, so scaling by faults and by scenario runs bound it
      const faultS = before.s - before.compliantS;
      // a matrix whose compliant column came from the npm test run (--compliant-from) ran only fault jobs: the
      // former path is then estimated for its fault processes only, the same work
      const compliantEst = full.compliantFrom ? 0 : (before.compliantS / subC) * fullC;
      const [fullFaults, subFaults] = [full.faults.filter((f) => !f.skipped).length, before.m.faults.filter((f) => !f.skipped).length];
      const ests = [compliantEst + (faultS / subF) * fullF, compliantEst + (faultS / subFaults) * fullFaults].sort((a, b) => a - b);
      const x = (e: number) => (e / (full.seconds ?? NaN)).toFixed(2);
      console.log(
        (full.compliantFrom
          ? `  full matrix: after (measured, this run) ${full.seconds} s for ${fullF} fault scenario runs (${fullFaults} faults; its ${fullC} compliant results are the npm test run's, not run again); `
          : `  full matrix: after (measured, this run) ${full.seconds} s for ${fullC} compliant + ${fullF} fault scenario runs (${fullFaults} faults); `) +
          `before ESTIMATED ${ests[0].toFixed(0)}–${ests[1].toFixed(0)} s, ${x(ests[0])}–${x(ests[1])}× ` +
          `(the former path on the subset: compliant ${before.compliantS.toFixed(0)} s / ${subC} runs scaled to ${fullC}; faults ${faultS.toFixed(0)} s for ${subFaults} faults / ${subF} runs, scaled by faults and by runs)`,
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

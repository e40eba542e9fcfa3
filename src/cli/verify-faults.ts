/**
 * `evc verify-faults` (npm run verify:faults) — proves every scenario can fail. Runs the scenarios against the
 * compliant reference SUTs (all must pass), then once per named fault of each reference catalogue (the
 * scenarios tagged `@fault:<name>` must fail; others failing is recorded as collateral). Writes
 * reports/fault-matrix.{json,md} and exits non-zero on a compliant failure, a missed detection, or a scenario
 * that declares no fault.
 */
import fs from 'node:fs';
import path from 'node:path';
import { listScenarios, matchesTags, type ScenarioInfo } from '../core/features';
import { REPORTS_DIR } from '../core/load';
import { declarationProblems, faultCatalogues } from '../rig/faults';
import { registerReferenceCatalogues } from '../rig/reference';
import { renderMatrixMarkdown, type FaultMatrix, type RunOutcome } from '../report/fault-matrix';
import { runSelection } from './run-selection';

const REPORTS = REPORTS_DIR;

interface Args {
  catalogue?: string;
  fault?: string;
  tags?: string;
  quick: boolean;
  /** Fault runs at once (each is its own cucumber process; most of a faulty run is waiting on timeouts). */
  jobs: number;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { quick: false, jobs: Number(process.env.EVC_VERIFY_JOBS ?? 3) };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--catalogue') out.catalogue = argv[++i];
    else if (argv[i] === '--fault') out.fault = argv[++i];
    else if (argv[i] === '--tags') out.tags = argv[++i];
    else if (argv[i] === '--quick') out.quick = true;
    else if (argv[i] === '--jobs') out.jobs = Math.max(1, Number(argv[++i]) || 1);
  }
  return out;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** `--declarations`: only the checks that need no run (a fault declared, an aimed one, known names). */
function checkDeclarations(args: Args): number {
  const problems: string[] = [];
  for (const cat of faultCatalogues().filter((c) => !args.catalogue || c.id === args.catalogue)) {
    const scope = `(${cat.scenarios})${args.tags ? ` and (${args.tags})` : ''}`;
    for (const s of listScenarios().filter((x) => matchesTags(x.tags, scope))) {
      const declared = s.tags.filter((t) => t.startsWith('@fault:')).map((t) => t.slice(7));
      for (const p of declarationProblems(declared)) problems.push(`${scenarioKey(s)} (${s.name}): ${p}`);
      for (const f of declared) if (!(f in cat.faults)) problems.push(`${scenarioKey(s)} (${s.name}): @fault:${f} is not in catalogue ${cat.id}`);
    }
  }
  for (const p of problems) console.error(`verify:faults: PROBLEM ${p}`);
  console.log(`verify:faults: declarations: ${problems.length} problems`);
  return problems.length ? 1 : 0;
}

export const scenarioKey = (s: { uri: string; line: number }): string => `${s.uri}:${s.line}`;

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(
      'usage: evc verify-faults [--catalogue ID] [--fault NAME] [--tags EXPR] [--quick] [--jobs N] [--declarations]\n' +
        '  --declarations: only check what each scenario declares (no run): a fault, an aimed one, known names\n' +
        '  --quick: under each fault run only the scenarios that declare it (no collateral column)',
    );
    return 0;
  }
  const args = parseArgs(argv);
  registerReferenceCatalogues();
  if (argv.includes('--declarations')) return checkDeclarations(args);
  const catalogues = faultCatalogues().filter((c) => !args.catalogue || c.id === args.catalogue);
  const all = listScenarios();
  const started = Date.now();
  const matrix: FaultMatrix = { generatedAt: new Date().toISOString(), scenarios: [], faults: [], problems: [] };
  fs.mkdirSync(path.join(REPORTS, 'faults'), { recursive: true });

  for (const cat of catalogues) {
    const scope = `(${cat.scenarios})${args.tags ? ` and (${args.tags})` : ''}`;
    const inScope = all.filter((s) => matchesTags(s.tags, scope));
    if (inScope.length === 0) continue;
    for (const s of inScope) {
      matrix.scenarios.push({ key: scenarioKey(s), name: s.name, catalogue: cat.id, declared: s.tags.filter((t) => t.startsWith('@fault:')).map((t) => t.slice(7)), compliant: 'not-run', results: {} });
    }
    const needsCan = inScope.some((s) => s.tags.includes('@vcan'));
    const row = (s: ScenarioInfo) => matrix.scenarios.find((r) => r.key === scenarioKey(s) && r.catalogue === cat.id)!;

    console.log(`verify:faults: ${cat.id}: ${inScope.length} scenarios against the compliant reference`);
    const baseline = await runSelection({ tags: scope, faults: [], label: `${cat.id}-compliant`, needsCan });
    for (const s of inScope) row(s).compliant = baseline.get(scenarioKey(s)) ?? 'not-run';

    const jobs = Object.entries(cat.faults).filter(([fault]) => !args.fault || args.fault === fault);
    await pool(jobs, args.jobs, async ([fault, description]) => {
      const declaring = inScope.filter((s) => s.tags.includes(`@fault:${fault}`));
      if (args.quick && declaring.length === 0) {
        matrix.faults.push({ catalogue: cat.id, fault, description, detectedBy: [], collateral: [], skipped: true });
        return;
      }
      const tags = args.quick ? `(${scope}) and @fault:${fault}` : scope;
      const t0 = Date.now();
      const canPart = needsCan && (!args.quick || declaring.some((s) => s.tags.includes('@vcan')));
      const outcome: Map<string, RunOutcome> = await runSelection({ tags, faults: [`${cat.id}/${fault}`], label: `${cat.id}-${fault}`, needsCan: canPart });
      const detectedBy: string[] = [];
      const collateral: string[] = [];
      for (const s of inScope) {
        const r = outcome.get(scenarioKey(s));
        if (!r) continue;
        row(s).results[fault] = r;
        if (r === 'failed') (s.tags.includes(`@fault:${fault}`) ? detectedBy : collateral).push(scenarioKey(s));
      }
      matrix.faults.push({ catalogue: cat.id, fault, description, detectedBy, collateral, skipped: false });
      console.log(`verify:faults:   ${cat.id}/${fault}: ${detectedBy.length}/${declaring.length} declared detections, ${collateral.length} collateral (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    });
  }

  for (const r of matrix.scenarios) {
    if (r.compliant !== 'passed') matrix.problems.push(`${r.key} (${r.name}): ${r.compliant} against the compliant reference SUT`);
    for (const p of declarationProblems(r.declared)) matrix.problems.push(`${r.key} (${r.name}): ${p}`);
    for (const f of r.declared) {
      const cat = faultCatalogues().find((c) => c.id === r.catalogue)!;
      if (!(f in cat.faults)) matrix.problems.push(`${r.key} (${r.name}): @fault:${f} is not in catalogue ${r.catalogue}`);
      else if (!args.fault || args.fault === f) {
        if (r.results[f] !== 'failed') matrix.problems.push(`${r.key} (${r.name}): did not fail under its declared fault ${f} (${r.results[f] ?? 'not run'})`);
      }
    }
  }
  matrix.seconds = Math.round((Date.now() - started) / 1000);
  fs.writeFileSync(path.join(REPORTS, 'fault-matrix.json'), JSON.stringify(matrix, null, 2));
  fs.writeFileSync(path.join(REPORTS, 'fault-matrix.md'), renderMatrixMarkdown(matrix));
  const detected = matrix.scenarios.filter((r) => Object.values(r.results).includes('failed')).length;
  console.log(`verify:faults: ${matrix.scenarios.length} scenarios, ${matrix.faults.filter((f) => !f.skipped).length} faults run, ${detected} scenarios fail under at least one fault, ${matrix.problems.length} problems, ${matrix.seconds} s`);
  console.log('verify:faults: matrix written to reports/fault-matrix.md and reports/fault-matrix.json');
  for (const p of matrix.problems) console.error(`verify:faults: PROBLEM ${p}`);
  const passed = matrix.scenarios.length - new Set(matrix.problems.map((p) => p.split(' ')[0])).size;
  console.log(`verify-faults: ${passed} passed, ${matrix.scenarios.length - passed} failed`);
  return matrix.problems.length === 0 ? 0 : 1;
}

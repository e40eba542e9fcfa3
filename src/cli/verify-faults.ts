/**
 * `evc verify-faults` (npm run verify:faults) — proves every scenario can fail. Runs the scenarios against the
 * compliant reference SUTs (all must pass), then once per named fault of each reference catalogue (the
 * scenarios tagged `@fault:<name>` must fail; others failing is recorded as collateral). Writes
 * fault-matrix.{json,md} into the reports directory and exits non-zero on a compliant failure, a missed
 * detection, or a scenario that declares no fault. Runs go through long-lived runners (verify-faults-run.ts);
 * `--runner process` is the former one-cucumber-process-per-fault path, kept for `npm run bench`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configErrorLines } from '../core/errors';
import { listScenarios, matchesTags } from '../core/features';
import { REPORTS_DIR, displayPath } from '../core/load';
import { declarationProblems, faultCatalogues } from '../rig/faults';
import { registerReferenceCatalogues } from '../rig/reference';
import { renderMatrixMarkdown, type FaultMatrix, type RunOutcome } from '../report/fault-matrix';
import { scratchDir } from './fault-runner';
import { checkInputs } from './preflight';
import { planCatalogue, runPlans, type CataloguePlan, type PlanResults, type RunOptions } from './verify-faults-run';
import { readCompliantJournal, type CompliantSource } from './compliant-from';
import { StartedRig } from '../rig/rig';

export interface MatrixOptions {
  catalogue?: string;
  fault?: string;
  /** Only these faults (names without the catalogue), e.g. a fixed subset for the bench. */
  only?: string[];
  tags?: string;
  quick: boolean;
  /** With quick: each generic fault runs against one declaring scenario per feature file (planCatalogue). */
  genericSample?: boolean;
  /** Runners at once (pool), or cucumber processes at once (process). */
  jobs: number;
  runner: 'pool' | 'process';
  /** Keep each run's messages and traces under <reports>/faults (default: only the matrix is kept). */
  keep: boolean;
  log?: (line: string) => void;
  /** The compliant column from a finished evc test run (compliant-from.ts) instead of a run of its own. */
  compliantFrom?: CompliantSource & { rig: string; timeScale: number };
}

function parseArgs(argv: string[]): MatrixOptions {
  const out: MatrixOptions = { quick: false, jobs: defaultJobs(), runner: 'pool', keep: false };
  let readyFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--catalogue') out.catalogue = argv[++i];
    else if (argv[i] === '--fault') out.fault = argv[++i];
    else if (argv[i] === '--tags') out.tags = argv[++i];
    else if (argv[i] === '--quick') out.quick = true;
    else if (argv[i] === '--generic-sample') out.genericSample = true;
    else if (argv[i] === '--keep') out.keep = true;
    else if (argv[i] === '--jobs') out.jobs = Math.max(1, Number(argv[++i]) || 1);
    else if (argv[i] === '--compliant-from') out.compliantFrom = { dir: path.resolve(argv[++i] ?? ''), waitMs: COMPLIANT_WAIT_MS, rig: '', timeScale: NaN };
    else if (argv[i] === '--compliant-ready') readyFile = path.resolve(argv[++i] ?? '');
    else if (argv[i] === '--runner') {
      const r = argv[++i];
      if (r !== 'pool' && r !== 'process') throw new Error(`--runner must be pool or process, got '${r}'`);
      out.runner = r;
    }
  }
  if (out.genericSample && !out.quick) throw new Error('--generic-sample goes with --quick (without it every fault runs against every scenario)');
  if (out.genericSample && out.runner === 'process') throw new Error('--generic-sample is for the runner pool');
  if (readyFile && !out.compliantFrom) throw new Error('--compliant-ready goes with --compliant-from');
  if (out.compliantFrom && readyFile) out.compliantFrom.readyFile = readyFile;
  if (out.compliantFrom && out.runner === 'process') throw new Error('--compliant-from is for the runner pool');
  return out;
}

/** How long --compliant-ready waits for the evc test run to end (EVC_COMPLIANT_WAIT_S, default 40 min). */
const COMPLIANT_WAIT_MS = (Number(process.env.EVC_COMPLIANT_WAIT_S) > 0 ? Number(process.env.EVC_COMPLIANT_WAIT_S) : 2400) * 1000;

type Args = MatrixOptions;

/**
 * Runners at once unless --jobs says: EVC_VERIFY_JOBS, else 3 per core (at least 3, at most 12). A runner spends
 * most of its time waiting on the protocol's (time-compressed) waits, not on the CPU: 3 runners used ~17 % of
 * 2 cores on a 58-fault catalogue. Not more: a runner starved of CPU misses the 2 s answer waits of the
 * compliant reference (8 runners beside the other CI lanes on a machine at load 40: 142 compliant failures).
 */
export function defaultJobs(): number {
  const env = Number(process.env.EVC_VERIFY_JOBS);
  if (Number.isInteger(env) && env > 0) return env;
  return Math.max(3, Math.min(12, 3 * os.availableParallelism()));
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

/** The journal's outcomes, or none with the reason as every plan's compliant error (the matrix then lists it). */
async function compliantJournal(src: NonNullable<MatrixOptions['compliantFrom']>, log: (l: string) => void): Promise<{ outcomes: Map<string, RunOutcome>; error?: string }> {
  try {
    const j = await readCompliantJournal(src, src);
    log(`verify:faults: compliant column: ${j.describe}`);
    return { outcomes: j.outcomes };
  } catch (e) {
    return { outcomes: new Map(), error: (e as Error).message };
  }
}

function fillCompliant(plans: CataloguePlan[], results: PlanResults, j: { outcomes: Map<string, RunOutcome>; error?: string }): void {
  for (const plan of plans) {
    const into = results.compliant.get(plan.cat.id);
    if (!into) continue;
    if (j.error) into.errors.push(j.error);
    for (const s of plan.inScope) {
      const r = j.outcomes.get(scenarioKey(s));
      if (r) into.outcomes.set(scenarioKey(s), r);
    }
  }
}

/** Runs the plan and assembles the matrix; writes nothing but the runs' traces (in a scratch or kept directory). */
export async function buildMatrix(o: MatrixOptions): Promise<FaultMatrix> {
  registerReferenceCatalogues();
  const log = o.log ?? ((l: string) => console.log(l));
  const all = listScenarios();
  const plans = faultCatalogues()
    .filter((c) => !o.catalogue || c.id === o.catalogue)
    .map((c) => planCatalogue(c, all, o));
  const started = Date.now();
  const matrix: FaultMatrix = { generatedAt: new Date().toISOString(), runner: o.runner, scenarios: [], faults: [], problems: [] };
  if (o.compliantFrom) matrix.compliantFrom = o.compliantFrom.dir;
  const dir = o.keep ? path.join(REPORTS_DIR, 'faults') : scratchDir();
  let can: { ok: boolean; reason?: string } = { ok: true };
  if (o.runner === 'pool' && plans.some((p) => p.needsCan && p.faults.some((f) => f.tags))) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    can = await (require('../rig/can-env') as typeof import('../rig/can-env')).canEnvironmentStatus();
  }
  const cleanUp = () => {
    if (!o.keep) fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  const interrupted = () => process.exit(130); // runs cleanUp; the runners exit when their channel closes
  process.once('exit', cleanUp);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  let results: PlanResults;
  try {
    results = await runPlans(plans, { runner: o.runner, jobs: o.jobs, dir, keep: o.keep, can, log, skipCompliant: Boolean(o.compliantFrom) });
    if (o.runner === 'pool') matrix.rerunAlone = await rerunMissesAlone(plans, results, { runner: 'pool', jobs: 1, dir, keep: o.keep, can, log, skipCompliant: true });
    if (o.compliantFrom) fillCompliant(plans, results, await compliantJournal(o.compliantFrom, log));
  } finally {
    cleanUp();
    process.off('exit', cleanUp);
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
  for (const plan of plans) {
    const id = plan.cat.id;
    const compliant = results.compliant.get(id);
    for (const e of compliant?.errors ?? []) matrix.problems.push(`${id} compliant run: ${e}`);
    for (const s of plan.inScope) {
      const declared = s.tags.filter((t) => t.startsWith('@fault:')).map((t) => t.slice(7));
      matrix.scenarios.push({ key: scenarioKey(s), name: s.name, catalogue: id, declared, compliant: compliant?.outcomes.get(scenarioKey(s)) ?? 'not-run', results: {} });
    }
    const rows = new Map(matrix.scenarios.filter((r) => r.catalogue === id).map((r) => [r.key, r]));
    for (const f of plan.faults) {
      const got = results.faults.get(`${id}/${f.fault}`);
      const picked = f.sample && new Set(f.sample.keys);
      if (picked) {
        for (const s of plan.inScope) {
          const row = rows.get(scenarioKey(s))!;
          if (!picked.has(row.key) && row.declared.includes(f.fault)) (row.notSampled ??= []).push(f.fault);
        }
      }
      const sampled = f.sample ? { sampled: { ran: f.sample.keys.length, declaring: f.sample.declaring, reason: f.sample.reason } } : {};
      if (!f.tags || !got) {
        matrix.faults.push({ catalogue: id, fault: f.fault, description: f.description, detectedBy: [], collateral: [], skipped: true, reason: f.reason ?? 'not run', ...sampled });
        continue;
      }
      const detectedBy: string[] = [];
      const collateral: string[] = [];
      const headlines: Record<string, string> = {};
      for (const s of plan.inScope) {
        const key = scenarioKey(s);
        const r = got.outcomes.get(key);
        if (!r) continue;
        rows.get(key)!.results[f.fault] = r;
        if (r !== 'failed') continue;
        (s.tags.includes(`@fault:${f.fault}`) ? detectedBy : collateral).push(key);
        if (got.headlines.has(key)) headlines[key] = got.headlines.get(key)!;
      }
      for (const e of got.errors) matrix.problems.push(`${id}/${f.fault}: ${e}`);
      const outcomes = [...got.outcomes.values()];
      const ran = outcomes.some((r) => r === 'passed' || r === 'failed');
      const reason = ran
        ? undefined
        : outcomes.length
          ? `all ${outcomes.length} scenarios it selects were skipped as not applicable on this rig (PICS / rig values)`
          : `no scenario produced a result${got.errors.length ? `: ${got.errors.join('; ')}` : ''}`;
      matrix.faults.push({ catalogue: id, fault: f.fault, description: f.description, detectedBy, collateral, skipped: false, ...(reason ? { reason } : {}), headlines, ...sampled });
    }
  }
  const compliantHeadline = (r: { catalogue: string; key: string }) => results.compliant.get(r.catalogue)?.headlines.get(r.key);
  for (const r of matrix.scenarios) {
    if (r.compliant !== 'passed') matrix.problems.push(`${r.key} (${r.name}): ${r.compliant} against the compliant reference SUT${compliantHeadline(r) ? ` — ${compliantHeadline(r)}` : ''}`);
    const cat = faultCatalogues().find((c) => c.id === r.catalogue)!;
    matrix.problems.push(...declaredProblems(r, cat.faults, o));
  }
  matrix.seconds = Math.round((Date.now() - started) / 1000);
  return matrix;
}

/** At most this many missed (scenario, fault) pairs run again; more means a real problem, not the machine's load. */
const RERUN_LIMIT = 12;

/**
 * A scenario that passed under a fault it declares, beside the other runners, runs again under that fault alone
 * (one runner): a timing check starved of CPU can miss a fault it catches off load (a late BootNotification
 * outside a 200 ms window). A failure alone counts as detected and is named (matrix.rerunAlone, the console);
 * a pass alone stays a problem. More than RERUN_LIMIT misses are not re-run.
 */
async function rerunMissesAlone(plans: CataloguePlan[], results: PlanResults, o: RunOptions): Promise<string[]> {
  const again: CataloguePlan[] = [];
  let misses = 0;
  for (const plan of plans) {
    for (const f of plan.faults) {
      const got = results.faults.get(`${plan.cat.id}/${f.fault}`);
      if (!f.tags || !got) continue;
      const missed = plan.inScope.filter((s) => s.tags.includes(`@fault:${f.fault}`) && got.outcomes.get(scenarioKey(s)) === 'passed');
      if (missed.length === 0) continue;
      misses += missed.length;
      const onCan = missed.some((s) => s.tags.includes('@vcan'));
      again.push({ ...plan, inScope: missed, needsCan: onCan, faults: [{ ...f, sample: undefined, canPart: onCan }] });
    }
  }
  if (misses === 0 || misses > RERUN_LIMIT) return [];
  o.log(`verify:faults: ${misses} scenario(s) passed under a fault they declare; each runs again under it, alone`);
  const out: string[] = [];
  // one catalogue plan per fault: runPlans keys its results by catalogue/fault
  for (const plan of again) {
    const r = await runPlans([plan], o);
    const f = plan.faults[0].fault;
    const got = r.faults.get(`${plan.cat.id}/${f}`);
    for (const s of plan.inScope) {
      const key = scenarioKey(s);
      if (got?.outcomes.get(key) !== 'failed') continue;
      results.faults.get(`${plan.cat.id}/${f}`)!.outcomes.set(key, 'failed');
      const headline = got.headlines.get(key);
      if (headline) results.faults.get(`${plan.cat.id}/${f}`)!.headlines.set(key, headline);
      out.push(`${key} ${plan.cat.id}/${f}${headline ? `: ${headline}` : ''}`);
    }
  }
  for (const line of out) o.log(`verify:faults: failed under its declared fault when re-run alone (passed beside the others): ${line}`);
  return out;
}

/**
 * A scenario row's problems with its declared faults: none declared or only generic ones, an unknown name, a
 * declared fault (of those run) it did not fail under. A declared generic fault --generic-sample did not run it
 * under (`notSampled`) is none: another scenario of its feature file carried that fault.
 */
export function declaredProblems(r: FaultMatrix['scenarios'][number], faults: Record<string, string>, o: Pick<MatrixOptions, 'fault' | 'only'>): string[] {
  const out = declarationProblems(r.declared).map((p) => `${r.key} (${r.name}): ${p}`);
  for (const f of r.declared) {
    if (!(f in faults)) out.push(`${r.key} (${r.name}): @fault:${f} is not in catalogue ${r.catalogue}`);
    else if ((!o.fault || o.fault === f) && (!o.only || o.only.includes(f)) && !r.notSampled?.includes(f)) {
      if (r.results[f] !== 'failed') out.push(`${r.key} (${r.name}): did not fail under its declared fault ${f} (${r.results[f] ?? 'not run'})`);
    }
  }
  return out;
}

/** The console lines for the generic faults --generic-sample ran on a sample (none without it). */
export function sampleSummary(m: FaultMatrix): string[] {
  const sampled = m.faults.filter((f) => f.sampled);
  if (sampled.length === 0) return [];
  const ran = sampled.reduce((n, f) => n + f.sampled!.ran, 0);
  const declaring = sampled.reduce((n, f) => n + f.sampled!.declaring, 0);
  return [
    `verify:faults: ${sampled.length} generic faults sampled: ${ran} of their ${declaring} declaring scenario×fault pairs ran`,
    ...sampled.map((f) => `verify:faults:   ${f.catalogue}/${f.fault}: ${f.sampled!.ran} of ${f.sampled!.declaring} declaring scenarios ran (${f.sampled!.reason})`),
  ];
}

/**
 * The detection results of a matrix, in a form two matrices can be compared by: per scenario its compliant
 * outcome and outcome under each fault; per fault whether it ran, what detected it and its collateral.
 */
export function detectionResults(m: FaultMatrix): string[] {
  const lines: string[] = [];
  for (const s of m.scenarios) {
    lines.push(`${s.catalogue} ${s.key} compliant=${s.compliant} ${Object.entries(s.results).sort(([a], [b]) => a.localeCompare(b)).map(([f, r]) => `${f}=${r}`).join(' ')}`);
  }
  for (const f of m.faults) {
    lines.push(`${f.catalogue}/${f.fault} ${f.skipped ? 'not-run' : 'run'} detected=[${[...f.detectedBy].sort().join(',')}] collateral=[${[...f.collateral].sort().join(',')}]`);
  }
  return lines.sort();
}

/** Lines of `a` missing from `b` and of `b` missing from `a` (empty: identical detection results). */
export function compareDetection(a: FaultMatrix, b: FaultMatrix): string[] {
  const la = new Set(detectionResults(a));
  const lb = new Set(detectionResults(b));
  return [...[...la].filter((l) => !lb.has(l)).map((l) => `- ${l}`), ...[...lb].filter((l) => !la.has(l)).map((l) => `+ ${l}`)];
}

export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help')) {
    console.log(
      'usage: evc verify-faults [--catalogue ID] [--fault NAME] [--tags EXPR] [--quick [--generic-sample]] [--jobs N] [--runner pool|process] [--keep] [--declarations]\n' +
        '  --declarations: only check what each scenario declares (no run): a fault, an aimed one, known names\n' +
        '  --quick: under each fault run only the scenarios that declare it (no collateral column)\n' +
        '  --generic-sample: with --quick, each generic fault (silent, second-concurrent-call, ...) runs against one of its\n' +
        '    declaring scenarios per feature file (the first by line); aimed faults still run against all of theirs, and\n' +
        '    a declared generic fault not sampled is not a problem (the matrix says how many ran and why)\n' +
        `  --jobs N: long-lived runners at once (default EVC_VERIFY_JOBS, else 3 per core, 3..12: here ${defaultJobs()})\n` +
        '  --runner process: one cucumber process per fault (the former path, for comparison)\n' +
        '  --keep: keep each run\'s messages and traces under <reports>/faults\n' +
        '  --compliant-from DIR: the compliant column from the evc test run whose reports are in DIR (same rig, no faults)\n' +
        '  --compliant-ready FILE: with --compliant-from, wait (EVC_COMPLIANT_WAIT_S, default 2400) for FILE: that run has ended',
    );
    return 0;
  }
  let args: MatrixOptions;
  try {
    args = parseArgs(argv);
  } catch (e) {
    console.error(`evc: verify-faults: ${(e as Error).message}`);
    return 2;
  }
  registerReferenceCatalogues();
  if (argv.includes('--declarations')) return checkDeclarations(args);
  // pre-flight: rig, PICS and every fixture the scenarios name, all problems at once, before any run
  const inputs = checkInputs({ tags: args.tags });
  if (inputs.problems.length > 0 || !inputs.rig) {
    for (const e of inputs.problems) console.error(configErrorLines(e));
    console.error('evc: verify-faults: bad input; nothing was run');
    return 2;
  }
  const rig = inputs.rig;
  if (rig.kind !== 'reference') {
    console.error(`evc: verify-faults injects faults into the reference SUTs: the rig ${rig.source ?? ''} is kind '${rig.kind}' (use a reference rig)`);
    return 2;
  }
  if (args.compliantFrom) Object.assign(args.compliantFrom, { rig: rig.name, timeScale: new StartedRig(rig).timeScale });
  const matrix = await buildMatrix(args);
  fs.mkdirSync(REPORTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(REPORTS_DIR, 'fault-matrix.json'), JSON.stringify(matrix, null, 2));
  fs.writeFileSync(path.join(REPORTS_DIR, 'fault-matrix.md'), renderMatrixMarkdown(matrix));
  const detected = matrix.scenarios.filter((r) => Object.values(r.results).includes('failed')).length;
  console.log(`verify:faults: ${matrix.scenarios.length} scenarios, ${matrix.faults.filter((f) => !f.skipped).length} faults run, ${detected} scenarios fail under at least one fault, ${matrix.problems.length} problems, ${matrix.seconds} s (runner: ${args.runner})`);
  for (const line of sampleSummary(matrix)) console.log(line);
  console.log(`verify:faults: matrix written to ${displayPath(path.join(REPORTS_DIR, 'fault-matrix.md'))} and fault-matrix.json beside it`);
  for (const p of matrix.problems) console.error(`verify:faults: PROBLEM ${p}`);
  const passed = matrix.scenarios.length - new Set(matrix.problems.map((p) => p.split(' ')[0])).size;
  console.log(`verify-faults: ${passed} passed, ${matrix.scenarios.length - passed} failed`);
  return matrix.problems.length === 0 ? 0 : 1;
}

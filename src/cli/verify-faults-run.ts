/**
 * verify:faults planning and the two ways to run a plan. `pool` (default): long-lived runners pulling jobs
 * from one queue, the compliant run split by feature file, all @vcan jobs in one CAN environment. `process`:
 * today's path before the pool, one cucumber process per fault (kept so `npm run bench` can compare).
 * Both return each job's outcomes per scenario; the matrix is assembled from them the same way.
 */
import path from 'node:path';
import { matchesTags, type ScenarioInfo } from '../core/features';
import { GENERIC_FAULTS, type FaultCatalogue } from '../rig/faults';
import type { RunOutcome } from '../report/fault-matrix';
import { keyOf } from '../report/run-journal';
import { RunnerPool, runCanBatch } from './fault-runner';
import type { FaultJob, FaultJobResult } from './fault-runner-worker';
import { runSelection } from './run-selection';

export interface FaultPlan {
  fault: string;
  description: string;
  /** Tag expression run under the fault; undefined: not run (see reason). */
  tags?: string;
  /** Whether its selection has a @vcan part to run in the CAN environment. */
  canPart: boolean;
  reason?: string;
  /**
   * --generic-sample: a generic fault runs only against these of its declaring scenarios (keys `uri:line`, one per
   * feature file), of `declaring` in scope; `reason` says why the others did not run.
   */
  sample?: { keys: string[]; declaring: number; reason: string };
}

export interface CataloguePlan {
  cat: FaultCatalogue;
  scope: string;
  inScope: ScenarioInfo[];
  needsCan: boolean;
  faults: FaultPlan[];
}

/** One selection's results: outcome and failing-step headline per scenario key, errors of its runs. */
export interface SelectionResult {
  outcomes: Map<string, RunOutcome>;
  headlines: Map<string, string>;
  errors: string[];
}

export interface PlanResults {
  compliant: Map<string, SelectionResult>;
  /** Keyed `<catalogue>/<fault>`. */
  faults: Map<string, SelectionResult>;
}

export interface RunOptions {
  runner: 'pool' | 'process';
  /** pool: runner processes; process: cucumber processes at once (each with cucumber's own 2 workers). */
  jobs: number;
  /** Where the runs' traces go (removed by the caller unless kept). */
  dir: string;
  keep: boolean;
  /** Whether the CAN environment is available (checked once by the caller when any plan needs it). */
  can: { ok: boolean; reason?: string };
  log: (line: string) => void;
  /** The compliant results come from elsewhere (--compliant-from): run only the fault jobs. */
  skipCompliant?: boolean;
}

export interface PlanOptions {
  tags?: string;
  fault?: string;
  only?: string[];
  quick: boolean;
  /** With quick: each generic fault (GENERIC_FAULTS) runs against one declaring scenario per feature file. */
  genericSample?: boolean;
}

/** The sample reason, as the matrix and the console give it. */
export const sampleReason = (declaring: number): string =>
  `generic fault sampled: one declaring scenario per feature file; --quick without --generic-sample runs all ${declaring}`;

/** One scenario per feature file, the first by line (in the order the files first appear). */
export function onePerFeatureFile(scenarios: ScenarioInfo[]): ScenarioInfo[] {
  const first = new Map<string, ScenarioInfo>();
  for (const s of scenarios) {
    const had = first.get(s.uri);
    if (!had || s.line < had.line) first.set(s.uri, s);
  }
  return [...first.values()];
}

export function planCatalogue(cat: FaultCatalogue, all: ScenarioInfo[], opts: PlanOptions): CataloguePlan {
  const scope = `(${cat.scenarios})${opts.tags ? ` and (${opts.tags})` : ''}`;
  const inScope = all.filter((s) => matchesTags(s.tags, scope));
  const needsCan = inScope.some((s) => s.tags.includes('@vcan'));
  const faults: FaultPlan[] = [];
  for (const [fault, description] of Object.entries(cat.faults)) {
    if ((opts.fault && opts.fault !== fault) || (opts.only && !opts.only.includes(fault))) continue;
    const declaring = inScope.filter((s) => s.tags.includes(`@fault:${fault}`));
    if (inScope.length === 0) {
      faults.push({ fault, description, canPart: false, reason: `no scenario of ${cat.id} is selected (${scope})` });
    } else if (opts.quick && declaring.length === 0) {
      const outside = opts.tags && all.some((s) => matchesTags(s.tags, cat.scenarios) && s.tags.includes(`@fault:${fault}`));
      faults.push({ fault, description, canPart: false, reason: outside ? `declared only by scenarios outside --tags ${opts.tags}` : 'declared by no scenario (--quick runs only the scenarios that declare a fault)' });
    } else if (opts.quick && opts.genericSample && GENERIC_FAULTS.has(fault)) {
      const picked = onePerFeatureFile(declaring);
      const canPart = needsCan && picked.some((s) => s.tags.includes('@vcan'));
      const sample = { keys: picked.map(keyOf), declaring: declaring.length, reason: sampleReason(declaring.length) };
      faults.push({ fault, description, canPart, tags: `(${scope}) and @fault:${fault}`, sample });
    } else {
      const canPart = needsCan && (!opts.quick || declaring.some((s) => s.tags.includes('@vcan')));
      faults.push({ fault, description, canPart, tags: opts.quick ? `(${scope}) and @fault:${fault}` : scope });
    }
  }
  return { cat, scope, inScope, needsCan, faults };
}

const empty = (): SelectionResult => ({ outcomes: new Map(), headlines: new Map(), errors: [] });

function add(target: SelectionResult, r: FaultJobResult): void {
  for (const [k, v] of r.outcomes) target.outcomes.set(k, v as RunOutcome);
  for (const [k, v] of r.headlines) target.headlines.set(k, v);
  if (r.error) target.errors.push(r.error);
}

export async function runPlans(plans: CataloguePlan[], o: RunOptions): Promise<PlanResults> {
  return o.runner === 'process' ? runByProcess(plans, o) : runByPool(plans, o);
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function runByProcess(plans: CataloguePlan[], o: RunOptions): Promise<PlanResults> {
  if (plans.some((p) => p.faults.some((f) => f.sample))) throw new Error('--generic-sample is for the runner pool');
  const res: PlanResults = { compliant: new Map(), faults: new Map() };
  for (const plan of plans) {
    if (plan.inScope.length === 0) continue;
    const id = plan.cat.id;
    o.log(`verify:faults: ${id}: ${plan.inScope.length} scenarios against the compliant reference`);
    const c0 = Date.now();
    const outcomes = await runSelection({ tags: plan.scope, faults: [], label: `${id}-compliant`, needsCan: plan.needsCan, dir: o.dir, keep: o.keep });
    res.compliant.set(id, { ...empty(), outcomes });
    o.log(`verify:faults:   ${id} compliant: ${outcomes.size} scenarios (${((Date.now() - c0) / 1000).toFixed(1)} s)`);
    await pool(plan.faults.filter((f) => f.tags), o.jobs, async (f) => {
      const t0 = Date.now();
      const out = await runSelection({ tags: f.tags!, faults: [`${id}/${f.fault}`], label: `${id}-${f.fault}`, needsCan: f.canPart, dir: o.dir, keep: o.keep });
      res.faults.set(`${id}/${f.fault}`, { ...empty(), outcomes: out });
      o.log(`verify:faults:   ${id}/${f.fault}: ${out.size} scenarios (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    });
  }
  return res;
}

/**
 * `scenarios` in chunks of at most `size`, each as cucumber paths naming the scenarios' lines (`uri:l1:l2`), so a
 * long selection (a fault many scenarios declare, the compliant run) spreads over the runners instead of keeping
 * one busy at the end.
 */
export function scenarioChunks(scenarios: ScenarioInfo[], size: number): { paths: string[]; count: number }[] {
  const chunks: { paths: string[]; count: number }[] = [];
  for (let i = 0; i < scenarios.length; i += size) {
    const lines = new Map<string, number[]>();
    for (const s of scenarios.slice(i, i + size)) lines.set(s.uri, [...(lines.get(s.uri) ?? []), s.line]);
    chunks.push({ paths: [...lines].map(([uri, ls]) => `${uri}:${ls.join(':')}`), count: Math.min(size, scenarios.length - i) });
  }
  return chunks;
}

/** Scenarios per host job: small enough that the last jobs do not leave runners idle, large enough that a job's start-up stays small. */
const CHUNK = 6;

const uris = (scenarios: ScenarioInfo[]) => [...new Set(scenarios.map((s) => s.uri))];
const isCan = (s: ScenarioInfo) => s.tags.includes('@vcan');

async function runByPool(plans: CataloguePlan[], o: RunOptions): Promise<PlanResults> {
  const res: PlanResults = { compliant: new Map(), faults: new Map() };
  const runners = new RunnerPool(o.jobs, (i) => path.join(o.dir, `runner-${i}`));
  const hostJobs: { job: FaultJob; into: SelectionResult; what: string; count: number }[] = [];
  const canJobs: { job: FaultJob; into: SelectionResult }[] = [];
  const keep = (id: string) => (o.keep ? path.join(o.dir, 'messages', `${id.replace(/[^A-Za-z0-9_.-]+/g, '_')}.ndjson`) : undefined);
  /** One selection on the host, in chunks of at most CHUNK scenarios (all feeding the same result). */
  const onHost = (id: string, tags: string, scenarios: ScenarioInfo[], faults: string[], into: SelectionResult, what: string) => {
    const chunks = scenarioChunks(scenarios, CHUNK);
    chunks.forEach((c, i) => {
      const part = chunks.length > 1 ? ` part ${i + 1}/${chunks.length}` : '';
      hostJobs.push({ job: { id: `${id}|host|${i}`, tags, paths: c.paths, faults, keepMessages: keep(`${id}-${i}`) }, into, what: `${what}${part}`, count: c.count });
    });
  };
  for (const plan of plans) {
    if (plan.inScope.length === 0) continue;
    const id = plan.cat.id;
    const compliant = empty();
    res.compliant.set(id, compliant);
    const faultCount = plan.faults.filter((f) => f.tags).length;
    if (o.skipCompliant) o.log(`verify:faults: ${id}: ${plan.inScope.length} scenarios (compliant results from the evc test run), ${faultCount} faults`);
    else {
      o.log(`verify:faults: ${id}: ${plan.inScope.length} scenarios against the compliant reference, ${faultCount} faults`);
      onHost(`${id}|compliant`, `(${plan.scope}) and not @vcan`, plan.inScope.filter((s) => !isCan(s)), [], compliant, `${id} compliant`);
    }
    if (plan.needsCan && !o.skipCompliant) {
      const files = uris(plan.inScope.filter(isCan));
      canJobs.push({ job: { id: `${id}|compliant|vcan`, tags: `(${plan.scope}) and @vcan`, paths: files, faults: [], keepMessages: keep(`${id}-compliant-vcan`) }, into: compliant });
    }
    for (const f of plan.faults) {
      if (!f.tags) continue;
      const into = empty();
      res.faults.set(`${id}/${f.fault}`, into);
      const sampled = f.sample && new Set(f.sample.keys);
      const selected = plan.inScope.filter((s) => matchesTags(s.tags, f.tags!) && (!sampled || sampled.has(keyOf(s))));
      const full = `${id}/${f.fault}`;
      onHost(full, `(${f.tags}) and not @vcan`, selected.filter((s) => !isCan(s)), [full], into, full);
      const onCan = selected.filter(isCan);
      // a sample names its scenarios by line; otherwise the whole files, the tags selecting
      const canPaths = sampled ? scenarioChunks(onCan, onCan.length).flatMap((c) => c.paths) : uris(onCan);
      if (f.canPart && onCan.length) canJobs.push({ job: { id: `${full}|vcan`, tags: `(${f.tags}) and @vcan`, paths: canPaths, faults: [full], keepMessages: keep(`${f.fault}-vcan`) }, into });
    }
  }
  // longest first (by scenarios), so the short ones fill the gaps at the end
  const t0 = Date.now();
  const host = hostJobs
    .sort((x, y) => y.count - x.count)
    .map(({ job, into, what }) =>
      runners.run(job).then((r) => {
        add(into, r);
        o.log(`verify:faults:   ${what}: ${r.outcomes.length} scenarios (done at ${((Date.now() - t0) / 1000).toFixed(1)} s)${r.error ? ` ERROR ${r.error}` : ''}`);
      }),
    );
  const can = (async () => {
    if (canJobs.length === 0) return;
    if (!o.can.ok) {
      for (const c of canJobs) c.into.errors.push(`@vcan unavailable: ${o.can.reason ?? 'no SocketCAN'}`);
      return;
    }
    const t0 = Date.now();
    const results = await runCanBatch(canJobs.map((c) => c.job), o.keep ? o.dir : undefined);
    for (const c of canJobs) add(c.into, results.get(c.job.id)!);
    o.log(`verify:faults:   CAN environment: ${canJobs.length} @vcan jobs in one run (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  })();
  try {
    await Promise.all([...host, can]);
  } finally {
    await runners.close();
  }
  return res;
}

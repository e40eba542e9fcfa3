/**
 * Every V2G timer has a scenario that fails when the SUT is just over it and passes just under it
 * (src/v2g/timer-scenarios.ts). For each row the scenario runs through the project's own in-process cucumber
 * runner (src/cli/fault-runner-worker.ts, profile `verify`) against the reference SUTs with a temporary rig:
 * `referenceTimerEdge: { timer, factor }` (a compliant reference option, src/reference/v2g/timer-edge.ts) and
 * `timeouts.v2g` making the timer's effective limit the row's testLimit, every other timer roomy. Just under
 * (× 0.8) passes and just over (× 1.25) fails with a verdict naming the timer; for the SDP pace (a lower bound)
 * the short side fails.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { RunnerPool } from '../../src/cli/fault-runner';
import type { FaultJob, FaultJobResult } from '../../src/cli/fault-runner-worker';
import { PROJECT_ROOT } from '../../src/core/load';
import { edgeOverrides, OVER_FACTOR, TIMER_SCENARIOS, type TimerScenario, UNDER_FACTOR } from '../../src/v2g/timer-scenarios';
import { V2G_TIMER_NAMES } from '../../src/v2g/timers';

interface Outcome {
  status: string;
  headline: string;
}

/** Runner processes (src/cli/fault-runner.ts, one each) working through the rows at once: the runs mostly wait. */
const LANES = 2;

/**
 * One runner process with its own rig file: the runner was started with EVC_RIG naming the file, and the hooks
 * read the rig in each run's BeforeAll, so the file is rewritten before each job (a lane runs one job at a time).
 */
class Lane {
  private pool: RunnerPool | undefined;
  readonly rigFile: string;
  constructor(
    private readonly dir: string,
    index: number,
  ) {
    this.rigFile = path.join(dir, `rig-${index}.json`);
  }
  run(rig: object, job: FaultJob): Promise<FaultJobResult> {
    fs.writeFileSync(this.rigFile, JSON.stringify(rig));
    if (this.pool) return this.pool.run(job);
    const saved = process.env.EVC_RIG;
    process.env.EVC_RIG = this.rigFile; // the runner process is forked inside run(): it takes this environment
    try {
      this.pool = new RunnerPool(1, () => path.join(this.dir, `traces-${path.basename(this.rigFile, '.json')}`));
      return this.pool.run(job);
    } finally {
      if (saved === undefined) delete process.env.EVC_RIG;
      else process.env.EVC_RIG = saved;
    }
  }
  async close(): Promise<void> {
    await this.pool?.close();
  }
}

function catalogueRows(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const dir = path.join(root, 'data', 'catalogues');
  for (const f of fs.readdirSync(dir).filter((n) => n.startsWith('v2g-') && n.endsWith('.csv'))) {
    for (const line of fs.readFileSync(path.join(dir, f), 'utf8').split('\n').slice(1)) {
      const id = line.split(',')[0];
      if (id) out.set(id, line);
    }
  }
  return out;
}

test('every V2G timer has a row in the timer-edge table, with a catalogue scenario that names it', async () => {
  const rows = catalogueRows(PROJECT_ROOT);
  for (const name of V2G_TIMER_NAMES) {
    const row = TIMER_SCENARIOS.find((r) => r.timer === name);
    assert.ok(row, `timer ${name} has no row in src/v2g/timer-scenarios.ts`);
    const line = rows.get(row.scenario);
    assert.ok(line, `${name}: scenario ${row.scenario} is not in data/catalogues/v2g-*.csv`);
    assert.match(line, new RegExp(`\\b${name}\\b`), `${name}: the catalogue row of ${row.scenario} does not name the timer`);
  }
  assert.equal(TIMER_SCENARIOS.length, new Set(TIMER_SCENARIOS.map((r) => r.timer)).size, 'one row per timer');
});

test('each timer: just under passes, just over fails with a verdict naming it (reference SUTs on the edge)', { timeout: 240_000 }, async (t) => {
  const base = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'rigs', 'reference.json'), 'utf8')) as Record<string, unknown>;
  delete base.$schema;
  const pics = (base.pics as string[]).map((p) => path.join(PROJECT_ROOT, p));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'evc-timer-edges-'));
  const lanes = Array.from({ length: LANES }, (_, i) => new Lane(scratch, i));
  const rigFor = (row: TimerScenario, factor: number): object => ({
    ...base,
    name: `timer-edge-${row.timer}-${factor}`,
    pics,
    referenceTimerEdge: { timer: row.timer, factor },
    timeouts: { ...(base.timeouts as object), v2g: edgeOverrides(row, V2G_TIMER_NAMES) },
  });
  const run = async (lane: Lane, row: TimerScenario, factor: number): Promise<Outcome> => {
    const r = await lane.run(rigFor(row, factor), { id: `${row.timer}@${factor}`, tags: `@${row.scenario}`, faults: [] });
    if (r.error) return { status: 'error', headline: r.error };
    if (r.outcomes.length !== 1) return { status: 'error', headline: `@${row.scenario} selected ${r.outcomes.length} scenarios` };
    const [key, status] = r.outcomes[0] as [string, string];
    return { status, headline: new Map(r.headlines).get(key) ?? '' };
  };
  const results = new Map<string, { under: Outcome; over: Outcome }>();
  const t0 = Date.now();
  // the -20 rows together (one lane makes the run's V2G PKI once); CommunicationSetup rows last (a runner's first
  // scenarios pay module loading between plug-in and SessionSetup)
  const rank = (r: TimerScenario): number => (/CommunicationSetup/.test(r.timer) ? 2 : /20$/.test(r.timer) ? 0 : 1);
  const queue = [...TIMER_SCENARIOS].sort((a, b) => rank(a) - rank(b));
  try {
    await Promise.all(
      lanes.map(async (lane) => {
        for (let row = queue.shift(); row; row = queue.shift()) {
          results.set(row.timer, { under: await run(lane, row, UNDER_FACTOR), over: await run(lane, row, OVER_FACTOR) });
        }
      }),
    );
  } finally {
    await Promise.all(lanes.map((l) => l.close()));
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const cell = (o: Outcome): string => (o.status === 'passed' ? 'passed' : `${o.status}: ${o.headline.slice(0, 140)}`);
  t.diagnostic(`timer edges (${UNDER_FACTOR} / ${OVER_FACTOR} × limit), ${((Date.now() - t0) / 1000).toFixed(1)} s:`);
  const problems: string[] = [];
  for (const row of TIMER_SCENARIOS) {
    const got = results.get(row.timer);
    if (!got) {
      problems.push(`${row.timer}: not run`);
      continue;
    }
    const r = { ...got, timer: row.timer, scenario: row.scenario };
    t.diagnostic(`${row.timer} (${row.testLimit}) ${row.scenario}: under ${cell(r.under)} | over ${cell(r.over)}`);
    const [pass, fail] = row.bound === 'min' ? [r.over, r.under] : [r.under, r.over];
    const [passSide, failSide] = row.bound === 'min' ? ['over', 'under'] : ['under', 'over'];
    if (pass.status !== 'passed') problems.push(`${r.timer}: just ${passSide} the limit ${r.scenario} ${cell(pass)} (expected passed)`);
    if (fail.status !== 'failed') problems.push(`${r.timer}: just ${failSide} the limit ${r.scenario} ${cell(fail)} (expected failed)`);
    else if (!new RegExp(`\\b${r.timer}\\b`).test(fail.headline)) problems.push(`${r.timer}: just ${failSide}, ${r.scenario} failed without naming the timer: ${fail.headline}`);
  }
  assert.deepEqual(problems, []);
});

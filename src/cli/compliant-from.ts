/**
 * `verify-faults --compliant-from <reports dir>`: the compliant column of the matrix taken from a finished
 * `evc test` run of the same checkout against the same reference rig (its journal under <dir>/run/), instead of
 * running every scenario against the compliant references a second time. CI runs `npm test` in one lane and
 * verify:faults in another: the fault runs start at once and the journal is read when they are done
 * (`--compliant-ready <file>`: a file the CI lane writes when `npm test` has ended, waited for, bounded).
 * A scenario of the plan missing from the journal stays 'not-run' against the compliant reference: a problem.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { RunOutcome } from '../report/fault-matrix';
import { finishedInRun, readRunInfo } from '../report/run-journal';

export interface CompliantSource {
  /** The reports directory of the `evc test` run. */
  dir: string;
  /** Wait for this file before reading (the run has ended), at most waitMs. */
  readyFile?: string;
  waitMs: number;
}

export interface CompliantJournal {
  outcomes: Map<string, RunOutcome>;
  /** What was read, for the log and the matrix. */
  describe: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads the journal once the run has ended; throws with the reason when there is no usable one. */
export async function readCompliantJournal(src: CompliantSource, expect: { rig: string; timeScale: number }): Promise<CompliantJournal> {
  if (src.readyFile) {
    const until = Date.now() + src.waitMs;
    while (!fs.existsSync(src.readyFile)) {
      if (Date.now() > until) throw new Error(`--compliant-ready ${src.readyFile}: not there after ${Math.round(src.waitMs / 1000)} s (the evc test run did not end)`);
      await sleep(1000);
    }
  }
  const info = readRunInfo(src.dir);
  if (!info) throw new Error(`--compliant-from ${src.dir}: no evc test run journal (${path.join(src.dir, 'run', 'run.json')} missing)`);
  if (info.rig !== expect.rig) throw new Error(`--compliant-from ${src.dir}: that run used rig '${info.rig}', this one '${expect.rig}'`);
  if (info.timeScale !== expect.timeScale) throw new Error(`--compliant-from ${src.dir}: that run used timeScale ${info.timeScale}, this one ${expect.timeScale}`);
  if (info.faults === undefined || info.faults.length > 0) throw new Error(`--compliant-from ${src.dir}: that run ${info.faults ? `had faults injected (${info.faults.join(', ')})` : 'does not say whether faults were injected'}: not a compliant run`);
  const outcomes = new Map<string, RunOutcome>();
  for (const f of finishedInRun(src.dir)) outcomes.set(f.key, f.status === 'PASSED' ? 'passed' : f.status === 'SKIPPED' ? 'skipped' : 'failed');
  return { outcomes, describe: `${outcomes.size} scenario results of the evc test run in ${src.dir} (rig ${info.rig}, started ${info.startedAt})` };
}

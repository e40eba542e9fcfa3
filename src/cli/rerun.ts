/**
 * Re-running the scenarios that failed beside the others, one at a time (`evc test --rerun-failed-alone`, or
 * EVC_RERUN_FAILED=1): only on a rig of kind `reference`, whose simulated SUTs run in the harness's own
 * processes on the same machine. There, many scenarios at a time on a loaded machine (CI runs three lanes on
 * two cores) can stall a reference SUT past a timing limit — a verdict on the machine, not on the SUT. A
 * failure alone stays a failure; a pass alone is printed by name (never silently) and the Allure report keeps
 * both attempts (the first as a retry). A rig reaching real equipment never re-runs: a failure there is the
 * SUT's, and the first attempt already ran alone.
 */
import { type Finished } from '../report/run-journal';

/** At most this many failed scenarios are re-run (more failures than that are not load: they are reported). */
export const RERUN_LIMIT = 30;

export function rerunRequested(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  return argv.includes('--rerun-failed-alone') || env.EVC_RERUN_FAILED === '1';
}

/** The evc option is not cucumber's: it is taken out before the arguments go to cucumber. */
export function withoutRerunOption(argv: readonly string[]): string[] {
  return argv.filter((a) => a !== '--rerun-failed-alone');
}

/** Why the failures are not re-run, or undefined when they are. */
export function noRerunReason(rig: { kind: string; name: string }, failed: number): string | undefined {
  if (rig.kind !== 'reference') return `rig '${rig.name}' (kind ${rig.kind}) reaches real equipment: its failures are the SUT's, not re-run`;
  if (failed > RERUN_LIMIT) return `${failed} scenarios failed (more than ${RERUN_LIMIT}): not the load of the machine, not re-run`;
  return undefined;
}

/** The closing lines: which failures passed alone (named), which failed again. */
export function rerunSummary(before: readonly Finished[], after: readonly Finished[]): string[] {
  const now = new Map(after.map((f) => [f.key, f]));
  const passed = before.filter((f) => now.get(f.key)?.status === 'PASSED');
  const still = before.filter((f) => now.get(f.key)?.status !== 'PASSED');
  const list = (fs: Finished[]) => fs.map((f) => `${f.name} (${f.key})`).join('; ');
  const out: string[] = [];
  if (passed.length) out.push(`evc: ${passed.length} scenario(s) failed beside the others and passed when re-run alone (flaky under load, named so it stays visible): ${list(passed)}`);
  if (still.length) out.push(`evc: ${still.length} scenario(s) failed again when re-run alone: ${list(still)}`);
  return out;
}

/**
 * The run's operator (src/operator): started before the first scenario when the rig declares `operator` (the
 * console's URL is printed then), told the current scenario, its trace and each step (the console shows them,
 * questions name them), and closed after the last scenario (no port left open).
 */
import { AfterAll, Before, BeforeAll, BeforeStep } from '@cucumber/cucumber';
import { loadRigConfig } from '../../src/rig/config';
import { closeRunOperator, currentOperator, startRunOperator } from '../../src/operator/run';
import { ScenarioNotApplicable } from '../../src/operator/operator';
import type { EvcWorld } from './world';

BeforeAll(async function () {
  await startRunOperator(loadRigConfig());
});

Before({ name: 'Tell the operator the scenario' }, function (this: EvcWorld, { pickle }) {
  currentOperator()?.enterScenario(pickle.name, this.trace);
});

BeforeStep(function ({ pickleStep }) {
  currentOperator()?.enterStep(pickleStep.text);
});

AfterAll(async function () {
  await closeRunOperator();
});

/**
 * The operator answered 'not applicable': the scenario ends skipped with the reason, as the PICS and id-tag
 * checks mark it (the `not-applicable.txt` attachment the summary reads). Called by the definition wrapper
 * (steps/support/variables.ts) around every step and hook.
 */
export function skipWhenNotApplicable(world: EvcWorld, run: () => unknown): unknown {
  const skip = (e: unknown): string => {
    if (!(e instanceof ScenarioNotApplicable)) throw e;
    world.trace.note('harness', `not applicable: ${e.reason}`);
    world.attach(`skipped: not applicable — ${e.reason}`, { mediaType: 'text/plain', fileName: 'not-applicable.txt' });
    return 'skipped';
  };
  try {
    const r = run();
    return r instanceof Promise ? r.catch(skip) : r;
  } catch (e) {
    return skip(e);
  }
}

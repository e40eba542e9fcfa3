/** The checks of a rig's `operator` section the schema cannot make (one ConfigError per problem, naming file and field). */
import { ConfigError } from '../core/errors';
import { stepBackstopMs } from '../core/limits';
import type { RigConfig } from '../rig/types';

export function checkOperatorConfig(cfg: RigConfig, shown: string): ConfigError[] {
  if (!cfg.operator) return [];
  // reference rigs perform every action themselves, in parallel workers that would each open the console's port
  if (cfg.kind === 'reference') return [new ConfigError(shown, 'operator', 'a reference rig performs every action itself: an operator is for rigs that reach real equipment')];
  const t = cfg.operator.timeoutMs;
  if (t === undefined) return [];
  const backstop = stepBackstopMs({ timeScale: cfg.timeScale ?? 1, timeouts: cfg.timeouts as Record<string, Record<string, number>> | undefined });
  // a step may ask once and then wait for the SUT: the answer must fit well inside the step's backstop
  if (t * 2 > backstop) return [new ConfigError(shown, 'operator.timeoutMs', `${t} ms is more than half the step backstop of ${backstop} ms on this rig: lower it or raise timeouts.steps.backstop`)];
  return [];
}

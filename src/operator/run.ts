/**
 * The run's operator, one per cucumber process, built from the rig's `operator` section: the terminal when
 * the run has one (and `operator.terminal` is not false), the web console when `operator.console` is given.
 * Started by steps/support/operator.ts before the first scenario (the console URL is printed then), used by the
 * rig for every station / CSMS it addresses (src/rig/rig.ts), closed after the last scenario.
 */
import path from 'node:path';
import { ConfigError } from '../core/errors';
import { REPORTS_DIR } from '../core/load';
import type { RigConfig } from '../rig/types';
import { ConsoleFrontEnd } from './console-server';
import { Operator } from './operator';
import { TerminalFrontEnd, runHasTerminal } from './terminal';

/** An operator gets 5 minutes per action unless the rig says otherwise. */
export const DEFAULT_OPERATOR_TIMEOUT_MS = 300_000;
export const ANSWERS_FILE = 'operator-answers.ndjson';

let current: Operator | undefined;
let consoleUrl: string | undefined;

/** The run's operator, when the rig declares one and it has been started. */
export function currentOperator(): Operator | undefined {
  return current;
}

export function operatorConsoleUrl(): string | undefined {
  return consoleUrl;
}

/** What `evc test` tells the cucumber process about the run (progress, whether a person sits at a terminal). */
export function operatorRunEnv(total: number, doneBefore: number): Record<string, string> {
  return { EVC_RUN_TOTAL: String(total), EVC_RUN_DONE: String(doneBefore), EVC_OPERATOR_TTY: process.stdin.isTTY && process.stdout.isTTY ? '1' : '0' };
}

/**
 * Starts the rig's operator once per process (later calls return it). Undefined when the rig has no
 * `operator` section. `log` gets the console's URL and which front ends are up.
 */
export async function startRunOperator(rig: RigConfig, log: (line: string) => void = (l) => console.error(l), env: NodeJS.ProcessEnv = process.env): Promise<Operator | undefined> {
  if (current || !rig.operator) return current;
  const o = rig.operator;
  const num = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : 0);
  const op = new Operator({
    rig: rig.name,
    timeoutMs: o.timeoutMs ?? DEFAULT_OPERATOR_TIMEOUT_MS,
    answersFile: path.join(REPORTS_DIR, ANSWERS_FILE),
    progress: { n: num(env.EVC_RUN_DONE), total: num(env.EVC_RUN_TOTAL) },
  });
  if (o.terminal !== false && runHasTerminal(env)) {
    const t = new TerminalFrontEnd();
    try {
      t.start();
      op.addFrontEnd(t);
    } catch (e) {
      log(`evc: operator terminal not available (${(e as Error).message})`);
    }
  }
  if (o.console) {
    const c = new ConsoleFrontEnd(op, o.console.port ?? 0);
    try {
      consoleUrl = await c.start();
    } catch (e) {
      await op.stop();
      throw new ConfigError(rig.source ?? 'rig', 'operator.console.port', `the operator console cannot listen on 127.0.0.1:${o.console.port ?? 0}: ${(e as Error).message}`);
    }
    op.addFrontEnd(c);
    log(`evc: operator console ${consoleUrl}`);
  }
  log(op.available ? `evc: operator actions are asked in the ${op.frontEndNames.join(' and the ')} (each within ${Math.round(op.o.timeoutMs / 1000)} s)` : `evc: no operator terminal or console in this run: steps needing an operator fail at once naming the action`);
  current = op;
  return op;
}

/** Closes the console's port and the terminal (AfterAll). */
export async function closeRunOperator(): Promise<void> {
  const op = current;
  current = undefined;
  consoleUrl = undefined;
  await op?.stop();
}

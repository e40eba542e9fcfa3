/**
 * The operator's terminal: the instruction, scenario, step and expected outcome are printed, and a line
 * `d` / `f` / `n` answers done / failed / not applicable. Only a run with a terminal has one: `evc test`
 * spawns cucumber without stdin, so the parent says whether its own stdin and stdout are a TTY
 * (EVC_OPERATOR_TTY=1) and the worker then talks to the controlling terminal (/dev/tty).
 */
import fs from 'node:fs';
import readline from 'node:readline';
import tty from 'node:tty';
import type { FrontEnd, OperatorAnswerKind, PendingQuestion } from './operator';

/** True when the run has a terminal an operator sits at. */
export function runHasTerminal(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.EVC_OPERATOR_TTY === '1' || env.EVC_OPERATOR_TTY === '0') return env.EVC_OPERATOR_TTY === '1';
  return Boolean(process.stdin.isTTY && process.stdout.isTTY);
}

const KEYS: Record<string, OperatorAnswerKind> = { d: 'done', done: 'done', f: 'failed', failed: 'failed', n: 'not-applicable', na: 'not-applicable', 'not applicable': 'not-applicable' };

export class TerminalFrontEnd implements FrontEnd {
  readonly name = 'terminal';
  private input?: tty.ReadStream;
  private output?: NodeJS.WritableStream;
  private rl?: readline.Interface;
  private current?: { q: PendingQuestion; answer: (kind: OperatorAnswerKind) => void };

  /** Opens /dev/tty (the run's stdin is not the terminal); throws when the process has no controlling terminal. */
  start(): void {
    this.input = new tty.ReadStream(fs.openSync('/dev/tty', 'r'));
    this.output = new tty.WriteStream(fs.openSync('/dev/tty', 'w'));
    this.rl = readline.createInterface({ input: this.input, output: this.output, terminal: false });
    this.rl.on('line', (line) => this.onLine(line));
    this.input.unref(); // an idle terminal never keeps the run alive
  }

  private write(text: string): void {
    this.output?.write(text);
  }

  private onLine(line: string): void {
    const c = this.current;
    if (!c) return;
    const kind = KEYS[line.trim().toLowerCase()];
    if (!kind) {
      this.write(`  answer d (done), f (failed) or n (not applicable): `);
      return;
    }
    c.answer(kind);
  }

  open(q: PendingQuestion, answer: (kind: OperatorAnswerKind) => void): void {
    this.current = { q, answer };
    this.input?.ref();
    const left = Math.max(0, Math.round((q.deadline - Date.now()) / 1000));
    this.write(
      [
        '',
        `── operator: ${q.action}${q.connectorId !== undefined ? ` (connector ${q.connectorId})` : ''} ──`,
        `  scenario: ${q.scenario}`,
        `  step:     ${q.step}`,
        `  DO:       ${q.instruction}`,
        `  expected: ${q.expected}`,
        `  answer d (done), f (failed) or n (not applicable) within ${left} s: `,
      ].join('\n'),
    );
  }

  close(q: PendingQuestion, outcome: { answer: string; by: string }): void {
    if (this.current?.q.id !== q.id) return;
    this.current = undefined;
    this.input?.unref();
    this.write(outcome.by === this.name ? `  → ${outcome.answer}\n` : outcome.by === '-' ? `\n  → no answer in time: the step fails\n` : `\n  → closed: answered '${outcome.answer}' in the ${outcome.by}\n`);
  }

  async stop(): Promise<void> {
    this.rl?.close();
    this.input?.destroy();
    (this.output as tty.WriteStream | undefined)?.destroy();
    this.current = undefined;
  }
}

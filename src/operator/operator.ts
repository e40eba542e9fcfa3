/**
 * The operator driver: an action the rig cannot automate is asked of a person through the front ends the run
 * has (the terminal when the run has one, the web operator console when the rig declares one). The first front
 * end to answer wins and the others are told the question is closed; no answer within the rig's
 * `operator.timeoutMs` fails the step naming the action. Every question and answer is a note in the scenario's
 * trace (monotonic + wall-clock time stamps) and a line of reports/operator-answers.ndjson, which the
 * certification summary lists. Without any front end (CI) nothing is asked: the caller's NotAutomatableError
 * stands, at once.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { EvcError } from '../core/errors';
import type { Frame, Trace } from '../core/trace';

export type OperatorAnswerKind = 'done' | 'failed' | 'not-applicable';

/** What the operator is asked to do. `params` become data attributes of the console's instruction element. */
export interface OperatorQuestion {
  /** Kebab-case name of the action (`plug-in`, `present-id-tag`, `csms-intent` …): names it in every message. */
  action: string;
  /** What to do, in words. */
  instruction: string;
  /** What should follow (how the operator can tell it worked). */
  expected: string;
  /** Default: the scenario and step the run is in (published by steps/support/operator.ts). */
  scenario?: string;
  step?: string;
  connectorId?: number;
  params?: Record<string, string | number | boolean | undefined>;
}

export interface PendingQuestion extends OperatorQuestion {
  id: string;
  scenario: string;
  step: string;
  askedAt: string;
  /** When the answer is due (wall clock, ms since the epoch). */
  deadline: number;
}

/** One answer as recorded (reports/operator-answers.ndjson; the summary reads scenario/step/instruction/answer/at). */
export interface RecordedAnswer {
  id: string;
  scenario: string;
  step: string;
  action: string;
  instruction: string;
  answer: 'done' | 'failed' | 'not applicable' | 'timeout';
  /** Which front end answered (terminal, console), or `-` on a timeout. */
  by: string;
  askedAt: string;
  at: string;
  /** Microseconds on the scenario trace's monotonic clock (its frames' `tUs`). */
  askedUs?: number;
  answeredUs?: number;
  waitedMs: number;
}

/** A way to reach the operator. `open` shows a question; the front end calls `answer` when the operator answers. */
export interface FrontEnd {
  readonly name: string;
  open(q: PendingQuestion, answer: (kind: OperatorAnswerKind) => void): void;
  /** The question is closed (answered here or elsewhere, or timed out). */
  close(q: PendingQuestion, outcome: { answer: RecordedAnswer['answer']; by: string }): void;
  stop(): Promise<void>;
}

/** The operator answered 'failed', or did not answer in time: the step fails naming the action. */
export class OperatorActionError extends EvcError {}

/** The operator answered 'not applicable': the scenario ends not applicable (steps/support/variables.ts skips it). */
export class ScenarioNotApplicable extends EvcError {
  constructor(readonly reason: string) {
    super(`not applicable: ${reason}`);
  }
}

export interface RunContext {
  scenario: string;
  step: string;
  /** Scenarios started in this run so far (this one included) and how many the run selected (0: unknown). */
  progress: { n: number; total: number };
  rig: string;
}

export interface OperatorOptions {
  rig: string;
  timeoutMs: number;
  /** reports/operator-answers.ndjson; undefined: answers are kept only in the traces. */
  answersFile?: string;
  /** Scenarios of the run finished before this process (a resumed run) and the run's total. */
  progress?: { n: number; total: number };
}

/** The answer words as the summary shows them. */
const ANSWER_WORD: Record<OperatorAnswerKind, RecordedAnswer['answer']> = { done: 'done', failed: 'failed', 'not-applicable': 'not applicable' };

/**
 * Emits `context` (RunContext) when the scenario or step changes, `question` / `closed` (PendingQuestion,
 * outcome) and `frame` (Frame of the current scenario's trace) for the console.
 */
export class Operator extends EventEmitter {
  private readonly frontEnds: FrontEnd[] = [];
  private trace?: Trace;
  private unsubscribe?: () => void;
  private seq = 0;
  readonly context: RunContext;
  private pending_?: PendingQuestion;
  readonly answers: RecordedAnswer[] = [];

  constructor(readonly o: OperatorOptions) {
    super();
    this.context = { scenario: '', step: '', progress: { n: o.progress?.n ?? 0, total: o.progress?.total ?? 0 }, rig: o.rig };
  }

  addFrontEnd(f: FrontEnd): void {
    this.frontEnds.push(f);
  }

  /** True when someone can be asked (a terminal or a console); false in CI. */
  get available(): boolean {
    return this.frontEnds.length > 0;
  }

  get frontEndNames(): string[] {
    return this.frontEnds.map((f) => f.name);
  }

  get pending(): PendingQuestion | undefined {
    return this.pending_;
  }

  /** A scenario starts: its name and trace (whose frames the console shows live). */
  enterScenario(name: string, trace: Trace): void {
    this.unsubscribe?.();
    this.trace = trace;
    this.unsubscribe = trace.subscribe((f: Frame) => this.emit('frame', f));
    this.context.scenario = name;
    this.context.step = '';
    this.context.progress.n++;
    this.emit('context', this.context);
  }

  enterStep(text: string): void {
    this.context.step = text;
    this.emit('context', this.context);
  }

  /** Asks the operator; resolves with the answer, or rejects with OperatorActionError when none comes in time. */
  async ask(question: OperatorQuestion): Promise<OperatorAnswerKind> {
    if (!this.available) throw new EvcError(`operator: nobody to ask for '${question.action}' (no terminal, no console)`);
    if (this.pending_) throw new EvcError(`operator: '${question.action}' asked while '${this.pending_.action}' is still open (one question at a time)`);
    const asked = Date.now();
    const q: PendingQuestion = {
      ...question,
      id: `q${++this.seq}`,
      scenario: question.scenario ?? this.context.scenario,
      step: question.step ?? this.context.step,
      askedAt: new Date(asked).toISOString(),
      deadline: asked + this.o.timeoutMs,
    };
    const askedUs = this.trace?.note('operator', `asked '${q.action}': ${q.instruction} — expected: ${q.expected} (answer within ${Math.round(this.o.timeoutMs / 1000)} s)`).tUs;
    this.pending_ = q;
    return new Promise<OperatorAnswerKind>((resolve, reject) => {
      let settled = false;
      const finish = (kind: OperatorAnswerKind | 'timeout', by: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.pending_ = undefined;
        const answer = kind === 'timeout' ? 'timeout' : ANSWER_WORD[kind];
        const note = this.trace?.note('operator', `answer to '${q.action}': ${answer} (${by === '-' ? 'no answer' : `by the ${by}`}, after ${Date.now() - asked} ms)`);
        this.record({ id: q.id, scenario: q.scenario, step: q.step, action: q.action, instruction: q.instruction, answer, by, askedAt: q.askedAt, at: new Date().toISOString(), askedUs, answeredUs: note?.tUs, waitedMs: Date.now() - asked });
        for (const f of this.frontEnds) f.close(q, { answer, by });
        this.emit('closed', q, { answer, by });
        if (kind === 'timeout') reject(new OperatorActionError(`operator: no answer for '${q.action}' within ${this.o.timeoutMs} ms (operator.timeoutMs of rig '${this.o.rig}'): ${q.instruction}`));
        else resolve(kind);
      };
      const timer = setTimeout(() => finish('timeout', '-'), this.o.timeoutMs);
      this.emit('question', q);
      for (const f of this.frontEnds) f.open(q, (kind) => finish(kind, f.name));
    });
  }

  /** Asks, and turns the answer into the step's outcome: done resolves, failed fails naming the action, n/a skips the scenario. */
  async perform(question: OperatorQuestion): Promise<void> {
    const answer = await this.ask(question);
    if (answer === 'done') return;
    if (answer === 'failed') throw new OperatorActionError(`operator answered 'failed' to '${question.action}': ${question.instruction}`);
    throw new ScenarioNotApplicable(`the operator answered 'not applicable' to '${question.action}' (${question.instruction})`);
  }

  private record(a: RecordedAnswer): void {
    this.answers.push(a);
    if (!this.o.answersFile) return;
    try {
      fs.mkdirSync(path.dirname(this.o.answersFile), { recursive: true });
      fs.appendFileSync(this.o.answersFile, `${JSON.stringify(a)}\n`);
    } catch (e) {
      this.trace?.note('operator', `could not record the answer in ${this.o.answersFile}: ${(e as Error).message}`);
    }
  }

  /** Closes every front end (the console's port, the terminal's streams). */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    await Promise.all(this.frontEnds.splice(0).map((f) => f.stop().catch(() => undefined)));
    this.removeAllListeners();
  }
}

import { type Frame, formatFrame } from './trace';

/** Base of every error the harness raises on purpose. */
export class EvcError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Bad user input: rig config, fixture, PICS, step text. The message is one line naming the file and field,
 * e.g. `rigs/bad.json: ocpp.securityProfile: must be <= 3`.
 */
export class ConfigError extends EvcError {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${problem}`.replace(/\s*\n\s*/g, ' '));
    this.lines = [this.message];
    // Bad input is the user's to fix, not a harness bug: report it as one line, without a stack.
    this.stack = `${this.name}: ${this.message}`;
  }

  /** One line per problem, `file: field: problem` (several when one error reports every problem of a file). */
  lines: readonly string[];

  /**
   * One error for several problems (every problem of a file, or of every input a run needs): its message has
   * one line per problem; file, field and problem are those of the first. A single problem is returned as is.
   */
  static all(problems: readonly ConfigError[]): ConfigError {
    if (problems.length === 1) return problems[0];
    if (problems.length === 0) throw new Error('ConfigError.all needs at least one problem');
    const first = problems[0];
    const err = new ConfigError(first.file, first.field, first.problem);
    err.lines = [...new Set(problems.flatMap((p) => p.lines))];
    err.message = err.lines.join('\n');
    err.stack = `${err.name}: ${err.message}`;
    return err;
  }
}

/**
 * A collector for checks that throw ConfigError: `check(fn)` runs one and keeps its problem (other errors pass
 * through), so a file's checks all run and every problem is reported, not only the first.
 */
export function configErrorCollector(problems: ConfigError[]): (fn: () => void) => void {
  return (fn) => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(e);
    }
  };
}

/** A ConfigError as printed by the CLI: every line with the prefix (`evc: file: field: problem`). */
export function configErrorLines(e: ConfigError, prefix = 'evc: '): string {
  return e.lines.map((l) => `${prefix}${l}`).join('\n');
}

/**
 * The SUT did not behave as the standard requires. Carries an optional diff and the most recent frames so
 * the failure can be read without opening the trace.
 */
export class VerdictError extends EvcError {
  constructor(
    readonly headline: string,
    readonly diff?: string,
    readonly frames: readonly Frame[] = [],
    /** The conformance/compatibility split: `compatibility` failures are about what real peers tolerate. */
    readonly kind: 'conformance' | 'compatibility' = 'conformance',
  ) {
    super(composeVerdict(headline, diff, frames));
  }
}

/** A bounded wait ran out. A silent or slow SUT ends here, never in a hang. */
export class WaitTimeoutError extends VerdictError {}

/** A protocol codec rejected bytes (malformed frame from the SUT, or bad input to a CLI decoder). */
export class CodecError extends EvcError {}

export function composeVerdict(headline: string, diff: string | undefined, frames: readonly Frame[]): string {
  const parts = [headline];
  if (diff) parts.push('', 'Diff (- expected, + actual):', indent(diff));
  if (frames.length > 0) parts.push('', `Recent frames (last ${frames.length}):`, indent(frames.map(formatFrame).join('\n')));
  return parts.join('\n');
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}

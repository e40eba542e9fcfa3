/**
 * Partial matching of decoded payloads, with a readable diff of every mismatch.
 *
 * Rules: an expected object matches when each of its keys matches (extra keys in the actual value are
 * fine); an expected array matches an actual array of the same length element by element (use
 * `m.containing` for "includes these"); primitives compare strictly; a Matcher decides for itself.
 */

export abstract class Matcher {
  abstract test(actual: unknown, present: boolean): boolean;
  abstract describe(): string;
  toJSON(): string {
    return this.describe();
  }
}

class FnMatcher extends Matcher {
  constructor(
    private readonly label: string,
    private readonly fn: (actual: unknown, present: boolean) => boolean,
  ) {
    super();
  }
  test(actual: unknown, present: boolean): boolean {
    return this.fn(actual, present);
  }
  describe(): string {
    return this.label;
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export const m = {
  any: () => new FnMatcher('<any>', () => true),
  present: () => new FnMatcher('<present>', (_a, present) => present),
  absent: () => new FnMatcher('<absent>', (_a, present) => !present),
  regex: (re: RegExp) => new FnMatcher(`/${re.source}/${re.flags}`, (a) => typeof a === 'string' && re.test(a)),
  oneOf: (values: unknown[]) =>
    new FnMatcher(`<one of ${JSON.stringify(values)}>`, (a) => values.some((v) => diffValues(v, a).length === 0)),
  dateTime: () => new FnMatcher('<RFC 3339 date-time>', (a) => typeof a === 'string' && RFC3339.test(a) && !Number.isNaN(Date.parse(a))),
  /** A date-time within `toleranceMs` of `reference` (OCTT allows ±4 s on time values). */
  timeNear: (reference: Date, toleranceMs: number) =>
    new FnMatcher(`<date-time within ${toleranceMs} ms of ${reference.toISOString()}>`, (a) => {
      if (typeof a !== 'string' || !RFC3339.test(a)) return false;
      return Math.abs(Date.parse(a) - reference.getTime()) <= toleranceMs;
    }),
  integer: () => new FnMatcher('<integer>', (a) => typeof a === 'number' && Number.isInteger(a)),
  number: () => new FnMatcher('<number>', (a) => typeof a === 'number' && Number.isFinite(a)),
  string: () => new FnMatcher('<string>', (a) => typeof a === 'string'),
  gte: (n: number) => new FnMatcher(`<≥ ${n}>`, (a) => typeof a === 'number' && a >= n),
  lte: (n: number) => new FnMatcher(`<≤ ${n}>`, (a) => typeof a === 'number' && a <= n),
  between: (lo: number, hi: number) => new FnMatcher(`<${lo}..${hi}>`, (a) => typeof a === 'number' && a >= lo && a <= hi),
  containing: (items: unknown[]) =>
    new FnMatcher(`<array containing ${JSON.stringify(items)}>`, (a) =>
      Array.isArray(a) && items.every((want) => a.some((got) => diffValues(want, got).length === 0)),
    ),
  not: (inner: Matcher) => new FnMatcher(`<not ${inner.describe()}>`, (a, p) => !inner.test(a, p)),
  satisfies: (label: string, fn: (a: unknown) => boolean) => new FnMatcher(`<${label}>`, (a) => fn(a)),
};

export interface Mismatch {
  path: string;
  expected: string;
  actual: string;
}

function show(v: unknown): string {
  if (v instanceof Matcher) return v.describe();
  if (v === undefined) return '<absent>';
  return JSON.stringify(v);
}

/** Every place where `actual` does not match the partial `expected`. Empty means a match. */
export function diffValues(expected: unknown, actual: unknown, path = '$', present = true): Mismatch[] {
  if (expected instanceof Matcher) {
    return expected.test(actual, present) ? [] : [{ path, expected: expected.describe(), actual: present ? show(actual) : '<absent>' }];
  }
  if (!present) return [{ path, expected: show(expected), actual: '<absent>' }];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected: show(expected), actual: show(actual) }];
    if (expected.length !== actual.length) {
      return [{ path: `${path}.length`, expected: String(expected.length), actual: `${actual.length} ${show(actual)}` }];
    }
    return expected.flatMap((e, i) => diffValues(e, actual[i], `${path}[${i}]`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [{ path, expected: show(expected), actual: show(actual) }];
    }
    const out: Mismatch[] = [];
    for (const [k, e] of Object.entries(expected)) {
      const has = Object.prototype.hasOwnProperty.call(actual, k);
      out.push(...diffValues(e, (actual as Record<string, unknown>)[k], `${path}.${k}`, has));
    }
    return out;
  }
  return Object.is(expected, actual) ? [] : [{ path, expected: show(expected), actual: show(actual) }];
}

export function formatMismatches(mismatches: Mismatch[]): string {
  return mismatches.map((x) => `- ${x.path}: ${x.expected}\n+ ${x.path}: ${x.actual}`).join('\n');
}

export function describeExpected(expected: unknown): string {
  return JSON.stringify(expected, (_k, v) => (v instanceof Matcher ? v.describe() : v));
}

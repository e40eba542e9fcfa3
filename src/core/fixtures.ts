/**
 * Fixtures: data files under fixtures/ (id tags, charging profiles, PICS, ECU definitions, frames). A missing
 * or malformed fixture is a ConfigError naming the file (and the field, when a schema applies). The steps
 * that name a fixture are listed in FIXTURE_STEPS, so the pre-flight finds every fixture the selected
 * scenarios name before anything runs.
 */
import path from 'node:path';
import { ConfigError } from './errors';
import { PROJECT_ROOT, displayPath, readDataFile, validateData } from './load';

export const FIXTURES_DIR = path.join(PROJECT_ROOT, 'fixtures');

export function fixturePath(name: string): string {
  const p = path.resolve(FIXTURES_DIR, name);
  if (!p.startsWith(FIXTURES_DIR + path.sep)) throw new ConfigError(name, '', 'fixture paths must stay inside fixtures/');
  return p;
}

/** A fixture a step names: its path under fixtures/ and, when the step sends it as an OCPP action, that action. */
export interface FixtureReference {
  name: string;
  /** `the <party> sends <action> from fixture "<name>"`. */
  party?: string;
  action?: string;
}

/**
 * Step texts that name a fixture (the pre-flight reads them; the step definitions say the same in cucumber
 * expressions: `{string}` is "…" or '…').
 */
export const FIXTURE_STEPS: readonly { pattern: RegExp; ref: (m: RegExpExecArray) => FixtureReference }[] = [
  {
    pattern: /^the (\S+) sends ([A-Z][A-Za-z0-9]+) from fixture (?:"([^"]*)"|'([^']*)')$/,
    ref: (m) => ({ party: m[1], action: m[2], name: m[3] ?? m[4] }),
  },
];

/** The fixtures one step names (none for most steps). */
export function fixturesNamedBy(stepText: string): FixtureReference[] {
  const out: FixtureReference[] = [];
  for (const s of FIXTURE_STEPS) {
    const m = s.pattern.exec(stepText.trim());
    if (m) out.push(s.ref(m));
  }
  return out;
}

/** Loads fixtures/<name> (JSON or YAML), optionally validated against schemas/<schema>. */
export function loadFixture<T = unknown>(name: string, schema?: string): T {
  const file = fixturePath(name);
  const data = readDataFile(file);
  return schema ? validateData<T>(data, schema, displayPath(file)) : (data as T);
}

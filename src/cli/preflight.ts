/**
 * Pre-flight checks before a run. checkInputs: the rig, its PICS and every fixture the selected scenarios
 * name (all problems at once, one line each with file and field). checkSteps: every step of the selected
 * scenarios has exactly one definition; an undefined or ambiguous step is reported as one line per step,
 * `file:line: undefined step "…"`. Either way the run does not start. checkSteps uses cucumber's own API in
 * dry-run mode, so matching is exactly cucumber's; a clean answer for the whole catalogue is remembered per
 * content fingerprint (step-check-cache.ts), so later runs of the same files skip the dry run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator, type Envelope } from '@cucumber/messages';
import { ConfigError, configErrorLines } from '../core/errors';
import { listScenarios, matchesTags } from '../core/features';
import { fixturePath, fixturesNamedBy, type FixtureReference } from '../core/fixtures';
import { PROJECT_ROOT, displayPath, dottedField, readDataFile } from '../core/load';
import { validatePayload } from '../ocpp/schemas';
import type { OcppVersion } from '../ocpp/version';
import { loadRigConfig, rigPathFromEnv } from '../rig/config';
import { faultCatalogues, faultsFor } from '../rig/faults';
import { registerReferenceCatalogues } from '../rig/reference';
import { loadRigPics, unknownPicsFeatures } from '../rig/pics';
import type { RigConfig } from '../rig/types';
import { loadEcuFixture } from '../uds/fixture';
import { scenariosAt } from './can-selection';
import { cacheEnabled, coveredByCache, knownGood, rememberGood, stepCheckFingerprint } from './step-check-cache';
// test.ts imports this module too (its pre-flight); both only call each other inside functions
import { featurePaths, userTagExpression } from './test';

export interface StepProblem {
  where: string;
  text: string;
  kind: 'undefined' | 'ambiguous';
}

export async function checkSteps(tags: string | undefined, paths: string[] = [], profile = 'default'): Promise<StepProblem[]> {
  // the whole catalogue checked clean before with these very files: so is any selection of it (step-check-cache.ts)
  if (!cacheEnabled() || !coveredByCache(paths)) return dryRunSteps(tags, paths, profile);
  const fingerprint = `${stepCheckFingerprint()}-${profile}`;
  if (knownGood(fingerprint)) return [];
  if ((await dryRunSteps(undefined, [], profile)).length === 0) {
    rememberGood(fingerprint);
    return [];
  }
  return dryRunSteps(tags, paths, profile);
}

async function dryRunSteps(tags: string | undefined, paths: string[], profile: string): Promise<StepProblem[]> {
  // loaded here, not at the top: a run whose answer is remembered never loads cucumber's API or the step files
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadConfiguration, runCucumber } = require('@cucumber/cucumber/api') as typeof import('@cucumber/cucumber/api');
  const { runConfiguration } = await loadConfiguration(
    { profiles: [profile], provided: { dryRun: true, format: [], parallel: 0, ...(tags ? { tags } : {}), ...(paths.length ? { paths } : {}) } },
    { cwd: PROJECT_ROOT },
  );
  // the dry run writes no report files: the profile's junit/allure outputs belong to the real run (on --resume
  // they would overwrite the cut part's JUnit and add a skipped Allure result per scenario)
  runConfiguration.formats = { ...runConfiguration.formats, files: {} };
  const pickleSteps = new Map<string, { text: string; uri: string; astNodeId: string }>();
  const stepLines = new Map<string, number>();
  const problems: StepProblem[] = [];
  const onMessage = (env: Envelope) => {
    if (env.gherkinDocument) {
      const walk = (children: readonly { scenario?: { steps: readonly { id: string; location: { line: number } }[] }; background?: { steps: readonly { id: string; location: { line: number } }[] }; rule?: { children: readonly unknown[] } }[]) => {
        for (const c of children) {
          for (const s of c.scenario?.steps ?? []) stepLines.set(s.id, s.location.line);
          for (const s of c.background?.steps ?? []) stepLines.set(s.id, s.location.line);
          if (c.rule) walk(c.rule.children as never);
        }
      };
      walk((env.gherkinDocument.feature?.children ?? []) as never);
    }
    if (env.pickle) for (const s of env.pickle.steps) pickleSteps.set(s.id, { text: s.text, uri: env.pickle.uri, astNodeId: s.astNodeIds[0] });
    if (env.testCase) {
      for (const ts of env.testCase.testSteps) {
        if (!ts.pickleStepId || !ts.stepDefinitionIds) continue;
        if (ts.stepDefinitionIds.length === 1) continue;
        const ps = pickleSteps.get(ts.pickleStepId);
        if (!ps) continue;
        problems.push({ where: `${ps.uri}:${stepLines.get(ps.astNodeId) ?? '?'}`, text: ps.text, kind: ts.stepDefinitionIds.length === 0 ? 'undefined' : 'ambiguous' });
      }
    }
  };
  await runCucumber(runConfiguration, { cwd: PROJECT_ROOT, stdout: devNull(), stderr: process.stderr }, onMessage);
  return problems;
}

function devNull(): Writable {
  return new Writable({ write: (_c, _e, cb) => cb() });
}

/** What the pre-flight found wrong with a run's inputs (nothing has run yet). */
export interface InputCheck {
  /** The rig, when its file is valid. */
  rig?: RigConfig;
  /** One error per input (each may carry several lines: every problem of that input). */
  problems: ConfigError[];
  /** Not wrong, but probably not meant (a PICS feature no scenario asks for). */
  warnings: string[];
}

/**
 * Pre-flight of a run's inputs, before any scenario runs: the rig (every problem of the file), the fault
 * names, every PICS the rig names (missing ones reported against the rig's `pics` field), the rig's ECU
 * description (`uds.ecu`) and every fixture a selected scenario names (missing, outside fixtures/, unreadable, or not a valid payload of the action the
 * step sends it as). Everything found is returned, not only the first problem.
 */
export function checkInputs(opts: { tags?: string; paths?: string[]; rigFile?: string } = {}): InputCheck {
  const problems: ConfigError[] = [];
  const warnings: string[] = [];
  const collect = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      problems.push(e);
    }
  };
  let rig: RigConfig | undefined;
  collect(() => (rig = loadRigConfig(opts.rigFile ?? rigPathFromEnv())));
  const loaded = rig;
  if (loaded) {
    for (const c of faultCatalogues()) collect(() => faultsFor(c.id, loaded.faults ?? [], loaded.source));
    collect(() => {
      const pics = loadRigPics(loaded);
      if (!pics.some((p) => p.features)) return;
      const required = requiredFeatures(listScenarios());
      const files = loaded.pics === undefined ? [] : Array.isArray(loaded.pics) ? loaded.pics : [loaded.pics];
      pics.forEach((p, i) => warnings.push(...unknownPicsFeatures(p, files[i], required).map((w) => `warning: ${w.message}`)));
    });
  }
  const ecu = loaded?.uds?.ecu;
  if (loaded && ecu) {
    collect(() => {
      const file = path.resolve(PROJECT_ROOT, ecu);
      if (!fs.existsSync(file)) throw new ConfigError(loaded.source ?? 'rig', 'uds.ecu', `${ecu}: ECU description not found (paths are relative to the project root)`);
      loadEcuFixture(file);
    });
  }
  collect(() => problems.push(...fixtureProblems(selectedPickles(opts.paths ?? [], opts.tags))));
  // the same problem found twice (an unknown fault name is checked against every catalogue) is told once
  const unique = problems.filter((e, i) => problems.findIndex((x) => x.message === e.message) === i);
  return { rig, problems: unique, warnings };
}

/** `@requires:<feature>` names of the scenarios (not keys, actions, connector counts or security profiles). */
function requiredFeatures(scenarios: readonly { tags: readonly string[] }[]): Set<string> {
  const out = new Set<string>();
  for (const s of scenarios) {
    for (const t of s.tags) {
      const req = /^@requires:(.+)$/.exec(t)?.[1];
      if (req && !/^(key:|action:|connectors-\d+$|sp\d$)/.test(req)) out.add(req);
    }
  }
  return out;
}

interface SelectedPickle {
  uri: string;
  tags: string[];
  steps: { text: string; line: number }[];
}

/** The pickles of the selected scenarios (feature paths, else features/; then the tag expression), with step lines. */
function selectedPickles(paths: readonly string[], tags: string | undefined): SelectedPickle[] {
  // `file.feature:12` selects by line: its whole file is checked (a superset, never less)
  const files = (paths.length ? paths.map((p) => path.resolve(PROJECT_ROOT, p.replace(/(:\d+)+$/, ''))) : [path.join(PROJECT_ROOT, 'features')]).flatMap(featureFiles);
  const out: SelectedPickle[] = [];
  for (const file of [...new Set(files)].sort()) {
    const uri = path.relative(PROJECT_ROOT, file);
    const newId = IdGenerator.incrementing();
    let doc;
    try {
      doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError(uri, '', `Gherkin syntax error: ${(e as Error).message.split('\n')[0]}`);
    }
    const lines = new Map<string, number>();
    const walk = (children: readonly GherkinChild[]) => {
      for (const c of children) {
        for (const s of [...(c.scenario?.steps ?? []), ...(c.background?.steps ?? [])]) lines.set(s.id, s.location.line);
        if (c.rule) walk(c.rule.children);
      }
    };
    walk((doc.feature?.children ?? []) as readonly GherkinChild[]);
    for (const p of compile(doc, uri, newId)) {
      const t = p.tags.map((x) => x.name);
      if (matchesTags(t, tags)) out.push({ uri, tags: t, steps: p.steps.map((s) => ({ text: s.text, line: lines.get(s.astNodeIds[0]) ?? 0 })) });
    }
  }
  return out;
}

interface GherkinChild {
  scenario?: { steps: readonly { id: string; location: { line: number } }[] };
  background?: { steps: readonly { id: string; location: { line: number } }[] };
  rule?: { children: readonly GherkinChild[] };
}

function featureFiles(p: string): string[] {
  if (!fs.existsSync(p)) return [];
  if (fs.statSync(p).isFile()) return p.endsWith('.feature') ? [p] : [];
  return fs.readdirSync(p, { withFileTypes: true }).flatMap((e) => featureFiles(path.join(p, e.name)));
}

const VERSION_TAGS: Record<string, OcppVersion> = { '@ocpp16': '1.6', '@ocpp201': '2.0.1', '@ocpp21': '2.1' };

/**
 * Every fixture the pickles name, checked once per (fixture, action, version, role): a missing one is
 * reported at the step that names it (`features/x.feature:12: fixture "a/b.json": …`), a bad one against
 * itself with the field (`fixtures/a/b.json: csChargingProfiles.stackLevell: is not a known field of …`).
 */
function fixtureProblems(pickles: readonly SelectedPickle[]): ConfigError[] {
  const out: ConfigError[] = [];
  const seen = new Set<string>();
  for (const p of pickles) {
    const version = p.tags.map((t) => VERSION_TAGS[t]).find(Boolean);
    const sut = p.tags.find((t) => t.startsWith('@sut:'))?.slice(5);
    for (const step of p.steps) {
      for (const ref of fixturesNamedBy(step.text)) {
        const partial = ref.party !== undefined && ref.party.toLowerCase() === sut;
        const key = `${ref.name}|${ref.action ?? ''}|${version ?? ''}|${partial}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(...oneFixture(`${p.uri}:${step.line}`, ref, version, partial));
      }
    }
  }
  return out;
}

function oneFixture(where: string, ref: FixtureReference, version: OcppVersion | undefined, partial: boolean): ConfigError[] {
  const field = `fixture "${ref.name}"`;
  let file: string;
  try {
    file = fixturePath(ref.name);
  } catch {
    return [new ConfigError(where, field, 'fixture paths must stay inside fixtures/')];
  }
  if (!fs.existsSync(file)) return [new ConfigError(where, field, `no such file ${displayPath(file)}`)];
  let data: unknown;
  try {
    data = readDataFile(file);
  } catch (e) {
    if (e instanceof ConfigError) return [e];
    throw e;
  }
  if (!ref.action || !version) return [];
  const violations = validatePayload(version, ref.action, 'request', data) ?? [];
  const shown = displayPath(file);
  return violations
    .filter((v) => !(partial && v.code === 'OccurrenceConstraintViolation'))
    .map((v) => {
      const extra = /must NOT have additional properties \((.+)\)$/.exec(v.message)?.[1];
      const at = dottedField(v.path === '/' ? '' : v.path);
      if (extra !== undefined) return new ConfigError(shown, at ? `${at}.${extra}` : extra, `is not a known field of ${ref.action} (OCPP ${version})`);
      const missing = /must have required property '(.+)'$/.exec(v.message)?.[1];
      if (missing !== undefined) return new ConfigError(shown, at ? `${at}.${missing}` : missing, `is required by ${ref.action} (OCPP ${version})`);
      return new ConfigError(shown, at || '(root)', `${v.message} (${ref.action}, OCPP ${version})`);
    });
}

/**
 * `evc preflight [--tags EXPR] [feature paths]`: the pre-flight of `evc test` alone (rig from EVC_RIG, faults,
 * PICS, fixtures, step definitions of the selected scenarios); nothing runs. Exit 0 clean, 2 with the problems.
 */
export async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: evc preflight [--tags EXPR] [feature paths]   checks the inputs of `evc test` (EVC_RIG rig, faults, PICS, fixtures, steps) without running');
    return 0;
  }
  const tags = userTagExpression(argv);
  const paths = featurePaths(argv);
  registerReferenceCatalogues();
  const inputs = checkInputs({ tags, paths });
  for (const w of inputs.warnings) console.error(`evc: ${w}`);
  for (const e of inputs.problems) console.error(configErrorLines(e));
  const steps = await checkSteps(tags, paths);
  for (const p of steps) console.error(`evc: ${p.where}: ${p.kind} step "${p.text}"`);
  if (inputs.problems.length || !inputs.rig || steps.length) return 2;
  const n = (paths.length ? paths.flatMap(scenariosAt) : listScenarios()).filter((s) => matchesTags(s.tags, tags)).length;
  console.log(`pre-flight clean: rig '${inputs.rig.name}', ${n} scenario(s) selected`);
  return 0;
}

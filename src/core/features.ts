/**
 * Reads the feature files without running them: every scenario (pickle) with its tags, for the test
 * launcher (which scenarios need SocketCAN), coverage counts and the fault-detection matrix.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import parseTagExpression from '@cucumber/tag-expressions';
import { ConfigError } from './errors';
import { PROJECT_ROOT } from './load';

export interface ScenarioInfo {
  uri: string;
  name: string;
  line: number;
  tags: string[];
}

export interface ScenarioNode {
  id: string;
  location: { line: number };
  examples?: readonly { tableBody: readonly { id: string; location: { line: number } }[] }[];
}

/** Lines of a scenario and of each of its example rows, by AST node id. */
export function collectScenarioLines(s: ScenarioNode, lines: Map<string, number>): void {
  lines.set(s.id, s.location.line);
  for (const ex of s.examples ?? []) for (const row of ex.tableBody) lines.set(row.id, row.location.line);
}

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  if (fs.statSync(dir).isFile()) return dir.endsWith('.feature') ? [dir] : [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.endsWith('.feature') ? [p] : [];
  });
}

/** The scenarios (pickles) of one feature file, each with the line that tells it apart (an Outline's example row). */
export function picklesOf(file: string, uri: string): { pickle: ReturnType<typeof compile>[number]; line: number }[] {
  const newId = IdGenerator.incrementing();
  const parser = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher());
  let doc;
  try {
    doc = parser.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(uri, '', `Gherkin syntax error: ${(e as Error).message.split('\n')[0]}`);
  }
  const lines = new Map<string, number>();
  const collect = (children: readonly { scenario?: ScenarioNode; rule?: { children: readonly unknown[] } }[]) => {
    for (const c of children) {
      if (c.scenario) collectScenarioLines(c.scenario, lines);
      if (c.rule) collect(c.rule.children as never);
    }
  };
  collect((doc.feature?.children ?? []) as never);
  return compile(doc, uri, newId).map((pickle) => ({ pickle, line: lines.get(pickle.astNodeIds[pickle.astNodeIds.length - 1]) ?? 0 }));
}

// a feature file parsed once per process while it stays the same (size and mtime): a run lists the catalogue
// several times (pre-flight, selection, estimates), and parsing all of it costs a good part of a second
const parsed = new Map<string, { stamp: string; scenarios: readonly ScenarioInfo[] }>();

function scenariosOfFile(file: string): readonly ScenarioInfo[] {
  const st = fs.statSync(file);
  const stamp = `${st.size}:${st.mtimeMs}`;
  const uri = path.relative(PROJECT_ROOT, file);
  const hit = parsed.get(file);
  if (hit && hit.stamp === stamp) return hit.scenarios;
  const scenarios = picklesOf(file, uri).map(({ pickle, line }) => ({ uri, name: pickle.name, line, tags: pickle.tags.map((t) => t.name) }));
  parsed.set(file, { stamp, scenarios });
  return scenarios;
}

export function listScenarios(root = path.join(PROJECT_ROOT, 'features')): ScenarioInfo[] {
  const out: ScenarioInfo[] = [];
  // copies: callers may keep or change what they get
  for (const file of walk(root).sort()) for (const s of scenariosOfFile(file)) out.push({ ...s, tags: [...s.tags] });
  return out;
}

export function matchesTags(tags: string[], expression: string | undefined): boolean {
  if (!expression || !expression.trim()) return true;
  try {
    return parseTagExpression(expression).evaluate(tags);
  } catch (e) {
    throw new ConfigError('--tags', expression, (e as Error).message);
  }
}

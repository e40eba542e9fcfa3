/**
 * `evc coverage --pics FILE [--pics FILE…] [--tags EXPR] [--json]` — what a given SUT will run: for every
 * selected scenario of the protocol and side a PICS describes, whether it runs or is not applicable and why
 * (the same judgement `evc test` makes, src/rig/pics.ts notApplicableAny), with totals and the reasons
 * counted. Reads only the feature files and the PICS (no ../shared, no rig, nothing is run).
 */
import path from 'node:path';
import { ConfigError } from '../core/errors';
import { listScenarios, matchesTags, type ScenarioInfo } from '../core/features';
import { loadPics, notApplicableAny, type Pics } from '../rig/pics';

export interface PicsVerdict {
  scenario: ScenarioInfo;
  ids: string[];
  /** undefined = runs */
  notApplicable?: string;
}

export interface PicsCoverage {
  pics: { file: string; name: string; protocol: string; sut: string }[];
  verdicts: PicsVerdict[];
  /** Selected scenarios of a protocol and side no PICS given describes (not judged). */
  outside: number;
  runs: number;
  notApplicable: number;
  reasons: Record<string, number>;
}

/** The value of every `--pics FILE` / `--pics=FILE` argument. */
export function picsArgs(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--pics' && i + 1 < argv.length) out.push(argv[++i]);
    else if (argv[i].startsWith('--pics=')) out.push(argv[i].slice(7));
  }
  return out;
}

const describes = (p: Pics, tags: readonly string[]) => tags.includes(`@${p.protocol}`) && tags.includes(`@sut:${p.sut}`);

export function picsCoverage(files: readonly string[], tags: string | undefined, scenarios: readonly ScenarioInfo[] = listScenarios()): PicsCoverage {
  const pics = files.map((f) => ({ file: f, pics: loadPics(path.resolve(f)) }));
  const list = pics.map((p) => p.pics);
  const selected = scenarios.filter((s) => matchesTags(s.tags, tags));
  const judged = selected.filter((s) => list.some((p) => describes(p, s.tags)));
  const verdicts = judged.map((s) => ({ scenario: s, ids: s.tags.filter((t) => t.startsWith('@TC_')).map((t) => t.slice(1)), notApplicable: notApplicableAny(list, s.tags) }));
  const reasons: Record<string, number> = {};
  for (const v of verdicts) if (v.notApplicable) reasons[v.notApplicable] = (reasons[v.notApplicable] ?? 0) + 1;
  const na = verdicts.filter((v) => v.notApplicable).length;
  return {
    pics: pics.map((p) => ({ file: p.file, name: p.pics.name, protocol: p.pics.protocol, sut: p.pics.sut })),
    verdicts,
    outside: selected.length - judged.length,
    runs: verdicts.length - na,
    notApplicable: na,
    reasons,
  };
}

export function printPicsCoverage(c: PicsCoverage): void {
  for (const p of c.pics) console.log(`PICS '${p.name}' (${p.protocol} ${p.sut}) from ${p.file}`);
  for (const v of c.verdicts) {
    const id = (v.ids.join(' ') || '-').padEnd(14);
    const where = `${v.scenario.uri}:${v.scenario.line}`;
    console.log(v.notApplicable ? `  not applicable  ${id} ${where} ${v.scenario.name} — ${v.notApplicable}` : `  runs            ${id} ${where} ${v.scenario.name}`);
  }
  if (c.notApplicable) {
    console.log('not applicable, by reason:');
    for (const [why, n] of Object.entries(c.reasons).sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${why}`);
  }
  if (c.outside) console.log(`${c.outside} selected scenario(s) are of a protocol and side no PICS given describes (not listed)`);
  console.log(`coverage: ${c.runs} run, ${c.notApplicable} not applicable (of ${c.verdicts.length} scenarios for this SUT)`);
}

/** `evc coverage --pics …` (src/cli/coverage.ts), with the selection's tag expression. */
export function mainPics(argv: string[], tags: string | undefined): number {
  try {
    const c = picsCoverage(picsArgs(argv), tags);
    if (argv.includes('--json')) {
      const verdicts = c.verdicts.map((v) => ({ uri: v.scenario.uri, line: v.scenario.line, name: v.scenario.name, ids: v.ids, runs: !v.notApplicable, notApplicable: v.notApplicable }));
      console.log(JSON.stringify({ ...c, verdicts }, null, 2));
    } else printPicsCoverage(c);
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`evc: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

/**
 * `evc coverage` (npm run coverage) — catalogue coverage: for each catalogue in data/catalogues (OCTT 1.6,
 * OCPP 2.0.1 Part 6; provenance in data/PROVENANCE.md), how many IDs are real scenarios, per profile/block
 * and side, plus the IDs listed as not implemented (features/<protocol>/coverage-*.csv, `id,reason`). With `--pics FILE` (src/report/pics-coverage.ts):
 * what one SUT runs and what is not applicable to it. V2G (per standard, ISO 15118-4 IDs): coverage-v2g.ts;
 * CHAdeMO (the project's check sheets): coverage-chademo.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { listScenarios } from '../core/features';
import { PROJECT_ROOT } from '../core/load';
import { mainPics } from '../report/pics-coverage';
import { chademoCoverage, printChademoCoverage } from './coverage-chademo';
import { printV2gCoverage, v2gCoverage } from './coverage-v2g';
import { userTagExpression } from './test';

interface CatalogueRow {
  id: string;
  side: string;
  cells: Record<string, string>;
}

function readCsv(file: string): string[][] {
  const rows: string[][] = [];
  for (const line of fs.readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (!line.trim()) continue;
    const cells: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '"') {
        if (quoted && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = !quoted;
      } else if (c === ',' && !quoted) {
        cells.push(cur);
        cur = '';
      } else cur += c;
    }
    cells.push(cur);
    rows.push(cells);
  }
  return rows;
}

function catalogue(file: string): CatalogueRow[] {
  const [header, ...rows] = readCsv(file);
  const s = header.indexOf('sut');
  return rows.map((r) => ({ id: r[0], side: r[s], cells: Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])) }));
}

export async function main(argv: string[]): Promise<number> {
  // what one SUT runs and what is not applicable to it
  if (argv.some((a) => a === '--pics' || a.startsWith('--pics='))) return mainPics(argv, userTagExpression(argv));
  const catalogues = path.join(PROJECT_ROOT, 'data', 'catalogues');
  const sets = [
    { protocol: 'ocpp16', tag: '@ocpp16', file: path.join(catalogues, 'ocpp16-testcases.csv'), groups: [{ label: 'profile', column: 'profile_inferred' }] },
    {
      protocol: 'ocpp201',
      tag: '@ocpp201',
      file: path.join(catalogues, 'ocpp201-testcases.csv'),
      groups: [
        { label: 'block', column: 'block' },
        { label: 'certification profile', column: 'part5_profiles_parsed' },
      ],
    },
  ];
  const scenarios = listScenarios();
  const json = argv.includes('--json');
  const out: Record<string, unknown> = {};
  for (const set of sets) {
    if (!fs.existsSync(set.file)) {
      console.error(`evc: catalogue not found: ${path.relative(PROJECT_ROOT, set.file)} (part of the project: see data/PROVENANCE.md)`);
      return 1;
    }
    const rows = catalogue(set.file);
    const implemented = new Set(scenarios.filter((s) => s.tags.includes(set.tag)).flatMap((s) => s.tags.filter((t) => t.startsWith('@TC_')).map((t) => t.slice(1))));
    const listed = new Map<string, string>();
    const dir = path.join(PROJECT_ROOT, 'features', set.protocol);
    if (fs.existsSync(dir)) {
      for (const f of fs.readdirSync(dir).filter((x) => /^coverage.*\.csv$/.test(x))) {
        for (const [id, ...reason] of readCsv(path.join(dir, f)).slice(1)) listed.set(id, reason.join(','));
      }
    }
    const done = rows.filter((r) => implemented.has(r.id)).length;
    const listedCount = rows.filter((r) => !implemented.has(r.id) && listed.has(r.id)).length;
    const unknown = [...implemented].filter((id) => !rows.some((r) => r.id === id));
    const tables: Record<string, Record<string, { total: number; done: number; listed: number }>> = {};
    for (const g of set.groups) {
      const groups: Record<string, { total: number; done: number; listed: number }> = {};
      for (const r of rows) {
        const values = (r.cells[g.column] || '(none)').split(';').map((v) => v.trim() || '(none)');
        for (const v of values) {
          const key = `${v} | ${r.side}`;
          const e = (groups[key] ??= { total: 0, done: 0, listed: 0 });
          e.total++;
          if (implemented.has(r.id)) e.done++;
          else if (listed.has(r.id)) e.listed++;
        }
      }
      tables[g.label] = groups;
    }
    out[set.protocol] = { total: rows.length, implemented: done, listedWithReason: listedCount, tables, unknownIds: unknown };
    if (json) continue;
    console.log(`\n${set.protocol}: ${done}/${rows.length} catalogue IDs implemented as scenarios, ${listedCount} listed with a reason, ${rows.length - done - listedCount} neither`);
    for (const [label, groups] of Object.entries(tables)) {
      console.log(`  ${`${label} | side`.padEnd(58)} implemented  listed-with-reason  total`);
      for (const [k, g] of Object.entries(groups).sort()) console.log(`  ${k.padEnd(58)} ${String(g.done).padStart(11)}  ${String(g.listed).padStart(18)}  ${String(g.total).padStart(5)}`);
    }
    if (unknown.length) console.log(`  tags not in the catalogue: ${unknown.join(', ')}`);
  }
  // V2G: per standard, and the ISO 15118-4 / -5 ID list with a reason for every ID without a scenario
  out.v2g = v2gCoverage(scenarios, readCsv);
  // CHAdeMO: the project's check sheets (charger / EV under test) against the scenarios' case IDs
  const chademo = chademoCoverage(scenarios, readCsv);
  out.chademo = chademo;
  if (json) console.log(JSON.stringify(out, null, 2));
  else {
    printV2gCoverage(out.v2g as Record<string, unknown>);
    printChademoCoverage(chademo);
  }
  return 0;
}

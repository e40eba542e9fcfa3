/**
 * The CHAdeMO part of `evc coverage`: the project's own check sheets (data/chademo/check-sheet-charger.csv for
 * a charger under test, check-sheet-ev.csv for an EV under test; their sources are named per row and in
 * data/PROVENANCE.md) against the scenarios' case-ID tags — per phase, how many cases have a scenario, and any
 * case ID a scenario carries that no sheet lists.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/load';
import type { CsvReader } from './coverage-v2g';

interface Scenario {
  tags: string[];
}

const SHEETS = [
  { sut: 'charger', file: 'check-sheet-charger.csv', prefix: '@CHADEMO-C-' },
  { sut: 'ev', file: 'check-sheet-ev.csv', prefix: '@CHADEMO-E-' },
] as const;

export interface ChademoSheetCoverage {
  sut: string;
  cases: number;
  withScenario: number;
  scenarios: number;
  byPhase: Record<string, { cases: number; withScenario: number }>;
  missing: string[];
  unknownIds: string[];
}

export function chademoCoverage(scenarios: readonly Scenario[], readCsv: CsvReader): ChademoSheetCoverage[] {
  const out: ChademoSheetCoverage[] = [];
  for (const sheet of SHEETS) {
    const file = path.join(PROJECT_ROOT, 'data', 'chademo', sheet.file);
    if (!fs.existsSync(file)) continue;
    const [head, ...rows] = readCsv(file);
    const [idCol, phaseCol] = [head.indexOf('case_id'), head.indexOf('phase')];
    const mine = scenarios.filter((s) => s.tags.includes('@chademo') && s.tags.includes(`@sut:${sheet.sut}`));
    const tagged = new Set(mine.flatMap((s) => s.tags.filter((t) => t.startsWith(sheet.prefix)).map((t) => t.slice(1))));
    const byPhase: ChademoSheetCoverage['byPhase'] = {};
    const missing: string[] = [];
    for (const r of rows) {
      const p = (byPhase[r[phaseCol]] ??= { cases: 0, withScenario: 0 });
      p.cases++;
      if (tagged.has(r[idCol])) p.withScenario++;
      else missing.push(r[idCol]);
    }
    const listed = new Set(rows.map((r) => r[idCol]));
    out.push({ sut: sheet.sut, cases: rows.length, withScenario: rows.length - missing.length, scenarios: mine.length, byPhase, missing, unknownIds: [...tagged].filter((id) => !listed.has(id)).sort() });
  }
  return out;
}

export function printChademoCoverage(sheets: readonly ChademoSheetCoverage[]): void {
  for (const s of sheets) {
    console.log(`\nchademo (${s.sut} under test): ${s.withScenario}/${s.cases} check-sheet cases have scenarios (${s.scenarios} scenarios)`);
    console.log(`  ${'phase'.padEnd(30)} with-scenario  cases`);
    for (const [phase, p] of Object.entries(s.byPhase).sort()) console.log(`  ${phase.padEnd(30)} ${String(p.withScenario).padStart(13)}  ${String(p.cases).padStart(5)}`);
    if (s.missing.length) console.log(`  cases without a scenario: ${s.missing.join(', ')}`);
    if (s.unknownIds.length) console.log(`  case tags not in the sheet: ${s.unknownIds.join(', ')}`);
  }
}

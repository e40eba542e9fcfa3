/**
 * `evc coverage` (npm run coverage) — catalogue coverage: for each catalogue in shared/reference (OCTT 1.6,
 * OCPP 2.0.1 Part 6), how many IDs are real scenarios, per profile/block and side, plus the IDs listed as not
 * implemented (features/<protocol>/coverage-*.csv, `id,reason`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { listScenarios } from '../core/features';
import { PROJECT_ROOT } from '../core/load';

interface CatalogueRow {
  id: string;
  group: string;
  side: string;
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

function catalogue(file: string, groupColumn: string): CatalogueRow[] {
  const [header, ...rows] = readCsv(file);
  const g = header.indexOf(groupColumn);
  const s = header.indexOf('sut');
  return rows.map((r) => ({ id: r[0], group: r[g] || '(none)', side: r[s] }));
}

export async function main(argv: string[]): Promise<number> {
  const shared = process.env.EVC_SHARED_DIR ?? path.resolve(PROJECT_ROOT, '..', 'shared');
  const sets = [
    { protocol: 'ocpp16', tag: '@ocpp16', file: path.join(shared, 'reference', 'ocpp', 'ocpp16-testcases.csv'), group: 'profile_inferred' },
    { protocol: 'ocpp201', tag: '@ocpp201', file: path.join(shared, 'reference', 'ocpp', 'ocpp201-testcases.csv'), group: 'profile' },
  ];
  const scenarios = listScenarios();
  const json = argv.includes('--json');
  const out: Record<string, unknown> = {};
  for (const set of sets) {
    if (!fs.existsSync(set.file)) {
      console.error(`evc: catalogue not found: ${set.file} (set EVC_SHARED_DIR)`);
      continue;
    }
    const rows = catalogue(set.file, set.group);
    const implemented = new Set(scenarios.filter((s) => s.tags.includes(set.tag)).flatMap((s) => s.tags.filter((t) => t.startsWith('@TC_')).map((t) => t.slice(1))));
    const listed = new Map<string, string>();
    const dir = path.join(PROJECT_ROOT, 'features', set.protocol);
    if (fs.existsSync(dir)) {
      for (const f of fs.readdirSync(dir).filter((x) => /^coverage.*\.csv$/.test(x))) {
        for (const [id, ...reason] of readCsv(path.join(dir, f)).slice(1)) listed.set(id, reason.join(','));
      }
    }
    const groups = new Map<string, { total: number; done: number; listed: number }>();
    for (const r of rows) {
      const key = `${r.group} | ${r.side}`;
      const g = groups.get(key) ?? { total: 0, done: 0, listed: 0 };
      g.total++;
      if (implemented.has(r.id)) g.done++;
      else if (listed.has(r.id)) g.listed++;
      groups.set(key, g);
    }
    const done = rows.filter((r) => implemented.has(r.id)).length;
    const unknown = [...implemented].filter((id) => !rows.some((r) => r.id === id));
    out[set.protocol] = { total: rows.length, implemented: done, groups: Object.fromEntries(groups), unknownIds: unknown };
    if (json) continue;
    console.log(`\n${set.protocol}: ${done}/${rows.length} catalogue IDs implemented as scenarios (${rows.length - done - [...groups.values()].reduce((a, g) => a + g.listed, 0)} neither implemented nor listed)`);
    console.log(`  ${'profile/block | side'.padEnd(58)} implemented  listed-with-reason  total`);
    for (const [k, g] of [...groups.entries()].sort()) console.log(`  ${k.padEnd(58)} ${String(g.done).padStart(11)}  ${String(g.listed).padStart(18)}  ${String(g.total).padStart(5)}`);
    if (unknown.length) console.log(`  tags not in the catalogue: ${unknown.join(', ')}`);
  }
  if (json) console.log(JSON.stringify(out, null, 2));
  return 0;
}

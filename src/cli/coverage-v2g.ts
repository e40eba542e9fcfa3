/**
 * The V2G part of `evc coverage`: per standard (DIN 70121, ISO 15118-2, ISO 15118-20) the scenarios and
 * catalogue IDs they carry (per side), the standard's own catalogue (data/catalogues/v2g-<standard>.csv) where
 * it exists (and v2g-<standard>-<part>.csv beside it), and the ISO 15118-4 / -5 ID list (data/catalogues/iso15118-4-ids.csv, data/PROVENANCE.md): which
 * IDs have scenarios and every other ID with the reason it has none (features/iso15118-2/coverage*.csv
 * `id,reason` first; SLAC / PLC link contexts need a PLC modem; the rest are not yet written).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../core/load';

export type CsvReader = (file: string) => string[][];

interface Scenario {
  tags: string[];
}

const STANDARDS = [
  { standard: 'din70121', tag: '@din70121' },
  { standard: 'iso15118-2', tag: '@iso15118-2' },
  { standard: 'iso15118-20', tag: '@iso15118-20' },
] as const;

/** ISO 15118-3 contexts (SLAC, PLC link): no scenario without a PLC modem, and SLAC is not implemented. */
const PLC_CONTEXTS = new Set(['CmSlacParm', 'CmSlacMatch', 'CmValidate', 'CmValidateOrCmSlacMatch', 'AttenuationCharacterization', 'CmAmpMap', 'PLCLinkStatus']);
export const PLC_REASON = 'needs a PLC modem (ISO 15118-3 SLAC / PLC link status; SLAC is not implemented)';
export const NOT_YET_REASON = 'not yet written';

const ids = (s: Scenario): string[] => s.tags.filter((t) => t.startsWith('@TC_')).map((t) => t.slice(1));

export function v2gCoverage(scenarios: readonly Scenario[], readCsv: CsvReader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { standard, tag } of STANDARDS) {
    const mine = scenarios.filter((s) => s.tags.includes(tag));
    const bySide = (side: string) => mine.filter((s) => s.tags.includes(`@sut:${side}`));
    const distinct = new Set(mine.flatMap(ids));
    const entry: Record<string, unknown> = { scenarios: mine.length, secc: bySide('secc').length, evcc: bySide('evcc').length, ids: [...distinct].sort() };
    const dir = path.join(PROJECT_ROOT, 'data', 'catalogues');
    const files = fs.readdirSync(dir).filter((f) => f === `v2g-${standard}.csv` || (f.startsWith(`v2g-${standard}-`) && f.endsWith('.csv')));
    if (files.length) {
      const rows = files.flatMap((f) => readCsv(path.join(dir, f)).slice(1).map((r) => r[0]).filter(Boolean));
      entry.catalogue = { file: files.map((f) => `data/catalogues/${f}`).join(' + '), rows: rows.length, withScenarios: rows.filter((id) => distinct.has(id)).length, withoutRow: [...distinct].filter((id) => !rows.includes(id)).sort() };
    }
    out[standard] = entry;
  }
  const file = path.join(PROJECT_ROOT, 'data', 'catalogues', 'iso15118-4-ids.csv');
  const [header, ...rows] = readCsv(file);
  const col = (name: string) => header.indexOf(name);
  const tagged = new Set(scenarios.filter((s) => s.tags.includes('@iso15118-2')).flatMap(ids));
  const listed = new Map<string, string>();
  const dir = path.join(PROJECT_ROOT, 'features', 'iso15118-2');
  if (fs.existsSync(dir)) {
    for (const f of fs.readdirSync(dir).filter((x) => /^coverage.*\.csv$/.test(x))) {
      for (const [id, ...reason] of readCsv(path.join(dir, f)).slice(1)) listed.set(id, reason.join(','));
    }
  }
  const without: Record<string, Record<string, string[]>> = {};
  const perDoc: Record<string, { total: number; withScenarios: number }> = {};
  for (const r of rows) {
    const [id, doc, context] = [r[0], r[col('standard')].replace(/ \(.*/, ''), r[col('context')]];
    const d = (perDoc[doc] ??= { total: 0, withScenarios: 0 });
    d.total++;
    if (tagged.has(id)) {
      d.withScenarios++;
      continue;
    }
    const reason = listed.get(id) ?? (PLC_CONTEXTS.has(context) ? PLC_REASON : NOT_YET_REASON);
    ((without[reason] ??= {})[context] ??= []).push(id);
  }
  out['iso15118-4'] = { file: path.relative(PROJECT_ROOT, file), total: rows.length, perDocument: perDoc, withScenarios: rows.map((r) => r[0]).filter((id) => tagged.has(id)), without };
  return out;
}

export function printV2gCoverage(c: Record<string, unknown>): void {
  for (const { standard } of STANDARDS) {
    const e = c[standard] as { scenarios: number; secc: number; evcc: number; ids: string[]; catalogue?: { file: string; rows: number; withScenarios: number; withoutRow: string[] } };
    const cat = e.catalogue ? `; ${e.catalogue.file}: ${e.catalogue.withScenarios}/${e.catalogue.rows} rows with scenarios${e.catalogue.withoutRow.length ? `, IDs without a row: ${e.catalogue.withoutRow.join(', ')}` : ''}` : '';
    console.log(`\nv2g ${standard}: ${e.scenarios} scenarios (SECC under test ${e.secc}, EVCC under test ${e.evcc}), ${e.ids.length} distinct IDs${cat}`);
  }
  const iso = c['iso15118-4'] as { file: string; total: number; perDocument: Record<string, { total: number; withScenarios: number }>; withScenarios: string[]; without: Record<string, Record<string, string[]>> };
  const docs = Object.entries(iso.perDocument).map(([d, v]) => `${d} ${v.withScenarios}/${v.total}`).join(', ');
  console.log(`\n${iso.file}: ${iso.withScenarios.length}/${iso.total} IDs have ISO 15118-2 scenarios (${docs})`);
  console.log(`  with scenarios: ${iso.withScenarios.join(', ') || 'none'}`);
  for (const [reason, contexts] of Object.entries(iso.without)) {
    const n = Object.values(contexts).reduce((a, l) => a + l.length, 0);
    console.log(`  without, ${reason}: ${n}`);
    for (const [context, list] of Object.entries(contexts).sort()) console.log(`    ${context}: ${list.join(', ')}`);
  }
}

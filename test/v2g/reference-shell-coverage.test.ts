/**
 * `evc coverage` V2G part: the ISO 15118-4 ID list is an unchanged copy (SHA-256 of data/PROVENANCE.md), a
 * tagged ISO 15118-2 scenario counts its ID, SLAC / PLC link IDs carry the PLC-modem reason, every other ID
 * without a scenario has a reason, and per-standard counts split by side.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { NOT_YET_REASON, PLC_REASON, v2gCoverage } from '../../src/cli/coverage-v2g';
import { PROJECT_ROOT } from '../../src/core/load';

const readCsv = (file: string): string[][] =>
  fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim()).map((l) => l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')));

test('the ISO 15118-4 ID list matches its PROVENANCE hash', () => {
  const file = path.join(PROJECT_ROOT, 'data', 'catalogues', 'iso15118-4-ids.csv');
  const sha = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  assert.match(fs.readFileSync(path.join(PROJECT_ROOT, 'data', 'PROVENANCE.md'), 'utf8'), new RegExp(`iso15118-4-ids\\.csv.*${sha}`));
});

test('tagged IDs count, every other ID has a reason, SLAC IDs need a PLC modem', () => {
  const c = v2gCoverage(
    [
      { tags: ['@iso15118-2', '@sut:secc', '@TC_SECC_CMN_VTB_SDP_001'] },
      { tags: ['@iso15118-2', '@sut:evcc', '@TC_EVCC_CMN_VTB_SDP_001'] },
      { tags: ['@din70121', '@sut:secc', '@TC_SECC_CMN_VTB_SDP_002'] },
    ],
    readCsv,
  );
  const iso = c['iso15118-4'] as { total: number; withScenarios: string[]; without: Record<string, Record<string, string[]>> };
  assert.deepEqual(iso.withScenarios, ['TC_SECC_CMN_VTB_SDP_001']);
  const without = Object.values(iso.without).flatMap((x) => Object.values(x).flat());
  assert.equal(without.length + 1, iso.total);
  assert.ok(iso.without[PLC_REASON].CmSlacParm.includes('TC_SECC_CMN_VTB_CmSlacParm_001'));
  assert.ok(iso.without[NOT_YET_REASON].CableCheck.includes('TC_SECC_DC_VTB_CableCheck_001'));
  assert.deepEqual((c['iso15118-2'] as { secc: number; evcc: number }), { ...(c['iso15118-2'] as object), secc: 1, evcc: 1 });
});

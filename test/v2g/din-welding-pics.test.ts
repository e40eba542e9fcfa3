/**
 * DIN 70121 makes WeldingDetection optional for the EVCC: a PICS with v2g.din.weldingDetection false makes the
 * scenarios tagged @requires:din-welding-detection not applicable (with the reason); true or absent keeps them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPics, notApplicable } from '../../src/rig/pics';

const tags = ['@din70121', '@sut:evcc', '@dc', '@TC_EVCC_DC_VTB_DIN_WeldingDetection_001', '@requires:din-welding-detection'];

test('the reference PICS run WeldingDetection, the alt PICS skips it', () => {
  const def = loadPics('fixtures/pics/reference/v2g-evcc.json');
  const alt = loadPics('fixtures/pics/reference-alt/v2g-evcc.json');
  assert.equal(notApplicable(def, tags), undefined);
  assert.match(notApplicable(alt, tags) ?? '', /does not run WeldingDetection \(v2g\.din\.weldingDetection: false/);
  assert.equal(notApplicable(alt, tags.filter((t) => t !== '@requires:din-welding-detection')), undefined);
});

test('without the din block a PICS runs WeldingDetection (the default)', () => {
  const def = loadPics('fixtures/pics/reference/v2g-evcc.json');
  const { din: _din, ...v2g } = def.v2g!;
  assert.equal(notApplicable({ ...def, v2g }, tags), undefined);
});

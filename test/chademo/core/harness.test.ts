/**
 * ChademoHarness glue without a bus: limits (overrides, time scale, the unscaled cycle tolerance), the version
 * the harness plays, applicability from PICS and tags, operators that are not automatable off the reference rig.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChademoHarness, chademoLimits, chademoTimeScale } from '../../../src/chademo/harness';
import { Trace } from '../../../src/core/trace';
import { NotAutomatableError } from '../../../src/rig/not-automatable';
import { chademoNotApplicable, notApplicable, type Pics } from '../../../src/rig/pics';
import type { StartedRig } from '../../../src/rig/rig';
import type { RigConfig } from '../../../src/rig/types';

const charger: Pics = { name: 'c', protocol: 'chademo', sut: 'charger', chademo: { versions: ['0.9', '1.0', '1.1'], weldingDetection: false, dynamicControl: false } };
const ev: Pics = { name: 'e', protocol: 'chademo', sut: 'ev', chademo: { versions: ['1.1', '1.0'] } };

function rig(config: Partial<RigConfig>, isReference: boolean): StartedRig {
  return { config: { name: 'r', kind: isReference ? 'reference' : 'bench', ...config }, isReference, name: 'r' } as unknown as StartedRig;
}
const harness = (tags: string[], r = rig({}, false)) => new ChademoHarness({ rig: r, trace: new Trace(), tags, pics: [charger, ev], onCleanup: () => {} });

test('limits: rig overrides, *Ms × scale except the cycle tolerance', () => {
  const l = chademoLimits(0.25, { rampDownMs: 600, currentDeviationA: 12 });
  assert.equal(l.rampDownMs, 150);
  assert.equal(l.cyclePeriodMs, 25);
  assert.equal(l.kAfterD1Ms, 2000);
  assert.equal(l.cycleToleranceMs, 20);
  assert.equal(l.currentDeviationA, 12);
  assert.equal(l.stopCurrentA, 5);
});

test('time scale: the rig chademo.timeScale on the reference rig only (or a SUT that compresses time)', () => {
  assert.equal(chademoTimeScale(rig({ chademo: { timeScale: 0.25 } }, true)), 0.25);
  assert.equal(chademoTimeScale(rig({ chademo: { timeScale: 0.25 } }, false)), 1);
  assert.equal(chademoTimeScale(rig({ chademo: { timeScale: 0.5 }, sutCompressesTime: true }, false)), 0.5);
});

test('version: the tag, else the charger PICS highest / the EV PICS first, else 1.0', () => {
  assert.equal(harness(['@chademo', '@sut:charger', '@chademo:0.9']).version, '0.9');
  assert.equal(harness(['@chademo', '@sut:charger']).version, '1.1');
  assert.equal(harness(['@chademo', '@sut:ev']).version, '1.1');
  const none = new ChademoHarness({ rig: rig({}, false), trace: new Trace(), tags: ['@chademo', '@sut:ev'], pics: [], onCleanup: () => {} });
  assert.equal(none.version, '1.0');
});

test('not applicable: version tag and @requires:chademo-* from the PICS, with the reason', () => {
  assert.equal(harness(['@chademo', '@sut:charger', '@chademo:1.0']).notApplicable(), undefined);
  assert.match(harness(['@chademo', '@sut:charger', '@chademo:1.2']).notApplicable()!, /PICS 'c' does not declare CHAdeMO 1\.2 \(chademo\.versions: 0\.9, 1\.0, 1\.1\)/);
  assert.match(harness(['@chademo', '@sut:charger', '@requires:chademo-welding-detection']).notApplicable()!, /chademo\.weldingDetection \(false\)/);
  assert.match(chademoNotApplicable(ev, ['@requires:chademo-discharge'])!, /PICS 'e' does not declare chademo\.discharge$/);
  // the generic hook (steps/support/hooks.ts) gives the same answer, and ignores other protocols' scenarios
  assert.match(notApplicable(charger, ['@chademo', '@sut:charger', '@chademo:2.0'])!, /CHAdeMO 2\.0/);
  assert.equal(notApplicable(charger, ['@chademo', '@sut:ev', '@chademo:2.0']), undefined);
  assert.throws(() => harness(['@chademo', '@sut:ev', '@chademo:3.0']).notApplicable(), /unknown CHAdeMO version tag @chademo:3\.0/);
});

test('operators off the reference rig are not automatable, naming the action', () => {
  const h = harness(['@chademo', '@sut:charger']);
  assert.throws(() => h.chargerOperator('press the start button'), (e: unknown) => e instanceof NotAutomatableError && /'press the start button' needs the charger's operator/.test(e.message));
  assert.throws(() => h.evOperator('shift out of park'), NotAutomatableError);
});

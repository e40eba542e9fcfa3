/**
 * The reference charger and the reference EV against each other (LoopbackCanBus, in-memory lines, time scale
 * 0.25): a full compliant session for every version and for the second configuration, with the sequence's
 * order, limits and frames checked from the bus log and the line log.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CHADEMO_LIMITS, type ChademoVersion, protocolNumber } from '../../../src/chademo/types';
import { lineAt, pair, SCALE, type Pair } from './pair';

const L = (n: keyof typeof CHADEMO_LIMITS) => CHADEMO_LIMITS[n].value * SCALE;
const first = (p: Pair, name: 'd1' | 'd2' | 'k' | 'lock', value: boolean) => p.line(name).find((c) => c.value === value)?.tMs;

/** The order and limits every compliant session shows, from plug-in to unlock. */
function checkSequence(p: Pair, v: ChademoVersion, stopAtMs: number, welding = true): void {
  const d1 = first(p, 'd1', true)!;
  const k = first(p, 'k', true)!;
  const lock = first(p, 'lock', true)!;
  const d2 = first(p, 'd2', true)!;
  assert.ok(d1 < k && k - d1 < L('kAfterD1Ms'), `k ${k - d1} ms after d1`);
  assert.ok(k < lock, 'lock after k');
  const test = p.line('inletVoltageV').find((c) => (c.value as number) > 100 && c.tMs > lock && c.tMs < d2);
  assert.ok(test, 'insulation test voltage between lock and d2');
  assert.ok((lineAt(p, 'inletVoltageV', d2 - 0.001) as number) < 20, 'inlet below 20 V at d2');
  assert.ok(d2 - k < L('d2AfterKMs'), 'd2 within d2AfterKMs');
  const s109 = p.status109();
  assert.ok(s109.every((f) => !(f.value.status.charging && f.value.status.stopControl)), '109.5.0 never with 109.5.5');
  assert.ok(s109.filter((f) => f.tMs > k + 100 * SCALE * 2).every((f) => f.value.protocolNumber === Math.min(protocolNumber(v), 3)), 'negotiated protocol number');
  const req = p.status102().filter((f) => f.value.currentRequestA > 0);
  const maxReq = Math.max(...req.map((f) => f.value.currentRequestA));
  assert.ok(Math.max(...s109.map((f) => f.value.presentCurrentA)) <= maxReq, 'present current never above the request');
  if (v !== '0.9') {
    const cleared = p.status102().find((f) => f.tMs > d2 && !f.value.status.contactorOpen);
    assert.ok(cleared && cleared.tMs - d2 < L('contactorAfterD2Ms'), '102.5.3 cleared within contactorAfterD2Ms');
  }
  const low = s109.find((f) => f.tMs > stopAtMs && f.value.presentCurrentA <= 5);
  assert.ok(low && low.tMs - stopAtMs < L('rampDownMs'), `≤ 5 A ${low ? low.tMs - stopAtMs : '∞'} ms after the stop`);
  const d2off = first(p, 'd2', false)!;
  const d1off = first(p, 'd1', false)!;
  const unlock = first(p, 'lock', false)!;
  assert.ok(d2off <= d1off, 'd2 off before d1 off');
  if (v !== '0.9' && welding) {
    const welded = p.status102().find((f) => f.tMs > stopAtMs && f.value.status.contactorOpen);
    assert.ok(welded && welded.tMs <= d2off + 1, '102.5.3 set before d2 off');
  }
  assert.ok((lineAt(p, 'inletVoltageV', unlock) as number) < 10, 'unlock below 10 V');
  assert.ok(first(p, 'k', false)! >= d1off, 'k opens at the end');
}

describe('reference charger × reference EV: compliant sessions', () => {
  for (const v of ['0.9', '1.0', '1.1', '1.2', '2.0'] as ChademoVersion[]) {
    it(`version ${v}: full session, EV stop`, async (t) => {
      const p = await pair(t, { evVersion: v });
      await p.charging();
      await p.until(() => p.status109().some((f) => f.value.presentCurrentA >= 90), 1000, 'current up');
      const stopAt = performance.now();
      await p.ev.operator.stop();
      await p.over();
      checkSequence(p, v, stopAt);
    });
  }

  for (const v of ['0.9', '2.0'] as ChademoVersion[]) {
    it(`version ${v} over H1's side-channel lines (canLines on a loopback bus): full session`, async (t) => {
      const p = await pair(t, { evVersion: v, lines: 'can' });
      await p.charging();
      await p.until(() => p.status109().some((f) => f.value.presentCurrentA >= 90), 1000, 'current up');
      const stopAt = performance.now();
      await p.ev.operator.stop();
      await p.over();
      checkSequence(p, v, stopAt);
    });
  }

  it('charger stop (operator) ends the session the same way', async (t) => {
    const p = await pair(t);
    await p.charging();
    const stopAt = performance.now();
    await p.charger.operator.stop();
    await p.over();
    checkSequence(p, '2.0', stopAt);
  });

  it('alt × alt (0.9–1.1 charger 125 A / 450 V, remaining time in minutes, no welding detection; 1.1 EV 80 A)', async (t) => {
    const p = await pair(t, { chargerVariant: 'alt', evVariant: 'alt' });
    await p.charging();
    await p.until(() => p.status109().some((f) => f.value.presentCurrentA === 80), 1000, '80 A');
    const params = p.frames('chargerParams').at(-1)!.value;
    assert.deepEqual([params.availableCurrentA, params.availableVoltageV, params.weldingDetection], [125, 450, false]);
    assert.equal(p.status109().at(-1)!.value.remainingTime10s, 0xff);
    const stopAt = performance.now();
    await p.ev.operator.stop();
    await p.over(3000);
    checkSequence(p, '1.1', stopAt, false);
  });

  it('2.0 EV × alt charger: protocol number 2, no discharge, no dynamic control', async (t) => {
    const p = await pair(t, { chargerVariant: 'alt' });
    await p.charging();
    assert.equal(p.status109().at(-1)!.value.protocolNumber, 2);
    assert.equal(p.raw(0x208).length, 0);
    assert.equal(p.raw(0x118).length, 0);
    await p.ev.operator.stop();
    await p.over();
  });

  it('1.2: dynamic control agreed — a lowered limit lowers 0x108, the request and the current', async (t) => {
    const p = await pair(t, { evVersion: '1.2' });
    await p.charging();
    await p.until(() => p.status109().at(-1)!.value.presentCurrentA === 100, 1000, '100 A');
    await p.charger.operator.limitCurrent(60);
    await p.until(() => p.status109().at(-1)!.value.presentCurrentA === 60, 500, '60 A delivered');
    await p.until(() => p.status102().at(-1)!.value.currentRequestA === 60, 500, 'request 60 A');
    await p.ev.operator.stop();
    await p.over();
  });

  it('2.0: discharge agreed — 0x200 and 0x208 exchanged, discharge within the EV maximum', async (t) => {
    const p = await pair(t);
    await p.charging();
    await p.until(() => p.frames('chargerDischarge').some((f) => f.value.presentDischargeCurrentA > 0), 500, 'discharge');
    const evMax = p.frames('evDischarge').at(-1)!.value.maxDischargeCurrentA;
    assert.ok(p.frames('chargerDischarge').every((f) => f.value.presentDischargeCurrentA <= evMax));
    await p.ev.operator.stop();
    await p.over();
  });

  for (const [name, act] of [
    ['shift lever', (p: Pair) => p.ev.operator.shiftOutOfPark()],
    ['EV fault', (p: Pair) => p.ev.operator.fault('overVoltage')],
    ['system fault', (p: Pair) => p.ev.operator.fault('systemFault')],
    ['battery full', (p: Pair) => p.ev.operator.batteryFull()],
    ['emergency stop', (p: Pair) => p.charger.operator.emergencyStop()],
  ] as const) {
    it(`stop trigger: ${name} → ≤ 5 A within rampDownMs, sequence ends`, async (t) => {
      const p = await pair(t);
      await p.charging();
      const stopAt = performance.now();
      await act(p);
      await p.over();
      const low = p.status109().find((f) => f.tMs > stopAt && f.value.presentCurrentA <= 5)!;
      assert.ok(low.tMs - stopAt < L('rampDownMs'));
    });
  }

  it('battery incompatible (EV max battery voltage 0): 109.5.3, no d2, session ends', async (t) => {
    const p = await pair(t, { evFaults: ['ev-zero-parameters'] });
    await p.ev.operator.plugIn();
    await p.charger.operator.start();
    await p.over();
    assert.ok(p.status109().some((f) => f.value.status.batteryIncompatible));
    assert.equal(p.line('d2').length, 0);
  });
});

describe('reference charger × reference EV: clean-up', () => {
  it('stop() in mid-charge clears every timer (nothing keeps the process alive)', async (t) => {
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    const p = await pair(t);
    await p.charging();
    assert.ok(timeouts() > before, 'the references run timers while charging');
    await p.charger.stop();
    await p.ev.stop();
    await new Promise((r) => setImmediate(r));
    assert.equal(timeouts(), before, 'no timer left after stop()');
  });
});

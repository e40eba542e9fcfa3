/**
 * Stop triggers the fault tests do not already show: the EV's own current-deviation check (102.4.2) and its
 * reaction to a silent charger.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chargeUp, lastCurrent, lim } from './helpers';
import { pair, sleep } from './pair';

describe('reference EV stop triggers', () => {
  it('current deviation > 10 A for > currentDeviationMs: the EV sets 102.4.2 and the session ends', async (t) => {
    const p = await pair(t, { evVersion: '1.2', chargerFaults: ['ignores-dynamic-request'] });
    await chargeUp(p);
    await p.until(() => lastCurrent(p) === 100, 1000, '100 A');
    await sleep(2 * 100 * p.scale);
    const from = performance.now();
    await p.charger.operator.limitCurrent(60);
    await p.until(() => p.status102().some((f) => f.value.faults.currentDeviation), 2 * lim(p, 'currentDeviationMs'), '102.4.2');
    const at = p.status102().find((f) => f.value.faults.currentDeviation)!.tMs;
    assert.ok(at - from > lim(p, 'currentDeviationMs'), `102.4.2 after ${at - from} ms`);
    await p.over();
  });

  it('charger 0x109 silent for silenceMs: the EV requests 0 A and clears 102.5.0', async (t) => {
    const p = await pair(t);
    await chargeUp(p);
    const from = performance.now();
    p.chargerCan.close();
    await sleep(lim(p, 'silenceMs') + 4 * 100 * p.scale);
    const last = p.status102().at(-1)!;
    assert.equal(last.value.currentRequestA, 0);
    assert.equal(last.value.status.chargingEnabled, false);
    const stop = p.status102().find((f) => f.tMs > from && f.value.currentRequestA === 0)!;
    assert.ok(stop.tMs - from > lim(p, 'silenceMs'), 'not before silenceMs');
  });
});

/**
 * CyclicSender and CycleMonitor over the in-memory CAN bus: one round per period with every frame set, id
 * order, measured period/jitter, skipped rounds, replaced content; the monitor's per-id periods, latest
 * values and malformed frames.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { CyclicSender, CycleMonitor, cycleStats } from '../../../src/chademo/framing/cyclic';
import { LoopbackCanBus } from '../../../src/transport/can';

const params = (availableCurrentA: number) => ({ name: 'chargerParams' as const, value: { weldingDetection: true, availableVoltageV: 500, availableCurrentA, thresholdVoltageV: 410 } });

test('cycleStats: nearest-rank percentiles in ms', () => {
  const s = cycleStats([10_000, 20_000, 30_000, 40_000, 100_000]);
  assert.deepEqual(s, { p50Ms: 30, p99Ms: 100, maxMs: 100, minMs: 10, count: 5 });
  assert.equal(cycleStats([]).count, 0);
});

test('CyclicSender sends every frame once per round in id order; CycleMonitor measures the periods', async () => {
  const bus = new LoopbackCanBus();
  const tx = bus.open('charger');
  const rx = bus.open('ev');
  const mon = new CycleMonitor(rx, { version: '1.0' });
  const seen: string[] = [];
  mon.onMessage((m) => seen.push(m.name));
  const s = new CyclicSender(tx, 20);
  s.set(
    {
      name: 'chargerStatus',
      value: {
        protocolNumber: 2,
        presentVoltageV: 0,
        presentCurrentA: 0,
        dischargeCompatible: false,
        status: { charging: false, malfunction: false, connectorLocked: false, batteryIncompatible: false, systemMalfunction: false, stopControl: true },
        remainingTime10s: 0,
        remainingTimeMin: 0,
      },
    },
    '1.0',
  );
  s.set(params(200), '1.0');
  await sleep(215);
  s.set(params(100), '1.0');
  s.skip('chargerStatus', 3);
  await sleep(110);
  s.stop();
  const n = bus.log.length;
  await sleep(50);
  assert.equal(bus.log.length, n, 'nothing after stop()');
  assert.deepEqual(seen.slice(0, 4), ['chargerParams', 'chargerStatus', 'chargerParams', 'chargerStatus']);
  assert.equal(mon.latest('chargerParams')?.availableCurrentA, 100);
  const st = s.stats();
  assert.ok(st.count >= 10, `rounds ${st.count}`);
  assert.ok(st.p50Ms > 15 && st.p50Ms < 30, `p50 ${st.p50Ms}`);
  assert.ok(st.jitter.count === st.count);
  const p108 = mon.periodStats(0x108);
  assert.ok(p108.p50Ms > 15 && p108.p50Ms < 30, `0x108 p50 ${p108.p50Ms}`);
  assert.ok(mon.periodStats('chargerStatus').maxMs >= 70, 'the skipped rounds show as one long gap');
  assert.ok(mon.count(0x109) < mon.count(0x108));
  assert.ok(mon.lastSeen(0x108)! >= mon.firstSeen(0x108)!);
  mon.close();
  tx.close();
  rx.close();
});

test('CycleMonitor reports malformed frames (wrong DLC, unknown id in range) and ignores other ids', () => {
  const bus = new LoopbackCanBus();
  const tx = bus.open('sut');
  const mon = new CycleMonitor(bus.open('harness'));
  const bad: string[] = [];
  mon.onMalformed((e) => bad.push(e.message));
  tx.send({ id: 0x109, data: new Uint8Array(5) });
  tx.send({ id: 0x10a, data: new Uint8Array(8) });
  tx.send({ id: 0x7e8, data: new Uint8Array(8) });
  assert.equal(bad.length, 2);
  assert.match(bad[0], /109#0000 000000.*DLC 5/);
  assert.match(bad[1], /10A#.*unknown id/);
  assert.equal(mon.count(0x7e8), 0);
  assert.equal(mon.malformed.length, 2);
  mon.close();
});

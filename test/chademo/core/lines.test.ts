/**
 * CHAdeMO digital lines: side-channel frames (over the in-memory CAN bus here; vcan1 in the rig) and the bench
 * Modbus TCP IO mapping (against the simulated Modbus server of src/reference/bench).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../../../src/core/errors';
import { Trace } from '../../../src/core/trace';
import { openBenchLines, type ChademoBenchLinesConfig } from '../../../src/chademo/transport/lines-bench';
import { canLines, decodeLineFrame, encodeLineFrame, LINE_FRAME_ID } from '../../../src/chademo/transport/lines-vcan';
import type { LineChange } from '../../../src/chademo/types';
import { startModbusTcpServer } from '../../../src/reference/bench/modbus-server';
import { LoopbackCanBus } from '../../../src/transport/can';

test('side-channel frame layout: bits of the lines the sender drives, kind, 0.1 V LE, counter', () => {
  const all = { d1: true, d2: true, k: true, lock: true, proximity: true };
  const f = encodeLineFrame('charger', all, 398.7, 1, 7);
  assert.equal(f.id, 0x7c0);
  assert.equal(Buffer.from(f.data).toString('hex'), '1b01930f07000000'); // d1 d2 lock proximity; 3987 = 0x0F93
  const e = encodeLineFrame('ev', all, 0, 0, 0);
  assert.equal(e.id, LINE_FRAME_ID.ev);
  assert.equal(e.data[0], 0x14); // k + proximity
  assert.deepEqual(decodeLineFrame(f), { side: 'charger', lines: { d1: true, d2: true, lock: true, proximity: true }, volts: 398.7, kind: 1 });
});

test('each end drives its lines, sees the far end, stamps changes; the harness end traces them', async () => {
  const bus = new LoopbackCanBus();
  const trace = new Trace();
  const ev = canLines(bus.open('ev'), 'ev', trace);
  const ch = canLines(bus.open('charger'), 'charger');
  const seen: LineChange[] = [];
  ev.onChange((c) => seen.push(c));
  ev.set('proximity', true);
  ch.set('d1', true);
  assert.equal(ev.get('d1'), true);
  assert.equal(ch.get('proximity'), true);
  ev.set('k', true);
  ch.setInletVoltage(500);
  ev.setInletVoltage(350);
  assert.equal(ev.inletVoltageV(), 500);
  ch.setInletVoltage(0);
  assert.equal(ev.inletVoltageV(), 350);
  assert.deepEqual(
    seen.map((c) => `${c.line}=${c.value}`),
    ['proximity=true', 'd1=true', 'k=true', 'inletVoltageV=500', 'inletVoltageV=350'],
  );
  assert.ok(seen.every((c) => c.tUs > 0));
  assert.throws(() => ev.set('d2', true), /the ev side cannot drive CHAdeMO line 'd2' \(the charger drives it\)/);
  assert.throws(() => ch.set('k', true), /cannot drive/);
  const lineFrames = trace.frames.filter((f) => f.protocol === 'chademo-line');
  assert.deepEqual(
    lineFrames.map((f) => `${f.dir} ${f.summary}`),
    ['tx proximity on', 'rx d1 on', 'tx k on', 'rx inlet 500.0 V', 'rx inlet 350.0 V'],
  );
  // a late end catches up at once (hello → the far end answers with its state)
  const late = canLines(bus.open('late'), 'ev');
  assert.equal(late.get('d1'), true);
  ev.close();
  ch.close();
  late.close();
});

test('bench lines: coils driven, discrete inputs and the inlet register polled; mapping checked per side', async () => {
  const coils = new Map<number, boolean>([[0, false], [1, false]]);
  const inputs = new Map<number, boolean>([[0, false], [1, false], [2, false]]);
  let inlet = 0;
  const server = await startModbusTcpServer({
    readCoil: (a) => coils.get(a),
    writeCoil: (a, on) => (coils.has(a) ? (coils.set(a, on), true) : false),
    readDiscreteInput: (a) => inputs.get(a),
    readInputRegister: (a) => (a === 5 ? inlet : undefined),
    readHoldingRegister: () => undefined,
    writeHoldingRegister: () => false,
    apply: async () => {},
  });
  const cfg: ChademoBenchLinesConfig = {
    kind: 'bench',
    modbus: { host: server.host, port: server.port, timeoutMs: 500 },
    coils: { k: 0, proximity: 1 },
    discreteInputs: { d1: 0, d2: 1, lock: 2 },
    inletVoltage: { register: 5, scale: 0.1 },
    pollMs: 5,
  };
  const bad = await openBenchLines(cfg, 'charger', 'rigs/bench.json').catch((e: unknown) => e);
  assert.ok(bad instanceof ConfigError);
  assert.match(bad.message, /rigs\/bench\.json: chademo\.lines\.coils\.d1: is required: the harness plays the charger/);
  assert.match(bad.message, /chademo\.lines\.coils\.k: the harness plays the charger and cannot drive k/);
  const missing = await openBenchLines({ ...cfg, discreteInputs: { ...cfg.discreteInputs, lock: 9 } }, 'ev', 'rigs/bench.json').catch((e: unknown) => e);
  assert.match((missing as Error).message, /chademo\.lines\.discreteInputs\.lock: .*exception 02/);
  const lines = await openBenchLines(cfg, 'ev', 'rigs/bench.json', new Trace());
  const seen: string[] = [];
  lines.onChange((c) => seen.push(`${c.line}=${c.value}`));
  lines.set('k', true);
  inputs.set(0, true);
  inlet = 3987;
  await sleep(80);
  assert.equal(coils.get(0), true);
  assert.equal(lines.get('d1'), true);
  assert.equal(lines.inletVoltageV(), 398.7);
  assert.deepEqual(seen, ['k=true', 'd1=true', 'inletVoltageV=398.7']);
  assert.throws(() => lines.setInletVoltage(350), /no chademo\.lines\.sourceVoltage/);
  lines.close();
  await server.close();
});

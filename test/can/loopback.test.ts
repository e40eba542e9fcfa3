import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodecError } from '../../src/core/errors';
import { Trace } from '../../src/core/trace';
import {
  type CanFrame,
  CanSendError,
  LoopbackCanBus,
  filterMatches,
  formatCanFrame,
  isValidFdLength,
  parseCanFrame,
  roundUpFdLength,
  validateFrame,
  monoUs,
} from '../../src/transport/can';

test('frame validation: id widths, classic ≤ 8, FD sizes only', () => {
  validateFrame({ id: 0x7ff, data: new Uint8Array(8) });
  validateFrame({ id: 0x1fffffff, ext: true, data: new Uint8Array(0) });
  validateFrame({ id: 1, fd: true, data: new Uint8Array(64) });
  assert.throws(() => validateFrame({ id: 0x800, data: new Uint8Array(1) }), CodecError);
  assert.throws(() => validateFrame({ id: 0x20000000, ext: true, data: new Uint8Array(1) }), CodecError);
  assert.throws(() => validateFrame({ id: 1, data: new Uint8Array(9) }), /at most 8/);
  assert.throws(() => validateFrame({ id: 1, fd: true, data: new Uint8Array(13) }), /not one of/);
  assert.throws(() => validateFrame({ id: -1, data: new Uint8Array(1) }), CodecError);
  assert.deepEqual([9, 12, 13, 33, 49].map(roundUpFdLength), [12, 12, 16, 48, 64]);
  assert.deepEqual([8, 12, 20, 24, 32, 48, 64, 10, 40].map(isValidFdLength), [true, true, true, true, true, true, true, false, false]);
});

test('candump-style text both ways', () => {
  assert.equal(formatCanFrame({ id: 0x7e0, data: Uint8Array.of(2, 0x10, 3) }), '7E0#0210 03');
  assert.equal(formatCanFrame({ id: 0x18da10f1, ext: true, data: Uint8Array.of(1) }), '18DA10F1#01');
  assert.equal(formatCanFrame({ id: 0x123, fd: true, brs: true, data: Uint8Array.of(1, 2, 3) }), '123##10102 03');
  const f = parseCanFrame('7E0#021003');
  assert.deepEqual({ ...f, data: [...f.data] }, { id: 0x7e0, ext: false, data: [2, 0x10, 3] });
  const fd = parseCanFrame('123##1' + '00'.repeat(12));
  assert.equal(fd.fd, true);
  assert.equal(fd.brs, true);
  assert.equal(fd.data.length, 12);
  assert.equal(parseCanFrame('18DA10F1#01').ext, true);
  assert.equal(parseCanFrame('123#R').rtr, true);
  assert.throws(() => parseCanFrame('7E0#021'), /odd number/);
  assert.throws(() => parseCanFrame('hello'), /not a CAN frame/);
});

test('filters: exact id, mask, width, inversion', () => {
  const std: CanFrame = { id: 0x7e8, data: new Uint8Array(0) };
  const ext: CanFrame = { id: 0x7e8, ext: true, data: new Uint8Array(0) };
  assert.ok(filterMatches([], std));
  assert.ok(filterMatches([{ id: 0x7e8 }], std));
  assert.ok(!filterMatches([{ id: 0x7e8 }], ext));
  assert.ok(filterMatches([{ id: 0x7e8, ext: true }], ext));
  assert.ok(filterMatches([{ id: 0x7e0, mask: 0x7f0 }], std));
  assert.ok(!filterMatches([{ id: 0x7e0, mask: 0x7ff }], std));
  assert.ok(filterMatches([{ id: 0x100, invert: true }], std));
  assert.ok(!filterMatches([{ id: 0x7e8, invert: true }], std));
});

test('loopback bus: others receive, sender does not (unless receiveOwn), timestamps from the bus clock', () => {
  let now = 5000;
  const bus = new LoopbackCanBus({ nowUs: () => now });
  const a = bus.open('a');
  const b = bus.open('b');
  const c = bus.open('c', { receiveOwn: true });
  const got: Record<string, CanFrame[]> = { a: [], b: [], c: [] };
  a.onFrame((f) => got.a.push(f));
  b.onFrame((f) => got.b.push(f));
  c.onFrame((f) => got.c.push(f));
  a.send({ id: 1, data: Uint8Array.of(1) });
  now = 6000;
  c.send({ id: 2, data: Uint8Array.of(2) });
  assert.deepEqual(got.a.map((f) => f.id), [2]);
  assert.deepEqual(got.b.map((f) => f.id), [1, 2]);
  assert.deepEqual(got.c.map((f) => f.id), [1, 2]);
  assert.equal(got.b[0].tUs, 5000);
  assert.equal(got.b[1].tUs, 6000);
  assert.equal(bus.log.length, 2);
});

test('loopback bus: filters, microtask delivery, classic-only bus, errors, close', async () => {
  const bus = new LoopbackCanBus({ delivery: 'microtask', fd: false });
  const a = bus.open('a');
  const b = bus.open('b', { filters: [{ id: 0x7e8 }] });
  const seen: number[] = [];
  const errors: string[] = [];
  b.onFrame((f) => seen.push(f.id));
  b.onError((e) => errors.push(e.message));
  a.send({ id: 0x7e0, data: Uint8Array.of(1) });
  a.send({ id: 0x7e8, data: Uint8Array.of(1) });
  assert.deepEqual(seen, [], 'not yet: microtask delivery');
  await Promise.resolve();
  assert.deepEqual(seen, [0x7e8]);
  assert.throws(() => a.send({ id: 1, fd: true, data: new Uint8Array(12) }), CanSendError);
  bus.injectError('bus-off');
  assert.deepEqual(errors, ['b: bus-off']);
  a.close();
  assert.equal(a.closed, true);
  assert.throws(() => a.send({ id: 1, data: new Uint8Array(1) }), CanSendError);
  b.setFilters([]);
  bus.open('c').send({ id: 0x123, data: new Uint8Array(0) });
  await Promise.resolve();
  assert.deepEqual(seen, [0x7e8, 0x123]);
});

test('every tx/rx frame goes into the trace with protocol can', () => {
  const trace = new Trace();
  const bus = new LoopbackCanBus();
  const a = bus.open('vcan0', { trace });
  const b = bus.open('peer');
  b.onFrame(() => b.send({ id: 0x7e8, data: Uint8Array.of(0x02, 0x50, 0x03) }));
  a.send({ id: 0x7e0, data: Uint8Array.of(0x02, 0x10, 0x03) });
  assert.deepEqual(
    trace.frames.map((f) => [f.dir, f.protocol, f.channel, f.summary, f.raw]),
    [
      ['tx', 'can', 'vcan0', '7E0#0210 03', '021003'],
      ['rx', 'can', 'vcan0', '7E8#0250 03', '025003'],
    ],
  );
  assert.deepEqual((trace.frames[1].decoded as Record<string, unknown>).idHex, '7E8');
});

test('send() returns the transmit time, which is every receiver\'s receive stamp on the bus clock', () => {
  let now = 5_000;
  const bus = new LoopbackCanBus({ nowUs: () => now });
  const a = bus.open('a');
  const b = bus.open('b');
  const got: CanFrame[] = [];
  b.onFrame((f) => got.push(f));
  now = 7_250;
  assert.equal(a.send({ id: 0x7e0, data: Uint8Array.of(1) }), 7_250);
  assert.equal(got[0].tUs, 7_250);
  assert.equal(bus.log[0].tUs, 7_250);
  assert.ok(monoUs() >= 0);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IsoTpChannel } from '../../src/isotp';
import { LoopbackCanBus } from '../../src/transport/can';
import { bytes, framesFrom, hex, makePair, settle, transfer } from './helpers';

test('7 bytes go in one padded single frame', async () => {
  const p = makePair();
  const payload = bytes(7);
  assert.deepEqual(await transfer(p, payload), payload);
  const tx = framesFrom(p.bus, 0x7e0);
  assert.equal(tx.length, 1);
  assert.equal(hex(tx[0]), '07' + Buffer.from(payload).toString('hex'));
  assert.deepEqual(p.a.violations, []);
  assert.deepEqual(p.b.violations, []);
});

test('8 bytes: FF + FC + one CF, padding 0xCC on the last CF', async () => {
  const p = makePair();
  const payload = bytes(8);
  assert.deepEqual(await transfer(p, payload), payload);
  const tx = framesFrom(p.bus, 0x7e0).map(hex);
  assert.deepEqual(tx, ['1008' + Buffer.from(payload.subarray(0, 6)).toString('hex'), '21' + Buffer.from(payload.subarray(6)).toString('hex') + 'cccccccccc']);
  assert.deepEqual(framesFrom(p.bus, 0x7e8).map(hex), ['300000cccccccccc']);
  assert.deepEqual(p.b.violations, []);
});

test('no padding: frames are as short as their content', async () => {
  const p = makePair({ txPadding: null }, { txPadding: null });
  assert.deepEqual(await transfer(p, bytes(3)), bytes(3));
  assert.deepEqual(await transfer(p, bytes(9)), bytes(9));
  const lens = framesFrom(p.bus, 0x7e0).map((f) => f.data.length);
  assert.deepEqual(lens, [4, 8, 4]);
  assert.deepEqual(framesFrom(p.bus, 0x7e8).map(hex), ['300000']);
});

test('4095 bytes use the 12-bit FF length; sequence numbers wrap F → 0', async () => {
  const p = makePair();
  const payload = bytes(4095, 3);
  assert.deepEqual(await transfer(p, payload), payload);
  const tx = framesFrom(p.bus, 0x7e0);
  assert.equal(hex(tx[0]).slice(0, 4), '1fff');
  assert.equal(tx.length, 1 + Math.ceil((4095 - 6) / 7));
  assert.equal(tx[15].data[0], 0x2f);
  assert.equal(tx[16].data[0], 0x20);
  assert.equal(tx[17].data[0], 0x21);
  assert.deepEqual(p.b.violations, []);
});

test('4096+ bytes use the escape FF (10 00 + 32-bit length)', async () => {
  const p = makePair();
  const payload = bytes(5000, 9);
  assert.deepEqual(await transfer(p, payload), payload);
  const ff = framesFrom(p.bus, 0x7e0)[0];
  assert.equal(hex(ff).slice(0, 12), '100000001388');
  assert.deepEqual(p.b.violations, []);
});

test('both directions on one pair, and back-to-back sends are queued', async () => {
  const p = makePair();
  const s1 = p.a.send(bytes(30, 1));
  const s2 = p.a.send(bytes(40, 2));
  const s3 = p.b.send(bytes(50, 3));
  await settle(p.clock);
  await Promise.all([s1, s2, s3]);
  assert.deepEqual((await p.b.receive(10)).payload, bytes(30, 1));
  assert.deepEqual((await p.b.receive(10)).payload, bytes(40, 2));
  assert.deepEqual((await p.a.receive(10)).payload, bytes(50, 3));
});

test('block size: an FC after every BS consecutive frames', async () => {
  const p = makePair({}, { blockSize: 4 });
  const payload = bytes(100);
  assert.deepEqual(await transfer(p, payload), payload);
  const fcs = framesFrom(p.bus, 0x7e8);
  // 100 bytes = FF(6) + 14 CFs → FC after FF, after CF 4, 8, 12
  assert.equal(fcs.length, 4);
  assert.ok(fcs.every((f) => hex(f).startsWith('300400')));
  assert.deepEqual(p.b.violations, []);
});

test('functional requests are single frames on the functional id', async () => {
  const p = makePair();
  const sent = p.a.send(Uint8Array.of(0x01, 0x00), { functional: true });
  await settle(p.clock);
  await sent;
  const m = await p.b.receive(10);
  assert.equal(m.functional, true);
  assert.deepEqual(m.payload, Uint8Array.of(0x01, 0x00));
  assert.equal(p.bus.log[0].id, 0x7df);
  await assert.rejects(p.a.send(bytes(8), { functional: true }), { code: 'functional-multi-frame' });
});

test('receive() times out with IsoTpTimeoutError', async () => {
  const p = makePair();
  await assert.rejects(p.b.receive(5), { name: 'IsoTpTimeoutError', timer: 'receive' });
});

test('trace holds the CAN frames and one isotp record per message', async () => {
  const p = makePair();
  await transfer(p, bytes(20));
  const isotp = p.trace.frames.filter((f) => f.protocol === 'isotp');
  assert.equal(isotp.length, 1);
  assert.equal(isotp[0].dir, 'tx');
  const can = p.trace.frames.filter((f) => f.protocol === 'can');
  assert.equal(can.length, 4);
  assert.equal(can[0].summary, '7E0#1014 01080F161D24');
});

test('real clock over a microtask bus: STmin 1 ms and 0xF3 (300 µs) are honoured, no violations', async () => {
  for (const stmin of [0x01, 0xf3]) {
    const bus = new LoopbackCanBus({ delivery: 'microtask' });
    const a = new IsoTpChannel(bus.open('a'), { txId: 0x7e0, rxId: 0x7e8 });
    const b = new IsoTpChannel(bus.open('b'), { txId: 0x7e8, rxId: 0x7e0, stmin });
    const payload = bytes(100);
    const rx = b.receive(5000);
    await a.send(payload);
    assert.deepEqual((await rx).payload, payload);
    const cfs = framesFrom(bus, 0x7e0).slice(1);
    const want = stmin === 1 ? 1000 : 300;
    for (let i = 1; i < cfs.length; i++) assert.ok(cfs[i].tUs! - cfs[i - 1].tUs! >= want - 1, `gap ${cfs[i].tUs! - cfs[i - 1].tUs!} < ${want}`);
    assert.deepEqual(b.violations, []);
    a.close();
    b.close();
  }
});

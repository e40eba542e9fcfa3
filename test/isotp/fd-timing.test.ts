import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, framesFrom, hex, makePair, settle, transfer } from './helpers';

test('CAN FD: 62 bytes fit one 64-byte single frame (00 3E)', async () => {
  const p = makePair({ txDl: 64 }, { txDl: 64 });
  const payload = bytes(62);
  assert.deepEqual(await transfer(p, payload), payload);
  const tx = framesFrom(p.bus, 0x7e0);
  assert.equal(tx.length, 1);
  assert.equal(tx[0].fd, true);
  assert.equal(tx[0].data.length, 64);
  assert.equal(hex(tx[0]).slice(0, 4), '003e');
});

test('CAN FD: 63 bytes need FF + CF; FF is a full 64-byte frame', async () => {
  const p = makePair({ txDl: 64 }, { txDl: 64 });
  const payload = bytes(63);
  assert.deepEqual(await transfer(p, payload), payload);
  const tx = framesFrom(p.bus, 0x7e0);
  assert.deepEqual(
    tx.map((f) => f.data.length),
    [64, 8],
  );
  assert.equal(hex(tx[0]).slice(0, 4), '103f');
  assert.deepEqual(p.b.violations, []);
});

test('CAN FD without padding rounds frames up to valid sizes', async () => {
  const p = makePair({ txDl: 64, txPadding: null }, { txDl: 64, txPadding: null });
  assert.deepEqual(await transfer(p, bytes(20)), bytes(20));
  assert.deepEqual(await transfer(p, bytes(70)), bytes(70));
  const lens = framesFrom(p.bus, 0x7e0).map((f) => f.data.length);
  // SF 2+20 → 24; FF 64 (62 bytes) + CF 1+8 → 12
  assert.deepEqual(lens, [24, 64, 12]);
});

test('CAN FD: 5000 bytes with escape FF and TX_DL 16', async () => {
  const p = makePair({ txDl: 16 }, { txDl: 16 });
  const payload = bytes(5000, 5);
  assert.deepEqual(await transfer(p, payload), payload);
  const tx = framesFrom(p.bus, 0x7e0);
  assert.equal(tx[0].data.length, 16);
  assert.equal(hex(tx[0]).slice(0, 12), '100000001388');
  assert.equal(tx.length, 1 + Math.ceil((5000 - 10) / 15));
  assert.deepEqual(p.b.violations, []);
});

test('an FD receiver takes its RX_DL from the FF: classic sender to FD-capable receiver', async () => {
  const p = makePair({ txDl: 8 }, { txDl: 64 });
  assert.deepEqual(await transfer(p, bytes(300)), bytes(300));
  assert.deepEqual(p.b.violations, []);
});

test('STmin 20 ms: CFs are spaced by at least 20 ms (fake clock)', async () => {
  const p = makePair({}, { stmin: 0x14 });
  assert.deepEqual(await transfer(p, bytes(50)), bytes(50));
  const cfs = framesFrom(p.bus, 0x7e0).slice(1);
  for (let i = 1; i < cfs.length; i++) assert.ok(cfs[i].tUs! - cfs[i - 1].tUs! >= 20_000);
  assert.deepEqual(p.b.violations, []);
});

test('STmin in µs (0xF5 = 500 µs) is honoured', async () => {
  const p = makePair({}, { stmin: 0xf5 });
  assert.deepEqual(await transfer(p, bytes(40)), bytes(40));
  const cfs = framesFrom(p.bus, 0x7e0).slice(1);
  const gaps = cfs.slice(1).map((f, i) => f.tUs! - cfs[i].tUs!);
  assert.ok(gaps.every((g) => g === 500), gaps.join(','));
  assert.deepEqual(p.b.violations, []);
});

test('a reserved STmin from the peer is treated as 127 ms and reported', async () => {
  const p = makePair({}, { faults: { flowControlStmin: 0xfa } });
  assert.deepEqual(await transfer(p, bytes(20)), bytes(20));
  const cfs = framesFrom(p.bus, 0x7e0).slice(1);
  assert.equal(cfs[1].tUs! - cfs[0].tUs!, 127_000);
  assert.equal(p.a.violations[0]?.kind, 'reserved-stmin');
});

test('block size 1 with STmin: one FC per CF', async () => {
  const p = makePair({}, { blockSize: 1, stmin: 1 });
  assert.deepEqual(await transfer(p, bytes(27)), bytes(27));
  assert.equal(framesFrom(p.bus, 0x7e8).length, 3);
  assert.deepEqual(p.b.violations, []);
});

test('wait frames: the receiver sends FC.WT twice, the sender waits and completes', async () => {
  const p = makePair({}, { waitFrames: 2, waitFrameIntervalMs: 300 });
  assert.deepEqual(await transfer(p, bytes(30)), bytes(30));
  const fcs = framesFrom(p.bus, 0x7e8);
  assert.deepEqual(
    fcs.map((f) => hex(f).slice(0, 2)),
    ['31', '31', '30'],
  );
  assert.equal(fcs[2].tUs! - fcs[0].tUs!, 600_000);
  assert.deepEqual(p.a.violations, []);
});

test('wait frames beyond N_WFTmax abort the send', async () => {
  const p = makePair({ maxWaitFrames: 1 }, { waitFrames: 3 });
  const sent = p.a.send(bytes(30));
  const check = assert.rejects(sent, { code: 'too-many-waits' });
  await settle(p.clock);
  await check;
  assert.equal(p.a.violations[0]?.kind, 'too-many-wait-frames');
});

test('overflow: a too-long FF is answered with FC.OVFLW and the send fails', async () => {
  const p = makePair({}, { maxRxLength: 100 });
  const sent = p.a.send(bytes(200));
  const check = assert.rejects(sent, { code: 'overflow' });
  await settle(p.clock);
  await check;
  assert.deepEqual(framesFrom(p.bus, 0x7e8).map((f) => hex(f).slice(0, 2)), ['32']);
  assert.deepEqual(p.b.violations, []);
  // the channel is usable again afterwards
  assert.deepEqual(await transfer(p, bytes(50)), bytes(50));
});

test('missing FC: N_Bs (custom 50 ms) expires, send rejects, violation reported', async () => {
  const p = makePair({ timers: { nBsMs: 50 } }, { faults: { noFlowControl: true } });
  const t0 = p.clock.nowUs();
  const sent = p.a.send(bytes(30));
  const check = assert.rejects(sent, { name: 'IsoTpTimeoutError', timer: 'N_Bs' });
  await settle(p.clock);
  await check;
  const v = p.a.violations.find((x) => x.kind === 'missing-flow-control');
  assert.ok(v);
  assert.equal(v.tUs - t0, 50_000);
  assert.deepEqual(p.b.violations, [], 'the silent side blames nobody');
});

test('missing FC after a block: N_Bs default 1000 ms', async () => {
  const p = makePair({}, { blockSize: 2, timers: { nBrMs: 10 } });
  const sent = p.a.send(bytes(40));
  const check = assert.rejects(sent, { timer: 'N_Bs' });
  await new Promise((r) => setImmediate(r));
  p.clock.advance(10_000); // first FC leaves, CF 1 and 2 follow, b's next FC is due in 10 ms
  assert.equal(framesFrom(p.bus, 0x7e0).length, 3);
  p.b.close(); // … and never comes
  await settle(p.clock);
  await check;
  assert.match(p.a.violations[0].message, /N_Bs 1000 ms \(after CF #2\)/);
});

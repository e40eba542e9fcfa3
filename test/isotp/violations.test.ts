import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, IsoTpEngine, type IsoTpViolation } from '../../src/isotp';
import { bytes, makePair, settle, transfer } from './helpers';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/ /g, ''), 'hex'));

async function run(p: ReturnType<typeof makePair>, n: number): Promise<void> {
  const sent = p.a.send(bytes(n));
  await settle(p.clock);
  await sent;
}

function kinds(vs: readonly IsoTpViolation[]): string[] {
  return vs.map((v) => v.kind);
}

test('wrong sequence number: detected with expected/actual, message dropped', async () => {
  const p = makePair({ faults: { wrongSequenceAt: 3 } });
  await run(p, 40);
  assert.deepEqual(kinds(p.b.violations), ['wrong-sequence-number']);
  assert.deepEqual(p.b.violations[0].details, { expected: 3, actual: 4, offset: 20 });
  assert.equal(p.b.violations[0].side, 'rx');
  await assert.rejects(p.b.receive(5), { timer: 'receive' });
});

test('a skipped CF shows as a wrong sequence number', async () => {
  const p = makePair({ faults: { skipConsecutiveAt: 2 } });
  await run(p, 40);
  assert.deepEqual(kinds(p.b.violations), ['wrong-sequence-number']);
});

test('sender going silent: N_Cr expires on the receiver', async () => {
  const p = makePair({}, { timers: { nCrMs: 200 } });
  p.a.engine.cfg.faults.stopAfterConsecutive = 2;
  await run(p, 60);
  assert.deepEqual(kinds(p.b.violations), ['missing-consecutive-frame']);
  assert.deepEqual(p.b.violations[0].details, { received: 20, length: 60, expectedSn: 3 });
});

test('STmin not honoured: back-to-back CFs against 10 ms', async () => {
  const p = makePair({ faults: { ignoreStmin: true } }, { stmin: 10 });
  await run(p, 60);
  assert.deepEqual(kinds(p.b.violations), ['stmin-not-honoured']);
  assert.equal(p.b.violations[0].details?.stminUs, 10_000);
  assert.equal(p.b.violations[0].details?.gapUs, 0);
  assert.equal((await p.b.receive(5)).payload.length, 60, 'the message is still delivered');
});

test('STmin tolerance: 9.95 ms passes, 9.8 ms fails for STmin 10 ms ± 100 µs', async () => {
  const ok = makePair({ faults: { stminOverrideUs: 9950 } }, { stmin: 10 });
  await run(ok, 60);
  assert.deepEqual(ok.b.violations, []);
  const bad = makePair({ faults: { stminOverrideUs: 9800 } }, { stmin: 10 });
  await run(bad, 60);
  assert.deepEqual(kinds(bad.b.violations), ['stmin-not-honoured']);
});

test('STmin in µs: 500 µs gaps against 0xF9 (900 µs) are reported', async () => {
  const p = makePair({ faults: { stminOverrideUs: 500 } }, { stmin: 0xf9 });
  await run(p, 30);
  assert.deepEqual(kinds(p.b.violations), ['stmin-not-honoured']);
  assert.equal(p.b.violations[0].details?.gapUs, 500);
});

test('block size not honoured: CFs keep coming before the next FC', async () => {
  const p = makePair({ faults: { ignoreBlockSize: true } }, { blockSize: 2, timers: { nBrMs: 5 } });
  await run(p, 60);
  assert.ok(kinds(p.b.violations).includes('block-size-not-honoured'), JSON.stringify(p.b.violations));
});

test('padding: wrong byte and missing padding are reported', async () => {
  const wrong = makePair({ faults: { padding: 0xaa } }, { rxPadding: { byte: 0xcc } });
  await run(wrong, 3);
  assert.deepEqual(kinds(wrong.b.violations), ['bad-padding']);
  assert.match(wrong.b.violations[0].message, /0xaa at offset 4, expected 0xcc/);

  const none = makePair({ faults: { padding: 'none' } }, { rxPadding: 'required' });
  await run(none, 10);
  assert.deepEqual(kinds(none.b.violations), ['bad-padding']);
  assert.match(none.b.violations[0].message, /not padded/);

  const fc = makePair({ rxPadding: 'required' }, { txPadding: null });
  await run(fc, 10);
  assert.deepEqual(kinds(fc.a.violations), ['bad-padding'], 'unpadded FC seen by the sender');
  assert.equal(fc.a.violations[0].side, 'tx');
});

test('invalid CAN FD length is reported (13 bytes)', async () => {
  const p = makePair({ txDl: 64, faults: { fdLength: 13 } }, { txDl: 64 }, { allowInvalid: true });
  await run(p, 11);
  assert.ok(kinds(p.b.violations).includes('invalid-fd-length'), JSON.stringify(p.b.violations));
});

test('unexpected frame types: CF without FF, FC unasked, FF on functional id, SF mid-message', async () => {
  const p = makePair({}, { timers: { nBrMs: 50 } });
  const inj = p.bus.open('inj');
  inj.send({ id: 0x7e0, data: h('21 01 02 03 04 05 06 07') });
  inj.send({ id: 0x7e8, data: h('30 00 00 cc cc cc cc cc') });
  inj.send({ id: 0x7df, data: h('10 10 01 02 03 04 05 06') });
  inj.send({ id: 0x7e0, data: h('10 10 01 02 03 04 05 06') });
  inj.send({ id: 0x7e0, data: h('02 3e 00 cc cc cc cc cc') });
  await settle(p.clock);
  assert.deepEqual(kinds(p.b.violations), ['unexpected-frame-type', 'unexpected-frame-type', 'unexpected-frame-type']);
  assert.deepEqual(kinds(p.a.violations), ['unexpected-frame-type']);
  assert.match(p.b.violations[0].message, /CF sn=1 without a preceding FF/);
  assert.match(p.b.violations[1].message, /FF on the functional address/);
  assert.match(p.b.violations[2].message, /SF while receiving/);
  assert.deepEqual((await p.b.receive(5)).payload, h('3e 00'), 'the SF is still delivered');
});

test('a CF before our FC is flagged', async () => {
  const p = makePair({}, { timers: { nBrMs: 50 } });
  const inj = p.bus.open('inj');
  inj.send({ id: 0x7e0, data: h('10 0a 01 02 03 04 05 06') });
  inj.send({ id: 0x7e0, data: h('21 07 08 09 0a cc cc cc') });
  await settle(p.clock);
  assert.deepEqual(kinds(p.b.violations), ['unexpected-frame-type']);
  assert.match(p.b.violations[0].message, /CF before this side sent its FC/);
});

test('malformed PCI from the peer: reserved type, bad lengths, escape FF misuse', async () => {
  const p = makePair();
  const inj = p.bus.open('inj');
  for (const f of ['40 00 00 00 00 00 00 00', '09 01 02 03 04 05 06 07', '10 03 01 02 03 cc cc cc', '00 00 cc cc cc cc cc cc']) {
    inj.send({ id: 0x7e0, data: h(f) });
  }
  await settle(p.clock);
  assert.deepEqual(kinds(p.b.violations), ['malformed-pci', 'malformed-pci', 'malformed-pci', 'malformed-pci']);
  const esc = makePair({ faults: { escapeFirstFrameAlways: true } });
  const sent = esc.a.send(bytes(100));
  const check = assert.rejects(sent, { timer: 'N_Bs' });
  await settle(esc.clock);
  await check;
  assert.deepEqual(kinds(esc.b.violations), ['malformed-pci']);
  assert.match(esc.b.violations[0].message, /escape FF length 100/);
});

test('short non-last CF is an invalid frame length and aborts the reception', async () => {
  const p = makePair({}, {});
  const inj = p.bus.open('inj');
  inj.send({ id: 0x7e0, data: h('10 14 01 02 03 04 05 06') });
  inj.send({ id: 0x7e0, data: h('21 07 08 09') });
  await settle(p.clock);
  assert.deepEqual(kinds(p.b.violations), ['invalid-frame-length']);
});

test('reserved flow status aborts the send', async () => {
  const p = makePair({}, { faults: { flowStatus: 5 } });
  const sent = p.a.send(bytes(30));
  const check = assert.rejects(sent, { code: 'flow-status' });
  await settle(p.clock);
  await check;
  assert.deepEqual(kinds(p.a.violations), ['reserved-flow-status']);
});

test('N_As: a CAN send slower than N_As fails the transfer', async () => {
  const clock = new FakeClock();
  const engine = new IsoTpEngine(
    { timers: { nAsMs: 100 } },
    {
      clock,
      transmit: () => clock.advance(150_000),
      deliver: () => undefined,
      report: () => undefined,
    },
  );
  await assert.rejects(engine.send(bytes(5)), { timer: 'N_As' });
});

test('every violation is also a trace note with problems', async () => {
  const p = makePair({ faults: { wrongSequenceAt: 1 } }, {});
  // trace the receiving side too
  const q = makePair({ faults: { wrongSequenceAt: 1 } }, { trace: p.trace });
  await run(q, 20);
  const notes = p.trace.frames.filter((f) => f.protocol === 'isotp' && f.dir === 'note');
  assert.equal(notes.length, 1);
  assert.equal(notes[0].summary, 'violation wrong-sequence-number');
  assert.match(notes[0].problems?.[0] ?? '', /sequence number 2, expected 1/);
  await transfer(p, bytes(3));
});

test('STmin gaps on kernel stamps when both CFs have one: a JS batch is no violation, a kernel gap too short is', () => {
  const run = (stamps: [number, number | undefined][]) => {
    const clock = new FakeClock();
    const violations: IsoTpViolation[] = [];
    const rx = new IsoTpEngine({ stmin: 1 }, { clock, transmit: () => undefined, deliver: () => undefined, report: (v) => violations.push(v) });
    rx.handleFrame(Uint8Array.from([0x10, 20, 1, 2, 3, 4, 5, 6]), 0, false, 0);
    stamps.forEach(([tUs, kernelUs], i) => rx.handleFrame(Uint8Array.from([0x21 + i, 1, 2, 3, 4, 5, 6, 7]), tUs, false, kernelUs));
    return violations.map((v) => `${v.kind}:${(v.details as { clock?: string }).clock}`);
  };
  // read in one JS batch (arrival 5 µs apart) but 1.2 ms apart on the kernel's stamps: honoured
  assert.deepEqual(run([[3000, 1000], [3005, 2200]]), []);
  // arrival 2 ms apart, kernel 300 µs apart: not honoured, measured on the kernel's clock
  assert.deepEqual(run([[3000, 1000], [5000, 1300]]), ['stmin-not-honoured:kernel']);
  // one CF without a kernel stamp: both ends on arrival stamps
  assert.deepEqual(run([[3000, 1000], [3005, undefined]]), ['stmin-not-honoured:monotonic']);
});

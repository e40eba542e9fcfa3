import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock, IsoTpEngine, type IsoTpMessage, type IsoTpViolation } from '../../src/isotp';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = new Set([
  'wrong-sequence-number',
  'missing-flow-control',
  'missing-consecutive-frame',
  'stmin-not-honoured',
  'block-size-not-honoured',
  'bad-padding',
  'invalid-fd-length',
  'invalid-frame-length',
  'unexpected-frame-type',
  'malformed-pci',
  'reserved-flow-status',
  'reserved-stmin',
  'too-many-wait-frames',
]);

test('random frames never throw out of the engine and only yield known violations', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const next = rng(seed);
    const clock = new FakeClock();
    const violations: IsoTpViolation[] = [];
    const messages: IsoTpMessage[] = [];
    const engine = new IsoTpEngine(
      { txDl: seed % 2 ? 8 : 64, rxPadding: 'required', stmin: 1, blockSize: 3, maxRxLength: 5000 },
      { clock, transmit: () => undefined, deliver: (m) => messages.push(m), report: (v) => violations.push(v) },
    );
    const sizes = [0, 1, 2, 3, 5, 7, 8, 12, 13, 16, 20, 24, 32, 48, 64];
    for (let i = 0; i < 3000; i++) {
      const len = sizes[Math.floor(next() * sizes.length)];
      const data = new Uint8Array(len);
      for (let j = 0; j < len; j++) data[j] = Math.floor(next() * 256);
      // bias the first nibble towards valid PCI types so the state machine gets exercised
      if (len > 0 && next() < 0.7) data[0] = (Math.floor(next() * 4) << 4) | (data[0] & 0x0f);
      engine.handleFrame(data, clock.nowUs(), next() < 0.05);
      clock.advance(Math.floor(next() * 3000));
    }
    clock.runUntilIdle();
    for (const v of violations) assert.ok(KINDS.has(v.kind), v.kind);
    for (const m of messages) assert.ok(m.payload.length > 0 && m.payload.length <= 5000);
    assert.ok(violations.length > 100, `seed ${seed}: ${violations.length} violations`);
  }
});

test('a valid message still gets through after a storm of garbage', async () => {
  const clock = new FakeClock();
  const out: Uint8Array[] = [];
  const got: IsoTpMessage[] = [];
  const rx = new IsoTpEngine({}, { clock, transmit: (f) => out.push(f), deliver: (m) => got.push(m), report: () => undefined });
  const next = rng(42);
  for (let i = 0; i < 500; i++) rx.handleFrame(Uint8Array.from({ length: 8 }, () => Math.floor(next() * 256)), clock.nowUs());
  clock.runUntilIdle();
  got.length = 0;
  rx.handleFrame(Uint8Array.from([0x10, 0x0a, 1, 2, 3, 4, 5, 6]), clock.nowUs());
  assert.equal(out[out.length - 1][0], 0x30, 'FC sent');
  rx.handleFrame(Uint8Array.from([0x21, 7, 8, 9, 10, 0xcc, 0xcc, 0xcc]), clock.nowUs());
  assert.equal(got.length, 1);
  assert.deepEqual([...got[0].payload], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

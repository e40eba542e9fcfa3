import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FrameType,
  PciError,
  decodePci,
  encodeFirst,
  encodeSingle,
  finishFrame,
  isReservedStmin,
  stminToUs,
  usToStmin,
} from '../../src/isotp';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/ /g, ''), 'hex'));

test('STmin byte ↔ microseconds, reserved values count as 127 ms', () => {
  assert.equal(stminToUs(0x00), 0);
  assert.equal(stminToUs(0x14), 20_000);
  assert.equal(stminToUs(0x7f), 127_000);
  assert.equal(stminToUs(0xf1), 100);
  assert.equal(stminToUs(0xf9), 900);
  for (const r of [0x80, 0xf0, 0xfa, 0xff]) {
    assert.equal(stminToUs(r), 127_000);
    assert.ok(isReservedStmin(r));
  }
  assert.equal(usToStmin(0), 0);
  assert.equal(usToStmin(100), 0xf1);
  assert.equal(usToStmin(450), 0xf5);
  assert.equal(usToStmin(1000), 1);
  assert.equal(usToStmin(1500), 2);
});

test('decodes SF, FD SF, FF, escape FF, CF, FC', () => {
  assert.deepEqual(decodePci(h('03 22 f1 90 cc cc cc cc')), { type: FrameType.Single, length: 3, dataOffset: 1, escaped: false });
  const fd = new Uint8Array(64);
  fd[1] = 62;
  assert.deepEqual(decodePci(fd), { type: FrameType.Single, length: 62, dataOffset: 2, escaped: true });
  assert.deepEqual(decodePci(h('10 14 01 02 03 04 05 06')), { type: FrameType.First, length: 20, dataOffset: 2, escaped: false });
  assert.deepEqual(decodePci(h('10 00 00 00 10 00 01 02')), { type: FrameType.First, length: 4096, dataOffset: 6, escaped: true });
  assert.deepEqual(decodePci(h('2f 01')), { type: FrameType.Consecutive, sn: 15, dataOffset: 1 });
  assert.deepEqual(decodePci(h('30 08 f5')), { type: FrameType.FlowControl, status: 0, blockSize: 8, stmin: 0xf5, dataOffset: 3 });
});

test('malformed PCI is rejected with a reason', () => {
  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['08 01 02 03 04 05 06 07', /SF length 8 > 7/],
    ['05 01 02', /exceeds frame/],
    ['00 03 01 02 03 cc cc cc', /SF length 0/],
    ['10 05 01 02 03 04 05 06', /FF length 5 < 8/],
    ['10 14 01 02', /FF in a 4-byte frame/],
    ['10 00 00 00 0f ff 01 02', /escape FF length 4095/],
    ['30 00', /FC in a 2-byte frame/],
    ['40 00 00', /reserved PCI type 0x4/],
    ['f0', /reserved PCI type 0xf/],
  ];
  for (const [hex, re] of bad) {
    assert.throws(
      () => decodePci(h(hex)),
      (e: unknown) => e instanceof PciError && re.test(e.message),
      hex,
    );
  }
  const fd12 = new Uint8Array(12);
  fd12[0] = 0x05;
  assert.throws(() => decodePci(fd12), /4-bit length in a 12-byte CAN FD frame/);
});

test('encoding: SF, FD SF, FF, escape FF, padding and FD rounding', () => {
  assert.deepEqual([...encodeSingle(h('3e 00'), 8)], [0x02, 0x3e, 0x00]);
  const sf = encodeSingle(new Uint8Array(20), 64);
  assert.equal(sf[0], 0);
  assert.equal(sf[1], 20);
  assert.throws(() => encodeSingle(new Uint8Array(8), 8), /do not fit/);
  const { frame, used } = encodeFirst(new Uint8Array(100), 8);
  assert.deepEqual([...frame.subarray(0, 2)], [0x10, 100]);
  assert.equal(used, 6);
  const esc = encodeFirst(new Uint8Array(70000), 64);
  assert.deepEqual([...esc.frame.subarray(0, 6)], [0x10, 0, 0, 1, 0x11, 0x70]);
  assert.equal(esc.used, 58);
  assert.deepEqual([...finishFrame(h('02 3e 00'), { txDl: 8, padding: 0xaa })], [2, 0x3e, 0, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa]);
  assert.equal(finishFrame(h('02 3e 00'), { txDl: 8, padding: null }).length, 3);
  assert.equal(finishFrame(new Uint8Array(22), { txDl: 64, padding: null }).length, 24);
  assert.equal(finishFrame(new Uint8Array(5), { txDl: 64, padding: 0xcc }).length, 8);
});

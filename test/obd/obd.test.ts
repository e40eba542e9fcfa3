import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodecError, VerdictError } from '../../src/core/errors';
import { parseHex, hex } from '../../src/uds/codec';
import { createLinkPair } from '../../src/uds/link';
import * as c from '../../src/obd/codec';
import { ObdTester } from '../../src/obd/tester';
import { ReferenceEcu } from '../../src/reference/ecu/ecu';

test('PID bitmaps, values, DTC text, VIN codec', () => {
  const bm = c.encodePidBitmap(0, [0x01, 0x04, 0x05, 0x0c, 0x0d, 0x20]);
  assert.equal(hex(bm), '98 18 00 01');
  assert.deepEqual(c.decodePidBitmap(0, bm), [0x01, 0x04, 0x05, 0x0c, 0x0d, 0x20]);
  assert.throws(() => c.decodePidBitmap(0, Uint8Array.of(1, 2, 3)), CodecError);
  assert.equal(c.decodePidValue(0x0c, parseHex('1A F8')).value, 1726);
  assert.equal(c.decodePidValue(0x05, parseHex('5A')).value, 50);
  assert.equal(c.decodePidValue(0x42, parseHex('33 E8')).value, 13.288);
  assert.equal(c.decodePidValue(0x04, parseHex('FF')).value, 100);
  assert.equal(c.formatDtc(0x0133), 'P0133');
  assert.equal(c.formatDtc(0xc073), 'U0073');
  assert.equal(c.parseDtc('U0073'), 0xc073);
  assert.throws(() => c.parseDtc('X1234'), CodecError);
  assert.deepEqual(c.decodeDtcResponse(0x03, parseHex('43 02 01 33 04 20')), [0x0133, 0x0420]);
  assert.throws(() => c.decodeDtcResponse(0x03, parseHex('43 02 01 33')), /announces 2 DTC/);
  assert.throws(() => c.decodePidResponse(0x01, parseHex('41 0C 1A')), /2 data bytes expected/);
  assert.equal(c.decodeInfoString(0x02, c.encodeInfoString(0x02, 'WEVC0NF0RMANCE001', 17)), 'WEVC0NF0RMANCE001');
});

function setup(faults: string[] = []) {
  const [a, b] = createLinkPair();
  const ref = new ReferenceEcu(b, { faults });
  const obd = new ObdTester(a, { p2Ms: 200 });
  return { ref, obd, close: async () => (await obd.close(), await ref.close(), await a.close()) };
}

test('OBD tester against the reference responder: PIDs, bitmap, DTCs, clear, VIN', async () => {
  const t = setup();
  try {
    const pids = await t.obd.supportedPids();
    assert.deepEqual(pids, [0x01, 0x04, 0x05, 0x0c, 0x0d, 0x2f, 0x42]);
    assert.equal((await t.obd.readPid(0x0d)).value, 50);
    assert.equal((await t.obd.readPid(0x0c)).unit, 'rpm');
    await t.obd.verifyPidBitmap([0x04, 0x05, 0x0c, 0x0d, 0x0f]);
    assert.deepEqual(await t.obd.readDtcs(), ['P0133', 'P0420']);
    assert.deepEqual(await t.obd.readDtcs(0x07), ['P0171']);
    assert.match(String((await t.obd.readPid(0x01)).value), /MIL on, 2 DTC/);
    await t.obd.clearDtcs();
    assert.deepEqual(await t.obd.readDtcs(), []);
    assert.equal(await t.obd.readVin(), 'WEVC0NF0RMANCE001');
    await assert.rejects(t.obd.readPid(0x0f), /no response/);
  } finally {
    await t.close();
  }
});

test('fault obd-wrong-pid-bitmap is caught by verifyPidBitmap', async () => {
  const t = setup(['obd-wrong-pid-bitmap']);
  try {
    await assert.rejects(t.obd.verifyPidBitmap([0x0c]), (e: Error) => e instanceof VerdictError && /0xc answers but the bitmap does not announce it/.test(e.message));
  } finally {
    await t.close();
  }
});

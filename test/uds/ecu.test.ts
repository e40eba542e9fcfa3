import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hex, parseHex } from '../../src/uds/codec';
import { computeKey } from '../../src/uds/seedkey';
import * as v from '../../src/uds/verdicts';
import { setup } from './helpers';

test('sessions: default → extended reports P2/P2*, programming → extended refused', async () => {
  const t = setup();
  try {
    const ex = await t.tester.request(parseHex('10 03'));
    v.assertSessionTiming(ex, 50, 5000);
    assert.equal(t.ecu.session.name, 'extended');
    await t.tester.startSession(0x02);
    v.assertNegative(await t.tester.request(parseHex('10 03')), 0x7e);
    v.assertNegative(await t.tester.request(parseHex('10 05')), 0x12);
    v.assertNegative(await t.tester.request(parseHex('10')), 0x13);
  } finally {
    await t.close();
  }
});

test('unknown service → 0x11; functional unknown service → silence', async () => {
  const t = setup();
  try {
    v.assertNegative(await t.tester.request(parseHex('BA 01')), 0x11);
    v.assertNoResponse(await t.tester.request(parseHex('BA 01'), { functional: true, timeoutMs: 100 }));
  } finally {
    await t.close();
  }
});

test('S3 timeout drops back to default and relocks; tester present keeps session', async () => {
  const t = setup((r) => (r.s3Ms = 120));
  try {
    await t.tester.startSession(0x03);
    t.tester.startKeepAlive(50);
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(t.ecu.session.id, 0x03, 'keep-alive holds the session');
    t.tester.stopKeepAlive();
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(t.ecu.session.id, 0x01);
    assert.ok(t.ecu.events.some((e) => e.kind === 's3-timeout'));
  } finally {
    await t.close();
  }
});

test('tester present: 3E 00 answered, 3E 80 suppressed, 3E 01 → 0x12', async () => {
  const t = setup();
  try {
    assert.equal(hex(v.assertPositive(await t.tester.request(parseHex('3E 00')))), '7E 00');
    v.assertNoResponse(await t.tester.request(parseHex('3E 80')));
    v.assertNegative(await t.tester.request(parseHex('3E 01')), 0x12);
  } finally {
    await t.close();
  }
});

test('security access: sequence error, invalid key, exceeded attempts and delay', async () => {
  const t = setup((r) => (r.security.delayMs = 150));
  try {
    v.assertNegative(await t.tester.request(parseHex('27 01')), 0x7e, undefined);
    await t.tester.startSession(0x03);
    v.assertNegative(await t.tester.request(parseHex('27 02 00 00 00 00')), 0x24);
    for (let i = 1; i <= 3; i++) {
      const seed = v.assertPositive(await t.tester.request(parseHex('27 01')));
      assert.equal(hex(seed), '67 01 11 22 33 44');
      v.assertNegative(await t.tester.request(parseHex('27 02 00 00 00 00')), i < 3 ? 0x35 : 0x36);
    }
    v.assertNegative(await t.tester.request(parseHex('27 01')), 0x37);
    await new Promise((r) => setTimeout(r, 170));
    await t.tester.unlock(0x01, 'xor', 0x5a5a5a5a);
    assert.equal(t.ecu.securityLevel, 1);
    // already unlocked → zero seed
    assert.equal(hex(v.assertPositive(await t.tester.request(parseHex('27 01')))), '67 01 00 00 00 00');
  } finally {
    await t.close();
  }
});

test('every session transition relocks security, also re-entering the active non-default session (10 03 in extended)', async () => {
  const t = setup();
  try {
    await t.tester.startSession(0x03);
    await t.tester.unlock(0x01, 'xor', 0x5a5a5a5a);
    assert.equal(t.ecu.securityLevel, 1);
    v.assertPositive(await t.tester.request(parseHex('10 03')));
    assert.equal(t.ecu.session.id, 0x03);
    assert.equal(t.ecu.securityLevel, 0, 'still unlocked after 10 03 in extended');
    assert.equal(hex(v.assertPositive(await t.tester.request(parseHex('27 01')))), '67 01 11 22 33 44', 'a locked level hands out a real seed');
  } finally {
    await t.close();
  }
});

test('DIDs: read, multi-read, unknown, write needs session + security + length', async () => {
  const t = setup();
  try {
    assert.equal(Buffer.from(await t.tester.readDid(0xf190)).toString('latin1'), 'WEVC0NF0RMANCE001');
    assert.equal(hex(v.assertPositive(await t.tester.request(parseHex('22 F1 86 01 00')))), '62 F1 86 01 01 00 00 20');
    v.assertNegative(await t.tester.request(parseHex('22 F1 99')), 0x31);
    v.assertNegative(await t.tester.request(parseHex('22 F1')), 0x13);
    v.assertNegative(await t.tester.request(parseHex('22 02 00')), 0x33);
    v.assertNegative(await t.tester.request(parseHex('2E 01 00 00 10')), 0x31);
    await t.tester.startSession(0x03);
    v.assertNegative(await t.tester.request(parseHex('2E 01 00 00 10')), 0x33);
    await t.tester.unlock(0x01, 'xor', 0x5a5a5a5a);
    v.assertNegative(await t.tester.request(parseHex('2E 01 00 10')), 0x13);
    await t.tester.writeDid(0x0100, [0x00, 0x10]);
    assert.equal(hex(await t.tester.readDid(0x0100)), '00 10');
  } finally {
    await t.close();
  }
});

test('DTCs: count, by mask, supported, clear', async () => {
  const t = setup();
  try {
    assert.equal(hex(v.assertPositive(await t.tester.request(parseHex('19 01 08')))), '59 01 FF 01 00 02');
    assert.deepEqual((await t.tester.readDtcs(0x01)).map((d) => d.code), [0x123456]);
    assert.equal((v.assertPositive(await t.tester.request(parseHex('19 0A'))).length - 3) / 4, 3);
    v.assertNegative(await t.tester.request(parseHex('19 42 08')), 0x12);
    v.assertPositive(await t.tester.request(parseHex('14 FF FF FF')));
    assert.deepEqual(await t.tester.readDtcs(0x08), []);
    v.assertNegative(await t.tester.request(parseHex('14 99 99 99')), 0x31);
  } finally {
    await t.close();
  }
});

test('ReadMemoryByAddress: in range, out of range, secured area, bad ALFID', async () => {
  const t = setup();
  try {
    assert.equal(hex(v.assertPositive(await t.tester.request(parseHex('23 14 00 00 10 04 04')))), '63 44 55 66 77');
    v.assertNegative(await t.tester.request(parseHex('23 14 00 00 10 0E 04')), 0x31);
    v.assertNegative(await t.tester.request(parseHex('23 14 00 00 20 00 02')), 0x33);
    v.assertNegative(await t.tester.request(parseHex('23 00 10')), 0x31);
    v.assertNegative(await t.tester.request(parseHex('23 14 00 00')), 0x13);
  } finally {
    await t.close();
  }
});

test('routines: slow routine answered with 0x78 then positive; results need a start', async () => {
  const t = setup();
  try {
    await t.tester.startSession(0x02);
    await t.tester.unlock(0x01, 'xor', 0x5a5a5a5a);
    v.assertNegative(await t.tester.request(parseHex('31 03 FF 00')), 0x24);
    const ex = await t.tester.request(parseHex('31 01 FF 00'));
    v.assertResponsePending(ex);
    assert.equal(hex(v.assertPositive(ex)), '71 01 FF 00 00');
    assert.equal(hex(v.assertPositive(await t.tester.request(parseHex('31 03 FF 00')))), '71 03 FF 00 00');
    v.assertNegative(await t.tester.request(parseHex('31 01 12 34')), 0x31);
    v.assertNegative(await t.tester.request(parseHex('31 04 FF 00')), 0x12);
  } finally {
    await t.close();
  }
});

test('download: sequence, wrong counter 0x73, repeat accepted, exit early 0x24, image readable', async () => {
  const t = setup();
  try {
    v.assertNegative(await t.tester.request(parseHex('34 00 44 00 01 00 00 00 00 00 10')), 0x7f);
    await t.tester.startSession(0x02);
    v.assertNegative(await t.tester.request(parseHex('34 00 44 00 01 00 00 00 00 00 10')), 0x33);
    await t.tester.unlock(0x01, 'xor', 0x5a5a5a5a);
    v.assertNegative(await t.tester.request(parseHex('36 01 00')), 0x24);
    v.assertNegative(await t.tester.request(parseHex('34 00 44 00 09 00 00 00 00 00 10')), 0x31);
    assert.equal(hex(v.assertPositive(await t.tester.request(parseHex('34 00 44 00 01 00 00 00 00 00 08')))), '74 20 01 02');
    v.assertNegative(await t.tester.request(parseHex('36 02 00')), 0x73);
    v.assertPositive(await t.tester.request(parseHex('36 01 01 02 03 04')));
    v.assertPositive(await t.tester.request(parseHex('36 01 01 02 03 04')));
    v.assertNegative(await t.tester.request(parseHex('37')), 0x24);
    v.assertPositive(await t.tester.request(parseHex('36 02 05 06 07 08')));
    v.assertNegative(await t.tester.request(parseHex('36 03 09')), [0x73, 0x71]);
    v.assertPositive(await t.tester.request(parseHex('37')));
    assert.equal(hex(v.assertPositive(await t.tester.request(parseHex('23 14 00 01 00 00 08')))), '63 01 02 03 04 05 06 07 08');
    const blocks = await t.tester.download(0x10100, new Uint8Array(600).fill(0xab));
    assert.equal(blocks, 3);
  } finally {
    await t.close();
  }
});

test('ECUReset answers then resets to default session; comm control and DTC setting only in extended', async () => {
  const t = setup();
  try {
    v.assertNegative(await t.tester.request(parseHex('28 00 01')), 0x7f);
    await t.tester.startSession(0x03);
    assert.equal(hex(v.assertPositive(await t.tester.request(parseHex('28 01 01')))), '68 01');
    assert.equal(hex(v.assertPositive(await t.tester.request(parseHex('85 02')))), 'C5 02');
    v.assertSuppressed(await t.tester.request(parseHex('85 81')));
    assert.equal(hex(v.assertPositive(await t.tester.request(parseHex('11 01')))), '51 01');
    await new Promise((r) => setImmediate(r));
    assert.equal(t.ecu.session.id, 1);
    v.assertNegative(await t.tester.request(parseHex('11 05')), 0x12);
  } finally {
    await t.close();
  }
});

test('key computed by the tester matches the fixture algorithm', () => {
  assert.equal(hex(computeKey('xor', parseHex('11 22 33 44'), 0x5a5a5a5a)), '4B 78 69 1E');
});

test('suppressPosRsp on a slow routine: after 0x78 the final positive response is still sent', async () => {
  const t = setup();
  try {
    await t.tester.startSession(0x02);
    await t.tester.unlock(0x01, 'xor', 0x5a5a5a5a);
    const ex = await t.tester.request(parseHex('31 81 FF 00'));
    v.assertResponsePending(ex);
    assert.equal(hex(ex.final!.data), '71 01 FF 00 00');
  } finally {
    await t.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bytes, framesFrom, hex, makePair, settle, transfer } from './helpers';

const EXT_A = { txAddressExtension: 0x10, rxAddressExtension: 0xf1 };
const EXT_B = { txAddressExtension: 0xf1, rxAddressExtension: 0x10 };

test('extended addressing: every frame leads with the target byte; SF carries 6 bytes', async () => {
  const p = makePair(EXT_A, EXT_B);
  assert.deepEqual(await transfer(p, bytes(6)), bytes(6));
  assert.equal(hex(framesFrom(p.bus, 0x7e0)[0]), '1006' + Buffer.from(bytes(6)).toString('hex'));
  assert.deepEqual(await transfer(p, bytes(7)), bytes(7));
  const tx = framesFrom(p.bus, 0x7e0).slice(1).map(hex);
  assert.deepEqual(tx, ['101007' + Buffer.from(bytes(7).subarray(0, 5)).toString('hex'), '1021' + Buffer.from(bytes(7).subarray(5)).toString('hex') + 'cccccccc']);
  assert.equal(hex(framesFrom(p.bus, 0x7e8)[0]), 'f1300000cccccccc');
  assert.deepEqual(p.b.violations, []);
  assert.deepEqual(p.a.violations, []);
});

test('extended addressing: long classic and FD messages, both directions', async () => {
  const p = makePair(EXT_A, EXT_B);
  assert.deepEqual(await transfer(p, bytes(4095)), bytes(4095));
  assert.deepEqual(await transfer(p, bytes(300), p.b, p.a), bytes(300));
  const fd = makePair({ ...EXT_A, txDl: 64 }, { ...EXT_B, txDl: 64 });
  assert.deepEqual(await transfer(fd, bytes(61)), bytes(61));
  assert.equal(framesFrom(fd.bus, 0x7e0)[0].data.length, 64);
  assert.deepEqual(await transfer(fd, bytes(5000)), bytes(5000));
  assert.deepEqual(fd.b.violations, []);
});

test('extended addressing: frames for another address byte are ignored', async () => {
  const p = makePair(EXT_A, EXT_B);
  const inj = p.bus.open('inj');
  inj.send({ id: 0x7e0, data: Uint8Array.from(Buffer.from('2002aabbcccccccc', 'hex')) });
  inj.send({ id: 0x7e0, data: Uint8Array.from(Buffer.from('1002ccddcccccccc', 'hex')) });
  await settle(p.clock);
  assert.deepEqual([...(await p.b.receive(10)).payload], [0xcc, 0xdd]);
  await assert.rejects(p.b.receive(5));
  assert.deepEqual(p.b.violations, []);
});

test('extended addressing: padding is checked on the whole frame', async () => {
  const p = makePair({ ...EXT_A, faults: { padding: 'none' } }, { ...EXT_B, rxPadding: 'required' });
  await transfer(p, bytes(3));
  assert.equal(p.b.violations[0]?.kind, 'bad-padding');
  assert.match(p.b.violations[0].message, /frame of 5 bytes/);
});

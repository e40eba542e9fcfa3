import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodecError } from '../../src/core/errors';
import { decodeNegativeResponse, hasSuppressBit, hex, parseHex, summarize } from '../../src/uds/codec';
import { describeNrc, isNrcAllowed } from '../../src/uds/nrc';
import * as s from '../../src/uds/services';
import { computeKey } from '../../src/uds/seedkey';

test('hex/parseHex round trip and forms', () => {
  assert.equal(hex(parseHex('22 F190')), '22 F1 90');
  assert.equal(hex(parseHex('0x10,0x03')), '10 03');
  assert.equal(hex(parseHex('3')), '03');
  assert.throws(() => parseHex('22 ZZ'), CodecError);
});

test('negative response codec rejects short and long PDUs', () => {
  assert.deepEqual(decodeNegativeResponse(Uint8Array.of(0x7f, 0x22, 0x31)), { requestSid: 0x22, nrc: 0x31 });
  assert.throws(() => decodeNegativeResponse(Uint8Array.of(0x7f, 0x22)), CodecError);
  assert.throws(() => decodeNegativeResponse(Uint8Array.of(0x7f, 0x22, 0x31, 0x00)), CodecError);
  assert.throws(() => decodeNegativeResponse(Uint8Array.of(0x62, 0x22, 0x31)), CodecError);
});

test('NRC names and allowed sets', () => {
  assert.equal(describeNrc(0x31), '0x31 requestOutOfRange');
  assert.equal(describeNrc(0x78), '0x78 responsePending');
  assert.ok(isNrcAllowed(0x27, 0x36));
  assert.ok(!isNrcAllowed(0x3e, 0x31));
  assert.ok(isNrcAllowed(0x3e, 0x7f), 'general NRCs allowed for every service');
  assert.ok(!isNrcAllowed(0x99, 0x31));
});

test('session control codec with P2* in 10 ms units', () => {
  const rsp = s.encodeSessionResponse({ sessionType: 3, p2Ms: 50, p2StarMs: 5000 });
  assert.equal(hex(rsp), '50 03 00 32 01 F4');
  assert.deepEqual(s.decodeSessionResponse(rsp), { sessionType: 3, p2Ms: 50, p2StarMs: 5000 });
  assert.throws(() => s.decodeSessionResponse(Uint8Array.of(0x50, 0x03, 0x00)), CodecError);
  assert.deepEqual(s.decodeSessionRequest(Uint8Array.of(0x10, 0x83)), { sessionType: 3, suppress: true });
  assert.throws(() => s.decodeSessionRequest(Uint8Array.of(0x10)), CodecError);
});

test('suppress bit only for sub-function services', () => {
  assert.ok(hasSuppressBit(Uint8Array.of(0x3e, 0x80)));
  assert.ok(!hasSuppressBit(Uint8Array.of(0x22, 0xf1, 0x90)));
  assert.ok(!hasSuppressBit(Uint8Array.of(0x10, 0x03)));
});

test('ReadDataByIdentifier request/response, several DIDs need lengths', () => {
  assert.equal(hex(s.encodeReadDidRequest(0xf190, 0xf18c)), '22 F1 90 F1 8C');
  assert.deepEqual(s.decodeReadDidRequest(parseHex('22 F1 90')).dids, [0xf190]);
  assert.throws(() => s.decodeReadDidRequest(parseHex('22 F1')), CodecError);
  const rsp = s.encodeReadDidResponse([{ did: 0x0100, data: Uint8Array.of(1, 2) }, { did: 0x0101, data: Uint8Array.of(3) }]);
  const recs = s.decodeReadDidResponse(rsp, { 0x0100: 2, 0x0101: 1 });
  assert.equal(recs.length, 2);
  assert.equal(hex(recs[1].data), '03');
  assert.throws(() => s.decodeReadDidResponse(parseHex('62 F1')), CodecError);
  assert.throws(() => s.decodeReadDidResponse(parseHex('62 01 00 01'), { 0x0100: 2 }), CodecError);
});

test('DTC codecs (19 01 / 02 / 0A)', () => {
  assert.equal(hex(s.encodeReadDtcRequest(0x02, 0x08)), '19 02 08');
  const rsp = s.encodeReadDtcResponse({ subFunction: 0x02, availabilityMask: 0xff, dtcs: [{ code: 0x123456, status: 0x2f }] });
  assert.equal(hex(rsp), '59 02 FF 12 34 56 2F');
  assert.deepEqual(s.decodeReadDtcResponse(rsp), { subFunction: 2, availabilityMask: 0xff, dtcs: [{ code: 0x123456, status: 0x2f }] });
  assert.throws(() => s.decodeReadDtcResponse(parseHex('59 02 FF 12 34')), CodecError);
  assert.deepEqual(s.decodeReadDtcResponse(parseHex('59 01 FF 01 00 02')), { subFunction: 1, availabilityMask: 0xff, formatIdentifier: 1, count: 2 });
  assert.throws(() => s.decodeReadDtcRequest(parseHex('19 02')), CodecError);
});

test('memory / download codecs with addressAndLengthFormatIdentifier', () => {
  const rd = s.encodeDownloadRequest({ dataFormat: 0, address: 0x10000, size: 0x400 });
  assert.equal(hex(rd), '34 00 44 00 01 00 00 00 00 04 00');
  assert.deepEqual(s.decodeDownloadRequest(rd), { dataFormat: 0, address: 0x10000, size: 0x400, addressBytes: 4, sizeBytes: 4 });
  assert.throws(() => s.decodeDownloadRequest(parseHex('34 00 44 00 01')), CodecError);
  assert.throws(() => s.decodeReadMemoryRequest(parseHex('23 00 10 00')), CodecError);
  assert.equal(s.decodeDownloadResponse(s.encodeDownloadResponse(258)).maxBlockLength, 258);
  assert.equal(s.nextBlockCounter(0xff), 0x00);
  assert.equal(s.nextBlockCounter(0x01), 0x02);
});

test('security access codecs and seed/key algorithms', () => {
  const r = s.decodeSecurityRequest(parseHex('27 02 11 22 33 44'));
  assert.equal(r.kind, 'key');
  assert.equal(r.level, 1);
  assert.equal(hex(computeKey('xor', parseHex('11 22 33 44'), 0x5a5a5a5a)), '4B 78 69 1E');
  assert.equal(hex(computeKey('add', parseHex('00 00 00 FF'), 0x00000001)), '00 00 01 00');
  assert.throws(() => computeKey('rot13', parseHex('00'), 0));
});

test('routine and misc codecs; summaries', () => {
  assert.equal(hex(s.encodeRoutineRequest(1, 0xff00)), '31 01 FF 00');
  assert.throws(() => s.decodeRoutineRequest(parseHex('31 01 FF')), CodecError);
  assert.equal(hex(s.encodeTesterPresent()), '3E 80');
  assert.match(summarize(parseHex('7F 22 31')), /ReadDataByIdentifier 0x31 requestOutOfRange/);
  assert.match(summarize(parseHex('50 03 00 32 01 F4')), /DiagnosticSessionControl positive response/);
  assert.match(summarize(parseHex('10 83')), /suppressPosRsp/);
});

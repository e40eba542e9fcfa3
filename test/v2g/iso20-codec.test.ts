import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodecError } from '../../src/core/errors';
import { encodeExiJson } from '../../src/exi';
import { iso20Codec, ISO20_PAYLOAD, ISO20_RESPONSE_CODES } from '../../src/v2g/messages/iso20';
import { canonicalVectors } from '../exi/vectors';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const iso20Vectors = canonicalVectors().filter((v) => v.set === 'iso20');

test('the -20 vectors are there (C10 SessionSetupReq, C11 SessionSetupRes)', () => {
  assert.equal(iso20Vectors.length, 2);
});

for (const v of iso20Vectors) {
  test(`iso20 codec round trip: ${v.name}`, () => {
    const codec = iso20Codec();
    const [name, root] = Object.entries(v.json as Record<string, Record<string, unknown>>)[0];
    const header = root['Header'] as { SessionID: string; TimeStamp: number };
    const { Header: _h, ...body } = root;
    void _h;
    assert.equal(codec.payloadType(name), ISO20_PAYLOAD.common);
    const bytes = codec.encode({ name, body }, header.SessionID.toUpperCase(), header.TimeStamp);
    assert.equal(hex(bytes), v.exi, 'encode reproduces the vector byte for byte');
    const frame = Buffer.from(v.v2gtp ?? '', 'hex');
    assert.equal(frame.readUInt16BE(2), 0x8002, 'the vector frame carries payload type 0x8002');
    const d = codec.decode(0x8002, Buffer.from(v.exi, 'hex'));
    assert.equal(d.message.name, name);
    assert.deepEqual(d.message.body, body);
    assert.equal(d.sessionId, header.SessionID.toUpperCase());
    assert.equal(d.timestamp, header.TimeStamp);
  });
}

test('DC and AC messages go by their family payload type and decode back', () => {
  const codec = iso20Codec('AC');
  assert.equal(codec.appProtocol.namespace, 'urn:iso:std:iso:15118:-20:AC');
  const dc = { name: 'DC_PreChargeReq', body: { EVProcessing: 'Ongoing', EVPresentVoltage: { Exponent: 0, Value: 10 }, EVTargetVoltage: { Exponent: 0, Value: 400 } } };
  assert.equal(codec.payloadType(dc.name), 0x8004);
  const d = codec.decode(0x8004, codec.encode(dc, '0102030405060708', 5));
  assert.deepEqual(d.message, dc);
  const kw = (Value: number): { Exponent: number; Value: number } => ({ Exponent: 3, Value });
  const ac = { name: 'AC_ChargeParameterDiscoveryRes', body: { ResponseCode: 'OK', AC_CPDResEnergyTransferMode: {
    EVSEMaximumChargePower: kw(11), EVSEMinimumChargePower: kw(1), EVSENominalFrequency: { Exponent: 0, Value: 50 } } } };
  assert.equal(codec.payloadType(ac.name), 0x8003);
  assert.equal(codec.responseCode(codec.decode(0x8003, codec.encode(ac, 'AA', 1)).message), 'OK');
  assert.equal(codec.responseName('DC_CableCheckReq'), 'DC_CableCheckRes');
});

test('decode uses the set the payload type names: DC bytes sent as 0x8002 or 0x8003 never come back as the DC message', () => {
  const codec = iso20Codec();
  const bytes = codec.encode({ name: 'DC_CableCheckReq', body: {} }, '0102030405060708', 7);
  for (const pt of [0x8002, 0x8003]) {
    let name: string | undefined;
    try {
      name = codec.decode(pt, bytes).message.name;
    } catch (e) {
      assert.ok(e instanceof CodecError, String(e));
      continue;
    }
    assert.notEqual(name, 'DC_CableCheckReq');
  }
  assert.throws(() => codec.decode(0x8001, bytes), /payload type 0x8001 is not 0x8002/);
  assert.throws(() => codec.decode(0x8004, bytes.subarray(0, 3)), CodecError);
});

test('a root element that is not a message is rejected, not returned', () => {
  const codec = iso20Codec();
  const bytes = encodeExiJson('iso20dc', { DC_CPDReqEnergyTransferMode: {
    EVMaximumChargePower: { Exponent: 0, Value: 1 }, EVMinimumChargePower: { Exponent: 0, Value: 1 },
    EVMaximumChargeCurrent: { Exponent: 0, Value: 1 }, EVMinimumChargeCurrent: { Exponent: 0, Value: 1 },
    EVMaximumVoltage: { Exponent: 0, Value: 1 }, EVMinimumVoltage: { Exponent: 0, Value: 1 } } });
  assert.throws(() => codec.decode(0x8004, bytes), /is not a V2G request or response/);
});

test('response codes: the 40 OK_/WARNING_/FAILED_ names of the schema all travel', () => {
  assert.equal(ISO20_RESPONSE_CODES.length, 40);
  assert.ok(ISO20_RESPONSE_CODES.every((c) => /^(OK|WARNING|FAILED)(_|$)/.test(c)));
  const codec = iso20Codec();
  for (const code of ISO20_RESPONSE_CODES) {
    const m = { name: 'SessionStopRes', body: { ResponseCode: code } };
    assert.equal(codec.responseCode(codec.decode(0x8002, codec.encode(m, '01', 1)).message), code);
  }
});

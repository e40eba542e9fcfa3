import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodecError } from '../../src/core/errors';
import { hex, parseHex } from '../../src/uds/codec';
import * as H from '../../src/doip/header';
import * as P from '../../src/doip/payloads';

test('header encode/decode, big-endian length, inverse version', () => {
  const m = H.encodeMessage(H.PT.routingActivationRequest, P.encodeRoutingActivationRequest({ sourceAddress: 0x0e00, activationType: 0 }));
  assert.equal(hex(m), '02 FD 00 05 00 00 00 07 0E 00 00 00 00 00 00');
  assert.deepEqual(H.decodeHeader(m), { version: 2, inverseVersion: 0xfd, payloadType: 5, payloadLength: 7 });
  assert.equal(hex(H.encodeMessage(H.PT.vehicleIdRequest, [], H.VERSION.default)), 'FF 00 00 01 00 00 00 00');
  assert.throws(() => H.decodeHeader(parseHex('02 FD 00')), CodecError);
  assert.throws(() => H.decodeMessage(parseHex('02 FD 00 01 00 00 00 05 00')), /length field says 5/);
});

test('generic header checks give the NACK classes', () => {
  const h = (s: string) => H.decodeHeader(parseHex(s));
  assert.equal(H.checkHeader(h('02 FD 00 01 00 00 00 00')), undefined);
  assert.equal(H.checkHeader(h('02 FC 00 01 00 00 00 00')), H.GENERIC_NACK.incorrectPattern);
  assert.equal(H.checkHeader(h('07 F8 00 01 00 00 00 00')), H.GENERIC_NACK.incorrectPattern);
  assert.equal(H.checkHeader(h('02 FD 12 34 00 00 00 00')), H.GENERIC_NACK.unknownPayloadType);
  assert.equal(H.checkHeader(h('02 FD 80 01 00 01 00 00'), { maxPayloadLength: 4096 }), H.GENERIC_NACK.messageTooLarge);
  assert.equal(H.checkHeader(h('02 FD 00 05 00 00 00 03')), H.GENERIC_NACK.invalidPayloadLength);
  assert.equal(H.checkHeader(h('02 FD 00 07 00 00 00 01')), H.GENERIC_NACK.invalidPayloadLength);
});

test('stream parser: split chunks, several messages per chunk, skip unknown type, stop on bad pattern', () => {
  const p = new H.DoipStreamParser();
  const a = H.encodeMessage(H.PT.aliveCheckRequest);
  const b = H.encodeMessage(H.PT.diagnosticMessage, P.encodeDiagnosticMessage({ sourceAddress: 0x10, targetAddress: 0xe00, data: parseHex('62 F1 90 41') }));
  const both = new Uint8Array([...a, ...b]);
  assert.equal(p.push(both.subarray(0, 5)).length, 0);
  const evs = p.push(both.subarray(5));
  assert.deepEqual(evs.map((e) => e.kind), ['message', 'message']);
  const unknown = H.encodeMessage(0x1234, [1, 2, 3]);
  const evs2 = p.push(new Uint8Array([...unknown, ...a]));
  assert.deepEqual(evs2.map((e) => (e.kind === 'nack' ? `nack${e.code}` : 'msg')), ['nack1', 'msg']);
  const evs3 = p.push(new Uint8Array([...parseHex('02 02 00 01 00 00 00 00'), ...a]));
  assert.deepEqual(evs3.map((e) => e.kind), ['nack']);
});

test('payload codecs: identification, routing activation, diag ack, entity status, malformed', () => {
  const vi = { vin: 'WEVC0NF0RMANCE001', logicalAddress: 0x10, eid: parseHex('02 00 00 EC 00 01'), gid: parseHex('02 00 00 EC 00 00'), furtherAction: 0 };
  const enc = P.encodeVehicleIdentification(vi);
  assert.equal(enc.length, 32);
  assert.equal(P.decodeVehicleIdentification(enc).vin, vi.vin);
  assert.throws(() => P.decodeVehicleIdentification(enc.subarray(0, 30)), CodecError);
  const rar = P.encodeRoutingActivationResponse({ testerAddress: 0xe00, entityAddress: 0x10, code: 0x10 });
  assert.equal(hex(rar), '0E 00 00 10 10 00 00 00 00');
  assert.equal(P.decodeRoutingActivationResponse(rar).code, P.ROUTING_CODE.success);
  assert.throws(() => P.decodeRoutingActivationResponse(rar.subarray(0, 8)), CodecError);
  assert.throws(() => P.decodeRoutingActivationRequest(parseHex('0E 00 00 00 00 00 00 00')), CodecError);
  assert.equal(P.decodeDiagnosticAck(parseHex('00 10 0E 00 03')).code, P.DIAG_NACK.unknownTargetAddress);
  assert.throws(() => P.decodeDiagnosticMessage(parseHex('0E 00 00 10')), CodecError);
  assert.deepEqual(P.decodeEntityStatus(P.encodeEntityStatus({ nodeType: 0, maxSockets: 4, openSockets: 1, maxDataSize: 4096 })), { nodeType: 0, maxSockets: 4, openSockets: 1, maxDataSize: 4096 });
  assert.match(P.describePayload(H.PT.routingActivationResponse, rar).summary, /code 0x10 success/);
  assert.match(P.describePayload(H.PT.diagnosticNack, parseHex('00 10 0E 00 03')).summary, /unknownTargetAddress/);
  assert.equal(Object.keys(P.ROUTING_CODE).length, 10);
});

/**
 * V2GTP stream framing: frames split over chunks and merged into one chunk, every header check (version,
 * inverse, length cap), truncated streams, and the legacy import path src/v2g/v2gtp.ts.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { V2gFramingError, V2gtpDeframer, quoteHex } from '../../src/v2g/framing/stream';
import { KNOWN_PAYLOAD_TYPES, PayloadType, encodeV2gtp, isKnownPayloadType, payloadTypeName, readV2gtpHeader } from '../../src/v2g/framing/v2gtp';
import * as legacy from '../../src/v2g/v2gtp';

const frameA = encodeV2gtp(PayloadType.Exi, Uint8Array.from([0x80, 0x00, 0xdb, 0xab]));
const frameB = encodeV2gtp(PayloadType.Iso20Dc, new Uint8Array(300).fill(7));
const frameC = encodeV2gtp(PayloadType.SdpRequest, Uint8Array.from([0x10, 0x00]));
const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

function errorOf(fn: () => unknown): V2gFramingError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof V2gFramingError, `expected V2gFramingError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a V2gFramingError');
}

describe('V2gtpDeframer', () => {
  test('a frame split byte by byte comes out once, whole, on its last byte', () => {
    const d = new V2gtpDeframer();
    for (let i = 0; i < frameA.length - 1; i++) assert.deepEqual(d.push(frameA.subarray(i, i + 1)), []);
    const out = d.push(frameA.subarray(frameA.length - 1));
    assert.equal(out.length, 1);
    assert.equal(out[0]!.payloadType, 0x8001);
    assert.equal(hexOf(out[0]!.payload), '8000dbab');
    assert.equal(hexOf(out[0]!.raw), hexOf(frameA));
    assert.equal(d.pending, 0);
  });

  test('three frames in one chunk, then a chunk ending inside the header of the next', () => {
    const d = new V2gtpDeframer();
    const all = Buffer.concat([frameA, frameB, frameC, frameA.subarray(0, 5)]);
    const out = d.push(all);
    assert.deepEqual(
      out.map((f) => f.payloadType),
      [0x8001, 0x8004, 0x9000],
    );
    assert.equal(out[1]!.payload.length, 300);
    assert.equal(d.pending, 5);
    const rest = d.push(frameA.subarray(5));
    assert.equal(rest.length, 1);
    assert.equal(hexOf(rest[0]!.raw), hexOf(frameA));
  });

  test('a chunk boundary inside the payload of the second frame', () => {
    const d = new V2gtpDeframer();
    const all = Buffer.concat([frameA, frameB]);
    const cut = frameA.length + 100;
    assert.equal(d.push(all.subarray(0, cut)).length, 1);
    const out = d.push(all.subarray(cut));
    assert.equal(out.length, 1);
    assert.equal(hexOf(out[0]!.raw), hexOf(frameB));
  });

  test('an empty payload is a frame', () => {
    const out = new V2gtpDeframer().push(encodeV2gtp(0x8001, new Uint8Array(0)));
    assert.equal(out.length, 1);
    assert.equal(out[0]!.payload.length, 0);
  });

  test('bad version is reported on its first byte, quoting it', () => {
    const e = errorOf(() => new V2gtpDeframer().push(Uint8Array.from([0x02])));
    assert.equal(e.problem, 'version');
    assert.match(e.message, /protocol version 0x02 \(expected 0x01\)/);
    assert.equal(e.bytesHex, '02');
  });

  test('bad inverse version, quoting the header', () => {
    const bad = Uint8Array.from(frameA);
    bad[1] = 0xff;
    const e = errorOf(() => new V2gtpDeframer().push(bad));
    assert.equal(e.problem, 'inverse');
    assert.match(e.message, /inverse protocol version 0xff \(expected 0xfe\)/);
    assert.equal(e.bytesHex, '01 ff 80 01 00 00 00 04 80 00 db ab');
  });

  test('announced length over the cap is refused as soon as the header is complete', () => {
    const d = new V2gtpDeframer(256);
    const e = errorOf(() => d.push(frameB.subarray(0, 8)));
    assert.equal(e.problem, 'length');
    assert.match(e.message, /payload length 300 \(payload type 0x8004 \(Iso20Dc\)\) exceeds the limit of 256 bytes/);
    // The stream stays broken: nothing after a bad header can be trusted.
    assert.throws(() => d.push(frameA), V2gFramingError);
  });

  test('a bad header after good frames in one chunk keeps the good frames on the error', () => {
    const bad = Uint8Array.from(frameC);
    bad[0] = 0x00;
    const e = errorOf(() => new V2gtpDeframer().push(Buffer.concat([frameA, frameB, bad])));
    assert.equal(e.problem, 'version');
    assert.equal(e.before.length, 2);
    assert.equal(e.bytesHex, '00 fe 90 00 00 00 00 02 10 00');
  });

  test('long frames are quoted to 64 bytes then …', () => {
    const bad = Uint8Array.from(frameB);
    bad[1] = 0x00;
    const e = errorOf(() => new V2gtpDeframer().push(bad));
    assert.equal(e.bytesHex.split(' ').length, 65);
    assert.ok(e.bytesHex.endsWith(' …'));
    assert.equal(quoteHex(new Uint8Array(0)), '');
  });

  test('finish(): stream ending inside a header or a payload is truncated; between frames it is fine', () => {
    const d1 = new V2gtpDeframer();
    d1.push(frameA.subarray(0, 3));
    const e1 = errorOf(() => d1.finish());
    assert.equal(e1.problem, 'truncated');
    assert.match(e1.message, /inside a V2GTP header \(3 of 8 bytes\); bytes: 01 fe 80/);
    const d2 = new V2gtpDeframer();
    d2.push(frameA.subarray(0, 10));
    const e2 = errorOf(() => d2.finish());
    assert.match(e2.message, /announces 4 payload bytes, 2 arrived/);
    const d3 = new V2gtpDeframer();
    d3.push(frameA);
    d3.finish();
  });
});

describe('V2GTP header helpers', () => {
  test('known payload types, names and the raw header fields', () => {
    assert.ok(isKnownPayloadType(0x8001));
    assert.ok(isKnownPayloadType(0x8104));
    assert.ok(!isKnownPayloadType(0x8000));
    assert.ok(!isKnownPayloadType(0x9004));
    assert.equal(KNOWN_PAYLOAD_TYPES.size, 14);
    assert.equal(payloadTypeName(0x9001), '0x9001 (SdpResponse)');
    assert.equal(payloadTypeName(0x1234), '0x1234 (unknown)');
    assert.deepEqual(readV2gtpHeader(frameC), { version: 1, inverse: 0xfe, payloadType: 0x9000, length: 2 });
    assert.equal(readV2gtpHeader(frameC.subarray(0, 7)), undefined);
  });

  test('src/v2g/v2gtp.ts still exports the same names', () => {
    assert.equal(legacy.encodeV2gtp, encodeV2gtp);
    assert.equal(legacy.PayloadType, PayloadType);
    assert.equal(typeof legacy.decodeV2gtp, 'function');
    assert.equal(typeof legacy.hasV2gtpHeader, 'function');
    assert.equal(legacy.V2GTP_HEADER_LENGTH, 8);
  });
});

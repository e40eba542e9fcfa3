/** The ISO 15118-2 message codec against the -2 canonical vectors (two independent C codecs agree on them). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodecError } from '../../src/core/errors';
import { ISO2_RESPONSE_CODES, iso2Codec } from '../../src/v2g/messages/iso2';
import { canonicalVectors } from '../exi/vectors';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('iso2Codec', () => {
  const codec = iso2Codec();
  const vectors = canonicalVectors().filter((v) => v.set === 'iso2');

  it('has -2 vectors to check against', () => assert.ok(vectors.length >= 4, `only ${vectors.length} iso2 vectors`));

  for (const v of canonicalVectors().filter((x) => x.set === 'iso2')) {
    it(`${v.name}: decodes to the vector's message and encodes back byte for byte`, () => {
      const doc = v.json as { V2G_Message: { Header: { SessionID: string }; Body: Record<string, Record<string, unknown>> } };
      const [name] = Object.keys(doc.V2G_Message.Body);
      const decoded = codec.decode(0x8001, Uint8Array.from(Buffer.from(v.exi, 'hex')));
      assert.equal(decoded.message.name, name);
      assert.deepEqual(decoded.message.body, doc.V2G_Message.Body[name]);
      assert.equal(decoded.sessionId, doc.V2G_Message.Header.SessionID.toUpperCase());
      assert.equal(hex(codec.encode(decoded.message, decoded.sessionId)), v.exi);
    });
  }

  it('names responses, reads response codes and uses payload type 0x8001', () => {
    assert.equal(codec.responseName('ChargeParameterDiscoveryReq'), 'ChargeParameterDiscoveryRes');
    assert.equal(codec.responseCode({ name: 'SessionStopRes', body: { ResponseCode: 'FAILED_UnknownSession' } }), 'FAILED_UnknownSession');
    assert.equal(codec.responseCode({ name: 'SessionStopReq', body: { ChargingSession: 'Terminate' } }), undefined);
    assert.equal(codec.payloadType('CurrentDemandReq'), 0x8001);
    assert.equal(ISO2_RESPONSE_CODES.length, 26);
  });

  it('refuses another payload type and malformed EXI with a CodecError naming the problem', () => {
    const exi = codec.encode({ name: 'ServiceDiscoveryReq', body: {} }, '0102030405060708');
    assert.throws(() => codec.decode(0x8002, exi), (e: Error) => e instanceof CodecError && /0x8002/.test(e.message));
    assert.throws(() => codec.decode(0x8001, exi.slice(0, 3)), CodecError);
  });
});

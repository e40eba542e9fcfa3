import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CodecError } from '../../src/core/errors';
import { ExiError, decodeExi, decodeExiJson, encodeExiJson, grammarsOf } from '../../src/exi';
import { BitReader, BitWriter } from '../../src/exi/bits';
import { readUnsigned, writeUnsigned } from '../../src/exi/values';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('EXI bit stream and value primitives', () => {
  it('writes and reads bit fields MSB first, zero-padding the last byte', () => {
    const w = new BitWriter();
    w.writeBits(0b10, 2);
    w.writeBits(0x1234, 13);
    w.writeBits(1, 1);
    w.writeBits(0xffffffff, 32);
    w.writeBits(0b101, 3);
    const bytes = w.finish();
    assert.equal(bytes.length, 7);
    const r = new BitReader(bytes);
    assert.deepEqual([r.readBits(2), r.readBits(13), r.readBits(1), r.readBits(32), r.readBits(3)], [2, 0x1234, 1, 0xffffffff, 5]);
    assert.equal(r.remainingBits, 5);
  });

  it('encodes unsigned integers as little-endian 7-bit groups', () => {
    for (const [v, h] of [
      [0, '00'],
      [127, '7f'],
      [128, '8001'],
      [86400, '80a305'],
      [1700000000, '80e2cfaa06'],
    ] as const) {
      const w = new BitWriter();
      writeUnsigned(w, v);
      assert.equal(hex(w.finish()), h);
      assert.equal(readUnsigned(new BitReader(Buffer.from(h, 'hex'))), v);
    }
    const w = new BitWriter();
    writeUnsigned(w, 2n ** 64n - 1n);
    assert.equal(readUnsigned(new BitReader(w.finish())), 2n ** 64n - 1n);
  });

  it('reports truncation as ExiError with the bit position', () => {
    const r = new BitReader(Uint8Array.of(0xff));
    r.readBits(5);
    assert.throws(
      () => r.readBits(4),
      (e: unknown) => e instanceof ExiError && e instanceof CodecError && e.bitPosition === 5 && /truncated/.test(e.message),
    );
  });
});

describe('EXI grammar shape', () => {
  it('orders global elements by local name then namespace and sizes the document code', () => {
    const din = grammarsOf('din').model.globals;
    const iso2 = grammarsOf('iso2').model.globals;
    const sap = grammarsOf('apphand').model.globals;
    assert.deepEqual(
      sap.map((g) => g.name),
      ['supportedAppProtocolReq', 'supportedAppProtocolRes'],
    );
    // FACTS: 0x9A vs 0x98 after the header distinguishes DIN and ISO-2 V2G_Message (7-bit codes 77 and 76).
    assert.equal(din.findIndex((g) => g.name === 'V2G_Message'), 77);
    assert.equal(iso2.findIndex((g) => g.name === 'V2G_Message'), 76);
  });

  it('reserves a second-level code in every state (one production still costs one bit)', () => {
    const b = grammarsOf('apphand');
    const res = b.grammarFor(b.model.globalElement('supportedAppProtocolRes').type);
    assert.equal(res.start.prods.length, 1);
    assert.equal(res.start.bits, 1);
    const afterCode = (res.start.prods[0] as { next: typeof res.start }).next;
    assert.deepEqual(
      afterCode.prods.map((p) => p.ev),
      ['SE', 'EE'],
    );
    assert.equal(afterCode.bits, 2);
  });
});

/** Writes an apphand supportedAppProtocolReq by hand so string-table hits can be placed. */
function handWrittenAppProtocols(namespaces: Array<{ miss: string } | { local: number } | { global: number }>, priorityOffset?: number): Uint8Array {
  const w = new BitWriter();
  w.writeBits(0x80, 8);
  w.writeBits(0, 2); // SE(supportedAppProtocolReq)
  namespaces.forEach((ns, i) => {
    w.writeBits(0, i === 0 ? 1 : 2); // SE(AppProtocol)
    w.writeBits(0, 2); // SE(ProtocolNamespace), CH
    if ('miss' in ns) {
      writeUnsigned(w, ns.miss.length + 2);
      for (const c of ns.miss) writeUnsigned(w, c.codePointAt(0)!);
    } else if ('local' in ns) {
      writeUnsigned(w, 0);
      w.writeBits(ns.local, 1); // two entries in the local partition
    } else {
      writeUnsigned(w, 1);
      w.writeBits(ns.global, 1); // two entries in the global partition
    }
    w.writeBits(0, 1); // EE
    for (const v of [2, 0]) {
      w.writeBits(0, 2); // SE(VersionNumberMajor|Minor), CH
      writeUnsigned(w, v);
      w.writeBits(0, 1);
    }
    w.writeBits(0, 2); // SE(SchemaID), CH
    w.writeBits(i + 1, 8);
    w.writeBits(0, 1);
    w.writeBits(0, 2); // SE(Priority), CH
    w.writeBits(priorityOffset ?? i, 5); // 1..20 as a 5-bit offset
    w.writeBits(0, 1);
    w.writeBits(0, 1); // EE (AppProtocol)
  });
  w.writeBits(1, 2); // EE (supportedAppProtocolReq)
  return w.finish();
}

describe('EXI string table (decode)', () => {
  it('resolves local and global value hits written by other encoders', () => {
    const doc = decodeExiJson('apphand', handWrittenAppProtocols([{ miss: 'urn:a' }, { miss: 'urn:b' }, { local: 1 }, { global: 0 }]));
    const list = (doc.supportedAppProtocolReq as { AppProtocol: Array<{ ProtocolNamespace: string; Priority: number }> }).AppProtocol;
    assert.deepEqual(
      list.map((p) => p.ProtocolNamespace),
      ['urn:a', 'urn:b', 'urn:b', 'urn:a'],
    );
    assert.deepEqual(
      list.map((p) => p.Priority),
      [1, 2, 3, 4],
    );
  });

  it('rejects an n-bit integer beyond the declared maximum', () => {
    // Priority is 1..20 in 5 bits: offset 31 would mean 32.
    assert.throws(() => decodeExi('apphand', handWrittenAppProtocols([{ miss: 'urn:a' }], 31)), /out of range for priorityType/);
  });

  it('rejects a hit into an empty partition', () => {
    assert.throws(() => decodeExi('apphand', handWrittenAppProtocols([{ local: 0 }])), /empty partition/);
  });

  it('the encoder always writes misses, as the reference codecs do', () => {
    const withHits = handWrittenAppProtocols([{ miss: 'urn:a' }, { miss: 'urn:b' }, { local: 0 }]);
    const withoutHits = handWrittenAppProtocols([{ miss: 'urn:a' }, { miss: 'urn:b' }, { miss: 'urn:a' }]);
    const doc = decodeExi('apphand', withHits);
    assert.deepEqual(decodeExi('apphand', withoutHits), doc);
    assert.equal(hex(encodeExiJson('apphand', doc)), hex(withoutHits));
  });
});

describe('EXI encoder validation', () => {
  const setup = (body: unknown): unknown => ({ V2G_Message: { Header: { SessionID: '00' }, Body: body } });
  const rejects = (doc: unknown, re: RegExp, set: 'din' | 'apphand' = 'din'): void => {
    assert.throws(() => encodeExiJson(set, doc), (e: unknown) => e instanceof ExiError && re.test(e.message));
  };

  it('accepts key order different from schema order and booleans as true/false', () => {
    const a = encodeExiJson('din', setup({ PowerDeliveryReq: { ReadyToChargeState: 1 } }));
    const b = encodeExiJson('din', { V2G_Message: { Body: { PowerDeliveryReq: { ReadyToChargeState: true } }, Header: { SessionID: '00' } } });
    assert.equal(hex(a), hex(b));
  });

  it('rejects unknown fields, missing fields, bad values and too many items', () => {
    rejects(setup({ SessionStopReq: { Foo: 1 } }), /field 'Foo' not allowed/);
    rejects(setup({ SessionSetupReq: {} }), /missing required field/);
    rejects(setup({ SessionSetupReq: { EVCCID: 'xyz' } }), /expected a hex string/);
    rejects(setup({ ServicePaymentSelectionReq: { SelectedPaymentOption: 'Cash', SelectedServiceList: { SelectedService: [{ ServiceID: 1 }] } } }), /is not a value of/);
    rejects(setup({ ServiceDetailReq: { ServiceID: 70000 } }), /out of range/);
    rejects({ Nope: {} }, /not a global element/);
    rejects([], /JSON object/);
    const ap = { ProtocolNamespace: 'x', VersionNumberMajor: 1, VersionNumberMinor: 0, SchemaID: 1, Priority: 1 };
    assert.doesNotThrow(() => encodeExiJson('apphand', { supportedAppProtocolReq: { AppProtocol: Array(20).fill(ap) } }));
    rejects({ supportedAppProtocolReq: { AppProtocol: Array(21).fill(ap) } }, /AppProtocol' not allowed/, 'apphand');
  });

  it('round-trips attributes, simple content and 64-bit values', () => {
    const doc = {
      V2G_Message: {
        Header: { SessionID: '0102030405060708' },
        Body: {
          PaymentDetailsReq: {
            eMAID: 'DE8AA1A2B3C4D5E',
            ContractSignatureCertChain: { Id: 'id1', Certificate: 'deadbeef', SubCertificates: { Certificate: ['01', '02'] } },
          },
        },
      },
    };
    assert.deepEqual(decodeExi('iso2', encodeExiJson('iso2', doc)), doc);
    const big = { SessionSetupReq: { Header: { SessionID: '00', TimeStamp: '18446744073709551615' }, EVCCID: 'X' } };
    assert.deepEqual(decodeExi('iso20', encodeExiJson('iso20', big)), big);
  });
});

describe('EXI second-level EE (empty elements from non-strict encoders)', () => {
  const signed = (signatureValue: unknown): unknown => ({
    V2G_Message: {
      Header: {
        SessionID: '41fe1835eeb99776',
        Signature: {
          SignedInfo: {
            CanonicalizationMethod: { Algorithm: 'http://www.w3.org/TR/canonical-exi' },
            SignatureMethod: { Algorithm: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256' },
            Reference: [
              {
                Id: 'id1',
                URI: '#id1',
                Transforms: { Transform: [{ Algorithm: 'http://www.w3.org/TR/canonical-exi' }] },
                DigestMethod: { Algorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' },
                DigestValue: 'b2d53b9d6f895420f18178b8b4c74e268f35d957ed609c13789dd3504a996415',
              },
            ],
          },
          SignatureValue: signatureValue,
        },
      },
      Body: { SessionStopReq: { ChargingSession: 'Terminate' } },
    },
  });

  it('round-trips an empty ds:SignatureValue ({}) through the escape code and second-level EE', () => {
    const empty = encodeExiJson('iso2', signed({}));
    assert.deepEqual(decodeExi('iso2', empty), signed({}));
    const withValue = encodeExiJson('iso2', signed({ CONTENT: '' }));
    assert.deepEqual(decodeExi('iso2', withValue), signed({ CONTENT: '' }));
    assert.notEqual(hex(empty), hex(withValue));
  });

  it('decodes null for an empty simple-typed element and encodes it back the same way', () => {
    const doc = { V2G_Message: { Header: { SessionID: null }, Body: { SessionStopReq: {} } } };
    const bytes = encodeExiJson('din', doc);
    assert.deepEqual(decodeExi('din', bytes), doc);
  });

  it('still rejects an element-only type left empty', () => {
    assert.throws(() => encodeExiJson('din', { V2G_Message: {} }), /missing required field/);
  });
});


import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { type SchemaSetName, decodeExi, encodeExiJson } from '../../src/exi';
import { decodeV2gtp } from '../../src/v2g/v2gtp';
import { canonicalVectors, sessionFrames, vectorsDir } from './vectors';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('EXI canonical vectors', () => {
  const vectors = canonicalVectors();
  it('parses every vector in the file', () => {
    const headers = fs.readFileSync(path.join(vectorsDir, 'canonical.txt'), 'utf8').split('\n').filter((l) => /^\S/.test(l));
    assert.ok(vectors.length >= 15);
    assert.equal(vectors.length, headers.length);
  });
  for (const v of vectors) {
    it(`${v.name}: decodes to its JSON`, () => {
      assert.deepEqual(decodeExi(v.set, Buffer.from(v.exi, 'hex')), v.json);
    });
    it(`${v.name}: re-encodes byte for byte`, () => {
      assert.equal(hex(encodeExiJson(v.set, v.json)), v.exi);
    });
    if (v.v2gtp) {
      it(`${v.name}: V2GTP frame wraps the EXI payload`, () => {
        const frame = decodeV2gtp(Buffer.from(v.v2gtp!, 'hex'));
        assert.equal(hex(frame.payload), v.exi);
        assert.equal(frame.payloadType, v.set.startsWith('iso20') ? 0x8002 : 0x8001);
      });
    }
  }
});

describe('EXI DIN DC session vectors', () => {
  const frames = sessionFrames();
  it('loads the session file', () => assert.ok(frames.filter((f) => f.doc).length >= 30));
  frames.forEach((f, i) => {
    if (!f.doc) return;
    it(`#${i} ${f.msg}: decodes and re-encodes byte for byte`, () => {
      const { payload } = decodeV2gtp(Buffer.from(f.hex, 'hex'));
      const set = f.proto as SchemaSetName;
      assert.deepEqual(decodeExi(set, payload), f.doc);
      assert.equal(hex(encodeExiJson(set, f.doc)), hex(payload));
    });
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ExiError, SCHEMA_SETS, type SchemaSetName, decodeExi, encodeExiJson, grammarsOf } from '../../src/exi';
import { BitWriter } from '../../src/exi/bits';
import { writeUnsigned } from '../../src/exi/values';
import { MessageGenerator, NeedsWildcard, Prng } from './generate';
import { canonicalVectors, sessionFrames } from './vectors';

/** Decodes and returns 'ok' or 'exi-error'; anything else thrown fails the test with the input. */
function tryDecode(set: SchemaSetName, bytes: Uint8Array): 'ok' | 'exi-error' {
  try {
    decodeExi(set, bytes);
    return 'ok';
  } catch (err) {
    if (err instanceof ExiError) {
      assert.ok(err.bitPosition >= 0, `ExiError without a bit position: ${err.message}`);
      assert.ok(!err.message.includes('\n'), 'error message must be one line');
      return 'exi-error';
    }
    assert.fail(`${set} ${Buffer.from(bytes).toString('hex')}: threw ${(err as Error)?.stack ?? String(err)}`);
  }
}

function allVectors(): Array<{ set: SchemaSetName; exi: Uint8Array }> {
  const out = canonicalVectors().map((v) => ({ set: v.set, exi: Uint8Array.from(Buffer.from(v.exi, 'hex')) }));
  for (const f of sessionFrames()) {
    if (f.doc) out.push({ set: f.proto as SchemaSetName, exi: Uint8Array.from(Buffer.from(f.hex, 'hex').subarray(8)) });
  }
  return out;
}

/** Generous hang guard: the whole file runs in a few seconds on an idle machine. */
const HANG_GUARD = { timeout: 60_000 };

describe('EXI decoder robustness (fixed seed)', HANG_GUARD, () => {
  it('every proper prefix of every vector is rejected with ExiError', () => {
    for (const v of allVectors()) {
      for (let n = 0; n < v.exi.length; n++) assert.equal(tryDecode(v.set, v.exi.subarray(0, n)), 'exi-error', `${v.set} prefix ${n}`);
    }
  });

  it('single bit flips of every vector decode or fail with ExiError', () => {
    for (const v of allVectors()) {
      for (let bit = 0; bit < v.exi.length * 8; bit++) {
        const b = Uint8Array.from(v.exi);
        b[bit >>> 3] ^= 0x80 >>> (bit & 7);
        tryDecode(v.set, b);
      }
    }
  });

  it('random bytes decode or fail with ExiError, quickly', () => {
    const rng = new Prng(70121);
    let errors = 0;
    for (const set of SCHEMA_SETS) {
      for (let i = 0; i < 1500; i++) {
        const b = rng.bytes(rng.int(0, 96));
        if (b.length > 0 && rng.chance(0.9)) b[0] = 0x80;
        if (tryDecode(set, b) === 'exi-error') errors++;
      }
    }
    assert.ok(errors > 0);
  });

  it('mutated generated messages decode or fail with ExiError', () => {
    const rng = new Prng(15118);
    for (const set of SCHEMA_SETS) {
      const model = grammarsOf(set).model;
      const gen = new MessageGenerator(model, rng, 2);
      for (let i = 0; i < 150; i++) {
        const decl = rng.pick(model.globals);
        let bytes: Uint8Array;
        try {
          bytes = encodeExiJson(set, { [decl.name]: gen.element(decl) });
        } catch (err) {
          if (err instanceof NeedsWildcard) continue;
          throw err;
        }
        const b = Uint8Array.from(bytes);
        for (let k = rng.int(1, 4); k > 0; k--) b[rng.int(0, b.length - 1)] = rng.int(0, 255);
        tryDecode(set, b);
        tryDecode(set, bytes.subarray(0, rng.int(0, bytes.length - 1)));
      }
    }
  });

  it('huge announced lengths are capped against the remaining input', () => {
    // DIN V2G_Message whose Header/SessionID announces 2^35 bytes: must fail fast, not allocate.
    const w = new BitWriter();
    w.writeBits(0x80, 8);
    w.writeBits(grammarsOf('din').model.globals.findIndex((g) => g.name === 'V2G_Message'), 7);
    w.writeBits(0, 3); // SE(Header), SE(SessionID), CH
    writeUnsigned(w, 2 ** 35);
    w.writeBytes(new Uint8Array(16));
    const bytes = w.finish();
    assert.equal(tryDecode('din', bytes), 'exi-error');
    assert.throws(() => decodeExi('din', bytes), /exceeds the remaining input/);
  });
});

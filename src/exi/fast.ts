/**
 * The fast codec path: per-grammar generated encoder and decoder functions (src/exi/codegen.ts), compiled with
 * `new Function` the first time a grammar is used and cached per grammar in memory. Each document is tried
 * here first; whatever the generated code does not carry, it bails out of (see codegen.ts) and the document
 * is redone on the generic path (encoder.ts, decoder.ts), which stays the reference: the two give the same
 * bytes and objects (test/exi/fast-differential.test.ts).
 */
import { BitReader, BitWriter } from './bits';
import { type Generated, MAX_GENERATED_STATES, type SeProduction, decoderSource, encoderSource } from './codegen';
import type { Grammar, GrammarBuilder } from './grammar';
import type { SimpleType } from './model';
import { type JsonValue, StringTable, readUnsigned, readValue, writeValue } from './values';

/** Thrown by generated code for anything it leaves to the generic path. */
const BAIL: unique symbol = Symbol('exi fast path bail-out');

type EncodeFn = (w: BitWriter, v: unknown, d: number) => void;
type DecodeFn = (r: BitReader, d: number) => JsonValue;

/** Counters over the whole process (the bench prints the compile cost; tests check bail-outs). */
export const fastStats = {
  /** Grammars compiled (encoder and decoder count separately). */
  compiled: 0,
  /** Milliseconds spent generating and compiling them. */
  compileMs: 0,
  /** Documents the fast path handed to the generic one. */
  encodeBails: 0,
  decodeBails: 0,
};

// ---- helpers the generated code calls -------------------------------------------------------------------

/** Unsigned integer (EXI 1.0 §7.1.6) of a non-negative int32. */
function writeU(w: BitWriter, v: number): void {
  while (v >= 128) {
    w.writeByte((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  w.writeByte(v);
}

const NIBBLE = new Int8Array(128).fill(-1);
for (let c = 0; c < 16; c++) {
  NIBBLE['0123456789abcdef'.charCodeAt(c)] = c;
  NIBBLE['0123456789ABCDEF'.charCodeAt(c)] = c;
}

/** hexBinary from a plain even-length hex string; false (nothing written) for anything else. */
function writeHex(w: BitWriter, s: string): boolean {
  const n = s.length;
  if ((n & 1) !== 0) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || NIBBLE[c] < 0) return false;
  }
  writeU(w, n >>> 1);
  for (let i = 0; i < n; i += 2) w.writeByte((NIBBLE[s.charCodeAt(i)] << 4) | NIBBLE[s.charCodeAt(i + 1)]);
  return true;
}

/** Any defined key that is not a field of the grammar: bail (the generic encoder names it). */
function checkKeys(v: Record<string, unknown>, fieldOf: Record<string, number>): void {
  for (const k in v) {
    if (v[k] !== undefined && typeof fieldOf[k] !== 'number') throw BAIL;
  }
}

/** An unsigned integer: up to 4 octets (28 bits) here, longer ones through the generic reader. */
function readUnsignedNum(r: BitReader): number | bigint {
  let b = r.readBits(8);
  if (b < 128) return b;
  let v = b & 0x7f;
  b = r.readBits(8);
  v |= (b & 0x7f) << 7;
  if (b < 128) return v;
  b = r.readBits(8);
  v |= (b & 0x7f) << 14;
  if (b < 128) return v;
  b = r.readBits(8);
  v |= (b & 0x7f) << 21;
  if (b < 128) return v;
  // Longer: the generic reader from the first octet (four octets back).
  r.rewind(r.position - 32);
  return readUnsignedGeneric(r);
}

const readUnsignedGeneric = readUnsigned;

function readU(r: BitReader): number | string {
  const v = readUnsignedNum(r);
  return typeof v === 'number' ? v : bigJson(v);
}

function readI(r: BitReader): number | string {
  const negative = r.readBits(1) === 1;
  const m = readUnsignedNum(r);
  if (typeof m === 'number') return negative ? -m - 1 : m;
  return bigJson(negative ? -m - 1n : m);
}

function bigJson(v: bigint): number | string {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

const HEX_PAIRS: string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const NO_STRINGS = new StringTable();

function readHex(r: BitReader): string {
  const n = readUnsignedNum(r);
  if (typeof n !== 'number' || n * 8 > r.remainingBits) throw BAIL;
  if (n > 64) return readValueSlow(r, n);
  let s = '';
  for (let i = 0; i < n; i++) s += HEX_PAIRS[r.readBits(8)];
  return s;
}

function readValueSlow(r: BitReader, n: number): string {
  const bytes = r.readBytes(n);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** A string-table miss; hits bail (the generic decoder keeps the table). */
function readString(r: BitReader): string {
  const n = readUnsignedNum(r);
  if (typeof n !== 'number' || n < 2 || (n - 2) * 8 > r.remainingBits) throw BAIL;
  let s = '';
  for (let i = 2; i < n; i++) {
    const cp = readUnsignedNum(r);
    if (typeof cp !== 'number' || cp > 0x10ffff) throw BAIL;
    s += String.fromCodePoint(cp);
  }
  return s;
}

function readOther(r: BitReader, t: SimpleType): JsonValue {
  return readValue(r, t, '', NO_STRINGS);
}

function bailing(): never {
  throw BAIL;
}

const HELPERS = { Hb: bailing, Hwv: writeValue, Hwu: writeU, Hwh: writeHex, Hck: checkKeys, Hru: readU, Hri: readI, Hrs: readString, Hrh: readHex, Hrv: readOther };
const HELPER_NAMES = Object.keys(HELPERS);
const HELPER_VALUES = Object.values(HELPERS);

/** Compiles a generated body into a function; children are linked lazily through `link`. */
function compile<F>(gen: Generated, params: string, link: (p: SeProduction) => F): F {
  const children: F[] = gen.children.map((cp, k) => {
    const stub = ((...args: unknown[]) => {
      const f = link(cp);
      children[k] = f;
      return (f as (...a: unknown[]) => unknown)(...args);
    }) as F;
    return stub;
  });
  const factory = new Function('B', 'K', 'T', ...HELPER_NAMES, `'use strict'; return function (${params}) {\n${gen.source}\n};`) as (...a: unknown[]) => F;
  return factory(BAIL, children, gen.consts, ...HELPER_VALUES);
}

/** Generated encoders and decoders of one schema set's grammars, with the document-level entry points. */
export class FastCodec {
  private readonly encoders = new Map<Grammar, EncodeFn>();
  private readonly decoders = new Map<Grammar, DecodeFn>();
  private readonly rootEncoders: Array<EncodeFn | undefined> = [];
  private readonly rootDecoders: Array<DecodeFn | undefined> = [];
  private readonly w = new BitWriter();
  private readonly r = new BitReader(new Uint8Array(0));
  private padded = new Uint8Array(256);
  private busy = false;
  private lastRoot = '';
  private lastRootIndex = -1;

  constructor(readonly grammars: GrammarBuilder) {}

  encoderOf(g: Grammar): EncodeFn {
    let f = this.encoders.get(g);
    if (!f) {
      const t0 = performance.now();
      f = g.stateCount > MAX_GENERATED_STATES ? (bailing as EncodeFn) : compile<EncodeFn>(encoderSource(this.grammars, g), 'w, v, d', (p) => this.encoderOf(this.grammars.childOf(p)));
      this.encoders.set(g, f);
      fastStats.compiled++;
      fastStats.compileMs += performance.now() - t0;
    }
    return f;
  }

  decoderOf(g: Grammar): DecodeFn {
    let f = this.decoders.get(g);
    if (!f) {
      const t0 = performance.now();
      f = g.stateCount > MAX_GENERATED_STATES ? (bailing as DecodeFn) : compile<DecodeFn>(decoderSource(this.grammars, g), 'r, d', (p) => this.decoderOf(this.grammars.childOf(p)));
      this.decoders.set(g, f);
      fastStats.compiled++;
      fastStats.compileMs += performance.now() - t0;
    }
    return f;
  }

  /** The document's bytes, or undefined when the generic path must do it (or this codec is in use). */
  encodeDocument(doc: unknown): Uint8Array | undefined {
    if (this.busy || typeof doc !== 'object' || doc === null || Array.isArray(doc)) return undefined;
    let key = '';
    let count = 0;
    for (const k in doc) {
      if (!Object.hasOwn(doc, k)) return undefined;
      key = k;
      count++;
    }
    if (count !== 1) return undefined;
    let index = this.lastRootIndex;
    if (key !== this.lastRoot) {
      index = this.grammars.globalIndex.get(key) ?? -1;
      if (index < 0) return undefined;
      this.lastRoot = key;
      this.lastRootIndex = index;
    }
    const w = this.w;
    this.busy = true;
    try {
      const enc = (this.rootEncoders[index] ??= this.encoderOf(this.grammars.globalGrammar(index)));
      w.writeBits(0x80, 8);
      w.writeBits(index, this.grammars.docBits);
      enc(w, (doc as Record<string, unknown>)[key], 0);
      return w.finish();
    } catch (err) {
      if (err !== BAIL && !(err instanceof Error)) throw err;
      fastStats.encodeBails++;
      return undefined;
    } finally {
      w.reset();
      this.busy = false;
    }
  }

  /** The decoded document, or undefined when the generic path must do it. */
  decodeDocument(bytes: Uint8Array): Record<string, JsonValue> | undefined {
    if (this.busy || bytes.length < 2 || bytes[0] !== 0x80) return undefined;
    const r = this.r;
    this.busy = true;
    try {
      // A copy with 4 zero bytes behind it: generated code reads a 4-byte window without bounds checks per byte.
      const n = bytes.length;
      if (this.padded.length < n + 4) this.padded = new Uint8Array(Math.max(2 * this.padded.length, n + 4));
      this.padded.set(bytes);
      this.padded.fill(0, n, n + 4);
      r.reset(this.padded, n * 8);
      r.readBits(8);
      const code = r.readBits(this.grammars.docBits);
      const globals = this.grammars.model.globals;
      if (code >= globals.length) throw BAIL;
      const dec = (this.rootDecoders[code] ??= this.decoderOf(this.grammars.globalGrammar(code)));
      const value = dec(r, 0);
      const doc: Record<string, JsonValue> = {};
      doc[globals[code].name] = value;
      return doc;
    } catch (err) {
      if (err !== BAIL && !(err instanceof Error)) throw err;
      fastStats.decodeBails++;
      return undefined;
    } finally {
      r.reset(EMPTY);
      this.busy = false;
    }
  }
}

const EMPTY = new Uint8Array(0);

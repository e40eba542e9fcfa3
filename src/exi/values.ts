/**
 * Typed value codecs (EXI 1.0 §7.1) and the string table (§7.3) for bit-packed streams.
 * JSON mapping: integers are numbers (decimal strings beyond 2^53), booleans 0/1, enumerations their
 * lexical value, hexBinary and base64Binary lowercase hex strings, strings as is.
 */
import { type BitReader, type BitWriter, bitsFor } from './bits';
import type { SimpleType } from './model';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

/** Longest unsigned integer accepted on decode, in 7-bit groups (covers 64-bit and 20-byte serials). */
const MAX_UINT_GROUPS = 32;

// ---- decode -----------------------------------------------------------------------------------------------

export function readUnsigned(r: BitReader): number | bigint {
  let value = 0;
  let mult = 1;
  for (let i = 0; i < 7; i++) {
    const b = r.readBits(8);
    value += (b & 0x7f) * mult;
    if ((b & 0x80) === 0) return value;
    mult *= 128;
  }
  // Beyond 49 bits: continue in bigint.
  let big = BigInt(value);
  let shift = 49n;
  for (let i = 7; i < MAX_UINT_GROUPS; i++) {
    const b = r.readBits(8);
    big += BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    shift += 7n;
  }
  return r.fail(`unsigned integer longer than ${MAX_UINT_GROUPS} octets`);
}

/** An unsigned integer used as a length or count: must fit in the remaining input (`unitBits` per item). */
export function readLength(r: BitReader, unitBits: number, what: string): number {
  const at = r.position;
  const n = readUnsigned(r);
  if (typeof n !== 'number' || n * unitBits > r.remainingBits) {
    r.fail(`${what} ${n} exceeds the remaining input (${r.remainingBits} bits)`, at);
  }
  return n;
}

function readInteger(r: BitReader): number | bigint {
  const negative = r.readBit() === 1;
  const m = readUnsigned(r);
  if (!negative) return m;
  return typeof m === 'number' ? -m - 1 : -m - 1n;
}

function toJsonInt(v: number | bigint): number | string {
  if (typeof v === 'number') return v;
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

function readChars(r: BitReader, len: number): string {
  let s = '';
  let cps: number[] | undefined;
  for (let i = 0; i < len; i++) {
    const at = r.position;
    const cp = readUnsigned(r);
    if (typeof cp !== 'number' || cp > 0x10ffff) r.fail(`invalid code point ${cp}`, at);
    if (cps) cps.push(cp);
    else if (i < 64) s += String.fromCodePoint(cp);
    else cps = [cp];
  }
  if (cps) for (let i = 0; i < cps.length; i += 4096) s += String.fromCodePoint(...cps.slice(i, i + 4096));
  return s;
}

/** Value partitions of the string table (EXI 1.0 §7.3.3); decode side only. */
export class StringTable {
  private global: string[] = [];
  /** Created with the first string (most V2G messages carry none). */
  private local: Map<string, string[]> | undefined = undefined;

  /** Empties the table for the next document. */
  clear(): void {
    if (this.global.length > 0) this.global = [];
    this.local = undefined;
  }

  read(r: BitReader, qname: string): string {
    const at = r.position;
    const n = readUnsigned(r);
    if (n === 0) {
      const part = this.local?.get(qname);
      if (!part || part.length === 0) r.fail('local string-table hit with an empty partition', at);
      const id = r.readBits(bitsFor(part.length));
      if (id >= part.length) r.fail(`local string-table id ${id} out of range`, at);
      return part[id];
    }
    if (n === 1) {
      if (this.global.length === 0) r.fail('global string-table hit with an empty table', at);
      const id = r.readBits(bitsFor(this.global.length));
      if (id >= this.global.length) r.fail(`global string-table id ${id} out of range`, at);
      return this.global[id];
    }
    if (typeof n !== 'number' || (n - 2) * 8 > r.remainingBits) r.fail(`string length ${n} - 2 exceeds the remaining input`, at);
    const s = readChars(r, n - 2);
    if (s.length > 0) {
      this.global.push(s);
      this.local ??= new Map();
      let part = this.local.get(qname);
      if (!part) this.local.set(qname, (part = []));
      part.push(s);
    }
    return s;
  }
}

const HEX_PAIRS: string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/** n octets (already checked against the remaining input) as a lowercase hex string. */
function readHex(r: BitReader, n: number): string {
  if (n > 64) {
    const bytes = r.readBytes(n);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  }
  let s = '';
  for (let i = 0; i < n; i++) s += HEX_PAIRS[r.readBits(8)];
  return s;
}

export function readValue(r: BitReader, t: SimpleType, qname: string, strings: StringTable): JsonValue {
  switch (t.kind) {
    case 'boolean':
      return r.readBit();
    case 'enum': {
      const at = r.position;
      const i = r.readBits(t.bits);
      if (i >= t.values.length) r.fail(`enumeration index ${i} out of range for ${t.name}`, at);
      return t.numeric ? Number(t.values[i]) : t.values[i];
    }
    case 'int': {
      if (t.codec === 'nbit' && t.safe) {
        const at = r.position;
        const v = r.readBits(t.bits) + t.lo;
        if (v > t.hi) r.fail(`value ${v} out of range for ${t.name} [${t.min}, ${t.max}]`, at);
        return v;
      }
      if (t.codec === 'nbit') {
        const at = r.position;
        const v = BigInt(r.readBits(t.bits)) + t.min!;
        if (v > t.max!) r.fail(`value ${v} out of range for ${t.name} [${t.min}, ${t.max}]`, at);
        return toJsonInt(v);
      }
      return toJsonInt(t.codec === 'unsigned' ? readUnsigned(r) : readInteger(r));
    }
    case 'hex':
    case 'base64': {
      return readHex(r, readLength(r, 8, 'binary length'));
    }
    case 'string':
      return strings.read(r, qname);
  }
}

// ---- encode -----------------------------------------------------------------------------------------------

export function writeUnsigned(w: BitWriter, v: number | bigint): void {
  if (typeof v === 'number' && v < 0x80000000) {
    while (v >= 128) {
      w.writeByte((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    w.writeByte(v);
    return;
  }
  if (typeof v === 'number' && v <= Number.MAX_SAFE_INTEGER) {
    while (v >= 128) {
      w.writeByte((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    w.writeByte(v);
    return;
  }
  let b = BigInt(v);
  while (b >= 128n) {
    w.writeByte(Number(b & 0x7fn) | 0x80);
    b >>= 7n;
  }
  w.writeByte(Number(b));
}

export function toBigInt(v: unknown): bigint | undefined {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return BigInt(v.trim());
  return undefined;
}

function parseHex(v: unknown): Uint8Array | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.replace(/\s+/g, '');
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return undefined;
  return Uint8Array.from(Buffer.from(s, 'hex'));
}

/** Value of each hex digit by char code, -1 for anything else. */
const NIBBLE = new Int8Array(128).fill(-1);
for (let c = 0; c < 16; c++) {
  NIBBLE['0123456789abcdef'.charCodeAt(c)] = c;
  NIBBLE['0123456789ABCDEF'.charCodeAt(c)] = c;
}

/** Whether `s` is an even number of hex digits and nothing else (the common case, written without copies). */
function isPlainHex(s: string): boolean {
  if (s.length % 2 !== 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || NIBBLE[c] < 0) return false;
  }
  return true;
}

function writeBinary(w: BitWriter, t: SimpleType, v: unknown): string | undefined {
  if (typeof v === 'string' && isPlainHex(v)) {
    writeUnsigned(w, v.length >>> 1);
    for (let i = 0; i < v.length; i += 2) w.writeByte((NIBBLE[v.charCodeAt(i)] << 4) | NIBBLE[v.charCodeAt(i + 1)]);
    return undefined;
  }
  const bytes = parseHex(v);
  if (!bytes) return `expected a hex string for ${t.name}, got ${JSON.stringify(v)}`;
  writeUnsigned(w, bytes.length);
  w.writeBytes(bytes);
  return undefined;
}

function writeString(w: BitWriter, v: string): void {
  // Always a string-table miss (length + 2), as the reference codecs write it; the length counts code points.
  let n = v.length;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < v.length) {
      const d = v.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  writeUnsigned(w, n + 2);
  if (n === v.length) {
    for (let i = 0; i < v.length; i++) writeUnsigned(w, v.charCodeAt(i));
  } else {
    for (const c of v) writeUnsigned(w, c.codePointAt(0)!);
  }
}

function writeInt(w: BitWriter, t: Extract<SimpleType, { kind: 'int' }>, v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v) && (t.codec !== 'nbit' || t.safe)) {
    if (v < t.lo || v > t.hi) return `${v} is out of range for ${t.name} [${t.min ?? '-inf'}, ${t.max ?? 'inf'}]`;
    if (t.codec === 'nbit') w.writeBits(v - t.lo, t.bits);
    else if (t.codec === 'unsigned') writeUnsigned(w, v);
    else if (v < 0) {
      w.writeBits(1, 1);
      writeUnsigned(w, -v - 1);
    } else {
      w.writeBits(0, 1);
      writeUnsigned(w, v);
    }
    return undefined;
  }
  const b = toBigInt(v);
  if (b === undefined) return `expected an integer for ${t.name}, got ${JSON.stringify(v)}`;
  if ((t.min !== undefined && b < t.min) || (t.max !== undefined && b > t.max)) {
    return `${b} is out of range for ${t.name} [${t.min ?? '-inf'}, ${t.max ?? 'inf'}]`;
  }
  if (t.codec === 'nbit') w.writeBits(Number(b - t.min!), t.bits);
  else if (t.codec === 'unsigned') writeUnsigned(w, b <= 2147483647n ? Number(b) : b);
  else if (b < 0n) {
    w.writeBits(1, 1);
    writeUnsigned(w, -b - 1n);
  } else {
    w.writeBits(0, 1);
    writeUnsigned(w, b <= 2147483647n ? Number(b) : b);
  }
  return undefined;
}

/** Writes a typed value; returns a problem description instead of throwing so the caller can add context. */
export function writeValue(w: BitWriter, t: SimpleType, v: unknown): string | undefined {
  switch (t.kind) {
    case 'boolean': {
      const b = v === true || v === 1 || v === 'true' || v === '1' ? 1 : v === false || v === 0 || v === 'false' || v === '0' ? 0 : -1;
      if (b < 0) return `expected a boolean (0/1/true/false) for ${t.name}, got ${JSON.stringify(v)}`;
      w.writeBits(b, 1);
      return undefined;
    }
    case 'enum': {
      const i = typeof v === 'string' ? t.values.indexOf(v) : typeof v === 'number' ? t.values.indexOf(String(v)) : -1;
      if (i < 0) return `${JSON.stringify(v)} is not a value of ${t.name} (${t.values.join(', ')})`;
      w.writeBits(i, t.bits);
      return undefined;
    }
    case 'int':
      return writeInt(w, t, v);
    case 'hex':
    case 'base64':
      return writeBinary(w, t, v);
    case 'string':
      if (typeof v !== 'string') return `expected a string for ${t.name}, got ${JSON.stringify(v)}`;
      writeString(w, v);
      return undefined;
  }
}

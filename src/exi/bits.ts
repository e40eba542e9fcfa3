import { ExiError } from './errors';

/** MSB-first bit reader over a byte array (EXI bit-packed alignment). Every read is bounds-checked. */
export class BitReader {
  private pos = 0; // bit position
  private bitLength: number;
  /** Set by the decoder so errors can name the grammar location. */
  where: () => string = () => '';

  constructor(private buf: Uint8Array) {
    this.bitLength = buf.length * 8;
  }

  /** Starts over at bit 0 of another byte array (of which only the first `bitLength` bits count). */
  reset(buf: Uint8Array, bitLength = buf.length * 8): void {
    this.buf = buf;
    this.bitLength = bitLength;
    this.pos = 0;
  }

  get position(): number {
    return this.pos;
  }

  /** Moves back to an earlier position (used to undo a look-ahead). */
  rewind(to: number): void {
    if (to < 0 || to > this.pos) throw new RangeError('rewind beyond read position');
    this.pos = to;
  }

  get remainingBits(): number {
    return this.bitLength - this.pos;
  }

  fail(problem: string, at = this.pos): never {
    throw new ExiError(problem, at, this.where());
  }

  private need(n: number): void {
    if (n > this.remainingBits) this.fail(`truncated input: need ${n} bit(s), ${this.remainingBits} left`);
  }

  /** Reads n bits (0..32) as an unsigned number. */
  readBits(n: number): number {
    // Kept small so the JIT inlines it: bits within one or two bytes here, the rest in readBitsAny.
    const pos = this.pos;
    const end = pos + n;
    const i = pos >>> 3;
    if (end <= (i + 2) << 3 && end <= this.bitLength) {
      this.pos = end;
      const buf = this.buf;
      const two = end <= (i + 1) << 3 ? buf[i] << 8 : (buf[i] << 8) | buf[i + 1];
      return (two >>> (16 - (pos & 7) - n)) & ((1 << n) - 1);
    }
    return this.readBitsAny(n);
  }

  private readBitsAny(n: number): number {
    const pos = this.pos;
    if (pos + n > this.bitLength) {
      if (n === 0) return 0;
      this.need(n);
    }
    const buf = this.buf;
    const i = pos >>> 3;
    const shift = pos & 7;
    if (shift + n <= 8) {
      // Within one byte (event codes, booleans, small enumerations, aligned octets).
      this.pos = pos + n;
      return (buf[i] >>> (8 - shift - n)) & ((1 << n) - 1);
    }
    if (shift + n <= 16) {
      // Across two bytes (e.g. an unaligned octet of an unsigned integer).
      this.pos = pos + n;
      return (((buf[i] << 8) | buf[i + 1]) >>> (16 - shift - n)) & ((1 << n) - 1);
    }
    let v = 0;
    let p = pos;
    let left = n;
    while (left > 0) {
      const avail = 8 - (p & 7);
      const take = avail < left ? avail : left;
      v = v * (1 << take) + ((buf[p >>> 3] >>> (avail - take)) & ((1 << take) - 1));
      p += take;
      left -= take;
    }
    this.pos = p;
    return v;
  }

  readBit(): number {
    return this.readBits(1);
  }

  /** Reads n whole bytes (not necessarily byte-aligned). */
  readBytes(n: number): Uint8Array {
    this.need(n * 8);
    const out = new Uint8Array(n);
    if ((this.pos & 7) === 0) {
      out.set(this.buf.subarray(this.pos >>> 3, (this.pos >>> 3) + n));
      this.pos += n * 8;
    } else {
      for (let i = 0; i < n; i++) out[i] = this.readBits(8);
    }
    return out;
  }
}

/**
 * MSB-first bit writer into a preallocated, growable buffer: whole bytes are stored as soon as they are
 * complete, the 0..7 bits of the byte in progress wait in an accumulator (no per-bit work, no read-modify-write
 * of the buffer).
 */
export class BitWriter {
  private buf = new Uint8Array(256);
  /** Complete bytes written. */
  private len = 0;
  /** The pending bits (the low `n` bits) of the byte in progress. */
  private acc = 0;
  private n = 0;

  get position(): number {
    return this.len * 8 + this.n;
  }

  private grow(bytes: number): void {
    let size = this.buf.length * 2;
    while (size < this.len + bytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Writes the low n bits (0..32) of v, most significant first. */
  writeBits(v: number, n: number): void {
    // Kept small so the JIT inlines it; wide values and a full buffer go through writeBitsAny.
    if (n > 24 || this.len + 4 > this.buf.length) {
      this.writeBitsAny(v, n);
      return;
    }
    let k = this.n + n;
    const acc = (this.acc << n) | (v & ((1 << n) - 1));
    const buf = this.buf;
    while (k >= 8) {
      k -= 8;
      buf[this.len++] = acc >>> k;
    }
    this.acc = acc & ((1 << k) - 1);
    this.n = k;
  }

  private writeBitsAny(v: number, n: number): void {
    if (n > 24) {
      // Bits above the 32nd are dropped, as the low n <= 32 bits are all that is written.
      this.writeBits(n === 32 ? (v >>> 16) & 0xffff : (v >>> 16) & ((1 << (n - 16)) - 1), n - 16);
      this.writeBits(v & 0xffff, 16);
      return;
    }
    this.grow(4);
    this.writeBits(v, n); // n <= 24 and room for 4 bytes now: the small path
  }

  /** Writes one octet (0..255) at any bit position. */
  writeByte(b: number): void {
    if (this.len >= this.buf.length) this.grow(1);
    const k = this.n;
    const acc = (this.acc << 8) | (b & 0xff);
    this.buf[this.len++] = acc >>> k;
    this.acc = acc & ((1 << k) - 1);
  }

  writeBytes(bytes: Uint8Array): void {
    if (this.n === 0) {
      if (this.len + bytes.length > this.buf.length) this.grow(bytes.length);
      this.buf.set(bytes, this.len);
      this.len += bytes.length;
    } else {
      for (let i = 0; i < bytes.length; i++) this.writeByte(bytes[i]);
    }
  }

  /** Starts over at bit 0, keeping the buffer for the next document. */
  reset(): void {
    this.len = 0;
    this.acc = 0;
    this.n = 0;
  }

  /** The written bytes; the last byte is zero-padded. */
  finish(): Uint8Array {
    if (this.n === 0) return this.buf.slice(0, this.len);
    if (this.len >= this.buf.length) this.grow(1);
    this.buf[this.len] = this.acc << (8 - this.n);
    return this.buf.slice(0, this.len + 1);
  }
}

/** Number of bits needed to distinguish n values: ceil(log2(n)), 0 for n <= 1. */
export function bitsFor(n: number): number {
  let bits = 0;
  while (2 ** bits < n) bits++;
  return bits;
}

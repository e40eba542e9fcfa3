import { ExiError } from './errors';

/** MSB-first bit reader over a byte array (EXI bit-packed alignment). Every read is bounds-checked. */
export class BitReader {
  private pos = 0; // bit position
  /** Set by the decoder so errors can name the grammar location. */
  where: () => string = () => '';

  constructor(private readonly buf: Uint8Array) {}

  get position(): number {
    return this.pos;
  }

  /** Moves back to an earlier position (used to undo a look-ahead). */
  rewind(to: number): void {
    if (to < 0 || to > this.pos) throw new RangeError('rewind beyond read position');
    this.pos = to;
  }

  get remainingBits(): number {
    return this.buf.length * 8 - this.pos;
  }

  fail(problem: string, at = this.pos): never {
    throw new ExiError(problem, at, this.where());
  }

  private need(n: number): void {
    if (n > this.remainingBits) this.fail(`truncated input: need ${n} bit(s), ${this.remainingBits} left`);
  }

  /** Reads n bits (0..32) as an unsigned number. */
  readBits(n: number): number {
    if (n === 0) return 0;
    this.need(n);
    let v = 0;
    let pos = this.pos;
    let left = n;
    while (left > 0) {
      const byte = this.buf[pos >>> 3];
      const bitInByte = pos & 7;
      const avail = 8 - bitInByte;
      const take = avail < left ? avail : left;
      const chunk = (byte >>> (avail - take)) & ((1 << take) - 1);
      v = v * (1 << take) + chunk;
      pos += take;
      left -= take;
    }
    this.pos = pos;
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

/** MSB-first bit writer with a growable buffer. */
export class BitWriter {
  private buf = new Uint8Array(64);
  private pos = 0;

  get position(): number {
    return this.pos;
  }

  private ensure(bits: number): void {
    const needBytes = (this.pos + bits + 7) >>> 3;
    if (needBytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < needBytes) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf);
    this.buf = next;
  }

  /** Writes the low n bits (0..32) of v, most significant first. */
  writeBits(v: number, n: number): void {
    if (n === 0) return;
    this.ensure(n);
    let left = n;
    let pos = this.pos;
    while (left > 0) {
      const bitInByte = pos & 7;
      const avail = 8 - bitInByte;
      const take = avail < left ? avail : left;
      const shift = left - take;
      const chunk = Math.floor(v / 2 ** shift) & ((1 << take) - 1);
      this.buf[pos >>> 3] |= chunk << (avail - take);
      pos += take;
      left -= take;
    }
    this.pos = pos;
  }

  writeBytes(bytes: Uint8Array): void {
    if ((this.pos & 7) === 0) {
      this.ensure(bytes.length * 8);
      this.buf.set(bytes, this.pos >>> 3);
      this.pos += bytes.length * 8;
    } else {
      for (const b of bytes) this.writeBits(b, 8);
    }
  }

  /** The written bytes; the last byte is zero-padded. */
  finish(): Uint8Array {
    return this.buf.slice(0, (this.pos + 7) >>> 3);
  }
}

/** Number of bits needed to distinguish n values: ceil(log2(n)), 0 for n <= 1. */
export function bitsFor(n: number): number {
  let bits = 0;
  while (2 ** bits < n) bits++;
  return bits;
}

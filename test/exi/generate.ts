/** Seeded random message generator for EXI round-trip tests (walks the schema model, not the grammars). */
import type { ComplexType, ElementDecl, ResolvedParticle, SchemaModel, SimpleType } from '../../src/exi/model';
import type { JsonValue } from '../../src/exi';

/** mulberry32: small, fast, good enough for test data. */
export class Prng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.int(0, 255);
    return out;
  }
}

const SAMPLE_CHARS = ['a', 'Z', '0', '*', ' ', ':', 'ä', 'é', '€', '中', '😀', '\u0001', '\n'];

function jsonInt(v: bigint): JsonValue {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

function randomBig(rng: Prng, lo: bigint, hi: bigint): bigint {
  const span = hi - lo;
  if (span <= 0n) return lo;
  // Mix small offsets from either bound with uniformly random bits.
  const mode = rng.int(0, 3);
  const near = BigInt(rng.int(0, 3));
  if (mode === 0) return lo + near > hi ? lo : lo + near;
  if (mode === 1) return hi - near < lo ? hi : hi - near;
  let r = 0n;
  for (let i = 0; i < 10; i++) r = (r << 8n) | BigInt(rng.int(0, 255));
  return lo + (r % (span + 1n));
}

export function randomSimple(rng: Prng, t: SimpleType): JsonValue {
  switch (t.kind) {
    case 'boolean':
      return rng.int(0, 1);
    case 'enum': {
      const v = rng.pick(t.values);
      return t.numeric ? Number(v) : v;
    }
    case 'int': {
      const lo = t.min ?? -(2n ** 80n);
      const hi = t.max ?? 2n ** 80n;
      return jsonInt(randomBig(rng, lo, hi));
    }
    case 'hex':
    case 'base64':
      return Buffer.from(rng.bytes(rng.chance(0.1) ? 0 : rng.int(1, 40))).toString('hex');
    case 'string': {
      let s = '';
      const n = rng.chance(0.1) ? 0 : rng.int(1, 24);
      for (let i = 0; i < n; i++) s += rng.pick(SAMPLE_CHARS);
      return s;
    }
  }
}

function needsWildcard(t: ResolvedParticle['term']): boolean {
  if (t.kind === 'any') return true;
  if (t.kind === 'element') return false;
  if (t.kind === 'seq') return t.items.some((i) => i.min > 0 && needsWildcard(i.term));
  return t.items.every((i) => i.min > 0 && needsWildcard(i.term));
}

/** Thrown when an element cannot be generated without wildcard content (which the codec does not carry). */
export class NeedsWildcard extends Error {}

/** Generates a random valid value for an element; wildcards and mixed text are never generated. */
export class MessageGenerator {
  constructor(
    readonly model: SchemaModel,
    readonly rng: Prng,
    /** Extra occurrences generated beyond minOccurs (capped by maxOccurs). */
    readonly maxExtra = 3,
  ) {}

  element(decl: ElementDecl): JsonValue {
    const t = decl.type;
    return t.kind === 'complex' ? this.complex(t) : randomSimple(this.rng, t);
  }

  private complex(t: ComplexType): JsonValue {
    const obj: Record<string, JsonValue> = {};
    for (const at of t.attrs) if (at.required || this.rng.chance(0.5)) obj[at.name] = randomSimple(this.rng, at.type);
    const c = t.content;
    if (c.kind === 'simple') obj.CONTENT = randomSimple(this.rng, c.type);
    else if (c.kind === 'elements') this.particle(c.particle, t, obj);
    return obj;
  }

  private particle(p: ResolvedParticle, owner: ComplexType, obj: Record<string, JsonValue>): void {
    if (needsWildcard(p.term)) {
      if (p.min > 0) throw new NeedsWildcard();
      return;
    }
    const extra = p.max === Infinity ? this.maxExtra : Math.min(this.maxExtra, p.max - p.min);
    const n = p.min + this.rng.int(0, extra);
    for (let i = 0; i < n; i++) {
      const term = p.term;
      if (term.kind === 'element') {
        const decl = this.rng.pick(term.decls);
        const v = this.element(decl);
        if (owner.arrays.has(decl.name)) ((obj[decl.name] ??= []) as JsonValue[]).push(v);
        else obj[decl.name] = v;
      } else if (term.kind === 'seq') {
        for (const item of term.items) this.particle(item, owner, obj);
      } else if (term.kind === 'choice') {
        const options = term.items.filter((x) => x.term.kind !== 'any');
        if (options.length === 0) throw new NeedsWildcard();
        this.particle(this.rng.pick(options), owner, obj);
      } else {
        throw new NeedsWildcard();
      }
    }
  }
}

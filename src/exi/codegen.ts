/**
 * Source generation for the fast codec path (src/exi/fast.ts): one encoder and one decoder function per
 * grammar, a `switch` state machine with the event codes and widths as constants, fields loaded once into
 * locals, leaf children (CH value EE) written inline, and typed values specialised per simple type.
 *
 * The generated code only handles what it can do exactly like the generic codec (encoder.ts, decoder.ts); for
 * anything else (a value that is not the common JS type, a missing or unknown field, a second-level event, a
 * string-table hit, truncated input) it throws the bail-out sentinel `B`, and the caller redoes the whole
 * document on the generic path, which then produces the result or the ExiError.
 *
 * Names inside the generated source: `w` BitWriter, `r` BitReader (its position, buffer and length read and
 * written directly as `r.pos`, `r.buf`, `r.bitLength`: TypeScript's `private` does not apply to generated JS), `v` value / object, `d` depth, `B` bail
 * sentinel, `K` child functions (late bound), `T` constants (types, enum tables), `H*` helper functions.
 */
import type { Grammar, GrammarBuilder, Production, State } from './grammar';
import type { SimpleType } from './model';

/** Grammars with more states than this (unrolled bounded lists, e.g. 1024 schedule entries) are not generated. */
export const MAX_GENERATED_STATES = 64;

/** Nesting depth beyond which generated code bails out (the generic codec's own limit is 48). */
const MAX_DEPTH = 40;

/** Grammars with more fields than this read the object's keys instead of loading every field by name. */
const WIDE = 12;

export type SeProduction = Extract<Production, { ev: 'SE' }>;

/** The grammar of an SE production's element if it holds just a value (written inline), else undefined. */
function leafOf(gb: GrammarBuilder, p: SeProduction): Grammar | undefined {
  return p.decl.type.kind === 'complex' ? undefined : gb.childOf(p);
}

/** Enumerations up to this size are written through a string switch, larger ones through a Map. */
const SWITCH_ENUM = 12;

export interface Generated {
  source: string;
  /** Values the source reads as `T[i]`. */
  consts: unknown[];
  /** SE productions whose (complex) child grammar the source calls as `K[i]`; built and linked on first call. */
  children: SeProduction[];
}

class Emitter {
  readonly consts: unknown[] = [];
  readonly children: SeProduction[] = [];
  readonly out: string[] = [];
  private tmp = 0;

  constant(x: unknown): number {
    let i = this.consts.indexOf(x);
    if (i < 0) i = this.consts.push(x) - 1;
    return i;
  }

  child(p: SeProduction): number {
    let i = this.children.findIndex((c) => c.decl.type === p.decl.type);
    if (i < 0) i = this.children.push(p) - 1;
    return i;
  }

  fresh(prefix: string): string {
    return `${prefix}${this.tmp++}`;
  }

  line(s: string): void {
    this.out.push(s);
  }

  done(): Generated {
    return { source: this.out.join('\n'), consts: this.consts, children: this.children };
  }
}

/** The states of a grammar reachable from its start, start first. */
export function statesOf(g: Grammar): State[] {
  const seen = new Map<State, number>();
  const order: State[] = [];
  const queue = [g.start];
  while (queue.length > 0) {
    const s = queue.shift()!;
    if (seen.has(s)) continue;
    seen.set(s, order.length);
    order.push(s);
    for (const p of s.prods) if (p.ev !== 'EE') queue.push(p.next);
  }
  return order;
}

const lit = (s: string): string => JSON.stringify(s);
const num = (n: number): string => String(n);

function bitsWrite(code: number, bits: number): string {
  return bits === 0 || code === 0 ? (bits === 0 ? '' : `w.writeBits(0, ${bits});`) : `w.writeBits(${code}, ${bits});`;
}

// ---- encoder ---------------------------------------------------------------------------------------------

/** Statements writing the value in JS variable `x` with simple type `t`. */
function writeValueCode(e: Emitter, t: SimpleType, x: string): string {
  const slow = `if (Hwv(w, T[${e.constant(t)}], ${x}) !== undefined) throw B;`;
  switch (t.kind) {
    case 'boolean':
      return `if (${x} === 1 || ${x} === 0) w.writeBits(${x}, 1); else { ${slow} }`;
    case 'enum': {
      if (t.numeric) return slow;
      if (t.values.length > SWITCH_ENUM) {
        const m = e.constant(new Map(t.values.map((s, i) => [s, i])));
        const i = e.fresh('e');
        return `{ const ${i} = typeof ${x} === 'string' ? T[${m}].get(${x}) : undefined; if (${i} !== undefined) w.writeBits(${i}, ${t.bits}); else { ${slow} } }`;
      }
      const cases = t.values.map((s, i) => `case ${lit(s)}: ${bitsWrite(i, t.bits)} break;`).join(' ');
      return `switch (${x}) { ${cases} default: { ${slow} } }`;
    }
    case 'int': {
      if (t.codec === 'nbit') {
        if (!t.safe) return slow;
        return `if (typeof ${x} === 'number' && ${x} >= ${num(t.lo)} && ${x} <= ${num(t.hi)} && Math.floor(${x}) === ${x}) w.writeBits(${x} - ${num(t.lo)}, ${t.bits}); else { ${slow} }`;
      }
      // Number fast path for int32 values inside the type's bounds; anything else (bigint, strings, large) generic.
      const lo = Math.max(t.lo, -0x80000000);
      const hi = Math.min(t.hi, 0x7fffffff);
      const guard = `typeof ${x} === 'number' && ${x} >= ${num(lo)} && ${x} <= ${num(hi)} && (${x} | 0) === ${x}`;
      if (t.codec === 'unsigned') return `if (${guard}) Hwu(w, ${x}); else { ${slow} }`;
      return `if (${guard}) { if (${x} < 0) { w.writeBits(1, 1); Hwu(w, -${x} - 1); } else { w.writeBits(0, 1); Hwu(w, ${x}); } } else { ${slow} }`;
    }
    case 'hex':
    case 'base64':
      return `if (typeof ${x} !== 'string' || !Hwh(w, ${x})) { ${slow} }`;
    case 'string':
      return slow;
  }
}

/** Width of a value of `t` when it is fixed (boolean, enumeration, n-bit integer), else -1. */
function fixedWidth(t: SimpleType): number {
  if (t.kind === 'boolean') return 1;
  if (t.kind === 'enum' && !t.numeric) return t.bits;
  if (t.kind === 'int' && t.codec === 'nbit' && t.safe) return t.bits;
  return -1;
}

/**
 * Statements writing an element with a simple type: `pre` (its SE event code, `preBits` wide), CH, the value,
 * EE. A fixed-width value makes the whole element one write of constants and the value.
 */
function writeLeafCode(e: Emitter, g: Grammar, x: string, pre = 0, preBits = 0): string {
  const ch = g.start;
  const end = g.leafEnd!;
  const t = g.simple!;
  const head = pre * 2 ** ch.bits + ch.ch;
  const headBits = preBits + ch.bits;
  const vb = fixedWidth(t);
  const total = headBits + vb + end.bits;
  const slow = `{ ${bitsWrite(head, headBits)} if (Hwv(w, T[${e.constant(t)}], ${x}) !== undefined) throw B; ${bitsWrite(end.ee, end.bits)} }`;
  if (t.kind === 'int' && t.codec !== 'nbit' && headBits + 1 + 16 + end.bits <= 24) {
    // An unsigned or signed integer of one or two octets (most V2G values) is one write with its codes.
    const sign = t.codec === 'signed' ? 1 : 0;
    const lo = Math.max(t.lo, sign ? -16384 : 0);
    const hi = Math.min(t.hi, 16383);
    const eb = end.bits;
    const one = (h: number, val: string): string => `w.writeBits(${h * 2 ** (8 + eb) + end.ee} | ((${val}) << ${eb}), ${headBits + sign + 8 + eb});`;
    const two = (h: number, val: string): string =>
      `w.writeBits(${h * 2 ** (16 + eb) + end.ee} | (((((${val}) & 127) | 128) << 8 | ((${val}) >>> 7)) << ${eb}), ${headBits + sign + 16 + eb});`;
    const pos = sign ? head * 2 : head;
    const neg = head * 2 + 1;
    const small = `if (${x} >= 0) { if (${x} < 128) ${one(pos, x)} else ${two(pos, x)} }` + (sign ? ` else if (${x} >= -128) ${one(neg, `-${x} - 1`)} else ${two(neg, `-${x} - 1`)}` : '');
    return `if (typeof ${x} === 'number' && ${x} >= ${num(lo)} && ${x} <= ${num(hi)} && (${x} | 0) === ${x}) { ${small} } else { if (${x} === null) throw B; ${bitsWrite(head, headBits)} ${writeValueCode(e, t, x)} ${bitsWrite(end.ee, end.bits)} }`;
  }
  if (vb < 0 || total > 24) {
    return `if (${x} === null) throw B; ${bitsWrite(head, headBits)} ${writeValueCode(e, t, x)} ${bitsWrite(end.ee, end.bits)}`;
  }
  const base = head * 2 ** (vb + end.bits) + end.ee;
  const put = (val: string): string => `w.writeBits(${base} | ((${val}) << ${end.bits}), ${total});`;
  switch (t.kind) {
    case 'boolean':
      return `if (${x} === 1 || ${x} === 0) ${put(x)} else ${slow}`;
    case 'enum': {
      const cases = t.values.map((v, i) => `case ${lit(v)}: w.writeBits(${base + i * 2 ** end.bits}, ${total}); break;`).join(' ');
      return `switch (${x}) { ${cases} default: ${slow} }`;
    }
    case 'int':
      return `if (typeof ${x} === 'number' && ${x} >= ${num(t.lo)} && ${x} <= ${num(t.hi)} && Math.floor(${x}) === ${x}) ${put(`${x} - ${num(t.lo)}`)} else ${slow}`;
    default:
      return slow;
  }
}

/**
 * Encoder body `(w, v, d)`: the generic encoder's rule (in each state the first production, in event-code
 * order, whose field still has a value; EE once every field is written), unrolled per state.
 */
export function encoderSource(gb: GrammarBuilder, g: Grammar): Generated {
  const e = new Emitter();
  if (g.simple !== undefined) {
    e.line(writeLeafCode(e, g, 'v'));
    return e.done();
  }
  const states = statesOf(g);
  const index = new Map(states.map((s, i) => [s, i]));
  const fields = g.fields;
  e.line(`if (typeof v !== 'object' || v === null || d > ${MAX_DEPTH} || Array.isArray(v)) throw B;`);
  e.line('let m = 0;');
  const wide = fields.length > WIDE;
  if (wide) {
    // Many fields, few of them used (e.g. Body, one of its dozens of messages): walk the object's keys.
    e.line(`let ${fields.map((_, f) => `x${f}`).join(', ')};`);
    const cases = fields.map((_, f) => `case ${f}: x${f} = val; break;`).join(' ');
    e.line(`for (const k in v) { const val = v[k]; if (val === undefined) continue; const f = T[${e.constant(g.fieldOf)}][k]; if (typeof f !== 'number') throw B; switch (f) { ${cases} } }`);
  }
  fields.forEach((name, f) => {
    if (!wide) e.line(`const x${f} = v[${lit(name)}];`);
    if (g.fieldArray[f]) {
      e.line(`let l${f} = 0, a${f} = false;`);
      e.line(`if (x${f} !== undefined) { m++; if (Array.isArray(x${f})) { a${f} = true; l${f} = x${f}.length; if (l${f} === 0) throw B; } else l${f} = 1; }`);
    } else {
      e.line(`const l${f} = x${f} === undefined ? 0 : 1; m += l${f};`);
    }
  });
  // Every defined key must be a field (the common case: as many keys as defined fields).
  if (!wide) e.line(`let n = 0; for (const k in v) n++; if (n !== m) Hck(v, T[${e.constant(g.fieldOf)}]);`);
  if (fields.length > 0) e.line(`let ${fields.map((_, f) => `c${f} = 0`).join(', ')};`);
  e.line('let done = 0, s = 0;');
  e.line('for (;;) { switch (s) {');
  states.forEach((st, si) => {
    e.line(`case ${si}: {`);
    const emitted = new Set<number>();
    st.prods.forEach((p, j) => {
      const f = p.field;
      if (f < 0 || emitted.has(f)) return;
      emitted.add(f);
      const leaf = p.ev === 'SE' ? leafOf(gb, p) : undefined;
      const inline = leaf !== undefined;
      e.line(`if (c${f} < l${f}) { ${inline ? '' : bitsWrite(j, st.bits)}`);
      e.line(g.fieldArray[f] ? `const it = a${f} ? x${f}[c${f}] : x${f}; if (it === undefined) throw B;` : `const it = x${f};`);
      e.line(inline ? writeLeafCode(e, leaf!, 'it', j, st.bits) : writeProductionCode(e, gb, p));
      e.line(g.fieldArray[f] ? `if (++c${f} === l${f}) done++;` : `c${f} = 1; done++;`);
      e.line(`s = ${index.get((p as { next: State }).next)}; continue; }`);
    });
    if (st.ee >= 0) e.line(`if (done !== m) throw B; ${bitsWrite(st.ee, st.bits)} return;`);
    e.line('throw B; }');
  });
  e.line('default: throw B; } }');
  return e.done();
}

function writeProductionCode(e: Emitter, gb: GrammarBuilder, p: Production): string {
  switch (p.ev) {
    case 'AT':
      return writeValueCode(e, p.attr.type, 'it');
    case 'CH':
      return writeValueCode(e, p.type!, 'it');
    case 'SE': {
      const leaf = leafOf(gb, p);
      return leaf ? writeLeafCode(e, leaf, 'it') : `K[${e.child(p)}](w, it, d + 1);`;
    }
    default:
      return 'throw B;';
  }
}

// ---- decoder ---------------------------------------------------------------------------------------------

/**
 * Expression reading n (0..25) bits inline from the decoder's locals: `buf` (the input, padded with at least 3
 * zero bytes so the 4-byte window never leaves it), `lim` (its length in bits) and `p` (the bit position).
 */
function rd(n: number): string {
  if (n > 25) throw new Error(`inline read of ${n} bits (at most 25)`);
  if (n === 0) return '0';
  return `(p + ${n} > lim ? Hb() : (t = (((buf[p >>> 3] << 24) | (buf[(p >>> 3) + 1] << 16) | (buf[(p >>> 3) + 2] << 8) | buf[(p >>> 3) + 3]) >>> (${32 - n} - (p & 7))) & ${2 ** n - 1}, p += ${n}, t))`;
}

/** Statements calling a helper or child that reads through `r`: the position goes to `r` and back. */
function viaReader(call: string): string {
  return `r.pos = p; ${call} p = r.pos;`;
}

/** Statements reading a value of simple type `t` into the JS variable `x`. */
function readValueCode(e: Emitter, t: SimpleType, x: string): string {
  switch (t.kind) {
    case 'boolean':
      return `${x} = ${rd(1)};`;
    case 'enum': {
      const table = e.constant(t.numeric ? t.values.map(Number) : t.values);
      if (t.bits === 0) return `${x} = T[${table}][0];`;
      const i = e.fresh('e');
      return `{ const ${i} = ${rd(t.bits)}; if (${i} >= ${t.values.length}) throw B; ${x} = T[${table}][${i}]; }`;
    }
    case 'int':
      if (t.codec === 'nbit' && t.safe) {
        const read = rd(t.bits);
        return `${x} = ${read} + ${num(t.lo)}; if (${x} > ${num(t.hi)}) throw B;`;
      }
      // One octet inline (values below 128), longer ones through the helper from the start again.
      if (t.codec === 'unsigned') return `${x} = ${rd(8)}; if (${x} >= 128) { p -= 8; ${viaReader(`${x} = Hru(r);`)} }`;
      if (t.codec === 'signed') return `${x} = ${rd(9)}; if ((${x} & 128) === 0) ${x} = ${x} >= 256 ? -(${x} & 127) - 1 : ${x}; else { p -= 9; ${viaReader(`${x} = Hri(r);`)} }`;
      return viaReader(`${x} = Hrv(r, T[${e.constant(t)}]);`);
    case 'string':
      return viaReader(`${x} = Hrs(r);`);
    case 'hex':
    case 'base64':
      return viaReader(`${x} = Hrh(r);`);
  }
}

/**
 * Statements reading an element with a simple type (its SE already read) into `x`: CH, the value, EE; one
 * read for the three when the value has a fixed width.
 */
function readLeafCode(e: Emitter, g: Grammar, x: string): string {
  const ch = g.start;
  const end = g.leafEnd!;
  const t = g.simple!;
  const vb = fixedWidth(t);
  const total = ch.bits + vb + end.bits;
  if (vb >= 0 && total <= 24) {
    const k = e.fresh('k');
    const val = `((${k} >>> ${end.bits}) & ${2 ** vb - 1})`;
    let value: string;
    if (t.kind === 'boolean') value = `${x} = ${val};`;
    else if (t.kind === 'enum') value = `${x} = ${val}; if (${x} >= ${t.values.length}) throw B; ${x} = T[${e.constant(t.values)}][${x}];`;
    else if (t.kind === 'int') value = `${x} = ${val} + ${num(t.lo)}; if (${x} > ${num(t.hi)}) throw B;`;
    else value = 'throw B;';
    return `{ const ${k} = ${rd(total)}; if ((${k} >>> ${vb + end.bits}) !== ${ch.ch} || (${k} & ${2 ** end.bits - 1}) !== ${end.ee}) throw B; ${value} }`;
  }
  return `if (${rd(ch.bits)} !== ${ch.ch}) throw B; ${readValueCode(e, g.simple!, x)} if (${rd(end.bits)} !== ${end.ee}) throw B;`;
}

/** Decoder body `(r, d)` returning the element's value: an object built in stream order, as decoder.ts does. */
export function decoderSource(gb: GrammarBuilder, g: Grammar): Generated {
  const e = new Emitter();
  if (g.simple !== undefined) {
    e.line(`const buf = r.buf, lim = r.bitLength; let p = r.pos, t = 0, x; ${readLeafCode(e, g, 'x')} r.pos = p; return x;`);
    return e.done();
  }
  const states = statesOf(g);
  const index = new Map(states.map((s, i) => [s, i]));
  e.line(`if (d > ${MAX_DEPTH}) throw B;`);
  e.line('const buf = r.buf, lim = r.bitLength; let p = r.pos, t = 0;');
  e.line('const o = {}; let s = 0, x;');
  g.fields.forEach((_, f) => {
    if (g.fieldArray[f]) e.line(`let y${f};`);
  });
  e.line('for (;;) { switch (s) {');
  states.forEach((st, si) => {
    e.line(`case ${si}: { switch (${rd(st.bits)}) {`);
    st.prods.forEach((p, j) => {
      if (p.ev === 'EE') {
        e.line(`case ${j}: r.pos = p; return o;`);
        return;
      }
      const body = readProductionCode(e, gb, p);
      if (body === undefined) return; // not carried: falls through to the bail-out
      e.line(`case ${j}: { ${body} s = ${index.get(p.next)}; continue; }`);
    });
    e.line('} throw B; }');
  });
  e.line('default: throw B; } }');
  return e.done();
}

function readProductionCode(e: Emitter, gb: GrammarBuilder, p: Production): string | undefined {
  switch (p.ev) {
    case 'AT':
      return `${readValueCode(e, p.attr.type, 'x')} o[${lit(p.attr.name)}] = x;`;
    case 'CH':
      return p.type ? `${readValueCode(e, p.type, 'x')} o.CONTENT = x;` : undefined;
    case 'SE': {
      const leaf = leafOf(gb, p);
      const read = leaf ? readLeafCode(e, leaf, 'x') : viaReader(`x = K[${e.child(p)}](r, d + 1);`);
      const name = lit(p.decl.name);
      if (!p.array) return `${read} o[${name}] = x;`;
      const y = `y${p.field}`;
      return `${read} if (${y} === undefined) o[${name}] = ${y} = [x]; else ${y}.push(x);`;
    }
    default:
      return undefined;
  }
}

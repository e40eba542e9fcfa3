import { bitsFor } from './bits';
import {
  type AttrSpec,
  type ComplexSpec,
  type GlobalElementSpec,
  type Particle,
  type SchemaSpec,
  type SimpleSpec,
  type TypeRef,
  parseOccurs,
} from './schema';

/** Resolved simple types, reduced to what decides their EXI value encoding (EXI 1.0 §7). */
export type SimpleType =
  | { kind: 'string'; name: string }
  | { kind: 'boolean'; name: string }
  | { kind: 'enum'; name: string; values: string[]; numeric: boolean; bits: number }
  | {
      kind: 'int';
      name: string;
      min?: bigint;
      max?: bigint;
      codec: 'nbit' | 'unsigned' | 'signed';
      bits: number;
      /** min and max as numbers (±Infinity when absent), exact for comparing safe integers. */
      lo: number;
      hi: number;
      /** Whether both bounds are safe integers (n-bit values then decode as plain numbers). */
      safe: boolean;
    }
  | { kind: 'hex'; name: string }
  | { kind: 'base64'; name: string };

export interface ElementDecl {
  name: string;
  ns: string;
  qname: string;
  readonly type: SimpleType | ComplexType;
  abstract: boolean;
  global: boolean;
  /** Global elements only: the head of this element's substitution group. */
  head?: ElementDecl;
}

export interface AttrDecl {
  name: string;
  ns: string;
  qname: string;
  type: SimpleType;
  required: boolean;
}

export type Term =
  | { kind: 'element'; decls: ElementDecl[] }
  | { kind: 'seq' | 'choice'; items: ResolvedParticle[] }
  | { kind: 'any'; namespace: string };
export interface ResolvedParticle {
  min: number;
  max: number;
  term: Term;
}

export type Content =
  | { kind: 'empty' }
  | { kind: 'simple'; type: SimpleType }
  | { kind: 'elements'; particle: ResolvedParticle; mixed: boolean };

export interface ComplexType {
  kind: 'complex';
  name: string;
  attrs: AttrDecl[];
  anyAttribute: boolean;
  content: Content;
  /** Child element local names that may occur more than once (they map to JSON arrays). */
  arrays: Set<string>;
}

const TWO = 2n;
const BUILTIN_INTS: Record<string, [bigint | undefined, bigint | undefined]> = {
  integer: [undefined, undefined],
  long: [-(TWO ** 63n), TWO ** 63n - 1n],
  int: [-(TWO ** 31n), TWO ** 31n - 1n],
  short: [-32768n, 32767n],
  byte: [-128n, 127n],
  nonNegativeInteger: [0n, undefined],
  positiveInteger: [1n, undefined],
  nonPositiveInteger: [undefined, 0n],
  negativeInteger: [undefined, -1n],
  unsignedLong: [0n, TWO ** 64n - 1n],
  unsignedInt: [0n, TWO ** 32n - 1n],
  unsignedShort: [0n, 65535n],
  unsignedByte: [0n, 255n],
};
const BUILTIN_STRINGS = new Set(['string', 'anyURI', 'ID', 'IDREF', 'NCName', 'token', 'normalizedString', 'Name', 'language']);

export function qnameOf(ns: string, name: string): string {
  return `{${ns}}${name}`;
}

/**
 * Gives every simple type the same properties in the same order (unused ones undefined), so the value codecs
 * see one object shape.
 */
function uniform(t: SimpleType): SimpleType {
  const u = t as { kind: SimpleType['kind']; name: string } & Partial<Omit<Extract<SimpleType, { kind: 'int' }>, 'kind'>> &
    Partial<Omit<Extract<SimpleType, { kind: 'enum' }>, 'kind'>>;
  const all = {
    kind: u.kind,
    name: u.name,
    values: u.values,
    numeric: u.numeric,
    bits: u.bits ?? 0,
    min: u.min,
    max: u.max,
    codec: u.codec,
    lo: u.lo,
    hi: u.hi,
    safe: u.safe,
  };
  return all as SimpleType;
}

export function makeIntType(name: string, min: bigint | undefined, max: bigint | undefined): SimpleType {
  // A bound beyond 2^53 rounds to a number at least as far out, so comparisons with safe integers stay exact.
  const lo = min === undefined ? -Infinity : Number(min);
  const hi = max === undefined ? Infinity : Number(max);
  const safe = Number.isSafeInteger(lo) && Number.isSafeInteger(hi);
  if (min !== undefined && max !== undefined && max - min < 4096n) {
    return uniform({ kind: 'int', name, min, max, codec: 'nbit', bits: bitsFor(Number(max - min + 1n)), lo, hi, safe });
  }
  return uniform({ kind: 'int', name, min, max, codec: min !== undefined && min >= 0n ? 'unsigned' : 'signed', bits: 0, lo, hi, safe });
}

/** The resolved schema set: global elements in document-grammar order, types resolved on demand. */
export class SchemaModel {
  private readonly typeCache = new Map<string, SimpleType | ComplexType>();
  private readonly elementCache = new Map<string, ElementDecl>();
  private readonly inProgress = new Set<string>();
  /** Global elements sorted by local name, then namespace URI (EXI 1.0 §8.5.1 document grammar). */
  readonly globals: ElementDecl[];

  constructor(readonly spec: SchemaSpec) {
    this.globals = [...spec.elements.values()]
      .map((g) => this.globalElement(g.name))
      .sort((x, y) => cmp(x.name, y.name) || cmp(x.ns, y.ns));
  }

  globalElement(name: string): ElementDecl {
    const cached = this.elementCache.get(name);
    if (cached) return cached;
    const g: GlobalElementSpec | undefined = this.spec.elements.get(name);
    if (!g) throw new Error(`unknown global element ${name}`);
    const decl = this.lazyDecl(name, g.ns, g.type, true, !!g.abstract, `element ${name}`);
    this.elementCache.set(name, decl);
    if (g.substitutionGroup) decl.head = this.globalElement(g.substitutionGroup);
    return decl;
  }

  /**
   * Members of the substitution group headed by `head` (transitively), head included, sorted by local name
   * then URI. Abstract declarations stay in the list, as in the reference codecs' grammars (the ISO 15118-2
   * vectors only line up with the abstract BodyElement counted among the Body alternatives).
   */
  substitutionMembers(head: ElementDecl): ElementDecl[] {
    const out: ElementDecl[] = [];
    for (const name of this.spec.elements.keys()) {
      let h: string | undefined = name;
      for (let hops = 0; h !== undefined && h !== head.name && hops < 64; hops++) h = this.spec.elements.get(h)?.substitutionGroup;
      if (h === head.name) out.push(this.globalElement(name));
    }
    return out.sort((x, y) => cmp(x.name, y.name) || cmp(x.ns, y.ns));
  }

  /** An element declaration whose type is resolved on first use (keeps type resolution free of cycles). */
  private lazyDecl(name: string, ns: string, ref: TypeRef, global: boolean, abstract: boolean, context: string): ElementDecl {
    return new LazyElementDecl(name, ns, abstract, global, () => this.resolveType(ref, context));
  }

  resolveType(ref: TypeRef, context: string): SimpleType | ComplexType {
    if (typeof ref !== 'string') return ref.kind === 'simple' ? this.resolveSimple(ref, `${context} (anonymous)`) : this.resolveComplex(ref, context);
    const cached = this.typeCache.get(ref);
    if (cached) return cached;
    let out: SimpleType | ComplexType;
    if (ref.startsWith('xs:')) {
      out = builtin(ref.slice(3));
    } else {
      const spec = this.spec.types.get(ref);
      if (!spec) throw new Error(`unknown type ${ref} (${context})`);
      if (spec.kind === 'complex') {
        // Register before resolving content so (indirectly) recursive types terminate.
        this.inProgress.add(ref);
        const placeholder: ComplexType = { kind: 'complex', name: ref, attrs: [], anyAttribute: false, content: { kind: 'empty' }, arrays: new Set() };
        this.typeCache.set(ref, placeholder);
        Object.assign(placeholder, this.resolveComplex(spec, ref));
        this.inProgress.delete(ref);
        return placeholder;
      }
      out = this.resolveSimple(spec, ref);
    }
    this.typeCache.set(ref, out);
    return out;
  }

  simpleType(ref: string, context: string): SimpleType {
    const t = this.resolveType(ref, context);
    if (t.kind === 'complex') throw new Error(`${context}: ${ref} is not a simple type`);
    return t;
  }

  private resolveSimple(spec: SimpleSpec, name: string): SimpleType {
    const base = this.simpleType(spec.base, name);
    if (spec.enum) {
      const numeric = base.kind === 'int';
      return uniform({ kind: 'enum', name, values: spec.enum, numeric, bits: bitsFor(spec.enum.length) });
    }
    if (base.kind === 'int' && (spec.min !== undefined || spec.max !== undefined)) {
      let min = base.min;
      let max = base.max;
      if (spec.min !== undefined && (min === undefined || BigInt(spec.min) > min)) min = BigInt(spec.min);
      if (spec.max !== undefined && (max === undefined || BigInt(spec.max) < max)) max = BigInt(spec.max);
      return makeIntType(name, min, max);
    }
    return uniform({ ...base, name });
  }

  private resolveComplex(spec: ComplexSpec, name: string): ComplexType {
    let attrs: AttrDecl[] = [];
    let content: Content = { kind: 'empty' };
    let anyAttribute = !!spec.anyAttribute;
    if (spec.ext) {
      if (this.inProgress.has(spec.ext)) throw new Error(`${name}: base type ${spec.ext} is still being resolved (cycle)`);
      const base = this.resolveType(spec.ext, name);
      if (base.kind === 'complex') {
        attrs = [...base.attrs];
        content = base.content;
        anyAttribute ||= base.anyAttribute;
      } else {
        content = { kind: 'simple', type: base };
      }
    }
    if (spec.simple) content = { kind: 'simple', type: this.simpleType(spec.simple, name) };
    for (const at of spec.attrs ?? []) attrs.push(this.attr(at, name));
    if (spec.content) {
      const own = this.particle(spec.content, name);
      if (content.kind === 'elements') {
        content = { kind: 'elements', particle: { min: 1, max: 1, term: { kind: 'seq', items: [content.particle, own] } }, mixed: !!spec.mixed };
      } else {
        content = { kind: 'elements', particle: own, mixed: !!spec.mixed };
      }
    }
    const arrays = new Set<string>();
    if (content.kind === 'elements') {
      const counts = new Map<string, number>();
      countNames(content.particle, 1, counts);
      for (const [n, c] of counts) if (c > 1) arrays.add(n);
    }
    return { kind: 'complex', name, attrs, anyAttribute, content, arrays };
  }

  private attr(at: AttrSpec, context: string): AttrDecl {
    const ns = at.ns ?? '';
    return { name: at.name, ns, qname: qnameOf(ns, at.name), type: this.simpleType(at.type, `${context}@${at.name}`), required: at.required };
  }

  private particle(p: Particle, context: string): ResolvedParticle {
    const { min, max } = parseOccurs(p.occurs);
    switch (p.kind) {
      case 'element': {
        const decl = this.lazyDecl(p.name, p.ns ?? '', p.type, false, false, `${context}/${p.name}`);
        return { min, max, term: { kind: 'element', decls: [decl] } };
      }
      case 'ref': {
        const head = this.globalElement(p.name);
        return { min, max, term: { kind: 'element', decls: this.substitutionMembers(head) } };
      }
      case 'any':
        return { min, max, term: { kind: 'any', namespace: p.namespace } };
      default:
        return { min, max, term: { kind: p.kind, items: p.items.map((i) => this.particle(i, context)) } };
    }
  }
}

/** One class for every declaration (one object shape; the type getter lives on the prototype). */
class LazyElementDecl implements ElementDecl {
  readonly qname: string;
  head: ElementDecl | undefined = undefined;
  private resolved: SimpleType | ComplexType | undefined = undefined;

  constructor(
    readonly name: string,
    readonly ns: string,
    readonly abstract: boolean,
    readonly global: boolean,
    private readonly resolve: () => SimpleType | ComplexType,
  ) {
    this.qname = qnameOf(ns, name);
  }

  get type(): SimpleType | ComplexType {
    return (this.resolved ??= this.resolve());
  }
}

function countNames(p: ResolvedParticle, factor: number, counts: Map<string, number>): void {
  const f = factor * p.max;
  const t = p.term;
  if (t.kind === 'element') {
    for (const d of t.decls) counts.set(d.name, (counts.get(d.name) ?? 0) + f);
  } else if (t.kind === 'seq') {
    for (const i of t.items) countNames(i, f, counts);
  } else if (t.kind === 'choice') {
    // Alternatives exclude each other: an element counts once per alternative it appears in at most.
    const merged = new Map<string, number>();
    for (const i of t.items) {
      const sub = new Map<string, number>();
      countNames(i, f, sub);
      for (const [n, c] of sub) merged.set(n, Math.max(merged.get(n) ?? 0, c));
    }
    for (const [n, c] of merged) counts.set(n, (counts.get(n) ?? 0) + c);
  }
}

function builtin(local: string): SimpleType {
  const name = `xs:${local}`;
  if (BUILTIN_STRINGS.has(local)) return uniform({ kind: 'string', name });
  if (local === 'boolean') return uniform({ kind: 'boolean', name });
  if (local === 'hexBinary') return uniform({ kind: 'hex', name });
  if (local === 'base64Binary') return uniform({ kind: 'base64', name });
  const range = BUILTIN_INTS[local];
  if (range) return makeIntType(name, range[0], range[1]);
  throw new Error(`unsupported built-in type ${name}`);
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

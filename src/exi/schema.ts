/**
 * A small TypeScript vocabulary for writing down message structures (element names, types, order,
 * occurrence) in the shape XML Schema gives them, so the grammar builder can derive EXI grammars from them.
 * The message sets in ./sets are written with it.
 *
 * Occurrence strings: '' exactly once, '?' optional, '*' any number, '+' at least one, 'm..n' / 'm..*' ranges.
 */

export interface ElementParticle {
  kind: 'element';
  name: string;
  type: TypeRef;
  occurs: string;
  /** Filled in when the enclosing type is registered (elementFormDefault). */
  ns?: string;
}
export interface RefParticle {
  kind: 'ref';
  name: string;
  occurs: string;
}
export interface GroupParticle {
  kind: 'seq' | 'choice';
  items: Particle[];
  occurs: string;
}
export interface AnyParticle {
  kind: 'any';
  /** '##any', '##other' or a namespace URI. */
  namespace: string;
  occurs: string;
}
export type Particle = ElementParticle | RefParticle | GroupParticle | AnyParticle;

export interface AttrSpec {
  name: string;
  type: string;
  required: boolean;
  ns?: string;
}

export interface SimpleSpec {
  kind: 'simple';
  base: string;
  /** Set at registration. */
  ns?: string;
  enum?: string[];
  min?: number | string;
  max?: number | string;
}

export interface ComplexSpec {
  kind: 'complex';
  /** complexContent/simpleContent extension base (a type name). */
  ext?: string;
  attrs?: AttrSpec[];
  /** Element content (complexContent). */
  content?: Particle;
  /** Simple content type name (simpleContent without a complex base). */
  simple?: string;
  mixed?: boolean;
  abstract?: boolean;
  anyAttribute?: boolean;
  /** Set at registration. */
  ns?: string;
  name?: string;
}

export type TypeRef = string | SimpleSpec | ComplexSpec;

export interface GlobalElementSpec {
  name: string;
  ns: string;
  type: TypeRef;
  substitutionGroup?: string;
  abstract?: boolean;
  nillable?: boolean;
}

// ---- particle helpers -------------------------------------------------------------------------------------

/** A local element. */
export function e(name: string, type: TypeRef, occurs = ''): ElementParticle {
  return { kind: 'element', name, type, occurs };
}
/** A reference to a global element (substitution groups expand here). */
export function r(name: string, occurs = ''): RefParticle {
  return { kind: 'ref', name, occurs };
}
export function seq(items: Particle[], occurs = ''): GroupParticle {
  return { kind: 'seq', items, occurs };
}
export function choice(items: Particle[], occurs = ''): GroupParticle {
  return { kind: 'choice', items, occurs };
}
export function any(namespace: string, occurs = ''): AnyParticle {
  return { kind: 'any', namespace, occurs };
}
/** An attribute use; `required` defaults to false. */
export function a(name: string, type: string, required = false): AttrSpec {
  return { name, type, required };
}
/** A restriction of a built-in or named simple type. */
export function st(base: string, facets: { enum?: string[]; min?: number | string; max?: number | string } = {}): SimpleSpec {
  return { kind: 'simple', base, ...facets };
}
export function ct(spec: Omit<ComplexSpec, 'kind'>): ComplexSpec {
  return { kind: 'complex', ...spec };
}

export function parseOccurs(o: string): { min: number; max: number } {
  switch (o) {
    case '':
      return { min: 1, max: 1 };
    case '?':
      return { min: 0, max: 1 };
    case '*':
      return { min: 0, max: Infinity };
    case '+':
      return { min: 1, max: Infinity };
  }
  const m = /^(\d+)\.\.(\d+|\*)$/.exec(o);
  if (!m) throw new Error(`bad occurrence '${o}'`);
  return { min: Number(m[1]), max: m[2] === '*' ? Infinity : Number(m[2]) };
}

// ---- registration -----------------------------------------------------------------------------------------

/** All declarations of one schema set (the schemas one EXI grammar is built from). */
export class SchemaSpec {
  readonly types = new Map<string, SimpleSpec | ComplexSpec>();
  readonly elements = new Map<string, GlobalElementSpec>();

  /** A namespace (one XSD target namespace) to declare into. */
  ns(uri: string, opts: { qualifiedElements?: boolean; qualifiedAttributes?: boolean } = {}): NamespaceSpec {
    return new NamespaceSpec(this, uri, opts.qualifiedElements ?? true, opts.qualifiedAttributes ?? false);
  }
}

export class NamespaceSpec {
  constructor(
    readonly set: SchemaSpec,
    readonly uri: string,
    private readonly qualifiedElements: boolean,
    private readonly qualifiedAttributes: boolean,
  ) {}

  private register(name: string, spec: SimpleSpec | ComplexSpec): void {
    if (this.set.types.has(name)) throw new Error(`duplicate type ${name}`);
    this.set.types.set(name, spec);
  }

  simple(name: string, spec: SimpleSpec): this {
    spec.ns = this.uri;
    this.register(name, spec);
    return this;
  }

  complex(name: string, spec: ComplexSpec): this {
    this.fixComplex(spec, name);
    this.register(name, spec);
    return this;
  }

  element(name: string, type: TypeRef, opts: { subst?: string; abstract?: boolean; nillable?: boolean } = {}): this {
    if (this.set.elements.has(name)) throw new Error(`duplicate global element ${name}`);
    if (typeof type !== 'string' && type.kind === 'complex') this.fixComplex(type, undefined);
    this.set.elements.set(name, {
      name,
      ns: this.uri,
      type,
      substitutionGroup: opts.subst,
      abstract: opts.abstract,
      nillable: opts.nillable,
    });
    return this;
  }

  private fixComplex(spec: ComplexSpec, name: string | undefined): void {
    spec.ns = this.uri;
    spec.name = name;
    for (const at of spec.attrs ?? []) at.ns = this.qualifiedAttributes ? this.uri : '';
    if (spec.content) this.fixParticle(spec.content);
  }

  private fixParticle(p: Particle): void {
    if (p.kind === 'element') {
      p.ns = this.qualifiedElements ? this.uri : '';
      if (typeof p.type !== 'string' && p.type.kind === 'complex') this.fixComplex(p.type, undefined);
    } else if (p.kind === 'seq' || p.kind === 'choice') {
      for (const i of p.items) this.fixParticle(i);
    }
  }
}

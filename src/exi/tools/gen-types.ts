/**
 * Generates the TypeScript message types in src/exi/types/ from the message-structure definitions in
 * src/exi/sets/ (so the types and the codec can never disagree; test/exi/types.test.ts checks they are current).
 *
 *   node --import tsx src/exi/tools/gen-types.ts          rewrites src/exi/types/*.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ComplexType, type ElementDecl, type ResolvedParticle, SchemaModel, type SimpleType } from '../model';
import { SCHEMA_SETS, schemaSpec } from '../sets';

const XMLDSIG = 'http://www.w3.org/2000/09/xmldsig#';
const ISO20_TYPES = 'urn:iso:std:iso:15118:-20:CommonTypes';

/** Output file (module name) per namespace; namespaces not listed go to the set's own file. */
const SHARED: Record<string, { module: string; alias: string }> = {
  [XMLDSIG]: { module: 'xmldsig', alias: 'ds' },
  [ISO20_TYPES]: { module: 'iso20-common-types', alias: 'ct' },
};

const WIDE_INTS = new Set(['xs:long', 'xs:unsignedLong', 'xs:integer', 'xs:nonNegativeInteger', 'xs:positiveInteger']);

/** Import alias of a generated module: shared modules have short aliases, set modules use their name. */
function aliasOf(module: string): string {
  return Object.values(SHARED).find((x) => x.module === module)?.alias ?? module;
}

/** Type name of each set's document union in documents.ts. */
const DOCUMENT_NAMES: Record<string, string> = {
  apphand: 'AppHandDocument',
  din: 'DinDocument',
  iso2: 'Iso2Document',
  iso20: 'Iso20Document',
  iso20dc: 'Iso20DcDocument',
  iso20ac: 'Iso20AcDocument',
  iso20acdp: 'Iso20AcdpDocument',
  iso20wpt: 'Iso20WptDocument',
};

interface Decl {
  name: string;
  ns: string;
  text: string;
}

class Emitter {
  readonly decls = new Map<string, Decl>();
  private readonly uses = new Map<string, Set<string>>(); // module -> referenced shared modules

  constructor(
    readonly model: SchemaModel,
    readonly setModule: string,
  ) {}

  moduleOf(ns: string): string {
    return SHARED[ns]?.module ?? this.setModule;
  }

  private ref(name: string, ns: string, from: string): string {
    const m = this.moduleOf(ns);
    if (m === from) return name;
    (this.uses.get(from) ?? this.uses.set(from, new Set()).get(from)!).add(m);
    return `${aliasOf(m)}.${name}`;
  }

  usesOf(module: string): string[] {
    return [...(this.uses.get(module) ?? [])].sort();
  }

  simple(t: SimpleType, from: string): string {
    const spec = this.model.spec.types.get(t.name);
    if (spec && spec.kind === 'simple' && t.kind === 'enum') {
      this.enumAlias(t, spec.ns ?? '');
      return this.ref(t.name, spec.ns ?? '', from);
    }
    switch (t.kind) {
      case 'boolean':
        return 'Bool';
      case 'enum':
        return t.values.map((v) => (t.numeric ? v : `'${v}'`)).join(' | ');
      case 'int':
        return t.codec === 'nbit' || (t.min !== undefined && t.max !== undefined && !WIDE_INTS.has(baseName(this.model, t.name))) ? 'number' : 'BigInteger';
      default:
        return 'string';
    }
  }

  private enumAlias(t: Extract<SimpleType, { kind: 'enum' }>, ns: string): void {
    if (this.decls.has(t.name)) return;
    const values = t.values.map((v) => (t.numeric ? v : `'${v}'`));
    const one = `export type ${t.name} = ${values.join(' | ')};`;
    const text = one.length <= 118 ? one : `export type ${t.name} =\n${values.map((v) => `  | ${v}`).join('\n')};`;
    this.decls.set(t.name, { name: t.name, ns, text });
  }

  typeOf(decl: ElementDecl, from: string): string {
    const t = decl.type;
    if (t.kind !== 'complex') return this.simple(t, from);
    if (!t.name.startsWith('element ')) return this.ref(t.name, this.nsOfComplex(t.name), from);
    this.complex(t, `${decl.name}Element`, decl.ns);
    return this.ref(`${decl.name}Element`, decl.ns, from);
  }

  private nsOfComplex(name: string): string {
    return this.model.spec.types.get(name)?.ns ?? '';
  }

  complex(t: ComplexType, name: string, ns: string): void {
    if (this.decls.has(name)) return;
    this.decls.set(name, { name, ns, text: '' }); // reserve (recursion)
    const from = this.moduleOf(ns);
    const fields: string[] = [];
    for (const at of t.attrs) fields.push(`${at.name}${at.required ? '' : '?'}: ${this.simple(at.type, from)}`);
    if (t.content.kind === 'simple') fields.push(`CONTENT: ${this.simple(t.content.type, from)}`);
    if (t.content.kind === 'elements') {
      const seen = new Map<string, { decl: ElementDecl; required: boolean }>();
      collect(t.content.particle, true, seen);
      for (const [n, { decl, required }] of seen) {
        const base = this.typeOf(decl, from);
        const ty = t.arrays.has(n) ? (base.includes(' ') ? `Array<${base}>` : `${base}[]`) : base;
        fields.push(`${n}${required ? '' : '?'}: ${ty}`);
      }
    }
    if (fields.length === 0) {
      this.decls.set(name, { name, ns, text: `/** No content: always \`{}\`. */\nexport type ${name} = Record<string, never>;` });
      return;
    }
    const one = `export interface ${name} { ${fields.join('; ')} }`;
    const text = one.length <= 118 ? one : `export interface ${name} {\n${fields.map((f) => `  ${f};`).join('\n')}\n}`;
    this.decls.set(name, { name, ns, text });
  }
}

function baseName(model: SchemaModel, name: string): string {
  let n = name;
  for (let i = 0; i < 16; i++) {
    const spec = model.spec.types.get(n);
    if (!spec || spec.kind !== 'simple') return n;
    n = spec.base;
  }
  return n;
}

/** Element fields of a content model; `required` when every path to the element passes min >= 1. */
function collect(p: ResolvedParticle, required: boolean, out: Map<string, { decl: ElementDecl; required: boolean }>): void {
  const req = required && p.min >= 1;
  const t = p.term;
  const add = (decl: ElementDecl, r: boolean): void => {
    const prev = out.get(decl.name);
    out.set(decl.name, { decl: prev?.decl ?? decl, required: r && !prev });
  };
  if (t.kind === 'element') for (const d of t.decls) add(d, req && t.decls.length === 1);
  else if (t.kind === 'seq') for (const i of t.items) collect(i, req, out);
  else if (t.kind === 'choice') for (const i of t.items) collect(i, req && t.items.length === 1, out);
}

const HEADER = `// Generated by src/exi/tools/gen-types.ts from the message structures in src/exi/sets/ — do not edit.
// Field names follow the schema's element and attribute names; see src/exi/README.md for the JSON mapping.`;

/** Renders every types file; returns module name -> file text. */
export function renderTypes(): Map<string, string> {
  const files = new Map<string, Decl[]>();
  const imports = new Map<string, Set<string>>();
  const documents: string[] = [];
  const addImports = (m: string, uses: string[]): void => {
    const s = imports.get(m) ?? imports.set(m, new Set()).get(m)!;
    for (const u of uses) s.add(u);
  };
  for (const set of SCHEMA_SETS) {
    const model = new SchemaModel(schemaSpec(set));
    const em = new Emitter(model, set);
    for (const [name, spec] of model.spec.types) {
      if (spec.kind !== 'complex') continue;
      em.complex(model.resolveType(name, name) as ComplexType, name, spec.ns ?? '');
    }
    const roots = model.globals.map((g) => `  | { ${g.name}: ${em.typeOf(g, 'documents')} }`);
    for (const d of em.decls.values()) {
      const m = em.moduleOf(d.ns);
      const list = files.get(m) ?? files.set(m, []).get(m)!;
      if (!list.some((x) => x.name === d.name)) list.push(d);
    }
    for (const m of new Set([...em.decls.values()].map((d) => em.moduleOf(d.ns)).concat(set))) addImports(m, em.usesOf(m));
    addImports('documents', em.usesOf('documents'));
    documents.push(`/** One ${set} EXI document: exactly one root element. */\nexport type ${DOCUMENT_NAMES[set]} =\n${roots.join('\n')};`);
    const list = files.get(set) ?? files.set(set, []).get(set)!;
    list.push({ name: '~Document', ns: '', text: `export type { ${DOCUMENT_NAMES[set]} as Document } from './documents';` });
  }
  const out = new Map<string, string>();
  const importLines = (m: string, body: string): string[] => {
    const used = ['BigInteger', 'Bool'].filter((n) => new RegExp(`\\b${n}\\b`).test(body));
    const lines = [HEADER];
    if (used.length) lines.push(`import type { ${used.join(', ')} } from './base';`);
    for (const u of [...(imports.get(m) ?? [])].sort()) lines.push(`import type * as ${aliasOf(u)} from './${u}';`);
    return lines;
  };
  for (const [m, decls] of files) {
    const body = decls
      .filter((d) => d.name !== '~Document')
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((d) => d.text);
    const doc = decls.find((d) => d.name === '~Document');
    const all = [...body, ...(doc ? [doc.text] : [])];
    out.set(m, `${[importLines(m, all.join('\n')).join('\n'), ...all].join('\n\n')}\n`);
  }
  out.set('documents', `${[importLines('documents', documents.join('\n')).join('\n'), ...documents].join('\n\n')}\n`);
  return out;
}

export const TYPES_DIR = path.join(__dirname, '..', 'types');

if (require.main === module) {
  for (const [m, text] of renderTypes()) fs.writeFileSync(path.join(TYPES_DIR, `${m}.ts`), text);
  console.log(`wrote ${[...renderTypes().keys()].map((m) => `${m}.ts`).join(', ')} to ${TYPES_DIR}`);
}


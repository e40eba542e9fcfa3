/**
 * EXI fragments (EXI 1.0 §8.5.2, schema-informed fragment grammar) as ISO 15118-2/-20 XML signatures use
 * them: the digest of a signed element (e.g. `AuthorizationReq` with its `Id`) is taken over the EXI
 * fragment of that element encoded with the message schema set, and the signature over the fragment of
 * `ds:SignedInfo` encoded with the xmldsig schema alone.
 *
 * The fragment grammar offers SE(q) for every distinct qname of the element declarations of the schema set,
 * global and local, sorted by local name then namespace URI, then SE(*) and ED: ⌈log2(n + 2)⌉-bit codes.
 * An element whose qname is declared with different types would take the relaxed element-fragment grammar;
 * the one such element the standards sign, ISO 15118-2 `eMAID` (`eMAIDType` in CertificateUpdateReq,
 * `EMAIDType` with an `Id` in CertificateInstallationRes/UpdateRes), is written as the V2G stacks write it:
 * its SE code, then the grammar of the declaration that carries the `Id` the signature references (EVerest
 * libcbv2g `encode_iso2_exiFragment`: 8-bit event 236, `encode_iso2_EMAIDType`, ED 244). Other multi-typed
 * qnames stay unsupported.
 *
 *   const bytes = encodeExiFragment('iso2', { AuthorizationReq: { Id: 'ID1', GenChallenge: '…' } });
 */
import { bitsFor } from './bits';
import { Decoder } from './decoder';
import { Encoder } from './encoder';
import { ExiError } from './errors';
import { type Grammar, GrammarBuilder } from './grammar';
import { type ComplexType, type ElementDecl, type ResolvedParticle, SchemaModel, type SimpleType } from './model';
import { SchemaSpec } from './schema';
import { type SchemaSetName, schemaSpec } from './sets';
import { defineXmldsig } from './sets/xmldsig';
import type { JsonValue } from './values';

/** A schema set a fragment can be written with: a message set, or the xmldsig schema alone. */
export type FragmentSetName = SchemaSetName | 'xmldsig';

interface FragmentEntry {
  decl: ElementDecl;
  /** Undefined when the qname is declared with more than one type and none of them is the signed one. */
  typeName: string | undefined;
  /** Every declaration of the qname (more than one type: see signedDecl). */
  decls: ElementDecl[];
}

/**
 * Of the declarations of a multi-typed qname, the one a signature references: the only type with an `Id`
 * attribute (ISO 15118-2 eMAID → EMAIDType), as the V2G stacks' fragment codecs pick it.
 */
function signedDecl(decls: ElementDecl[]): ElementDecl | undefined {
  const withId = new Map<string, ElementDecl>();
  for (const d of decls) {
    if (d.type.kind === 'complex' && d.type.attrs.some((a) => a.name === 'Id')) withId.set(d.type.name, d);
  }
  return withId.size === 1 ? [...withId.values()][0] : undefined;
}

/** The fragment grammar of one schema set. */
export class FragmentGrammar {
  readonly entries: FragmentEntry[];
  readonly bits: number;
  /** Fragment event code of each element by local name (first of the sorted qnames if two share one). */
  private readonly codeOf = new Map<string, number>();

  constructor(readonly grammars: GrammarBuilder) {
    const byQname = new Map<string, FragmentEntry>();
    const seenTypes = new Set<ComplexType | SimpleType>();
    const add = (d: ElementDecl): void => {
      const prev = byQname.get(d.qname);
      const t = d.type;
      if (!prev) byQname.set(d.qname, { decl: d, typeName: t.name, decls: [d] });
      else if (!prev.decls.some((x) => x.type.name === t.name)) prev.decls.push(d);
      if (t.kind === 'complex' && !seenTypes.has(t)) {
        seenTypes.add(t);
        if (t.content.kind === 'elements') walk(t.content.particle);
      }
    };
    const walk = (p: ResolvedParticle): void => {
      const term = p.term;
      if (term.kind === 'element') term.decls.forEach(add);
      else if (term.kind !== 'any') term.items.forEach(walk);
    };
    grammars.model.globals.forEach(add);
    for (const e of byQname.values()) {
      if (e.decls.length < 2) continue;
      const signed = signedDecl(e.decls);
      e.decl = signed ?? e.decl;
      e.typeName = signed?.type.name;
    }
    this.entries = [...byQname.values()].sort((x, y) => cmp(x.decl.name, y.decl.name) || cmp(x.decl.ns, y.decl.ns));
    this.bits = bitsFor(this.entries.length + 2);
    this.entries.forEach((e, i) => {
      if (!this.codeOf.has(e.decl.name)) this.codeOf.set(e.decl.name, i);
    });
  }

  /** ED's event code (after SE(F0…Fn-1) and SE(*)). */
  get edCode(): number {
    return this.entries.length + 1;
  }

  code(name: string): number | undefined {
    return this.codeOf.get(name);
  }

  /** The element and grammar for a fragment event code, or the reason this codec cannot read it. */
  pick(code: number): { decl: ElementDecl; g: Grammar } | string {
    const e = this.entries[code];
    if (!e) {
      if (code === this.entries.length) return 'fragment SE(*) (undeclared element) is not supported';
      if (code === this.edCode) return 'empty fragment (ED first)';
      return `invalid fragment event code ${code}`;
    }
    if (e.typeName === undefined) return `'${e.decl.name}' is declared with several types and none is the signed one (relaxed fragment grammar, not supported)`;
    return { decl: e.decl, g: this.grammars.grammarFor(e.decl.type) };
  }
}

const fragmentGrammars = new Map<FragmentSetName, FragmentGrammar>();

export function fragmentGrammarOf(set: FragmentSetName): FragmentGrammar {
  let f = fragmentGrammars.get(set);
  if (!f) {
    let spec: SchemaSpec;
    if (set === 'xmldsig') {
      spec = new SchemaSpec();
      defineXmldsig(spec);
    } else {
      spec = schemaSpec(set);
    }
    f = new FragmentGrammar(new GrammarBuilder(new SchemaModel(spec)));
    fragmentGrammars.set(set, f);
  }
  return f;
}

/** Encodes `{ Element: {...} }` as an EXI fragment of `set`; ExiError if the element does not fit. */
export function encodeExiFragment(set: FragmentSetName, doc: Record<string, unknown>): Uint8Array {
  const keys = Object.keys(doc);
  if (keys.length !== 1) throw new ExiError(`a fragment holds exactly one element, got ${keys.length} (${keys.join(', ')})`, 0, 'fragment');
  const f = fragmentGrammarOf(set);
  const code = f.code(keys[0]);
  if (code === undefined) throw new ExiError(`'${keys[0]}' is not an element of schema set ${set}`, 0, 'fragment');
  const hit = f.pick(code);
  if (typeof hit === 'string') throw new ExiError(hit, 0, 'fragment');
  const enc = new Encoder(f.grammars);
  return enc.encodeFragment(code, f.bits, hit.decl, hit.g, doc[keys[0]], f.edCode);
}

/** Decodes an EXI fragment of `set` holding one element to `{ Element: {...} }`; ExiError on anything else. */
export function decodeExiFragment(set: FragmentSetName, bytes: Uint8Array): Record<string, JsonValue> {
  const f = fragmentGrammarOf(set);
  const dec = new Decoder(f.grammars);
  try {
    return dec.decodeFragment(bytes, f.bits, f.edCode, (c) => f.pick(c));
  } finally {
    dec.release();
  }
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

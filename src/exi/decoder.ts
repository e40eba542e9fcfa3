import { BitReader } from './bits';
import type { Grammar, GrammarBuilder, State } from './grammar';
import type { ElementDecl } from './model';
import { type JsonValue, StringTable, readValue } from './values';

const EMPTY = new Uint8Array(0);

/** `leaf` found something other than CH first. */
const NOT_PLAIN: unique symbol = Symbol('not a plain leaf');

/** Deepest element nesting accepted (the schemas nest far less; guards against runaway recursion). */
const MAX_DEPTH = 48;

/**
 * Reads the EXI header this profile uses: optional `$EXI` cookie, distinguishing bits 10, no options,
 * final version 1. Anything else is rejected.
 */
export function readHeader(r: BitReader): void {
  if (r.remainingBits >= 32) {
    const start = r.position;
    if (r.readBits(8) !== 0x24 || r.readBits(24) !== 0x455849) r.rewind(start); // no `$EXI` cookie
  }
  const at = r.position;
  const d = r.readBits(2);
  if (d !== 2) r.fail(`not an EXI stream: distinguishing bits ${d.toString(2).padStart(2, '0')}, expected 10`, at);
  if (r.readBit() !== 0) r.fail('EXI options in the header are not supported (this profile uses defaults)', at + 2);
  const preview = r.readBit();
  const version = r.readBits(4);
  if (preview !== 0 || version !== 0) r.fail(`unsupported EXI format version (preview ${preview}, version bits ${version})`, at + 3);
}

export class Decoder {
  private readonly r: BitReader;
  private readonly strings = new StringTable();
  private readonly path: string[] = [];
  private state: State | undefined;

  /** One decoder may decode many documents, one at a time. */
  constructor(private readonly grammars: GrammarBuilder) {
    this.r = new BitReader(EMPTY);
    this.r.where = () => `${this.path.join('/') || 'document'}${this.state ? ` state ${this.state.label}` : ''}`;
  }

  /** Drops the references to the last document (input bytes, strings). */
  release(): void {
    this.r.reset(EMPTY);
    this.strings.clear();
  }

  decodeDocument(bytes: Uint8Array): Record<string, JsonValue> {
    this.r.reset(bytes);
    if (this.path.length > 0) this.path.length = 0;
    this.state = undefined;
    this.strings.clear();
    readHeader(this.r);
    const globals = this.grammars.model.globals;
    const at = this.r.position;
    const code = this.r.readBits(this.grammars.docBits);
    if (code >= globals.length) {
      this.r.fail(code === globals.length ? 'document root SE(*) (undeclared root element) is not supported' : `invalid document event code ${code}`, at);
    }
    const decl = globals[code];
    const value = this.element(decl, this.grammars.globalGrammar(code), 0);
    const doc: Record<string, JsonValue> = {};
    doc[decl.name] = value;
    return doc;
  }

  /**
   * Reads an EXI fragment (§8.5.2) holding one element: `pick` maps the fragment event code to the element's
   * declaration and grammar (undefined: not one this codec carries); ED must follow the element.
   */
  decodeFragment(bytes: Uint8Array, bits: number, edCode: number, pick: (code: number) => { decl: ElementDecl; g: Grammar } | string): Record<string, JsonValue> {
    this.r.reset(bytes);
    if (this.path.length > 0) this.path.length = 0;
    this.state = undefined;
    this.strings.clear();
    readHeader(this.r);
    const at = this.r.position;
    const code = this.r.readBits(bits);
    const hit = pick(code);
    if (typeof hit === 'string') this.r.fail(hit, at);
    const value = this.element(hit.decl, hit.g, 0);
    const end = this.r.position;
    const ed = this.r.readBits(bits);
    if (ed !== edCode) this.r.fail(`fragment event code ${ed} after the element, expected ED (${edCode}); a fragment here carries one element`, end);
    const doc: Record<string, JsonValue> = {};
    doc[hit.decl.name] = value;
    return doc;
  }

  private element(decl: ElementDecl, g: Grammar, depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.r.fail(`element nesting deeper than ${MAX_DEPTH}`);
    this.path.push(decl.name);
    if (g.simple !== undefined) {
      const v = this.leaf(decl, g);
      if (v !== NOT_PLAIN) return v;
    }
    return this.content(decl, g, g.start, null);
  }

  /**
   * Fast path for an element holding just a value (name already on the path): CH, the value, EE. Anything
   * else is handed to `content` after the value, or NOT_PLAIN with nothing consumed if it does not start with CH.
   */
  private leaf(decl: ElementDecl, g: Grammar): JsonValue | typeof NOT_PLAIN {
    const r = this.r;
    const start = g.start;
    const at = r.position;
    this.state = start;
    if (r.readBits(start.bits) !== start.ch) {
      r.rewind(at);
      return NOT_PLAIN;
    }
    const v = readValue(r, g.simple!, decl.qname, this.strings);
    const end = g.leafEnd!;
    const after = r.position;
    this.state = end;
    if (r.readBits(end.bits) !== end.ee) {
      r.rewind(after);
      return this.content(decl, g, end, v);
    }
    this.path.pop();
    this.state = undefined;
    return v;
  }

  /** Reads events from `state` to the element's end (its name is already on the path). */
  private content(decl: ElementDecl, g: Grammar, state: State, simple: JsonValue): JsonValue {
    const r: BitReader = this.r;
    const complex = g.simple === undefined;
    const depth = this.path.length;
    const obj: Record<string, JsonValue> = {};
    for (;;) {
      this.state = state;
      const at = r.position;
      const code = r.readBits(state.bits);
      const prods = state.prods;
      if (code >= prods.length) {
        if (code > prods.length) r.fail(`invalid event code ${code}`, at);
        // Second level: only EE (an element left empty or cut short by a non-strict encoder) is carried.
        const code2 = r.readBits(state.secondBits);
        const ev = state.secondLevel[code2];
        if (ev !== 'EE') r.fail(ev ? `second-level event ${ev} is not supported` : `invalid second-level event code ${code2}`, at);
        break;
      }
      const p = prods[code];
      if (p.ev === 'SE') {
        const cg = p.child ?? this.grammars.childOf(p);
        let child: JsonValue | typeof NOT_PLAIN = NOT_PLAIN;
        if (cg.simple !== undefined && depth <= MAX_DEPTH) {
          this.path.push(p.decl.name);
          child = this.leaf(p.decl, cg);
          if (child === NOT_PLAIN) this.path.pop();
        }
        if (child === NOT_PLAIN) child = this.element(p.decl, cg, depth);
        this.state = state;
        const name = p.decl.name;
        if (p.array) {
          const arr = obj[name] as JsonValue[] | undefined;
          if (arr === undefined) obj[name] = [child];
          else arr.push(child);
        } else {
          obj[name] = child;
        }
        state = p.next;
      } else if (p.ev === 'EE') {
        break;
      } else if (p.ev === 'CH') {
        if (!p.type) r.fail('character content in mixed content is not supported', at);
        const v = readValue(r, p.type, decl.qname, this.strings);
        if (complex) obj.CONTENT = v;
        else simple = v;
        state = p.next;
      } else if (p.ev === 'AT') {
        obj[p.attr.name] = readValue(r, p.attr.type, p.attr.qname, this.strings);
        state = p.next;
      } else {
        r.fail(`wildcard event ${p.ev} (content not described by the schema) is not supported`, at);
      }
    }
    this.path.pop();
    this.state = undefined;
    return complex ? obj : simple;
  }
}

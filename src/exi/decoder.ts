import { BitReader } from './bits';
import type { GrammarBuilder, State } from './grammar';
import type { ElementDecl } from './model';
import { type JsonValue, StringTable, readValue } from './values';

/** Deepest element nesting accepted (the schemas nest far less; guards against runaway recursion). */
const MAX_DEPTH = 48;

/**
 * Reads the EXI header this profile uses: optional `$EXI` cookie, distinguishing bits 10, no options,
 * final version 1. Anything else is rejected.
 */
export function readHeader(r: BitReader): void {
  if (r.remainingBits >= 32) {
    const save = r.position;
    if (r.readBits(32) !== 0x24455849) r.rewind(save); // no `$EXI` cookie
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

  constructor(
    private readonly grammars: GrammarBuilder,
    bytes: Uint8Array,
  ) {
    this.r = new BitReader(bytes);
    this.r.where = () => `${this.path.join('/') || 'document'}${this.state ? ` state ${this.state.label}` : ''}`;
  }

  decodeDocument(): Record<string, JsonValue> {
    readHeader(this.r);
    const globals = this.grammars.model.globals;
    const at = this.r.position;
    const code = this.r.readBits(this.grammars.docBits);
    if (code >= globals.length) {
      this.r.fail(code === globals.length ? 'document root SE(*) (undeclared root element) is not supported' : `invalid document event code ${code}`, at);
    }
    const decl = globals[code];
    const value = this.element(decl, 0);
    return { [decl.name]: value };
  }

  private element(decl: ElementDecl, depth: number): JsonValue {
    if (depth > MAX_DEPTH) this.r.fail(`element nesting deeper than ${MAX_DEPTH}`);
    const type = decl.type;
    const g = this.grammars.grammarFor(type);
    this.path.push(decl.name);
    const obj: Record<string, JsonValue> = {};
    let simple: JsonValue = null;
    let state = g.start;
    for (;;) {
      this.state = state;
      const at = this.r.position;
      const code = this.r.readBits(state.bits);
      if (code > state.prods.length) this.r.fail(`invalid event code ${code}`, at);
      if (code === state.prods.length) {
        // Second level: only EE (an element left empty or cut short by a non-strict encoder) is carried.
        const code2 = this.r.readBits(state.secondBits);
        const ev = state.secondLevel[code2];
        if (ev !== 'EE') this.r.fail(ev ? `second-level event ${ev} is not supported` : `invalid second-level event code ${code2}`, at);
        this.path.pop();
        this.state = undefined;
        return type.kind === 'complex' ? obj : simple;
      }
      const p = state.prods[code];
      switch (p.ev) {
        case 'EE':
          this.path.pop();
          this.state = undefined;
          return type.kind === 'complex' ? obj : simple;
        case 'AT':
          obj[p.attr.name] = readValue(this.r, p.attr.type, p.attr.qname, this.strings);
          state = p.next;
          break;
        case 'SE': {
          const child = this.element(p.decl, depth + 1);
          this.state = state;
          const name = p.decl.name;
          if (p.array) {
            const arr = (obj[name] ??= []) as JsonValue[];
            arr.push(child);
          } else {
            obj[name] = child;
          }
          state = p.next;
          break;
        }
        case 'CH': {
          if (!p.type) this.r.fail('character content in mixed content is not supported', at);
          const v = readValue(this.r, p.type, decl.qname, this.strings);
          if (type.kind === 'complex') obj.CONTENT = v;
          else simple = v;
          state = p.next;
          break;
        }
        default:
          this.r.fail(`wildcard event ${p.ev} (content not described by the schema) is not supported`, at);
      }
    }
  }
}

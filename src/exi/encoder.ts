import { BitWriter } from './bits';
import { ExiError } from './errors';
import type { GrammarBuilder, State } from './grammar';
import type { ElementDecl } from './model';
import { writeValue } from './values';

const MAX_DEPTH = 48;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Grammar-driven encoder: in every state it takes the first production (in event-code order) that the
 * message object still has a value for, and EE once every field is used. The object's key order does not
 * matter; fields are written in schema order.
 */
export class Encoder {
  private readonly w = new BitWriter();
  private readonly path: string[] = [];

  constructor(private readonly grammars: GrammarBuilder) {}

  private fail(problem: string, state?: State): never {
    throw new ExiError(problem, this.w.position, `${this.path.join('/') || 'document'}${state ? ` state ${state.label}` : ''}`);
  }

  encodeDocument(doc: unknown): Uint8Array {
    if (!isObject(doc)) this.fail('message must be a JSON object with one root element');
    const keys = Object.keys(doc);
    if (keys.length !== 1) this.fail(`message must have exactly one root element, got ${keys.length} (${keys.join(', ')})`);
    const globals = this.grammars.model.globals;
    const index = globals.findIndex((g) => g.name === keys[0]);
    if (index < 0) this.fail(`'${keys[0]}' is not a global element of this schema`);
    this.w.writeBits(0x80, 8);
    this.w.writeBits(index, this.grammars.docBits);
    this.element(globals[index], doc[keys[0]], 0);
    return this.w.finish();
  }

  private element(decl: ElementDecl, value: unknown, depth: number): void {
    if (depth > MAX_DEPTH) this.fail(`element nesting deeper than ${MAX_DEPTH}`);
    const type = decl.type;
    const g = this.grammars.grammarFor(type);
    this.path.push(decl.name);
    let state = g.start;
    if (type.kind !== 'complex' && value === null) {
      // An empty element (<X/>) where the schema wants a value: second-level EE, as non-strict encoders write it.
      this.endAtSecondLevel(state);
      return;
    }
    if (type.kind !== 'complex') {
      const ch = state.index.get('CH')!;
      this.w.writeBits(ch, state.bits);
      const p = state.prods[ch] as Extract<State['prods'][number], { ev: 'CH' }>;
      const problem = writeValue(this.w, type, value);
      if (problem) this.fail(problem, state);
      state = p.next;
      this.w.writeBits(state.index.get('EE')!, state.bits);
      this.path.pop();
      return;
    }
    if (!isObject(value)) this.fail(`expected an object for ${decl.name} (${type.name}), got ${JSON.stringify(value)}`, state);
    const fields = new FieldCursor(value);
    for (;;) {
      let chosen = -1;
      let ee = -1;
      let item: unknown;
      for (let i = 0; i < state.prods.length && chosen < 0; i++) {
        const p = state.prods[i];
        if (p.ev === 'EE') ee = i;
        else if (p.ev === 'AT') {
          item = fields.peek(p.attr.name, false);
          if (item !== undefined) chosen = i;
        } else if (p.ev === 'SE') {
          item = fields.peek(p.decl.name, p.array);
          if (item !== undefined) chosen = i;
        } else if (p.ev === 'CH' && p.type) {
          item = fields.peek('CONTENT', false);
          if (item !== undefined) chosen = i;
        }
      }
      if (chosen < 0) {
        if (fields.allTaken() && ee >= 0) {
          this.w.writeBits(ee, state.bits);
          this.path.pop();
          return;
        }
        if (fields.total === 0 && state === g.start && type.content.kind === 'simple') {
          // `{}` for simple content (e.g. an empty ds:SignatureValue): ended with the second-level EE.
          this.endAtSecondLevel(state);
          return;
        }
        const left = fields.untaken();
        const expected = state.prods.map((p) => (p.ev === 'SE' ? p.decl.name : p.ev === 'AT' ? `@${p.attr.name}` : p.ev)).join(', ');
        if (left.length > 0) this.fail(`field '${left[0]}' not allowed here (expected ${expected})`, state);
        this.fail(`missing required field (expected ${expected})`, state);
      }
      const p = state.prods[chosen];
      this.w.writeBits(chosen, state.bits);
      if (p.ev === 'AT') {
        const problem = writeValue(this.w, p.attr.type, item);
        if (problem) this.fail(`@${p.attr.name}: ${problem}`, state);
        fields.take(p.attr.name, false);
        state = p.next;
      } else if (p.ev === 'SE') {
        if (!p.array && Array.isArray(item)) this.fail(`'${p.decl.name}' occurs at most once here; got an array`, state);
        this.element(p.decl, item, depth + 1);
        fields.take(p.decl.name, p.array);
        state = p.next;
      } else if (p.ev === 'CH' && p.type) {
        const problem = writeValue(this.w, p.type, item);
        if (problem) this.fail(problem, state);
        fields.take('CONTENT', false);
        state = p.next;
      }
    }
  }

  private endAtSecondLevel(state: State): void {
    const ee = state.secondLevel.indexOf('EE');
    if (ee < 0) this.fail('element cannot be empty here', state);
    this.w.writeBits(state.prods.length, state.bits);
    this.w.writeBits(ee, state.secondBits);
    this.path.pop();
  }

}

/** Tracks which fields of a message object (and how many items of array fields) have been written. */
class FieldCursor {
  private readonly keys: string[] = [];
  private readonly counts: number[] = [];
  /** Fields with a defined value. */
  readonly total: number;
  private done = 0;

  constructor(private readonly value: Record<string, unknown>) {
    let n = 0;
    for (const k in value) if (value[k] !== undefined) n++;
    this.total = n;
  }

  private count(key: string): number {
    const i = this.keys.indexOf(key);
    return i < 0 ? 0 : this.counts[i];
  }

  /** The next unwritten value of `key`, or undefined. */
  peek(key: string, isArray: boolean): unknown {
    const v = this.value[key];
    if (v === undefined) return undefined;
    const n = this.keys.length === 0 ? 0 : this.count(key);
    if (isArray && Array.isArray(v)) return n < v.length ? v[n] : undefined;
    return n === 0 ? v : undefined;
  }

  take(key: string, isArray: boolean): void {
    const i = this.keys.indexOf(key);
    let n: number;
    if (i < 0) {
      this.keys.push(key);
      this.counts.push((n = 1));
    } else {
      n = ++this.counts[i];
    }
    const v = this.value[key];
    if (!isArray || !Array.isArray(v) || n === v.length) this.done++;
  }

  allTaken(): boolean {
    return this.done === this.total;
  }

  untaken(): string[] {
    return Object.keys(this.value).filter((k) => {
      const v = this.value[k];
      if (v === undefined) return false;
      const n = this.count(k);
      return Array.isArray(v) ? n < v.length : n === 0;
    });
  }
}


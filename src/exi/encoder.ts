import { BitWriter } from './bits';
import { ExiError } from './errors';
import type { Grammar, GrammarBuilder, Production, State } from './grammar';
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
    const index = this.grammars.globalIndex.get(keys[0]) ?? -1;
    if (index < 0) this.fail(`'${keys[0]}' is not a global element of this schema`);
    this.w.writeBits(0x80, 8);
    this.w.writeBits(index, this.grammars.docBits);
    const decl = globals[index];
    this.element(decl, this.grammars.grammarFor(decl.type), doc[keys[0]], 0);
    return this.w.finish();
  }

  private element(decl: ElementDecl, g: Grammar, value: unknown, depth: number): void {
    if (depth > MAX_DEPTH) this.fail(`element nesting deeper than ${MAX_DEPTH}`);
    const type = g.type;
    this.path.push(decl.name);
    let state = g.start;
    if (type.kind !== 'complex') {
      if (value === null) {
        // An empty element (<X/>) where the schema wants a value: second-level EE, as non-strict encoders write it.
        this.endAtSecondLevel(state);
        return;
      }
      this.w.writeBits(state.ch, state.bits);
      const problem = writeValue(this.w, type, value);
      if (problem) this.fail(problem, state);
      state = (state.prods[state.ch] as Extract<Production, { ev: 'CH' }>).next;
      this.w.writeBits(state.ee, state.bits);
      this.path.pop();
      return;
    }
    if (!isObject(value)) this.fail(`expected an object for ${decl.name} (${type.name}), got ${JSON.stringify(value)}`, state);
    // The object's fields the grammar knows, in key order: field index, value, items written so far.
    const present: number[] = [];
    const values: unknown[] = [];
    const counts: number[] = [];
    let total = 0;
    for (const key in value) {
      const v = value[key];
      if (v === undefined) continue;
      total++;
      const f = g.fieldIndex.get(key);
      if (f !== undefined) {
        present.push(f);
        values.push(v);
        counts.push(0);
      }
    }
    const arrays = g.fieldArray;
    let done = 0;
    for (;;) {
      // The first production (in event-code order) whose field still has a value to write.
      let chosen = -1;
      let slot = -1;
      let item: unknown;
      for (let j = 0; j < present.length; j++) {
        const i = state.fieldProd[present[j]];
        if (i < 0 || (chosen >= 0 && i >= chosen)) continue;
        const v = values[j];
        const next = arrays[present[j]] && Array.isArray(v) ? (counts[j] < v.length ? v[counts[j]] : undefined) : counts[j] === 0 ? v : undefined;
        if (next === undefined) continue;
        chosen = i;
        slot = j;
        item = next;
      }
      if (chosen < 0) {
        if (done === total && state.ee >= 0) {
          this.w.writeBits(state.ee, state.bits);
          this.path.pop();
          return;
        }
        if (total === 0 && state === g.start && type.content.kind === 'simple') {
          // `{}` for simple content (e.g. an empty ds:SignatureValue): ended with the second-level EE.
          this.endAtSecondLevel(state);
          return;
        }
        this.stuck(state, value, g, present, counts);
      }
      const p = state.prods[chosen];
      this.w.writeBits(chosen, state.bits);
      if (p.ev === 'AT') {
        const problem = writeValue(this.w, p.attr.type, item);
        if (problem) this.fail(`@${p.attr.name}: ${problem}`, state);
        state = p.next;
      } else if (p.ev === 'SE') {
        if (!p.array && Array.isArray(item)) this.fail(`'${p.decl.name}' occurs at most once here; got an array`, state);
        this.element(p.decl, p.child ?? this.grammars.childOf(p), item, depth + 1);
        state = p.next;
      } else if (p.ev === 'CH' && p.type) {
        const problem = writeValue(this.w, p.type, item);
        if (problem) this.fail(problem, state);
        state = p.next;
      }
      const n = ++counts[slot];
      const v = values[slot];
      if (!arrays[present[slot]] || !Array.isArray(v) || n === v.length) done++;
    }
  }

  /** No production fits the fields left: names the first field not allowed here, or the missing one. */
  private stuck(state: State, value: Record<string, unknown>, g: Grammar, present: number[], counts: number[]): never {
    const written = (k: string): number => {
      const f = g.fieldIndex.get(k);
      const j = f === undefined ? -1 : present.indexOf(f);
      return j < 0 ? 0 : counts[j];
    };
    const left = Object.keys(value).filter((k) => {
      const v = value[k];
      if (v === undefined) return false;
      const n = written(k);
      return Array.isArray(v) ? n < v.length : n === 0;
    });
    const expected = state.prods.map((p) => (p.ev === 'SE' ? p.decl.name : p.ev === 'AT' ? `@${p.attr.name}` : p.ev)).join(', ');
    if (left.length > 0) this.fail(`field '${left[0]}' not allowed here (expected ${expected})`, state);
    this.fail(`missing required field (expected ${expected})`, state);
  }

  private endAtSecondLevel(state: State): void {
    const ee = state.secondEE;
    if (ee < 0) this.fail('element cannot be empty here', state);
    this.w.writeBits(state.prods.length, state.bits);
    this.w.writeBits(ee, state.secondBits);
    this.path.pop();
  }
}

import { BitWriter } from './bits';
import { ExiError } from './errors';
import type { Grammar, GrammarBuilder, State } from './grammar';
import type { ElementDecl } from './model';
import { writeValue } from './values';

const MAX_DEPTH = 48;
/** Keys per object remembered in a grammar's key memo (bounds what odd input can make it hold). */
const MEMO_KEYS = 64;

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
  /** Scratch per nesting depth, reused element after element. */
  private readonly frames: Frame[] = [];
  /** Until a document is finished, the frames may hold references into it. */
  private failed = true;

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
    this.element(decl, this.grammars.globalGrammar(index), doc[keys[0]], 0);
    this.failed = false;
    return this.w.finish();
  }

  /**
   * EXI fragment (§8.5.2) of one element: header, the element's fragment event code, its content with
   * grammar `g`, then the fragment's ED code. The fragment grammar itself is src/exi/fragment.ts.
   */
  encodeFragment(code: number, bits: number, decl: ElementDecl, g: Grammar, value: unknown, edCode: number): Uint8Array {
    this.w.writeBits(0x80, 8);
    this.w.writeBits(code, bits);
    this.element(decl, g, value, 0);
    this.w.writeBits(edCode, bits);
    this.failed = false;
    return this.w.finish();
  }

  private element(decl: ElementDecl, g: Grammar, value: unknown, depth: number): void {
    if (depth > MAX_DEPTH) this.fail(`element nesting deeper than ${MAX_DEPTH}`);
    const type = g.type;
    this.path.push(decl.name);
    let state = g.start;
    if (g.simple !== undefined) {
      this.leaf(g, value);
      return;
    }
    if (type.kind !== 'complex') throw new Error('unreachable: a grammar without a simple type is complex');
    if (!isObject(value)) this.fail(`expected an object for ${decl.name} (${type.name}), got ${JSON.stringify(value)}`, state);
    // The object's fields the grammar knows, in key order: field index, value, items written so far; and
    // per field of the grammar its slot in those lists (-1: absent).
    const frame = (this.frames[depth] ??= { present: [], values: [], counts: [], slotOf: new Int32Array(0) });
    const { present, values, counts } = frame;
    if (frame.slotOf.length < g.fields.length) frame.slotOf = new Int32Array(g.fields.length).fill(-1);
    const slotOf = frame.slotOf;
    let known = 0;
    let total = 0;
    const { fieldOf, lastKeys, lastFields } = g;
    let k = 0;
    for (const key in value) {
      const v = value[key];
      if (v === undefined) continue;
      total++;
      let f: number;
      if (lastKeys[k] === key) f = lastFields[k];
      else {
        const found = fieldOf[key];
        f = typeof found === 'number' ? found : -1;
        if (k < MEMO_KEYS) {
          lastKeys[k] = key;
          lastFields[k] = f;
        }
      }
      k++;
      if (f >= 0) {
        present[known] = f;
        values[known] = v;
        counts[known] = 0;
        slotOf[f] = known;
        known++;
      }
    }
    const arrays = g.fieldArray;
    let done = 0;
    for (;;) {
      // The first production (in event-code order) whose field still has a value to write.
      let chosen = -1;
      let slot = -1;
      let item: unknown;
      const prodField = state.prodField;
      for (let i = 0; i < prodField.length; i++) {
        const f = prodField[i];
        if (f < 0) continue;
        const j = slotOf[f];
        if (j < 0) continue;
        const v = values[j];
        item = arrays[f] && Array.isArray(v) ? (counts[j] < v.length ? v[counts[j]] : undefined) : counts[j] === 0 ? v : undefined;
        if (item === undefined) continue;
        chosen = i;
        slot = j;
        break;
      }
      if (chosen < 0) {
        if (done === total && state.ee >= 0) {
          this.w.writeBits(state.ee, state.bits);
          this.path.pop();
          for (let j = 0; j < known; j++) {
            values[j] = undefined;
            slotOf[present[j]] = -1;
          }
          return;
        }
        if (total === 0 && state === g.start && type.content.kind === 'simple') {
          // `{}` for simple content (e.g. an empty ds:SignatureValue): ended with the second-level EE.
          this.endAtSecondLevel(state);
          return;
        }
        this.stuck(state, value, g, present.slice(0, known), counts);
      }
      const p = state.prods[chosen];
      this.w.writeBits(chosen, state.bits);
      if (p.ev === 'AT') {
        const problem = writeValue(this.w, p.attr.type, item);
        if (problem) this.fail(`@${p.attr.name}: ${problem}`, state);
        state = p.next;
      } else if (p.ev === 'SE') {
        if (!p.array && Array.isArray(item)) this.fail(`'${p.decl.name}' occurs at most once here; got an array`, state);
        const cg = p.child ?? this.grammars.childOf(p);
        if (cg.simple !== undefined && depth < MAX_DEPTH) {
          this.path.push(p.decl.name);
          this.leaf(cg, item);
        } else {
          this.element(p.decl, cg, item, depth + 1);
        }
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

  /** Ready for the next document (after a finished or failed one). */
  reset(): void {
    this.w.reset();
    if (this.path.length > 0) this.path.length = 0;
    if (this.failed) this.release();
    this.failed = true;
  }

  /** Drops the references a failed document left in the scratch frames (a finished one clears as it goes). */
  private release(): void {
    for (const f of this.frames) {
      for (let j = 0; j < f.values.length; j++) f.values[j] = undefined;
      f.slotOf.fill(-1);
    }
  }

  /** An element holding just a value (its name already on the path): CH, the value, EE. */
  private leaf(g: Grammar, value: unknown): void {
    const start = g.start;
    if (value === null) {
      // An empty element (<X/>) where the schema wants a value: second-level EE, as non-strict encoders write it.
      this.endAtSecondLevel(start);
      return;
    }
    this.w.writeBits(start.ch, start.bits);
    const problem = writeValue(this.w, g.simple!, value);
    if (problem) this.fail(problem, start);
    const end = g.leafEnd!;
    this.w.writeBits(end.ee, end.bits);
    this.path.pop();
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

interface Frame {
  present: number[];
  values: unknown[];
  counts: number[];
  slotOf: Int32Array;
}

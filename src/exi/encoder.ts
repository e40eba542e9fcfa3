import { BitWriter } from './bits';
import { bitsForDoc } from './decoder';
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
    this.w.writeBits(index, bitsForDoc(globals.length));
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
    const used = new Map<string, number>(); // key -> items consumed
    const keyCount = Object.keys(value).filter((k) => value[k] !== undefined).length;
    let done = 0;
    const available = (key: string, isArray: boolean): unknown => {
      const v = value[key];
      if (v === undefined) return undefined;
      const n = used.get(key) ?? 0;
      if (isArray && Array.isArray(v)) return n < v.length ? v[n] : undefined;
      return n === 0 ? v : undefined;
    };
    const consume = (key: string, isArray: boolean): void => {
      const n = (used.get(key) ?? 0) + 1;
      used.set(key, n);
      const v = value[key];
      if (!isArray || !Array.isArray(v) || n === v.length) done++;
    };
    for (;;) {
      let chosen = -1;
      let ee = -1;
      let item: unknown;
      for (let i = 0; i < state.prods.length && chosen < 0; i++) {
        const p = state.prods[i];
        if (p.ev === 'EE') ee = i;
        else if (p.ev === 'AT') {
          item = available(p.attr.name, false);
          if (item !== undefined) chosen = i;
        } else if (p.ev === 'SE') {
          item = available(p.decl.name, type.arrays.has(p.decl.name));
          if (item !== undefined) chosen = i;
        } else if (p.ev === 'CH' && p.type) {
          item = available('CONTENT', false);
          if (item !== undefined) chosen = i;
        }
      }
      if (chosen < 0) {
        if (done === keyCount && ee >= 0) {
          this.w.writeBits(ee, state.bits);
          this.path.pop();
          return;
        }
        if (keyCount === 0 && state === g.start && type.content.kind === 'simple') {
          // `{}` for simple content (e.g. an empty ds:SignatureValue): ended with the second-level EE.
          this.endAtSecondLevel(state);
          return;
        }
        const left = Object.keys(value).filter((k) => value[k] !== undefined && !this.consumedAll(value[k], used.get(k) ?? 0, type.arrays.has(k)));
        const expected = state.prods.map((p) => (p.ev === 'SE' ? p.decl.name : p.ev === 'AT' ? `@${p.attr.name}` : p.ev)).join(', ');
        if (left.length > 0) this.fail(`field '${left[0]}' not allowed here (expected ${expected})`, state);
        this.fail(`missing required field (expected ${expected})`, state);
      }
      const p = state.prods[chosen];
      this.w.writeBits(chosen, state.bits);
      if (p.ev === 'AT') {
        const problem = writeValue(this.w, p.attr.type, item);
        if (problem) this.fail(`@${p.attr.name}: ${problem}`, state);
        consume(p.attr.name, false);
        state = p.next;
      } else if (p.ev === 'SE') {
        const isArray = type.arrays.has(p.decl.name);
        if (!isArray && Array.isArray(item)) this.fail(`'${p.decl.name}' occurs at most once here; got an array`, state);
        this.element(p.decl, item, depth + 1);
        consume(p.decl.name, isArray);
        state = p.next;
      } else if (p.ev === 'CH' && p.type) {
        const problem = writeValue(this.w, p.type, item);
        if (problem) this.fail(problem, state);
        consume('CONTENT', false);
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

  private consumedAll(v: unknown, n: number, isArray: boolean): boolean {
    return isArray && Array.isArray(v) ? n >= v.length : n > 0;
  }
}

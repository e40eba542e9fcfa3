/**
 * Schema-informed EXI grammars (EXI 1.0 §8.5.4), non-strict. Type grammars are built as proto-grammars
 * (attribute uses sorted by qname, then the content particle), normalized (ε-productions removed, duplicate
 * terminals merged), and their productions ordered for event-code assignment: AT(qname) sorted, AT(*),
 * SE(qname) in schema order, SE(*), EE, CH. Non-strict grammars reserve one more first-level code in every
 * state for the second-level escape (xsi:type, xsi:nil, undeclared content), so a state with n productions
 * uses ceil(log2(n + 1)) bits.
 */
import { bitsFor } from './bits';
import type { AttrDecl, ComplexType, ElementDecl, ResolvedParticle, SchemaModel, SimpleType, Term } from './model';

/**
 * `field`: index of the production's JSON key in its grammar's `fields` (attribute or element local name,
 * `CONTENT` for typed character content), -1 for events that carry no field.
 */
export type Production =
  | { ev: 'AT'; attr: AttrDecl; next: State; field: number }
  /** `array`: the element may repeat in its parent, so its JSON value is an array. `child`: its grammar, once used. */
  | { ev: 'SE'; decl: ElementDecl; next: State; array: boolean; field: number; child: Grammar | undefined }
  | { ev: 'EE'; field: -1 }
  | { ev: 'CH'; type: SimpleType | undefined; next: State; field: number }
  | { ev: 'SE*'; namespace: string; next: State; field: -1 }
  | { ev: 'AT*'; next: State; field: -1 };

export interface State {
  /** `TypeName#index`, for error messages. */
  label: string;
  prods: Production[];
  /** Width of the first-level event code. */
  bits: number;
  /** Index of the production per event key (`AT{ns}name`, `SE{ns}name`, `EE`, `CH`). */
  index: Map<string, number>;
  /**
   * Second-level events behind the escape code (EXI 1.0 §8.5.4.4.1, no preserve options), in code order:
   * EE when the state has no first-level EE; in the type's first state xsi:type and xsi:nil; while
   * attributes may still follow AT(*) (and untyped AT(qname) when the type declares attributes); SE(*), CH.
   */
  secondLevel: string[];
  secondBits: number;
  /** Index of the first-level EE production, -1 if there is none. */
  ee: number;
  /** Index of the typed CH production, -1 if there is none. */
  ch: number;
  /** Index of EE among the second-level events, -1 if there is none. */
  secondEE: number;
  /** Per field of the grammar: the first production in this state that writes it, -1 if none. */
  fieldProd: Int16Array;
  /** Per production: its field (Production.field). */
  prodField: Int16Array;
}

export interface Grammar {
  type: ComplexType | SimpleType;
  /** The type when it is simple (the element holds just a value), else undefined. */
  simple: SimpleType | undefined;
  /** For a simple type: the state after its value (CH), where EE follows. */
  leafEnd: State | undefined;
  start: State;
  stateCount: number;
  /** The JSON keys the grammar's productions use (see Production.field), each once. */
  fields: string[];
  /** Per field: whether its JSON value is an array of items (an element that may repeat). */
  fieldArray: boolean[];
  fieldIndex: Map<string, number>;
  /** The same as a plain object (faster to look up by key); only own number values count. */
  fieldOf: Record<string, number>;
  /**
   * Memo for encoders: the keys of the last object written with this grammar, in key order, and their field
   * indexes (-1: not a field). Objects of one message kind usually repeat their keys, so comparing the key
   * with the memo at the same position saves the lookup; a mismatch looks up and overwrites that position.
   */
  lastKeys: string[];
  lastFields: number[];
}

// ---- proto-grammar (NFA) ----------------------------------------------------------------------------------

type NItem =
  | { eps: NState }
  | { ev: 'AT'; attr: AttrDecl; to: NState }
  | { ev: 'SE'; decl: ElementDecl; to: NState }
  | { ev: 'EE' }
  | { ev: 'CH'; type: SimpleType | undefined; to: NState }
  | { ev: 'SE*'; namespace: string; to: NState }
  | { ev: 'AT*'; to: NState };
type NEvent = Exclude<NItem, { eps: NState }>;
interface NState {
  id: number;
  items: NItem[];
}

class Proto {
  private nextId = 0;
  readonly created: NState[] = [];

  state(items: NItem[] = []): NState {
    const s = { id: this.nextId++, items };
    this.created.push(s);
    return s;
  }

  particle(p: ResolvedParticle, next: NState): NState {
    let tail = next;
    if (p.max === Infinity) {
      const loop = this.state();
      loop.items.push({ eps: this.term(p.term, loop) }, { eps: next });
      tail = loop;
    } else {
      for (let k = 0; k < p.max - p.min; k++) {
        const opt = this.state();
        opt.items.push({ eps: this.term(p.term, tail) }, { eps: next });
        tail = opt;
      }
    }
    for (let i = 0; i < p.min; i++) tail = this.term(p.term, tail);
    return tail;
  }

  term(t: Term, next: NState): NState {
    switch (t.kind) {
      case 'element':
        return this.state(t.decls.map((decl) => ({ ev: 'SE' as const, decl, to: next })));
      case 'any':
        return this.state([{ ev: 'SE*', namespace: t.namespace, to: next }]);
      case 'seq': {
        let cur = next;
        for (let i = t.items.length - 1; i >= 0; i--) cur = this.particle(t.items[i], cur);
        return cur;
      }
      case 'choice':
        if (t.items.length === 0) return this.state([{ eps: next }]);
        return this.state(t.items.map((i) => ({ eps: this.particle(i, next) })));
    }
  }
}

function eventKey(item: NEvent): string {
  switch (item.ev) {
    case 'AT':
      return `AT${item.attr.qname}`;
    case 'SE':
      return `SE${item.decl.qname}`;
    case 'SE*':
      // ##any and ##other both give SE(*); a namespace list would give SE(uri:*).
      return item.namespace === '##any' || item.namespace === '##other' ? 'SE*' : `SE*${item.namespace}`;
    default:
      return item.ev;
  }
}

const RANK: Record<Production['ev'], number> = { AT: 0, 'AT*': 1, SE: 2, 'SE*': 3, EE: 4, CH: 5 };

/** Normalizes a proto-grammar into a deterministic grammar (subset construction over ε-closures). */
function normalize(
  start: NState,
  owner: string,
  attrPhase: Set<NState>,
  hasAttrs: boolean,
  arrays: Set<string>,
): { start: State; states: State[] } {
  const dfa = new Map<string, State>();
  const pending: Array<[State, NEvent[]]> = [];

  const get = (core: NState[]): State => {
    // ε-closure in production order; the ordered production list follows the spec's in-place substitution.
    const seen = new Set<number>();
    const ordered: Array<NEvent> = [];
    const visit = (s: NState): void => {
      if (seen.has(s.id)) return;
      seen.add(s.id);
      for (const it of s.items) {
        if ('eps' in it) visit(it.eps);
        else ordered.push(it);
      }
    };
    for (const s of core) visit(s);
    const key = [...seen].sort((x, y) => x - y).join(',');
    const existing = dfa.get(key);
    if (existing) return existing;
    const st: State = {
      label: `${owner}#${dfa.size}`,
      prods: [],
      bits: 0,
      index: new Map(),
      secondLevel: [],
      secondBits: 0,
      ee: -1,
      ch: -1,
      secondEE: -1,
      fieldProd: EMPTY_FIELDS,
      prodField: EMPTY_FIELDS,
    };
    const isStart = dfa.size === 0;
    dfa.set(key, st);
    pending.push([st, ordered]);
    const second: string[] = [];
    if (!ordered.some((it) => it.ev === 'EE')) second.push('EE');
    if (isStart) second.push('AT(xsi:type)', 'AT(xsi:nil)');
    if (core.some((c) => attrPhase.has(c))) {
      second.push('AT(*)');
      if (hasAttrs) second.push('AT(qname)[untyped]');
    }
    second.push('SE(*)', 'CH[untyped]');
    st.secondLevel = second;
    st.secondBits = bitsFor(second.length);
    st.secondEE = second.indexOf('EE');
    return st;
  };

  const root = get([start]);
  while (pending.length > 0) {
    const [st, ordered] = pending.pop()!;
    const groups = new Map<string, { item: NEvent; targets: NState[] }>();
    for (const it of ordered) {
      const k = eventKey(it);
      const g = groups.get(k);
      const to = 'to' in it ? it.to : undefined;
      if (g) {
        if (to && !g.targets.includes(to)) g.targets.push(to);
      } else {
        groups.set(k, { item: it, targets: to ? [to] : [] });
      }
    }
    const prods: Array<{ key: string; p: Production }> = [];
    for (const [key, { item, targets }] of groups) {
      let p: Production;
      if (item.ev === 'EE') p = production({ ev: 'EE' });
      else {
        const next = get(targets);
        if (item.ev === 'AT') p = production({ ev: 'AT', attr: item.attr, next });
        else if (item.ev === 'SE') p = production({ ev: 'SE', decl: item.decl, next, array: arrays.has(item.decl.name) });
        else if (item.ev === 'CH') p = production({ ev: 'CH', type: item.type, next });
        else if (item.ev === 'SE*') p = production({ ev: 'SE*', namespace: item.namespace, next });
        else p = production({ ev: 'AT*', next });
      }
      prods.push({ key, p });
    }
    // Stable sort keeps schema order among SE(qname); attributes are ordered by local name, then URI.
    prods.sort((x, y) => {
      const r = RANK[x.p.ev] - RANK[y.p.ev];
      if (r !== 0 || x.p.ev !== 'AT' || y.p.ev !== 'AT') return r;
      const ax = x.p.attr;
      const ay = (y.p as { attr: AttrDecl }).attr;
      return ax.name < ay.name ? -1 : ax.name > ay.name ? 1 : ax.ns < ay.ns ? -1 : ax.ns > ay.ns ? 1 : 0;
    });
    st.prods = prods.map((x) => x.p);
    prods.forEach((x, i) => st.index.set(x.key, i));
    st.bits = bitsFor(st.prods.length + 1);
    st.ee = st.prods.findIndex((p) => p.ev === 'EE');
    st.ch = st.prods.findIndex((p) => p.ev === 'CH' && p.type !== undefined);
  }
  return { start: root, states: [...dfa.values()] };
}

const EMPTY_FIELDS = new Int16Array(0);

type AnyProduction = { [K in keyof UnionToFields]?: UnionToFields[K] };
type UnionToFields = { ev: Production['ev']; attr: AttrDecl; decl: ElementDecl; type: SimpleType; next: State; array: boolean; namespace: string };

/** Every production gets the same properties in the same order (one object shape for the codecs' hot loops). */
function production(f: AnyProduction & { ev: Production['ev'] }): Production {
  const p = { ev: f.ev, attr: f.attr, decl: f.decl, type: f.type, next: f.next, array: f.array ?? false, field: -1, child: undefined, namespace: f.namespace };
  return p as Production;
}

/** The JSON key of a production, undefined for events that carry no field. */
function fieldName(p: Production): string | undefined {
  if (p.ev === 'AT') return p.attr.name;
  if (p.ev === 'SE') return p.decl.name;
  if (p.ev === 'CH' && p.type) return 'CONTENT';
  return undefined;
}

/** Numbers the fields of a grammar and gives every state its field → first production table. */
function indexFields(states: State[], arrays: Set<string>): Pick<Grammar, 'fields' | 'fieldArray' | 'fieldIndex'> {
  const fieldIndex = new Map<string, number>();
  for (const st of states) {
    for (const p of st.prods) {
      const name = fieldName(p);
      if (name === undefined) continue;
      let i = fieldIndex.get(name);
      if (i === undefined) fieldIndex.set(name, (i = fieldIndex.size));
      p.field = i;
    }
  }
  const fields = [...fieldIndex.keys()];
  for (const st of states) {
    st.fieldProd = new Int16Array(fields.length).fill(-1);
    st.prods.forEach((p, i) => {
      if (p.field >= 0 && st.fieldProd[p.field] < 0) st.fieldProd[p.field] = i;
    });
    st.prodField = Int16Array.from(st.prods, (p) => p.field);
  }
  return { fields, fieldArray: fields.map((f) => f !== 'CONTENT' && arrays.has(f)), fieldIndex };
}

/** Builds and caches the grammar of every type of one schema model. */
export class GrammarBuilder {
  private readonly cache = new Map<ComplexType | SimpleType, Grammar>();

  /** Width of the document grammar's event code: one SE(qname) per global element plus SE(*). */
  readonly docBits: number;
  /** Document event code of each global element, by local name (the first one if two share a name). */
  readonly globalIndex = new Map<string, number>();
  private readonly globalGrammars: Array<Grammar | undefined> = [];

  constructor(readonly model: SchemaModel) {
    this.docBits = bitsFor(model.globals.length + 1);
    model.globals.forEach((g, i) => {
      if (!this.globalIndex.has(g.name)) this.globalIndex.set(g.name, i);
    });
  }

  grammarFor(type: ComplexType | SimpleType): Grammar {
    const hit = this.cache.get(type);
    if (hit) return hit;
    const proto = new Proto();
    const end = proto.state([{ ev: 'EE' }]);
    let start: NState;
    const attrPhase = new Set<NState>();
    if (type.kind !== 'complex') {
      start = proto.state([{ ev: 'CH', type, to: end }]);
    } else {
      const c = type.content;
      let content: NState;
      if (c.kind === 'empty') content = end;
      else if (c.kind === 'simple') content = proto.state([{ ev: 'CH', type: c.type, to: end }]);
      else {
        const first = proto.created.length - 1; // includes `end`
        content = proto.particle(c.particle, end);
        if (c.mixed) {
          for (const s of proto.created.slice(first)) s.items.push({ ev: 'CH', type: undefined, to: s });
        }
      }
      let cur = content;
      if (type.anyAttribute) attrPhase.add((cur = proto.state([{ ev: 'AT*', to: cur }, { eps: cur }])));
      const attrs = [...type.attrs].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : x.ns < y.ns ? -1 : x.ns > y.ns ? 1 : 0));
      for (let i = attrs.length - 1; i >= 0; i--) {
        const items: NItem[] = [{ ev: 'AT', attr: attrs[i], to: cur }];
        if (!attrs[i].required) items.push({ eps: cur });
        cur = proto.state(items);
        attrPhase.add(cur);
      }
      start = cur;
    }
    const hasAttrs = type.kind === 'complex' && type.attrs.length > 0;
    const arrays = type.kind === 'complex' ? type.arrays : new Set<string>();
    const { start: s0, states } = normalize(start, type.name, attrPhase, hasAttrs, arrays);
    const { fields, fieldArray, fieldIndex } = indexFields(states, arrays);
    const simple = type.kind === 'complex' ? undefined : type;
    const fieldOf: Record<string, number> = {};
    fields.forEach((f, i) => (fieldOf[f] = i));
    const ch = simple ? s0.prods[s0.ch] : undefined;
    const leafEnd = ch && ch.ev === 'CH' ? ch.next : undefined;
    const g: Grammar = {
      type,
      simple,
      leafEnd,
      start: s0,
      stateCount: states.length,
      fields,
      fieldArray,
      fieldIndex,
      fieldOf,
      lastKeys: [],
      lastFields: [],
    };
    this.cache.set(type, g);
    return g;
  }

  /** The grammar of the global element with this document event code (cached by code). */
  globalGrammar(code: number): Grammar {
    return (this.globalGrammars[code] ??= this.grammarFor(this.model.globals[code].type));
  }

  /** The grammar of an SE production's element, cached on the production. */
  childOf(p: Extract<Production, { ev: 'SE' }>): Grammar {
    return (p.child ??= this.grammarFor(p.decl.type));
  }

  /** Total states built so far (for diagnostics). */
  get stateCount(): number {
    let n = 0;
    for (const g of this.cache.values()) n += g.stateCount;
    return n;
  }
}

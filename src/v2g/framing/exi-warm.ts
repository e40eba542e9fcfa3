/**
 * EXI grammars are built on first use (src/exi); for ISO 15118-2 that is ~0.1–0.2 s, several times that on a
 * loaded machine: more than a 400 ms reference limit when the first session pays it mid-sequence. warmExiSets
 * builds every grammar of the named schema sets once per process, before the first session (the V2G harness
 * and the reference shells call it at start-up), through the codec's public grammarsOf() only.
 */
import { grammarsOf, type SchemaSetName } from '../../exi';

type Builder = ReturnType<typeof grammarsOf>;
type Grammar = ReturnType<Builder['globalGrammar']>;

const warmed = new Set<SchemaSetName>();

/** The schema sets of a V2G standard (the app-protocol handshake's `apphand` is always needed too). */
export function exiSetsOf(standard: 'din70121' | 'iso15118-2' | 'iso15118-20'): SchemaSetName[] {
  if (standard === 'din70121') return ['apphand', 'din'];
  if (standard === 'iso15118-2') return ['apphand', 'iso2'];
  return ['apphand', 'iso20', 'iso20dc', 'iso20ac'];
}

/** Builds every grammar reachable from each set's global elements (a no-op for a set already warmed). */
export function warmExiSets(sets: Iterable<SchemaSetName>): void {
  for (const set of sets) {
    if (warmed.has(set)) continue;
    warmed.add(set);
    const b = grammarsOf(set);
    const seen = new Set<Grammar>();
    const states = new Set<Grammar['start']>();
    const todo: Grammar[] = b.model.globals.map((_, i) => b.globalGrammar(i));
    while (todo.length) {
      const g = todo.pop()!;
      if (seen.has(g)) continue;
      seen.add(g);
      const open = [g.start];
      while (open.length) {
        const s = open.pop()!;
        if (states.has(s)) continue;
        states.add(s);
        for (const p of s.prods) {
          if (p.ev === 'EE') continue;
          open.push(p.next);
          if (p.ev === 'SE') todo.push(b.childOf(p));
        }
      }
    }
  }
}

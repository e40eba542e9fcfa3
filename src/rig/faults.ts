/**
 * Fault catalogues of the reference SUTs. A fault is named `<catalogue>/<fault>`, e.g.
 * `ocpp16-station/ignores-heartbeat-interval`; each reference SUT receives the faults of its own catalogue.
 */
import { ConfigError } from '../core/errors';

export interface FaultCatalogue {
  /** e.g. `ocpp16-station`. */
  id: string;
  /** Which tag selects the scenarios that exercise SUTs of this catalogue, e.g. `@ocpp16 and @sut:station`. */
  scenarios: string;
  faults: Record<string, string>;
}

const catalogues: FaultCatalogue[] = [];

/**
 * Faults that break the wire or the RPC discipline rather than a behaviour a test case checks. A scenario may
 * declare them in addition to an aimed fault, never alone: only an aimed fault proves the scenario checks
 * what its title says.
 */
export const GENERIC_FAULTS: ReadonlySet<string> = new Set([
  'silent',
  'slow-response',
  'disconnects-on-call',
  'second-concurrent-call',
  'wrong-message-id-length',
  'sends-null-fields',
  'invalid-json',
  // V2G reference shells (src/reference/v2g/shell-faults.ts): every response / request late
  'late-response',
  'late-request',
  // CHAdeMO references (src/reference/chademo/faults.ts): a silent or flooding charger / EV
  'charger-silent',
  'floods-bus',
  'ev-silent',
  'ev-floods-bus',
]);

/** Problems with a scenario's declared faults that need no run: none declared, or only generic ones. */
export function declarationProblems(declared: readonly string[]): string[] {
  if (declared.length === 0) return ['declares no @fault:<name> tag'];
  if (declared.every((f) => GENERIC_FAULTS.has(f))) return [`declares only generic faults (${declared.join(', ')}): add one aimed at the behaviour it checks`];
  return [];
}

export function registerFaultCatalogue(c: FaultCatalogue): void {
  if (!catalogues.some((x) => x.id === c.id)) catalogues.push(c);
}

export function faultCatalogues(): readonly FaultCatalogue[] {
  return catalogues;
}

/** Checks every name and returns the fault names (without the catalogue prefix) for one catalogue. */
export function faultsFor(catalogueId: string, selected: readonly string[], source = 'faults'): string[] {
  const out: string[] = [];
  for (const full of selected) {
    const slash = full.indexOf('/');
    const cat = slash > 0 ? full.slice(0, slash) : '';
    const name = full.slice(slash + 1);
    const c = catalogues.find((x) => x.id === cat);
    if (!c) throw new ConfigError(source, full, `unknown fault catalogue '${cat}' (known: ${catalogues.map((x) => x.id).join(', ')}; write <catalogue>/<fault>)`);
    if (!(name in c.faults)) throw new ConfigError(source, full, `unknown fault '${name}' in ${cat} (known: ${Object.keys(c.faults).join(', ')})`);
    if (cat === catalogueId) out.push(name);
  }
  return out;
}

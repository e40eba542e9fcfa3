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

/**
 * The V2G fault catalogues: `v2g-secc/<fault>` for the reference SECC (scenarios where the harness is the
 * EVCC) and `v2g-evcc/<fault>` for the reference EVCC (the harness is the SECC). Shell faults are unprefixed;
 * a standard's faults carry its prefix (`din-`, `iso2-`, `iso20-`).
 */
import { registerFaultCatalogue } from '../../rig/faults';
import { DIN_EVCC_FAULTS, DIN_SECC_FAULTS } from './din/faults';
import { ISO2_EVCC_FAULTS, ISO2_SECC_FAULTS } from './iso2/faults';
import { ISO20_EVCC_FAULTS, ISO20_SECC_FAULTS } from './iso20/faults';
import { EVCC_SHELL_FAULTS, SECC_SHELL_FAULTS } from './shell-faults';

export const SECC_CATALOGUE = 'v2g-secc';
export const EVCC_CATALOGUE = 'v2g-evcc';
const V2G = '(@din70121 or @iso15118-2 or @iso15118-20)';

export const V2G_SECC_FAULTS: Readonly<Record<string, string>> = { ...SECC_SHELL_FAULTS, ...DIN_SECC_FAULTS, ...ISO2_SECC_FAULTS, ...ISO20_SECC_FAULTS };
export const V2G_EVCC_FAULTS: Readonly<Record<string, string>> = { ...EVCC_SHELL_FAULTS, ...DIN_EVCC_FAULTS, ...ISO2_EVCC_FAULTS, ...ISO20_EVCC_FAULTS };

export function registerV2gCatalogues(): void {
  registerFaultCatalogue({ id: SECC_CATALOGUE, scenarios: `${V2G} and @sut:secc`, faults: V2G_SECC_FAULTS });
  registerFaultCatalogue({ id: EVCC_CATALOGUE, scenarios: `${V2G} and @sut:evcc`, faults: V2G_EVCC_FAULTS });
}

/**
 * The CHAdeMO fault catalogues: `chademo-charger/<fault>` for the reference charger (scenarios where the harness
 * is the EV) and `chademo-ev/<fault>` for the reference EV (scenarios where the harness is the charger).
 */
import { registerFaultCatalogue } from '../../rig/faults';
import { CHARGER_FAULTS, EV_FAULTS } from './faults';

export const CHARGER_CATALOGUE = 'chademo-charger';
export const EV_CATALOGUE = 'chademo-ev';

export function registerChademoCatalogues(): void {
  registerFaultCatalogue({ id: CHARGER_CATALOGUE, scenarios: '@chademo and @sut:charger', faults: CHARGER_FAULTS });
  registerFaultCatalogue({ id: EV_CATALOGUE, scenarios: '@chademo and @sut:ev', faults: EV_FAULTS });
}

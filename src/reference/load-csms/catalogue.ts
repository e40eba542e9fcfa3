/** The lean load CSMS's fault catalogue: `load-csms/<fault>`, aimed at the @load scenarios. */
import { registerFaultCatalogue } from '../../rig/faults';
import { LOAD_CSMS_CATALOGUE, LOAD_CSMS_FAULTS } from './faults';

export function registerLoadCsmsCatalogue(): void {
  registerFaultCatalogue({ id: LOAD_CSMS_CATALOGUE, scenarios: '@load', faults: LOAD_CSMS_FAULTS });
}

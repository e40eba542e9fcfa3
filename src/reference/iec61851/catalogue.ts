/**
 * The pilot fault catalogues: `iec61851-evse/<fault>` for the reference EVSE (scenarios where the harness is
 * the EV) and `iec61851-ev/<fault>` for the reference EV (scenarios where the harness is the EVSE).
 */
import { registerFaultCatalogue } from '../../rig/faults';
import { EV_FAULTS, EVSE_FAULTS } from './faults';

export const EVSE_CATALOGUE = 'iec61851-evse';
export const EV_CATALOGUE = 'iec61851-ev';

export function registerPilotCatalogues(): void {
  registerFaultCatalogue({ id: EVSE_CATALOGUE, scenarios: '@iec61851 and @sut:evse', faults: EVSE_FAULTS });
  registerFaultCatalogue({ id: EV_CATALOGUE, scenarios: '@iec61851 and @sut:ev', faults: EV_FAULTS });
}

/**
 * Registers the diagnostic fault catalogues with the rig's fault registry so rig configs and EVC_FAULTS can
 * name them as `uds-ecu/<fault>` and `uds-tester/<fault>`.
 */
import { registerFaultCatalogue } from '../../rig/faults';
import { ECU_FAULTS, TESTER_FAULTS } from './faults';

export const ECU_CATALOGUE = 'uds-ecu';
export const TESTER_CATALOGUE = 'uds-tester';

export function registerDiagCatalogues(): void {
  registerFaultCatalogue({ id: ECU_CATALOGUE, scenarios: '(@uds or @doip or @obd) and @sut:ecu', faults: ECU_FAULTS });
  registerFaultCatalogue({ id: TESTER_CATALOGUE, scenarios: '@uds and @sut:tester', faults: TESTER_FAULTS });
}

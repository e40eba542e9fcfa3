import type { EnergyMode } from '../../messages/types';
import type { EvccProcedure } from '../procedure';

/** The harness EVCC's iso15118-2 procedure. Placeholder until the iso2 slice lands. */
export function createIso2EvccProcedure(energy: EnergyMode): EvccProcedure {
  throw new Error(`the harness EVCC has no iso15118-2 ${energy} procedure yet`);
}

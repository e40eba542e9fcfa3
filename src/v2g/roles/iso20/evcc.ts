import type { EnergyMode } from '../../messages/types';
import type { EvccProcedure } from '../procedure';

/** The harness EVCC's iso15118-20 procedure. Placeholder until the iso20 slice lands. */
export function createIso20EvccProcedure(energy: EnergyMode): EvccProcedure {
  throw new Error(`the harness EVCC has no iso15118-20 ${energy} procedure yet`);
}

import type { EnergyMode } from '../../messages/types';
import type { EvccProcedure } from '../procedure';

/** The harness EVCC's din70121 procedure. Placeholder until the din slice lands. */
export function createDinEvccProcedure(energy: EnergyMode): EvccProcedure {
  throw new Error(`the harness EVCC has no din70121 ${energy} procedure yet`);
}

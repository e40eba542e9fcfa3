import type { EnergyMode } from '../../messages/types';
import type { SeccProcedure } from '../procedure';

/** The harness SECC's din70121 procedure. Placeholder until the din slice lands. */
export function createDinSeccProcedure(energy: EnergyMode): SeccProcedure {
  throw new Error(`the harness SECC has no din70121 ${energy} procedure yet`);
}

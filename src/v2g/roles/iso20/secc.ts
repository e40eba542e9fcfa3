import type { EnergyMode } from '../../messages/types';
import type { SeccProcedure } from '../procedure';

/** The harness SECC's iso15118-20 procedure. Placeholder until the iso20 slice lands. */
export function createIso20SeccProcedure(energy: EnergyMode): SeccProcedure {
  throw new Error(`the harness SECC has no iso15118-20 ${energy} procedure yet`);
}

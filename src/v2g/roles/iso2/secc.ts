import type { EnergyMode } from '../../messages/types';
import type { SeccProcedure } from '../procedure';

/** The harness SECC's iso15118-2 procedure. Placeholder until the iso2 slice lands. */
export function createIso2SeccProcedure(energy: EnergyMode): SeccProcedure {
  throw new Error(`the harness SECC has no iso15118-2 ${energy} procedure yet`);
}

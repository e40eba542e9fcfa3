import type { RefEvccConfig, RefEvccProtocol } from '../types';

/** The reference EVCC's din70121 module (one per session). Placeholder until the din slice lands. */
export function createDinEvcc(config: RefEvccConfig): RefEvccProtocol {
  void config;
  throw new Error('reference EVCC: din70121 is not implemented yet');
}

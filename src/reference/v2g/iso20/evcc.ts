import type { RefEvccConfig, RefEvccProtocol } from '../types';

/** The reference EVCC's iso15118-20 module (one per session). Placeholder until the iso20 slice lands. */
export function createIso20Evcc(config: RefEvccConfig): RefEvccProtocol {
  void config;
  throw new Error('reference EVCC: iso15118-20 is not implemented yet');
}

import type { RefEvccConfig, RefEvccProtocol } from '../types';

/** The reference EVCC's iso15118-2 module (one per session). Placeholder until the iso2 slice lands. */
export function createIso2Evcc(config: RefEvccConfig): RefEvccProtocol {
  void config;
  throw new Error('reference EVCC: iso15118-2 is not implemented yet');
}

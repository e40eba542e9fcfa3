import type { RefSeccConfig, RefSeccProtocol } from '../types';

/** The reference SECC's iso15118-2 module (one per connection). Placeholder until the iso2 slice lands. */
export function createIso2Secc(config: RefSeccConfig): RefSeccProtocol {
  void config;
  throw new Error('reference SECC: iso15118-2 is not implemented yet');
}

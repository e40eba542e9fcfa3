import type { RefSeccConfig, RefSeccProtocol } from '../types';

/** The reference SECC's iso15118-20 module (one per connection). Placeholder until the iso20 slice lands. */
export function createIso20Secc(config: RefSeccConfig): RefSeccProtocol {
  void config;
  throw new Error('reference SECC: iso15118-20 is not implemented yet');
}

import type { RefSeccConfig, RefSeccProtocol } from '../types';

/** The reference SECC's din70121 module (one per connection). Placeholder until the din slice lands. */
export function createDinSecc(config: RefSeccConfig): RefSeccProtocol {
  void config;
  throw new Error('reference SECC: din70121 is not implemented yet');
}

import type { StandardCodec } from './types';

/** The din70121 message codec. Placeholder until the din slice lands. */
export function dinCodec(): StandardCodec {
  throw new Error('no din70121 message codec yet');
}

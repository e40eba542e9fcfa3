import type { StandardCodec } from './types';

/** The iso15118-2 message codec. Placeholder until the iso2 slice lands. */
export function iso2Codec(): StandardCodec {
  throw new Error('no iso15118-2 message codec yet');
}

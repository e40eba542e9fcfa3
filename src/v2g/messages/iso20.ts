import type { StandardCodec } from './types';

/** The iso15118-20 message codec. Placeholder until the iso20 slice lands. */
export function iso20Codec(): StandardCodec {
  throw new Error('no iso15118-20 message codec yet');
}

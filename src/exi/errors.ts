import { CodecError } from '../core/errors';

/**
 * The EXI codec rejected input: malformed or truncated bytes on decode, or a message object that does not fit
 * the schema on encode. Carries the bit position and the grammar state where it happened.
 */
export class ExiError extends CodecError {
  constructor(
    readonly problem: string,
    /** Bit offset into the EXI stream (decode) or the output (encode); -1 when not applicable. */
    readonly bitPosition = -1,
    /** Human-readable grammar location, e.g. `V2G_Message/Body/SessionSetupReq state 1`. */
    readonly grammarState = '',
  ) {
    super(
      `EXI: ${problem}${bitPosition >= 0 ? ` at bit ${bitPosition}` : ''}${grammarState ? ` (in ${grammarState})` : ''}`.replace(
        /\s*\n\s*/g,
        ' ',
      ),
    );
  }
}

import { EvcError, WaitTimeoutError } from '../core/errors';

export type IsoTpErrorCode =
  | 'busy'
  | 'empty'
  | 'too-long'
  | 'functional-multi-frame'
  | 'overflow'
  | 'flow-status'
  | 'too-many-waits'
  | 'aborted'
  | 'closed'
  | 'transmit';

/** An ISO-TP transfer could not complete (peer overflow, wait limit, invalid flow status, channel closed…). */
export class IsoTpError extends EvcError {
  constructor(
    readonly code: IsoTpErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** An ISO-TP timer ran out: N_As (frame not sent in time), N_Bs (no FC), N_Cr (no CF), or a receive() wait. */
export class IsoTpTimeoutError extends WaitTimeoutError {
  constructor(
    readonly timer: 'N_As' | 'N_Bs' | 'N_Cr' | 'receive',
    headline: string,
  ) {
    super(headline);
  }
}

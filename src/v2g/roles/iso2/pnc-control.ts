/**
 * ISO 15118-2 Plug and Charge checks that span two sessions (harness EVCC, SUT = SECC): every PaymentDetailsRes
 * carries a new 16-byte GenChallenge, and an AuthorizationReq correctly signed over an earlier session's
 * GenChallenge is refused (the challenge is what stops a recorded AuthorizationReq being replayed).
 */
import { EvcError } from '../../../core/errors';
import type { Trace } from '../../../core/trace';
import type { EvccDriver, EvccExchange } from '../evcc';
import { v2gVerdict } from '../common';
import type { ProcedureState } from '../procedure';

function challengeOf(state: ProcedureState | undefined, which: string): string {
  const g = state?.vars.genChallenge;
  if (typeof g !== 'string') throw new EvcError(`no GenChallenge from the ${which} session: run it up to "AuthorizationReq" first (PaymentDetailsRes gives it)`);
  return g;
}

/** The current session's GenChallenge is 16 bytes and not the previous session's. */
export function expectNewGenChallenge(current: ProcedureState | undefined, previous: ProcedureState | undefined, trace: Trace): void {
  const now = challengeOf(current, 'current');
  const before = challengeOf(previous, 'previous');
  if (now.length !== 32) throw v2gVerdict(trace, `PaymentDetailsRes.GenChallenge ${now} is ${now.length / 2} bytes, not 16`);
  if (now.toLowerCase() === before.toLowerCase()) {
    throw v2gVerdict(trace, `PaymentDetailsRes of the new session carries GenChallenge ${now}, the previous session's: a SECC must give a new random GenChallenge in every PaymentDetailsRes`);
  }
  trace.note('v2g', `GenChallenge ${before} (previous session) → ${now} (this session): new, 16 bytes`, 'v2g:harness-evcc');
}

/** Sends the compliant AuthorizationReq signed with the contract key but over the previous session's GenChallenge. */
export async function sendWithPreviousChallenge(driver: EvccDriver, previous: ProcedureState | undefined): Promise<EvccExchange> {
  const state = driver.state;
  if (!state) throw new EvcError('no session yet: the EVCC must run a session up to "AuthorizationReq" first');
  const own = state.vars.genChallenge;
  state.vars.genChallenge = challengeOf(previous, 'previous');
  try {
    return await driver.send('AuthorizationReq');
  } finally {
    state.vars.genChallenge = own;
  }
}

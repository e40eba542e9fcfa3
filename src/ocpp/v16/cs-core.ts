/**
 * Core-profile sequences for an OCPP 1.6 charge point under test (harness = CSMS): the multi-message parts
 * of the OCTT Core test cases that the generic vocabulary does not cover (transaction-aware messages,
 * reboots and reconnects, timing checks).
 */
import { tableToPartial, tableToPayload } from '../../core/table';
import { type CsWorld, transactionOn } from './cs-states';

/**
 * "the <party> sends <Action> for the transaction on connector N [with:]": the transactionId the station got
 * for its last StartTransaction on that connector is added to the payload (harness → SUT) or to the
 * expectation (SUT → harness).
 */
export async function sendsForTransaction(w: CsWorld, who: string, action: string, connectorId: number, rows: string[][] | undefined): Promise<void> {
  const h = w.ocpp;
  const { transactionId } = transactionOn(h, connectorId);
  if (who === 'station') {
    await h.expectCall(action, { ...(rows ? tableToPartial(rows) : {}), transactionId });
    return;
  }
  await h.call(action, { ...(rows ? tableToPayload(rows) : {}), transactionId });
}

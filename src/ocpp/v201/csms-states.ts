/**
 * OCTT 2.0.1 reusable states for the CSMS-under-test catalogue, played by the harness station. Each walks the
 * CSMS from the general preconditions (station booted, every EVSE Available) to the named state and asserts
 * every answer on the way, so a scenario starts from a known, checked trace.
 */
import { booted201 } from '../states16';
import type { HarnessStation201 } from './csms-station';

/** Booted, unless the connection is already up (a second state on another EVSE). */
async function ensureBooted(st: HarnessStation201): Promise<void> {
  if (!st.h.isStarted) await booted201(st.h);
}

/** EVConnectedPreSession: the cable is plugged in (StatusNotification Occupied), no transaction yet. */
export async function evConnected201(st: HarnessStation201, evseId: number): Promise<void> {
  await ensureBooted(st);
  await st.status(evseId, 'Occupied');
  st.acknowledged('StatusNotification');
}

/**
 * Charging (EnergyTransferStarted): Occupied → Authorize (Accepted) → TransactionEvent Started
 * (Authorized, idToken, EVConnected; CSMS answers idTokenInfo Accepted) → TransactionEvent Updated
 * (ChargingStateChanged, Charging). The transaction is remembered as `${tx<evse>}`.
 */
export async function charging201(st: HarnessStation201, evseId: number, idToken: string): Promise<void> {
  await evConnected201(st, evseId);
  await st.authorize(idToken);
  st.h.assertResult({ idTokenInfo: { status: 'Accepted' } });
  await st.transactionEvent(evseId, {
    eventType: 'Started',
    triggerReason: 'Authorized',
    idToken: { idToken },
    transactionInfo: { chargingState: 'EVConnected' },
    meterValue: [st.energySample('Transaction.Begin')],
  });
  st.h.assertResult({ idTokenInfo: { status: 'Accepted' } });
  await st.transactionEvent(evseId, { eventType: 'Updated', triggerReason: 'ChargingStateChanged', transactionInfo: { chargingState: 'Charging' } });
  st.acknowledged('TransactionEvent');
}

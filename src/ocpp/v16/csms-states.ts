/**
 * OCTT 1.6 reusable states for the CSMS-under-test catalogue, played by the harness station: each walks the
 * central system from the general preconditions (station booted and idle) to the named state and asserts
 * every answer on the way, so a scenario starts from a known, checked trace.
 */
import { m } from '../../core/match';
import { booted16 } from '../states16';
import type { HarnessStation16 } from './csms-station';

/** An idTagInfo the CSMS must answer for a valid card. */
const ACCEPTED = { idTagInfo: { status: 'Accepted' } };

/** Booted, then connector Preparing (cable plugged in), confirmed. */
export async function preparing16(st: HarnessStation16, connectorId: number): Promise<void> {
  if (!st.h.isStarted) await booted16(st.h);
  await st.report(connectorId, 'Preparing');
  st.confirm('StatusNotification');
}

/**
 * Charging: Booted → StatusNotification(Preparing) → Authorize(Accepted) → StartTransaction(Accepted, with a
 * transactionId) → StatusNotification(Charging). The transaction is remembered for later steps.
 */
export async function charging16(st: HarnessStation16, connectorId: number, idTag: string): Promise<void> {
  await preparing16(st, connectorId);
  await st.authorize(idTag);
  st.h.assertResult(ACCEPTED);
  await st.startTransaction(connectorId, idTag);
  st.h.assertResult({ ...ACCEPTED, transactionId: m.integer() });
  await st.report(connectorId, 'Charging');
  st.confirm('StatusNotification');
}

/**
 * OCPP 2.0.1 TransactionEvent bookkeeping on a session: per transactionId the seqNos received, the event
 * types and trigger reasons. Part 6 §2.1: events may arrive out of order, but seqNo must be sequential with
 * no gaps and the first event of a transaction is Started. The findings feed the World's After guard.
 */
import type { InboxItem } from '../../core/expect';
import type { Payload } from '../framing';

export interface TxRecord {
  transactionId: string;
  events: { seqNo: number; eventType: string; triggerReason: string; offline: boolean; index: number; body: string }[];
}

export function transactionRecords(items: readonly InboxItem<Payload>[]): Map<string, TxRecord> {
  const out = new Map<string, TxRecord>();
  for (const item of items) {
    if (item.kind !== 'TransactionEvent') continue;
    const p = item.payload as { transactionInfo?: { transactionId?: string }; seqNo?: number; eventType?: string; triggerReason?: string; offline?: boolean };
    const id = p.transactionInfo?.transactionId;
    if (!id) continue;
    const rec = out.get(id) ?? { transactionId: id, events: [] };
    // an identical copy (same seqNo and content) is a retransmission of one message, not a second event
    const body = JSON.stringify(item.payload);
    if (rec.events.some((e) => e.seqNo === Number(p.seqNo) && e.body === body)) continue;
    rec.events.push({ seqNo: Number(p.seqNo), eventType: String(p.eventType), triggerReason: String(p.triggerReason), offline: Boolean(p.offline), index: item.index, body });
    out.set(id, rec);
  }
  return out;
}

/**
 * Problems with the seqNo sequence and event order of each transaction seen so far. `sliceOfRun`: the items are
 * what one scenario saw of a connection that outlives it (a station on the run's persistent listener), so a
 * transaction first seen at a seqNo above 0 may have started before the scenario: only a transaction first seen
 * at seqNo 0 is judged on its first event.
 */
export function transactionProblems(items: readonly InboxItem<Payload>[], o: { sliceOfRun?: boolean } = {}): string[] {
  const problems: string[] = [];
  for (const rec of transactionRecords(items).values()) {
    const seqs = rec.events.map((e) => e.seqNo).sort((a, b) => a - b);
    const dupes = seqs.filter((s, i) => i > 0 && s === seqs[i - 1]);
    if (dupes.length) problems.push(`transaction ${rec.transactionId}: seqNo ${[...new Set(dupes)].join(', ')} used more than once`);
    const unique = [...new Set(seqs)];
    for (let i = 1; i < unique.length; i++) {
      if (unique[i] !== unique[i - 1] + 1) problems.push(`transaction ${rec.transactionId}: seqNo jumps from ${unique[i - 1]} to ${unique[i]}`);
    }
    const first = rec.events.reduce((a, b) => (b.seqNo < a.seqNo ? b : a));
    if (first.eventType !== 'Started' && !(o.sliceOfRun && first.seqNo > 0)) problems.push(`transaction ${rec.transactionId}: the event with the lowest seqNo (${first.seqNo}) is ${first.eventType}, not Started`);
    const starts = rec.events.filter((e) => e.eventType === 'Started').length;
    if (starts > 1) problems.push(`transaction ${rec.transactionId}: ${starts} Started events`);
    const ended = rec.events.filter((e) => e.eventType === 'Ended');
    if (ended.length > 1) problems.push(`transaction ${rec.transactionId}: ${ended.length} Ended events`);
    if (ended.length === 1 && rec.events.some((e) => e.seqNo > ended[0].seqNo)) problems.push(`transaction ${rec.transactionId}: events with a higher seqNo than its Ended event`);
  }
  return problems;
}

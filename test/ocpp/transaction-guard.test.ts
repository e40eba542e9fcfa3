/**
 * The 2.0.1 TransactionEvent guard (src/ocpp/v201/transactions.ts): on a fresh connection every transaction is
 * seen from its start, so a first event other than Started is a problem; on the run's persistent listener a
 * scenario sees a slice of the station's life, and a transaction first seen above seqNo 0 may have started
 * before it (a CI run failed one scenario so) — while seqNo 0 not Started, gaps and repeats still count.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InboxItem } from '../../src/core/expect';
import type { Payload } from '../../src/ocpp/framing';
import { transactionProblems } from '../../src/ocpp/v201/transactions';

const ev = (index: number, id: string, seqNo: number, eventType: string): InboxItem<Payload> => ({
  index,
  kind: 'TransactionEvent',
  payload: { eventType, seqNo, triggerReason: 'Authorized', timestamp: '2026-12-03T00:00:00Z', transactionInfo: { transactionId: id } },
  meta: {},
  consumed: false,
  receivedUs: index,
});

test('a transaction first seen at its Ended event is a problem on a fresh connection, not on a slice of the run', () => {
  const items = [ev(0, 'T1', 1, 'Ended')];
  assert.deepEqual(transactionProblems(items), ['transaction T1: the event with the lowest seqNo (1) is Ended, not Started']);
  assert.deepEqual(transactionProblems(items, { sliceOfRun: true }), []);
});

test('on a slice of the run, seqNo 0 not Started, gaps, repeats and two Ended are still problems', () => {
  const items = [ev(0, 'T2', 0, 'Updated'), ev(1, 'T3', 2, 'Updated'), ev(2, 'T3', 4, 'Ended'), ev(3, 'T4', 3, 'Ended'), ev(4, 'T4', 4, 'Ended')];
  const got = transactionProblems(items, { sliceOfRun: true });
  assert.deepEqual(got, [
    'transaction T2: the event with the lowest seqNo (0) is Updated, not Started',
    'transaction T3: seqNo jumps from 2 to 4',
    'transaction T4: 2 Ended events',
  ]);
});

/**
 * OCPP 2.0.1 blocks E (Transactions) and F (RemoteControl), charging station under test (harness = CSMS).
 *
 * - Device-model configuration through a real SetVariables exchange (TxStartPoint, TxStopPoint,
 *   EVConnectionTimeOut, MessageAttempts …), asserted Accepted.
 * - TransactionEvent expectations per EVSE: the Started event records the transactionId (also as the scenario
 *   variables `${transactionId}` and `${transactionIdEvse<n>}`); every later event must carry the same
 *   transactionId, a seqNo above the last one seen for that transaction, an RFC 3339 timestamp within ±4 s
 *   (or within the offline period for queued events), and an evse (when present) scoped to that EVSE with
 *   connector 1.
 * - Retransmissions of an unanswered TransactionEvent (same payload, same seqNo) and the count of attempts.
 */
import { EvcError, VerdictError } from '../../core/errors';
import type { InboxItem } from '../../core/expect';
import { Matcher, m } from '../../core/match';
import { substituteVars, tableToPartial } from '../../core/table';
import type { Trace } from '../../core/trace';
import type { CsmsSideContext } from '../side-context';
import type { Payload } from '../session';
import { type Cs201Transaction, recordStarted, transactionOnEvse } from './cs-states';

/** What the functions need from the World. */
export interface EfWorld {
  ocppCsms: CsmsSideContext;
  trace: Trace;
  rig: { timeScale: number };
}

export interface EfContext {
  /** The last TransactionEvent a step asserted, for retransmission checks. */
  lastEvent?: InboxItem<Payload>;
}

function ctx(h: CsmsSideContext): EfContext {
  return (h.ef201 ??= {});
}

function requireStation201(h: CsmsSideContext): void {
  if (h.side !== 'station' || h.version !== '2.0.1') throw new EvcError('the block E/F station steps apply to OCPP 2.0.1 scenarios tagged @sut:station');
}

// ------------------------------------------------------------------ TransactionEvent

/** OCPP 2.0.1 date-time: RFC 3339 with a UTC offset and at most 3 fractional digits. */
const DATE_TIME_201 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A timestamp matcher: a 2.0.1 date-time within ±4 s of now or, for an event queued while offline, within the
 * last offline period (±4 s).
 */
function timestampMatcher(w: EfWorld, offline: boolean): Matcher {
  const o = w.ocppCsms.offline;
  const from = offline ? (o?.from ?? 0) : Date.now();
  const to = offline ? (o?.to ?? Date.now()) : from;
  const window = offline ? `between ${new Date(from).toISOString()} and ${new Date(to).toISOString()}` : `${new Date(from).toISOString()}`;
  return m.satisfies(`RFC 3339 date-time, at most 3 fractional digits, ${window} ±4 s`, (a) => {
    const t = typeof a === 'string' && DATE_TIME_201.test(a) ? Date.parse(a) : NaN;
    return t >= from - 4000 && t <= to + 4000;
  });
}

/** evse, when present, must be the EVSE with connector 1 (connector ids are numbered within their EVSE). */
function evseMatcher(evseId: number, required: boolean): Matcher {
  return m.satisfies(`evse ${required ? '' : 'absent or '}{"id":${evseId},"connectorId":1}`, (a) => {
    if (a === undefined) return !required;
    const e = a as { id?: unknown; connectorId?: unknown };
    return e.id === evseId && (required ? e.connectorId === 1 : e.connectorId === undefined || e.connectorId === 1);
  });
}

function tablePartial(w: EfWorld, rows: string[][] | undefined): Payload {
  return rows ? (tableToPartial(substituteVars(rows, w.ocppCsms.vars)) as Payload) : {};
}

function isOfflineExpected(partial: Payload): boolean {
  return partial.offline === true;
}

function merge(base: Payload, extra: Payload): Payload {
  const out: Payload = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    const plain = (x: unknown) => !!x && typeof x === 'object' && !Array.isArray(x) && !(x instanceof Matcher);
    if (plain(b) && plain(v)) {
      out[k] = merge(b as Payload, v as Payload);
    } else out[k] = v;
  }
  return out;
}

/** The seqNo must be above every seqNo of that transaction asserted before (on any connection). */
function checkSeqNo(w: EfWorld, transactionId: string, item: InboxItem<Payload>): void {
  const seqNo = item.payload.seqNo as number;
  const before = (w.ocppCsms.csms?.allSessions() ?? [])
    .flatMap((s) => s.inbox.all)
    .filter((i) => i !== item && i.consumed && i.kind === 'TransactionEvent' && (i.payload.transactionInfo as { transactionId?: string } | undefined)?.transactionId === transactionId)
    .map((i) => i.payload.seqNo as number);
  const last = before.length ? Math.max(...before) : -1;
  if (!(seqNo > last)) {
    throw new VerdictError(
      `TransactionEvent ${String(item.payload.eventType)} of transaction ${transactionId} has seqNo ${seqNo}, not above the seqNo ${last} of an earlier event`,
      `- seqNo: > ${last}\n+ seqNo: ${seqNo}`,
      w.trace.recent(12),
    );
  }
}

/** TransactionEvent Started on an EVSE: records the transactionId for the later steps. */
export async function expectStarted(w: EfWorld, evseId: number, rows: string[][] | undefined): Promise<InboxItem<Payload>> {
  const h = w.ocppCsms;
  requireStation201(h);
  const extra = tablePartial(w, rows);
  const partial = merge(
    {
      eventType: 'Started',
      timestamp: timestampMatcher(w, isOfflineExpected(extra)),
      seqNo: m.gte(0),
      transactionInfo: { transactionId: m.string() },
      evse: evseMatcher(evseId, true),
    },
    extra,
  );
  const item = await h.expectCall('TransactionEvent', partial);
  const { transactionId } = recordStarted(h, item);
  checkSeqNo(w, transactionId, item);
  ctx(h).lastEvent = item;
  h.vars.set('transactionId', transactionId);
  h.vars.set(`transactionIdEvse${evseId}`, transactionId);
  return item;
}

/**
 * StatusNotification for the EVSE's connector 1 and TransactionEvent Started on that EVSE, in either order
 * (both follow the same physical event; the standard does not order them).
 */
export async function expectStatusAndStarted(w: EfWorld, evseId: number, status: string, rows: string[][] | undefined): Promise<void> {
  const h = w.ocppCsms;
  requireStation201(h);
  const extra = tablePartial(w, rows);
  const started = merge(
    { eventType: 'Started', timestamp: timestampMatcher(w, isOfflineExpected(extra)), seqNo: m.gte(0), transactionInfo: { transactionId: m.string() }, evse: evseMatcher(evseId, true) },
    extra,
  );
  const [, item] = await h.expectCallsInAnyOrder([
    { action: 'StatusNotification', partial: { evseId, connectorId: 1, connectorStatus: status, timestamp: timestampMatcher(w, false) } },
    { action: 'TransactionEvent', partial: started },
  ]);
  const { transactionId } = recordStarted(h, item);
  checkSeqNo(w, transactionId, item);
  ctx(h).lastEvent = item;
  h.vars.set('transactionId', transactionId);
  h.vars.set(`transactionIdEvse${evseId}`, transactionId);
}

/** The harness CSMS sends a call whose payload is the transactionId of the transaction on the EVSE. */
export async function sendForTransaction(w: EfWorld, action: string, evseId: number): Promise<void> {
  const h = w.ocppCsms;
  requireStation201(h);
  await h.call(action, { transactionId: transactionOn(h, evseId).transactionId });
}

/** The transaction last started on an EVSE in this scenario (by a reusable state or a step of this module). */
export function transactionOn(h: CsmsSideContext, evseId: number): Cs201Transaction {
  return transactionOnEvse(h, evseId);
}

/** TransactionEvent Updated/Ended for the transaction on an EVSE. */
export async function expectForTransaction(w: EfWorld, eventType: string, evseId: number, rows: string[][] | undefined): Promise<InboxItem<Payload>> {
  const h = w.ocppCsms;
  requireStation201(h);
  if (!['Updated', 'Ended'].includes(eventType)) throw new EvcError(`eventType '${eventType}' is not Updated or Ended (a Started event has its own step)`);
  const seen = transactionOn(h, evseId);
  const extra = tablePartial(w, rows);
  const partial = merge(
    {
      eventType,
      timestamp: timestampMatcher(w, isOfflineExpected(extra)),
      seqNo: m.integer(),
      transactionInfo: { transactionId: seen.transactionId },
      evse: evseMatcher(evseId, false),
    },
    extra,
  );
  const item = await h.expectCall('TransactionEvent', partial);
  checkSeqNo(w, seen.transactionId, item);
  ctx(h).lastEvent = item;
  return item;
}

/** TransactionEvent Updated/Ended for the EVSE's transaction and a StatusNotification of its connector, in either order. */
export async function expectForTransactionAndStatus(w: EfWorld, eventType: string, evseId: number, status: string, rows: string[][] | undefined): Promise<void> {
  const h = w.ocppCsms;
  requireStation201(h);
  const seen = transactionOn(h, evseId);
  const extra = tablePartial(w, rows);
  const partial = merge(
    { eventType, timestamp: timestampMatcher(w, isOfflineExpected(extra)), seqNo: m.integer(), transactionInfo: { transactionId: seen.transactionId }, evse: evseMatcher(evseId, false) },
    extra,
  );
  const [item] = await h.expectCallsInAnyOrder([
    { action: 'TransactionEvent', partial },
    { action: 'StatusNotification', partial: { evseId, connectorId: 1, connectorStatus: status, timestamp: timestampMatcher(w, false) } },
  ]);
  checkSeqNo(w, seen.transactionId, item);
  ctx(h).lastEvent = item;
}

/** One TransactionEvent Updated/Ended for each EVSE's transaction, in any order (e.g. TriggerMessage without an EVSE). */
export async function expectForTransactionsAnyOrder(w: EfWorld, eventType: string, evseIds: number[], rows: string[][] | undefined): Promise<void> {
  const h = w.ocppCsms;
  requireStation201(h);
  const extra = tablePartial(w, rows);
  const list = evseIds.map((evseId) => {
    const seen = transactionOn(h, evseId);
    const partial = merge(
      { eventType, timestamp: timestampMatcher(w, isOfflineExpected(extra)), seqNo: m.integer(), transactionInfo: { transactionId: seen.transactionId }, evse: evseMatcher(evseId, false) },
      extra,
    );
    return { action: 'TransactionEvent', partial };
  });
  const items = await h.expectCallsInAnyOrder(list);
  items.forEach((item, i) => checkSeqNo(w, transactionOn(h, evseIds[i]).transactionId, item));
}

/** Several TransactionEvents of the transaction on an EVSE, in this order, all queued while offline (offline=true). */
export async function expectOfflineSequence(w: EfWorld, evseId: number, rows: string[][]): Promise<void> {
  const [header, ...body] = rows;
  if (!header || header[0].trim() !== 'eventType') throw new EvcError("the table's first column must be 'eventType'");
  for (const r of body) {
    const fields = header.slice(1).map((name, i) => [name.trim(), r[i + 1]]).filter(([, v]) => v.trim() !== '');
    const table = [...fields, ['offline', 'true']];
    if (r[0].trim() === 'Started') await expectStarted(w, evseId, table);
    else await expectForTransaction(w, r[0].trim(), evseId, table);
  }
}

// ------------------------------------------------------------------ retransmissions
// (identical TransactionEvent copies are one message to the shared seqNo guard: src/ocpp/v201/transactions.ts)

/**
 * The station sends the last asserted TransactionEvent again (a retransmission: identical payload, same seqNo),
 * at least `minSeconds` protocol seconds after the previous copy.
 */
export async function expectRetransmission(w: EfWorld, minSeconds: number): Promise<void> {
  const h = w.ocppCsms;
  const c = ctx(h);
  const prev = c.lastEvent;
  if (!prev) throw new EvcError('no TransactionEvent was asserted before: there is nothing to be sent again');
  const item = await h.expectCall('TransactionEvent', prev.payload, Math.max(3000, minSeconds * 1000 * w.rig.timeScale * 3));
  const gapMs = (item.receivedUs - prev.receivedUs) / 1000;
  const minMs = minSeconds * 1000 * w.rig.timeScale - 20;
  if (gapMs < minMs) {
    throw new VerdictError(`the station sent the TransactionEvent again after ${Math.round(gapMs)} ms; MessageAttemptInterval asks for at least ${Math.round(minMs + 20)} ms`, undefined, w.trace.recent(12));
  }
  c.lastEvent = item;
}

// ------------------------------------------------------------------ responses

/** The last response (RequestStartTransaction) carries the transactionId of the transaction on the EVSE. */
export function assertResponseTransactionId(w: EfWorld, evseId: number): void {
  const seen = transactionOn(w.ocppCsms, evseId);
  w.ocppCsms.assertResult({ transactionId: seen.transactionId });
}

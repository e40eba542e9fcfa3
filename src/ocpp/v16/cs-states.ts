/**
 * OCTT 1.6 reusable states for a charge point under test (harness = CSMS), beyond Booted: Preparing,
 * Authorized, Charging, SuspendedEV, SuspendedEVSE, Finishing, Reserved, Unavailable, Faulted.
 *
 * Each state function brings the station from wherever the scenario is (Booted is reached first when the
 * connection is not up yet) to the named state on one connector, asserting every message on the way, and
 * records what later steps need (the transactionId the harness CSMS assigned, the idTag, meterStart).
 * The functions take the scenario World (anything with `ocpp` and `trace`) so other step files reuse them.
 */
import { EvcError, VerdictError, WaitTimeoutError } from '../../core/errors';
import type { InboxItem } from '../../core/expect';
import { m } from '../../core/match';
import type { Trace } from '../../core/trace';
import type { CsmsSideContext } from '../side-context';
import type { OcppSession, Payload } from '../session';
import { booted16 } from '../states16';

/** What the state functions need from the World. */
export interface CsWorld {
  ocppCsms: CsmsSideContext;
  trace: Trace;
  /** The started rig: protocol intervals in the scenario are scaled by its timeScale. */
  rig: { timeScale: number };
}

/** A transaction the station under test started, as the harness CSMS saw it. */
export interface CsTransaction {
  connectorId: number;
  idTag: string;
  transactionId: number;
  meterStart: number;
  /** The StartTransaction.req payload. */
  request: Payload;
}

export interface CsContext {
  /** Sessions (connections) of the station seen so far, oldest first: reboots and reconnects open new ones. */
  sessions: OcppSession[];
  /** Running (or last) transaction per connector. */
  transactions: Map<number, CsTransaction>;
  /** Reservation ids the scenario created, per connector. */
  reservations: Map<number, number>;
}

/** Per-scenario facts shared by the CS step files (a typed field of the scenario's CsmsSideContext). */
export function csContext(h: CsmsSideContext): CsContext {
  return (h.cs16 ??= { sessions: [], transactions: new Map(), reservations: new Map() });
}

/** The transaction last started on a connector (throws a clear error when the scenario started none). */
export function transactionOn(h: CsmsSideContext, connectorId: number): CsTransaction {
  const t = csContext(h).transactions.get(connectorId);
  if (!t) throw new EvcError(`no transaction was seen on connector ${connectorId} in this scenario (start one with a Given/When step first)`);
  return t;
}

function requireStation(h: CsmsSideContext): void {
  if (h.side !== 'station' || h.version !== '1.6') throw new EvcError('the charge-point reusable states apply to OCPP 1.6 scenarios tagged @sut:station');
}

/** Remembers the station's current connection (so a later reboot/reconnect can tell the new one apart). */
export function rememberSession(h: CsmsSideContext): OcppSession | undefined {
  const s = h.csms?.session(h.identity);
  const list = csContext(h).sessions;
  if (s && !list.includes(s)) list.push(s);
  return s;
}

/** Reaches Booted unless the connection is already up. */
export async function ensureBooted16(w: CsWorld): Promise<void> {
  requireStation(w.ocppCsms);
  if (!w.ocppCsms.isStarted) await booted16(w.ocppCsms);
  rememberSession(w.ocppCsms);
}

/** Lets the harness CSMS know an idTag (also after the connection is up: the step in ocpp.steps only works before). */
export function csmsKnowsIdTag(h: CsmsSideContext, idTag: string, info: { status: string; parentIdTag?: string; expiryDate?: string }): void {
  h.idTags.set(idTag, info);
  h.ensureCsmsRole().state.idTags.set(idTag, info);
}

/**
 * The CALLRESULT/CALLERROR the harness sent in answer to a call of the SUT (found in the trace by message id).
 * Waits until the answer went out (it follows the inbox push asynchronously).
 */
export async function answerTo(w: CsWorld, item: InboxItem<Payload>, timeoutMs = 2000): Promise<{ type: number; payload?: Payload; code?: string }> {
  const id = item.meta.id as string | undefined;
  if (!id) throw new EvcError(`the ${item.kind} item has no message id`);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const f = w.trace.frames.find((x) => {
      const d = x.dir === 'tx' ? (x.decoded as { type?: number; id?: string } | undefined) : undefined;
      return d !== undefined && (d.type === 3 || d.type === 4) && d.id === id;
    });
    if (f) {
      const d = f.decoded as { type: number; payload?: Payload; code?: string };
      return d;
    }
    if (Date.now() > until) throw new WaitTimeoutError(`the harness did not answer ${item.kind} #${id} within ${timeoutMs} ms`, undefined, w.trace.recent(12));
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Records a StartTransaction the station sent, with the transactionId the harness answered. */
export async function recordStart(w: CsWorld, item: InboxItem<Payload>): Promise<CsTransaction> {
  const ans = await answerTo(w, item);
  if (ans.type !== 3 || typeof ans.payload?.transactionId !== 'number') {
    throw new VerdictError(`StartTransaction #${String(item.meta.id)} was not answered with a transactionId`, undefined, w.trace.recent(12));
  }
  const p = item.payload;
  const t: CsTransaction = {
    connectorId: p.connectorId as number,
    idTag: p.idTag as string,
    transactionId: ans.payload.transactionId,
    meterStart: p.meterStart as number,
    request: p,
  };
  csContext(w.ocppCsms).transactions.set(t.connectorId, t);
  return t;
}

const status = (connectorId: number, s: string, extra: Payload = {}) => ({
  action: 'StatusNotification',
  partial: { connectorId, status: s, errorCode: 'NoError', ...extra },
});

// ------------------------------------------------------------------ the states

/** Preparing: the EV cable is plugged in, no authorization yet. */
export async function preparing16(w: CsWorld, connectorId: number): Promise<void> {
  await ensureBooted16(w);
  const h = w.ocppCsms;
  await h.stationSut!.plugIn(connectorId);
  await h.expectCall('StatusNotification', status(connectorId, 'Preparing').partial);
}

/** Every connector numbered above `connectorId` (the rig's connector count) is Preparing: none of them is free. */
export async function preparingAbove16(w: CsWorld, connectorId: number): Promise<void> {
  for (let c = connectorId + 1; c <= w.ocppCsms.connectors; c++) await preparing16(w, c);
}

/** Authorized (identification first): idTag presented and accepted by Authorize, no cable yet (Preparing). */
export async function authorized16(w: CsWorld, idTag: string, connectorId: number): Promise<void> {
  await ensureBooted16(w);
  const h = w.ocppCsms;
  if (!h.idTags.has(idTag)) csmsKnowsIdTag(h, idTag, { status: 'Accepted' });
  await h.stationSut!.presentIdTag(idTag, connectorId);
  await h.expectCall('Authorize', { idTag });
  await h.expectCall('StatusNotification', status(connectorId, 'Preparing').partial);
}

/**
 * Charging: cable plugged in (Preparing), idTag presented and authorized, then StartTransaction and
 * StatusNotification(Charging) in either order. The assigned transactionId is recorded for later steps.
 */
export async function charging16(w: CsWorld, connectorId: number, idTag: string): Promise<CsTransaction> {
  await ensureBooted16(w);
  const h = w.ocppCsms;
  if (!h.idTags.has(idTag)) csmsKnowsIdTag(h, idTag, { status: 'Accepted' });
  await preparing16(w, connectorId);
  await h.stationSut!.presentIdTag(idTag, connectorId);
  await h.expectCall('Authorize', { idTag });
  return expectTransactionStart(w, connectorId, idTag);
}

/** StartTransaction (connector, idTag, meterStart, timestamp) and StatusNotification(Charging) in either order. */
export async function expectTransactionStart(w: CsWorld, connectorId: number, idTag: string, extra: Payload = {}): Promise<CsTransaction> {
  const [start] = await w.ocppCsms.expectCallsInAnyOrder([
    { action: 'StartTransaction', partial: { connectorId, idTag, meterStart: m.integer(), timestamp: m.dateTime(), ...extra } },
    status(connectorId, 'Charging'),
  ]);
  return recordStart(w, start);
}

/** SuspendedEV: charging, then the EV stops drawing energy. */
export async function suspendedEV16(w: CsWorld, connectorId: number, idTag: string): Promise<CsTransaction> {
  const t = await charging16(w, connectorId, idTag);
  await w.ocppCsms.stationSut!.evSuspend(connectorId);
  await w.ocppCsms.expectCall('StatusNotification', status(connectorId, 'SuspendedEV').partial);
  return t;
}

/** SuspendedEVSE: charging, then the CSMS limits the transaction to 0 A with a TxProfile. */
export async function suspendedEVSE16(w: CsWorld, connectorId: number, idTag: string): Promise<CsTransaction> {
  const t = await charging16(w, connectorId, idTag);
  const h = w.ocppCsms;
  await h.call('SetChargingProfile', {
    connectorId,
    csChargingProfiles: {
      chargingProfileId: 9001,
      transactionId: t.transactionId,
      stackLevel: 0,
      chargingProfilePurpose: 'TxProfile',
      chargingProfileKind: 'Relative',
      chargingSchedule: { chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 0 }] },
    },
  });
  h.assertResult({ status: 'Accepted' });
  await h.expectCall('StatusNotification', status(connectorId, 'SuspendedEVSE').partial);
  return t;
}

/** Finishing: charging, then the same idTag is presented again: StopTransaction(Local) and Finishing, cable still in. */
export async function finishing16(w: CsWorld, connectorId: number, idTag: string): Promise<CsTransaction> {
  const t = await charging16(w, connectorId, idTag);
  const h = w.ocppCsms;
  await h.stationSut!.presentIdTag(idTag, connectorId);
  await h.expectCallsInAnyOrder([
    { action: 'StopTransaction', partial: { transactionId: t.transactionId, reason: m.oneOf(['Local', undefined]) } },
    status(connectorId, 'Finishing'),
  ]);
  return t;
}

/**
 * idTag in the authorization cache: cache enabled, then one short session with that idTag on the connector
 * (Authorize accepted, started, stopped by the same idTag, cable removed, connector Available again).
 */
export async function cachedIdTag16(w: CsWorld, idTag: string, connectorId = 1): Promise<void> {
  await ensureBooted16(w);
  const h = w.ocppCsms;
  await h.call('ChangeConfiguration', { key: 'AuthorizationCacheEnabled', value: 'true' });
  h.assertResult({ status: 'Accepted' });
  await finishing16(w, connectorId, idTag);
  await h.stationSut!.unplug(connectorId);
  await h.expectCall('StatusNotification', status(connectorId, 'Available').partial);
}

/** Reserved: ReserveNow accepted for idTag on the connector, StatusNotification(Reserved). */
export async function reserved16(w: CsWorld, connectorId: number, idTag: string, reservationId = 1): Promise<void> {
  await ensureBooted16(w);
  const h = w.ocppCsms;
  if (!h.idTags.has(idTag)) csmsKnowsIdTag(h, idTag, { status: 'Accepted' });
  await h.call('ReserveNow', { connectorId, expiryDate: new Date(Date.now() + 3_600_000).toISOString(), idTag, reservationId });
  h.assertResult({ status: 'Accepted' });
  csContext(h).reservations.set(connectorId, reservationId);
  if (connectorId > 0) await h.expectCall('StatusNotification', status(connectorId, 'Reserved').partial);
}

/** Unavailable: ChangeAvailability(Inoperative) accepted, StatusNotification(Unavailable). */
export async function unavailable16(w: CsWorld, connectorId: number): Promise<void> {
  await ensureBooted16(w);
  const h = w.ocppCsms;
  await h.call('ChangeAvailability', { connectorId, type: 'Inoperative' });
  h.assertResult({ status: 'Accepted' });
  await h.expectCall('StatusNotification', status(connectorId, 'Unavailable').partial);
}

/** Faulted: a hardware fault on the connector, StatusNotification(Faulted) with that errorCode. */
export async function faulted16(w: CsWorld, connectorId: number, errorCode = 'OtherError'): Promise<void> {
  await ensureBooted16(w);
  const h = w.ocppCsms;
  await h.stationSut!.raiseFault(connectorId, errorCode);
  await h.expectCall('StatusNotification', { connectorId, status: 'Faulted', errorCode });
}

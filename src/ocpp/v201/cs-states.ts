/**
 * OCPP 2.0.1 reusable states for a charging station under test (harness = CSMS), beyond Booted:
 * EVConnectedPreSession, Authorized, EnergyTransferStarted (charging), Unavailable, Faulted, plus the
 * configuration precondition "variable X is set to V" and the id tokens the harness CSMS knows.
 *
 * Each function brings the station from wherever the scenario is (Booted first when the connection is not
 * up yet) to the named state on one EVSE, asserting every message on the way, and records what later steps
 * need (the transactionId the station chose, the idToken). The functions take anything with `ocpp`,
 * `trace` and `rig`, so other step files (blocks D–P) reuse them.
 */
import { EvcError, VerdictError, WaitTimeoutError } from '../../core/errors';
import type { InboxItem } from '../../core/expect';
import { m } from '../../core/match';
import { substituteVars, tableToPartial } from '../../core/table';
import type { Trace } from '../../core/trace';
import type { CsmsSideContext } from '../side-context';
import type { OcppSession, Payload } from '../session';
import { booted201 } from '../states16';

/** What the state functions need from the World. */
export interface Cs201World {
  ocppCsms: CsmsSideContext;
  trace: Trace;
  rig: { timeScale: number };
}

/** A transaction the station under test started, as the harness CSMS saw it. */
export interface Cs201Transaction {
  evseId: number;
  transactionId: string;
  idToken?: string;
  /** The TransactionEvent Started payload. */
  started: Payload;
}

export interface Cs201Context {
  sessions: OcppSession[];
  transactions: Map<number, Cs201Transaction>;
  plugged: Set<number>;
  /** Tokens authorized at an EVSE before its cable was plugged in (Authorized state). */
  authorized: Map<number, string>;
}

/** Per-scenario facts shared by the 2.0.1 CS step files (a typed field of the scenario's CsmsSideContext). */
export function cs201Context(h: CsmsSideContext): Cs201Context {
  return (h.cs201 ??= { sessions: [], transactions: new Map(), plugged: new Set(), authorized: new Map() });
}

function requireStation201(h: CsmsSideContext): void {
  if (h.side !== 'station' || h.version !== '2.0.1') throw new EvcError('the 2.0.1 charging-station reusable states apply to @ocpp201 scenarios tagged @sut:station');
}

/** The transaction last started on an EVSE (a clear error when the scenario started none). */
export function transactionOnEvse(h: CsmsSideContext, evseId: number): Cs201Transaction {
  const t = cs201Context(h).transactions.get(evseId);
  if (!t) throw new EvcError(`no transaction was seen on EVSE ${evseId} in this scenario (start one with a Given/When step first)`);
  return t;
}

/** Remembers the station's current connection (so a reboot/reconnect can tell the new one apart). */
export function rememberSession201(h: CsmsSideContext): OcppSession | undefined {
  const s = h.csms?.session(h.identity);
  const list = cs201Context(h).sessions;
  if (s && !list.includes(s)) list.push(s);
  return s;
}

/** Reaches Booted unless the connection is already up. */
export async function ensureBooted201(w: Cs201World): Promise<void> {
  requireStation201(w.ocppCsms);
  if (!w.ocppCsms.isStarted) await booted201(w.ocppCsms);
  rememberSession201(w.ocppCsms);
}

/** Records a TransactionEvent Started the station sent (steps that start transactions call this). */
export function recordStarted(h: CsmsSideContext, item: InboxItem<Payload>): Cs201Transaction {
  const p = item.payload as { evse?: { id?: number }; transactionInfo?: { transactionId?: string }; idToken?: { idToken?: string } };
  const evseId = p.evse?.id;
  const transactionId = p.transactionInfo?.transactionId;
  if (evseId === undefined || !transactionId) throw new VerdictError('TransactionEvent Started without evse.id or transactionInfo.transactionId', JSON.stringify(item.payload));
  const tx = { evseId, transactionId, idToken: p.idToken?.idToken, started: item.payload };
  cs201Context(h).transactions.set(evseId, tx);
  return tx;
}

// ------------------------------------------------------------------ device model preconditions

/** `Component[inst].Variable[inst]` (optionally `@evse` after the component, e.g. `EVSE@1.AvailabilityState`). */
export function parseVariablePath(path: string): { component: Payload; variable: Payload } {
  const re = /^([^.[\]@]+)(?:\[([^\]]*)\])?(?:@(\d+)(?:\/(\d+))?)?\.([^.[\]]+)(?:\[([^\]]*)\])?$/;
  const r = re.exec(path.trim());
  if (!r) throw new EvcError(`'${path}' is not a variable path (Component[instance].Variable[instance], Component@evse.Variable)`);
  const component: Payload = { name: r[1] };
  if (r[2]) component.instance = r[2];
  if (r[3]) component.evse = r[4] ? { id: Number(r[3]), connectorId: Number(r[4]) } : { id: Number(r[3]) };
  const variable: Payload = { name: r[5] };
  if (r[6]) variable.instance = r[6];
  return { component, variable };
}

/** SetVariables of one variable, expecting attributeStatus Accepted (the OCTT configuration precondition). */
export async function setVariable(w: Cs201World, path: string, value: string): Promise<void> {
  await ensureBooted201(w);
  const { component, variable } = parseVariablePath(path);
  await w.ocppCsms.call('SetVariables', { setVariableData: [{ attributeValue: value, component, variable }] });
  w.ocppCsms.assertResult({ setVariableResult: [{ attributeStatus: 'Accepted', component: { name: component.name }, variable: { name: variable.name } }] });
}

/** The Actual value of a variable (GetVariables), or undefined when the station does not report it. */
export async function getVariable(w: Cs201World, path: string): Promise<string | undefined> {
  await ensureBooted201(w);
  const { component, variable } = parseVariablePath(path);
  const o = await w.ocppCsms.call('GetVariables', { getVariableData: [{ component, variable }] });
  if (o.kind !== 'result') return undefined;
  const r = (o.payload.getVariableResult as Array<{ attributeStatus: string; attributeValue?: string }> | undefined)?.[0];
  return r?.attributeStatus === 'Accepted' ? (r.attributeValue ?? '') : undefined;
}

/** TxCtrlr.TxStartPoint as the station reports it (default per Part 2 when not reported: EVConnected,Authorized). */
export async function txStartPoints(w: Cs201World): Promise<Set<string>> {
  const v = (await getVariable(w, 'TxCtrlr.TxStartPoint')) ?? 'EVConnected,Authorized';
  return new Set(v.split(',').map((s) => s.trim()));
}

/** Adds (or changes) an id token the harness CSMS answers Authorize / TransactionEvent for. */
export function csmsKnowsIdToken(h: CsmsSideContext, idToken: string, info: { status: string; parentIdTag?: string; expiryDate?: string }): void {
  h.idTags.set(idToken, info);
  h.csms?.state.idTags.set(idToken, info);
}

// ------------------------------------------------------------------ reusable states

const startedOnPlug = (points: Set<string>) => points.has('EVConnected') || points.has('ParkingBayOccupancy');

/** EVConnectedPreSession: cable plugged in at the EVSE (connector 1), Occupied; Started/CablePluggedIn when TxStartPoint says so. */
export async function evConnected(w: Cs201World, evseId: number): Promise<void> {
  await ensureBooted201(w);
  const h = w.ocppCsms;
  const points = await txStartPoints(w);
  await (await h.stationUnderTest()).plugIn(evseId);
  cs201Context(h).plugged.add(evseId);
  const list: { action: string; partial: unknown }[] = [{ action: 'StatusNotification', partial: { evseId, connectorId: 1, connectorStatus: 'Occupied', timestamp: m.dateTime() } }];
  if (startedOnPlug(points)) {
    list.push({ action: 'TransactionEvent', partial: { eventType: 'Started', triggerReason: 'CablePluggedIn', seqNo: 0, evse: { id: evseId, connectorId: 1 }, transactionInfo: { chargingState: 'EVConnected' } } });
  }
  const items = await h.expectCallsInAnyOrder(list);
  if (items[1]) recordStarted(h, items[1]);
}

/** Authorized (no cable yet): the token is presented and accepted; Started/Authorized when TxStartPoint contains Authorized. */
export async function authorizedAt(w: Cs201World, evseId: number, idToken: string): Promise<void> {
  await ensureBooted201(w);
  const h = w.ocppCsms;
  const points = await txStartPoints(w);
  await (await h.stationUnderTest()).presentIdTag(idToken, evseId);
  await h.expectCall('Authorize', { idToken: { idToken } });
  cs201Context(h).authorized.set(evseId, idToken);
  if (points.has('Authorized')) {
    const item = await h.expectCall('TransactionEvent', { eventType: 'Started', triggerReason: 'Authorized', seqNo: 0, idToken: { idToken }, evse: { id: evseId } });
    recordStarted(h, item);
  }
}

/**
 * EnergyTransferStarted: EV connected (unless it already is), token presented and accepted, and the station
 * reports chargingState Charging for the transaction with that idToken.
 */
export async function chargingAt(w: Cs201World, evseId: number, idToken: string): Promise<void> {
  await ensureBooted201(w);
  const h = w.ocppCsms;
  const ctx = cs201Context(h);
  if (ctx.authorized.get(evseId) === idToken && !ctx.plugged.has(evseId)) {
    // Authorized state: plugging the cable in starts the energy transfer
    ctx.authorized.delete(evseId);
    await (await h.stationUnderTest()).plugIn(evseId);
    ctx.plugged.add(evseId);
    const item = await h.expectCall('TransactionEvent', { triggerReason: 'CablePluggedIn', evse: { id: evseId }, transactionInfo: { chargingState: 'Charging' } });
    if ((item.payload as { eventType?: string }).eventType === 'Started') recordStarted(h, item);
    const tx = ctx.transactions.get(evseId);
    if (tx) tx.idToken = idToken;
    return;
  }
  if (!ctx.plugged.has(evseId)) await evConnected(w, evseId);
  const running = ctx.transactions.get(evseId);
  await (await h.stationUnderTest()).presentIdTag(idToken, evseId);
  await h.expectCall('Authorize', { idToken: { idToken } });
  const tx = { transactionInfo: { chargingState: 'Charging' }, triggerReason: 'Authorized', idToken: { idToken }, evse: { id: evseId } };
  if (running) {
    await h.expectCall('TransactionEvent', { ...tx, eventType: 'Updated', transactionInfo: { ...tx.transactionInfo, transactionId: running.transactionId } });
    running.idToken = idToken;
    return;
  }
  recordStarted(h, await h.expectCall('TransactionEvent', { ...tx, eventType: 'Started', seqNo: 0 }));
}

/** Unavailable: ChangeAvailability Inoperative for the EVSE, Accepted, StatusNotification Unavailable. */
export async function unavailable(w: Cs201World, evseId: number): Promise<void> {
  await ensureBooted201(w);
  const h = w.ocppCsms;
  await h.call('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: evseId } });
  h.assertResult({ status: 'Accepted' });
  await h.expectCall('StatusNotification', { evseId, connectorId: 1, connectorStatus: 'Unavailable' });
}

/** Faulted: a hardware fault at the EVSE's connector, StatusNotification Faulted. */
export async function faulted(w: Cs201World, evseId: number): Promise<void> {
  await ensureBooted201(w);
  const h = w.ocppCsms;
  await (await h.stationUnderTest()).raiseFault(evseId, 'HighTemperature');
  await h.expectCall('StatusNotification', { evseId, connectorId: 1, connectorStatus: 'Faulted' });
}

// ------------------------------------------------------------------ transaction-aware expectations

/** "the station sends TransactionEvent for the transaction on EVSE n with:" — partial + that transactionId. */
export async function expectTxEvent(w: Cs201World, evseId: number, rows: string[][] | undefined, timeoutMs?: number): Promise<InboxItem<Payload>> {
  const h = w.ocppCsms;
  const tx = transactionOnEvse(h, evseId);
  const partial = rows ? tableToPartial(substituteVars(rows, h.vars)) : {};
  const info = (partial.transactionInfo as Payload | undefined) ?? {};
  const item = await h.expectCall('TransactionEvent', { ...partial, transactionInfo: { ...info, transactionId: tx.transactionId } }, timeoutMs);
  if ((item.payload as { eventType?: string }).eventType === 'Ended') cs201Context(h).transactions.delete(evseId);
  return item;
}

/** Waits for a connection of the station not seen before (a reboot or reconnect). */
export async function newConnection201(w: Cs201World, timeoutMs = 10_000): Promise<OcppSession> {
  const h = w.ocppCsms;
  const seen = cs201Context(h).sessions;
  // not "the current session" remembered now: a station quicker than the step that rebooted it (a bench's
  // power cycle returns once the meter shows the mains back) is already on its new connection by then
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = h.csms?.session(h.identity);
    if (s && s.isOpen && !s.carriedOver && !seen.includes(s) && !s.inbox.all.some((i) => i.consumed)) {
      seen.push(s);
      return s;
    }
    if (Date.now() > until) throw new WaitTimeoutError(`the station did not open a new connection within ${timeoutMs} ms`, undefined, w.trace.recent(12));
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The station reboots: a new connection whose first message is BootNotification with this reason. */
export async function rebootsWithReason(w: Cs201World, reason: string): Promise<void> {
  const s = await newConnection201(w);
  const item = await w.ocppCsms.expectCall('BootNotification', { reason, chargingStation: { model: m.string(), vendorName: m.string() } });
  if (item.index !== 0) throw new VerdictError(`after rebooting, the station sent ${s.inbox.all[0]?.kind} before its BootNotification`, undefined, w.trace.recent(12));
}

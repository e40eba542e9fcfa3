/**
 * Core-profile sequences for an OCPP 1.6 charge point under test (harness = CSMS): the multi-message parts
 * of the OCTT Core test cases that the generic vocabulary does not cover (transaction-aware messages,
 * configuration preconditions, reboots, offline periods, simulated hardware behaviour).
 */
import { EvcError, VerdictError, WaitTimeoutError } from '../../core/errors';
import { NotAutomatableError } from '../../rig/rig';
import type { InboxItem } from '../../core/expect';
import { describeExpected, diffValues, m } from '../../core/match';
import { tableToPartial, tableToPayload } from '../../core/table';
import type { OcppSession, Payload } from '../session';
import { type CsWorld, csContext, expectTransactionStart, recordStart, rememberSession, transactionOn } from './cs-states';

/**
 * "the <party> sends <Action> for the transaction on connector N [with:]": the transactionId the station got
 * for its last StartTransaction on that connector is added to the payload (harness → SUT) or to the
 * expectation (SUT → harness). A StopTransaction expectation also requires meterStop ≥ the transaction's
 * meterStart and a date-time timestamp (both required by the schema and by the meter's monotonicity).
 */
export async function sendsForTransaction(w: CsWorld, who: string, action: string, connectorId: number, rows: string[][] | undefined): Promise<void> {
  const h = w.ocppCsms;
  if (who === 'station') {
    await h.expectCall(action, transactionPartial(w, action, connectorId, rows));
    return;
  }
  await h.call(action, { ...(rows ? tableToPayload(rows) : {}), transactionId: transactionOn(h, connectorId).transactionId });
}

/** The expectation for a station message about the transaction on a connector (see sendsForTransaction). */
export function transactionPartial(w: CsWorld, action: string, connectorId: number, rows: string[][] | undefined): Payload {
  const t = transactionOn(w.ocppCsms, connectorId);
  const extra: Payload = action === 'StopTransaction' ? { meterStop: m.gte(t.meterStart), timestamp: m.dateTime() } : {};
  return { ...extra, ...(rows ? tableToPartial(rows) : {}), transactionId: t.transactionId };
}

/** Precondition: ChangeConfiguration key=value, answered Accepted. */
export async function configure(w: CsWorld, key: string, value: string): Promise<void> {
  const h = w.ocppCsms;
  if (!h.isStarted) throw new EvcError('configure the station after it is booted ("Given the station is booted")');
  await h.call('ChangeConfiguration', { key, value });
  h.assertResult({ status: 'Accepted' });
}

// ------------------------------------------------------------------ simulated hardware (reference rig / bench)

type Simulation = Partial<Record<'lockFailure' | 'unlockFailure' | 'fixedCable', boolean>>;

const SIMULATION_TEXT: Record<keyof Simulation, string> = { lockFailure: 'a connector lock that fails to lock', unlockFailure: 'a connector lock that fails to unlock', fixedCable: 'a fixed cable' };
const simulationText = (p: Simulation) => (Object.keys(p) as (keyof Simulation)[]).map((k) => (p[k] ? SIMULATION_TEXT[k] : `no ${SIMULATION_TEXT[k]}`)).join(' and ');

/** Hardware behaviour the test case needs (a fixed cable, a failing lock). Only rigs whose station can simulate it. */
export async function simulate(w: CsWorld, patch: Simulation): Promise<void> {
  const sut = await w.ocppCsms.stationUnderTest();
  if (!sut.simulate) {
    throw new NotAutomatableError(`making the station have ${simulationText(patch)} needs a bench driver or an operator: this rig's station cannot simulate it`);
  }
  await sut.simulate(patch);
}

// ------------------------------------------------------------------ connections: reboots and offline periods

/** Waits for a connection of the station that is not one seen before (a reboot or reconnect), and returns it. */
export async function newConnection(w: CsWorld, timeoutMs = 10_000): Promise<OcppSession> {
  const h = w.ocppCsms;
  const seen = csContext(h).sessions;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = h.csms?.session(h.identity);
    // a connection is new when this scenario has neither remembered it nor asserted anything on it, nor found it open (persistent listener)
    if (s && s.isOpen && !s.carriedOver && !seen.includes(s) && !s.inbox.all.some((i) => i.consumed)) {
      seen.push(s);
      return s;
    }
    if (Date.now() > until) throw new WaitTimeoutError(`the station did not open a new connection within ${timeoutMs} ms`, undefined, w.trace.recent(12));
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The station reboots: a new connection whose first message is a BootNotification (answered Accepted by default). */
export async function rebootsWithBootNotification(w: CsWorld): Promise<void> {
  const s = await newConnection(w);
  const item = await w.ocppCsms.expectCall('BootNotification', { chargePointVendor: m.string(), chargePointModel: m.string() });
  if (item.index !== 0) throw new VerdictError(`after rebooting, the station sent ${s.inbox.all[0]?.kind} before its BootNotification`, undefined, w.trace.recent(12));
}

/** Takes the station off the network until `comesBackOnline`. */
export async function goesOffline(w: CsWorld): Promise<void> {
  rememberSession(w.ocppCsms);
  w.ocppCsms.offline = { from: Date.now() };
  await (await w.ocppCsms.stationUnderTest()).goOffline();
}

/** Restores the network and waits for the station to reconnect (a reconnect is not a reboot: no BootNotification needed). */
export async function comesBackOnline(w: CsWorld): Promise<void> {
  const o = w.ocppCsms.offline;
  if (o) o.to = Date.now();
  await (await w.ocppCsms.stationUnderTest()).goOnline();
  await newConnection(w);
}

/**
 * Expects a call that may arrive on any connection of the scenario (e.g. a StopTransaction sent before a
 * power loss or queued and sent after the reboot), or with `currentOnly` anywhere on the current connection;
 * in both cases regardless of the order of other messages.
 */
export async function expectOnAnyConnection(w: CsWorld, action: string, partial: unknown, currentOnly = false, timeoutMs = 8000): Promise<InboxItem<Payload>> {
  const h = w.ocppCsms;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const current = rememberSession(h);
    for (const s of currentOnly ? [current!] : csContext(h).sessions) {
      const hit = s.inbox.all.find((i) => !i.consumed && i.kind === action && diffValues(partial, i.payload).length === 0);
      if (hit) {
        s.inbox.consume(hit);
        return hit;
      }
    }
    if (Date.now() > until) throw new WaitTimeoutError(`Expected ${action} ${describeExpected(partial)} on ${currentOnly ? 'the current connection' : 'any connection'} of the station within ${timeoutMs} ms: none matched`, undefined, w.trace.recent(12));
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The first message on the current connection must be `action` matching `partial`. */
export async function expectFirstMessage(w: CsWorld, action: string, partial: unknown): Promise<void> {
  const h = w.ocppCsms;
  const item = await h.expectCall(action, partial);
  rememberSession(h);
  const first = h.session.inbox.all[0];
  if (first !== item) {
    throw new VerdictError(`the station's first message was ${first?.kind} ${JSON.stringify(first?.payload)}, not ${action}`, undefined, w.trace.recent(12));
  }
}

/** StopTransaction for the connector's transaction and StatusNotification(status) for the connector, in either order. */
export async function expectStopAndStatus(w: CsWorld, connectorId: number, status: string, rows: string[][] | undefined, datedOffline = false): Promise<void> {
  const dated: Payload = datedOffline ? { timestamp: whileOffline(w) } : {};
  await w.ocppCsms.expectCallsInAnyOrder([
    { action: 'StopTransaction', partial: { ...transactionPartial(w, 'StopTransaction', connectorId, rows), ...dated } },
    { action: 'StatusNotification', partial: { connectorId, status } },
  ]);
}

// ------------------------------------------------------------------ offline periods

/** A date-time matcher: within the last offline period (± 4 s scaled by the rig's timeScale, at least 20 ms). */
export function whileOffline(w: CsWorld): ReturnType<typeof m.satisfies> {
  const o = w.ocppCsms.offline;
  if (!o?.to) throw new EvcError('the scenario has no completed offline period ("the station goes offline" … "the station comes back online")');
  const tol = Math.max(20, 4000 * w.rig.timeScale);
  const { from, to } = o;
  return m.satisfies(`date-time between ${new Date(from).toISOString()} and ${new Date(to).toISOString()} (±${tol} ms)`, (a) => {
    const t = typeof a === 'string' ? Date.parse(a) : NaN;
    return t >= from - tol && t <= to + tol;
  });
}

/** StartTransaction (+ StatusNotification Charging, either order) dated while the station was offline. */
export async function expectOfflineStart(w: CsWorld, connectorId: number, idTag: string, withCharging: boolean): Promise<void> {
  if (withCharging) {
    await expectTransactionStart(w, connectorId, idTag, { timestamp: whileOffline(w) });
    return;
  }
  const item = await w.ocppCsms.expectCall('StartTransaction', { connectorId, idTag, meterStart: m.integer(), timestamp: whileOffline(w) });
  await recordStart(w, item);
}

/** A station message about the connector's transaction, dated (timestamp or a meterValue timestamp) while offline. */
export async function expectOfflineForTransaction(w: CsWorld, action: string, connectorId: number, rows: string[][] | undefined): Promise<void> {
  const when = whileOffline(w);
  const dated: Payload =
    action === 'MeterValues'
      ? { meterValue: m.satisfies('a meterValue sampled while offline', (mv) => Array.isArray(mv) && mv.some((v: { timestamp?: unknown }) => when.test(v.timestamp, true))) }
      : { timestamp: when };
  await w.ocppCsms.expectCall(action, { ...transactionPartial(w, action, connectorId, rows), ...dated });
}

/** Lets protocol time pass (scaled by the rig). */
export async function protocolSecondsPass(w: CsWorld, seconds: number): Promise<void> {
  await new Promise((r) => setTimeout(r, Math.round(seconds * 1000 * w.rig.timeScale)));
}

// ------------------------------------------------------------------ configuration

/**
 * The last GetConfiguration answer lists these keys (table `key | readonly`, blank readonly = not checked),
 * each readable one with a value; with `exact`, no other keys.
 */
export function assertConfigurationKeys(w: CsWorld, rows: string[][], exact: boolean): void {
  const [header, ...body] = rows;
  if (header[0]?.trim() !== 'key') throw new EvcError("the table's first column must be 'key'");
  const res = w.ocppCsms.assertResult({ configurationKey: m.satisfies('an array', Array.isArray) });
  const got = res.configurationKey as Array<{ key: string; readonly: boolean; value?: string }>;
  const problems: string[] = [];
  for (const r of body) {
    const key = r[0].trim();
    const ro = r[1]?.trim();
    const k = got.find((x) => x.key === key);
    if (!k) problems.push(`- ${key}: missing`);
    else if (ro && String(k.readonly) !== ro) problems.push(`- ${key}: readonly ${ro} expected, got ${String(k.readonly)}`);
    else if (typeof k.value !== 'string') problems.push(`- ${key}: no value`);
  }
  if (exact) {
    const extra = got.filter((x) => !body.some((r) => r[0].trim() === x.key)).map((x) => x.key);
    if (extra.length) problems.push(`+ keys not asked for: ${extra.join(', ')}`);
  }
  if (problems.length) throw new VerdictError('GetConfiguration.conf does not list the expected configuration keys', problems.join('\n'), w.trace.recent(12));
}

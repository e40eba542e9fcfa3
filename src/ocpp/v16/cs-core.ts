/**
 * Core-profile sequences for an OCPP 1.6 charge point under test (harness = CSMS): the multi-message parts
 * of the OCTT Core test cases that the generic vocabulary does not cover (transaction-aware messages,
 * configuration preconditions, reboots, offline periods, simulated hardware behaviour).
 */
import { EvcError, VerdictError, WaitTimeoutError } from '../../core/errors';
import type { InboxItem } from '../../core/expect';
import { diffValues, m } from '../../core/match';
import { tableToPartial, tableToPayload } from '../../core/table';
import type { OcppSession, Payload } from '../session';
import { type CsWorld, csContext, rememberSession, transactionOn } from './cs-states';

/**
 * "the <party> sends <Action> for the transaction on connector N [with:]": the transactionId the station got
 * for its last StartTransaction on that connector is added to the payload (harness → SUT) or to the
 * expectation (SUT → harness). A StopTransaction expectation also requires meterStop ≥ the transaction's
 * meterStart and a date-time timestamp (both required by the schema and by the meter's monotonicity).
 */
export async function sendsForTransaction(w: CsWorld, who: string, action: string, connectorId: number, rows: string[][] | undefined): Promise<void> {
  const h = w.ocpp;
  if (who === 'station') {
    await h.expectCall(action, transactionPartial(w, action, connectorId, rows));
    return;
  }
  await h.call(action, { ...(rows ? tableToPayload(rows) : {}), transactionId: transactionOn(h, connectorId).transactionId });
}

/** The expectation for a station message about the transaction on a connector (see sendsForTransaction). */
export function transactionPartial(w: CsWorld, action: string, connectorId: number, rows: string[][] | undefined): Payload {
  const t = transactionOn(w.ocpp, connectorId);
  const extra: Payload = action === 'StopTransaction' ? { meterStop: m.gte(t.meterStart), timestamp: m.dateTime() } : {};
  return { ...extra, ...(rows ? tableToPartial(rows) : {}), transactionId: t.transactionId };
}

/** Precondition: ChangeConfiguration key=value, answered Accepted. */
export async function configure(w: CsWorld, key: string, value: string): Promise<void> {
  const h = w.ocpp;
  if (!h.isStarted) throw new EvcError('configure the station after it is booted ("Given the station is booted")');
  await h.call('ChangeConfiguration', { key, value });
  h.assertResult({ status: 'Accepted' });
}

// ------------------------------------------------------------------ simulated hardware (reference rig / bench)

type Simulation = Partial<Record<'lockFailure' | 'unlockFailure' | 'fixedCable', boolean>>;

/** Hardware behaviour the test case needs (a fixed cable, a failing lock). Only rigs whose station can simulate it. */
export async function simulate(w: CsWorld, patch: Simulation): Promise<void> {
  const sut = (await w.ocpp.stationUnderTest()) as unknown as { simulate?: (p: Simulation) => void };
  if (typeof sut.simulate !== 'function') {
    throw new EvcError(`this rig cannot make the station under test behave as ${JSON.stringify(patch)}: it needs a bench driver or a station with that hardware`);
  }
  sut.simulate(patch);
}

// ------------------------------------------------------------------ connections: reboots and offline periods

/** Waits for a connection of the station that is not one seen before (a reboot or reconnect), and returns it. */
export async function newConnection(w: CsWorld, timeoutMs = 10_000): Promise<OcppSession> {
  const h = w.ocpp;
  const seen = csContext(h).sessions;
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = h.csms?.session(h.identity);
    // a connection is new when this scenario has neither remembered it nor asserted anything on it
    if (s && s.isOpen && !seen.includes(s) && !s.inbox.all.some((i) => i.consumed)) {
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
  const item = await w.ocpp.expectCall('BootNotification', { chargePointVendor: m.string(), chargePointModel: m.string() });
  if (item.index !== 0) throw new VerdictError(`after rebooting, the station sent ${s.inbox.all[0]?.kind} before its BootNotification`, undefined, w.trace.recent(12));
}

/** Takes the station off the network until `comesBackOnline`. */
export async function goesOffline(w: CsWorld): Promise<void> {
  rememberSession(w.ocpp);
  await (await w.ocpp.stationUnderTest()).goOffline();
}

/** Restores the network and waits for the station to reconnect (a reconnect is not a reboot: no BootNotification needed). */
export async function comesBackOnline(w: CsWorld): Promise<void> {
  await (await w.ocpp.stationUnderTest()).goOnline();
  await newConnection(w);
}

/**
 * Expects a call that may arrive on any connection of the scenario (e.g. a StopTransaction sent before a
 * power loss or queued and sent after the reboot).
 */
export async function expectOnAnyConnection(w: CsWorld, action: string, partial: unknown, timeoutMs = 8000): Promise<InboxItem<Payload>> {
  const h = w.ocpp;
  rememberSession(h);
  const until = Date.now() + timeoutMs;
  for (;;) {
    rememberSession(h);
    for (const s of csContext(h).sessions) {
      const hit = s.inbox.all.find((i) => !i.consumed && i.kind === action && diffValues(partial, i.payload).length === 0);
      if (hit) {
        s.inbox.consume(hit);
        return hit;
      }
    }
    if (Date.now() > until) throw new WaitTimeoutError(`Expected ${action} on any connection of the station within ${timeoutMs} ms: none matched`, undefined, w.trace.recent(12));
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The first message on the current connection must be `action` matching `partial`. */
export async function expectFirstMessage(w: CsWorld, action: string, partial: unknown): Promise<void> {
  const h = w.ocpp;
  const item = await h.expectCall(action, partial);
  rememberSession(h);
  const first = h.session.inbox.all[0];
  if (first !== item) {
    throw new VerdictError(`the station's first message was ${first?.kind} ${JSON.stringify(first?.payload)}, not ${action}`, undefined, w.trace.recent(12));
  }
}

/** StopTransaction for the connector's transaction and StatusNotification(status) for the connector, in either order. */
export async function expectStopAndStatus(w: CsWorld, connectorId: number, status: string, rows: string[][] | undefined): Promise<void> {
  await w.ocpp.expectCallsInAnyOrder([
    { action: 'StopTransaction', partial: transactionPartial(w, 'StopTransaction', connectorId, rows) },
    { action: 'StatusNotification', partial: { connectorId, status } },
  ]);
}

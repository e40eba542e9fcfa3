/**
 * OCPP 2.0.1 blocks A (security), B (provisioning) and C (authorization) for a charging station under test
 * (harness = CSMS): NotifyReport paging and report contents, the authorization cache precondition, and the
 * bounded waits these test cases need beyond the generic vocabulary.
 */
import { EvcError, VerdictError } from '../../core/errors';
import { m } from '../../core/match';
import type { Payload } from '../session';
import { chargingAt, cs201Context, ensureBooted201, expectTxEvent, getVariable, parseVariablePath, type Cs201World } from './cs-states';

// ------------------------------------------------------------------ NotifyReport paging

export interface ReportEntry {
  component: { name: string; instance?: string; evse?: { id: number; connectorId?: number } };
  variable: { name: string; instance?: string };
  variableAttribute: Array<{ type?: string; value?: string; mutability?: string }>;
}

/**
 * Collects the NotifyReport messages of a report (requestId) until the one with tbc false/absent, checking the
 * paging rules: seqNo 0, 1, 2 … in order, the same requestId and generatedAt (RFC 3339), tbc true on every page
 * but the last, and no page longer than DeviceDataCtrlr.ItemsPerMessage[GetReport].
 */
export async function collectReport(w: Cs201World, requestId: number): Promise<ReportEntry[]> {
  const h = w.ocppCsms;
  const entries: ReportEntry[] = [];
  const pages: Payload[] = [];
  for (let seqNo = 0; ; seqNo++) {
    const item = await h.expectCall('NotifyReport', { requestId, generatedAt: m.dateTime(), seqNo });
    pages.push(item.payload);
    entries.push(...((item.payload.reportData as ReportEntry[] | undefined) ?? []));
    if (item.payload.tbc !== true) break;
    if (seqNo > 500) throw new VerdictError('the report did not end within 500 NotifyReport messages (tbc stays true)');
  }
  const perMessage = Number(await getVariable(w, 'DeviceDataCtrlr.ItemsPerMessage[GetReport]'));
  if (Number.isFinite(perMessage) && perMessage > 0) {
    const long = pages.findIndex((p) => ((p.reportData as unknown[] | undefined)?.length ?? 0) > perMessage);
    if (long >= 0) {
      throw new VerdictError(
        `NotifyReport seqNo ${long} holds ${(pages[long].reportData as unknown[]).length} reportData entries, more than ItemsPerMessage[GetReport] = ${perMessage}: the report must be split (tbc)`,
        undefined,
        w.trace.recent(8),
      );
    }
  }
  if (entries.length === 0) throw new VerdictError('the report holds no reportData at all');
  h.report201 = entries;
  return entries;
}

function lastReport(w: Cs201World): ReportEntry[] {
  const r = w.ocppCsms.report201;
  if (!r) throw new EvcError('no report was collected in this scenario (use "the station sends the report for requestId n in NotifyReport pages" first)');
  return r;
}

const actual = (e: ReportEntry) => e.variableAttribute.find((a) => (a.type ?? 'Actual') === 'Actual');
const label = (e: ReportEntry) =>
  `${e.component.name}${e.component.instance ? `[${e.component.instance}]` : ''}${e.component.evse ? `@${e.component.evse.id}` : ''}.${e.variable.name}${e.variable.instance ? `[${e.variable.instance}]` : ''}`;

/** ConfigurationInventory: every reported variable can be set (its Actual attribute is not ReadOnly). */
export function assertReportConfigurable(w: Cs201World): void {
  const ro = lastReport(w).filter((e) => actual(e)?.mutability === 'ReadOnly');
  if (ro.length) throw new VerdictError(`a ConfigurationInventory report holds ReadOnly variables: ${ro.slice(0, 8).map(label).join(', ')}`);
}

/** FullInventory: read-only variables are reported too. */
export function assertReportHasReadOnly(w: Cs201World): void {
  if (!lastReport(w).some((e) => actual(e)?.mutability === 'ReadOnly')) throw new VerdictError('a FullInventory report holds no ReadOnly variable: it reports only part of the device model');
}

/** Each path (Component[inst].Variable[inst], @evse allowed) is in the report with an Actual attribute. */
export function assertReportHolds(w: Cs201World, paths: string[]): void {
  const entries = lastReport(w);
  const missing = paths.filter((p) => {
    const { component, variable } = parseVariablePath(p);
    const c = component as { name: string; instance?: string; evse?: { id: number } };
    const v = variable as { name: string; instance?: string };
    return !entries.some(
      (e) =>
        e.component.name === c.name &&
        (c.instance === undefined || e.component.instance === c.instance) &&
        (c.evse === undefined || e.component.evse?.id === c.evse.id) &&
        e.variable.name === v.name &&
        (v.instance === undefined || e.variable.instance === v.instance) &&
        actual(e) !== undefined,
    );
  });
  if (missing.length) throw new VerdictError(`the report lacks ${missing.length} required variable(s): ${missing.join(', ')}`);
}

// ------------------------------------------------------------------ authorization cache

/**
 * Puts a token into the station's authorization cache the way a driver does: a charging session on the EVSE
 * authorized by the CSMS (Authorize and TransactionEvent answered with the token's status), ended by the same
 * token, cable unplugged, EVSE Available again.
 */
export async function tokenCached(w: Cs201World, evseId: number, idToken: string): Promise<void> {
  await chargingAt(w, evseId, idToken);
  const h = w.ocppCsms;
  await (await h.stationUnderTest()).presentIdTag(idToken, evseId);
  await expectTxEvent(w, evseId, [
    ['field', 'value'],
    ['eventType', 'Ended'],
  ]);
  await (await h.stationUnderTest()).unplug(evseId);
  cs201Context(h).plugged.delete(evseId);
  await h.expectCall('StatusNotification', { evseId, connectorId: 1, connectorStatus: 'Available' });
}

// ------------------------------------------------------------------ bounded waits

/** The station sends `action` within `ms` from now. */
export async function expectWithin(w: Cs201World, action: string, ms: number): Promise<void> {
  await ensureBooted201(w);
  await w.ocppCsms.expectCall(action, undefined, ms);
}

/** Puts a not-Accepted answer for a token into the cache: presented at an idle station, Authorize answered, nothing starts. */
export async function tokenCachedRefused(w: Cs201World, idToken: string): Promise<void> {
  await ensureBooted201(w);
  const h = w.ocppCsms;
  await (await h.stationUnderTest()).presentIdTag(idToken);
  await h.expectCall('Authorize', { idToken: { idToken } });
  await h.expectNoCall('TransactionEvent', undefined, 300);
}

/** No StatusNotification for this EVSE arrives within `ms` (nor is one already waiting unasserted). */
export async function expectNoStatusFor(w: Cs201World, evseId: number, ms: number): Promise<void> {
  await w.ocppCsms.expectNoCall('StatusNotification', { evseId }, ms);
}

/** The station keeps its current connection open for `ms` (no reboot, no reconnect, e.g. after an EVSE-only Reset). */
export async function expectSameConnection(w: Cs201World, ms: number): Promise<void> {
  await ensureBooted201(w);
  const before = w.ocppCsms.csms?.session(w.ocppCsms.identity);
  await new Promise((r) => setTimeout(r, ms));
  const now = w.ocppCsms.csms?.session(w.ocppCsms.identity);
  if (!before || now !== before || !now.isOpen) {
    throw new VerdictError(`the station ${now && now !== before ? 'opened a new connection' : 'closed its connection'} within ${ms} ms (a reboot or reconnect where none was due)`, undefined, w.trace.recent(12));
  }
}

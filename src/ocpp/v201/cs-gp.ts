/**
 * OCPP 2.0.1 charging station under test, blocks G (availability), J (meter values), L (firmware), M
 * (certificates), N (diagnostics) and P (data transfer): the preconditions and expectations these test cases
 * need beyond the generic vocabulary and the shared reusable states in ./cs-states.
 *
 * - availability preconditions for a connector and for the whole station (EVSE: cs-states `unavailable`);
 * - certificates of this run's test PKI as scenario variables (InstallCertificate, UpdateFirmware tables);
 * - simulated hardware behaviour (a failing firmware installation) on rigs whose station can simulate it;
 * - expectations with a partial on "no such message", periodic transaction events, and meter values that
 *   must contain given sampled values (in any order within the message).
 */
import { X509Certificate, createHash } from 'node:crypto';
import { EvcError, VerdictError, WaitTimeoutError } from '../../core/errors';
import { NotAutomatableError } from '../../rig/rig';
import type { InboxItem } from '../../core/expect';
import { describeExpected, diffValues, formatMismatches, m } from '../../core/match';
import { parseExpectedValue, substituteVars, tableToPartial } from '../../core/table';
import { runPki } from '../../transport/tls/run-pki';
import type { Payload } from '../session';
import { expectPeriodic } from '../periodic';
import { type Cs201World, cs201Context, ensureBooted201, getVariable, recordStarted, transactionOnEvse } from './cs-states';

// ------------------------------------------------------------------ availability preconditions

/** Connector `connectorId` of an EVSE made Inoperative: ChangeAvailability Accepted, StatusNotification Unavailable. */
export async function connectorUnavailable(w: Cs201World, evseId: number, connectorId: number): Promise<void> {
  await ensureBooted201(w);
  const h = w.ocppCsms;
  await h.call('ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: evseId, connectorId } });
  h.assertResult({ status: 'Accepted' });
  await h.expectCall('StatusNotification', { evseId, connectorId, connectorStatus: 'Unavailable' });
}

/** The whole station made Inoperative: ChangeAvailability without evse, Accepted, every EVSE Unavailable (any order). */
export async function stationUnavailable(w: Cs201World): Promise<void> {
  await ensureBooted201(w);
  const h = w.ocppCsms;
  await h.call('ChangeAvailability', { operationalStatus: 'Inoperative' });
  h.assertResult({ status: 'Accepted' });
  const evses = Array.from({ length: h.connectors }, (_, i) => i + 1);
  await h.expectCallsInAnyOrder(evses.map((evseId) => ({ action: 'StatusNotification', partial: { evseId, connectorId: 1, connectorStatus: 'Unavailable' } })));
}

// ------------------------------------------------------------------ certificates of the run's test PKI

const PKI_ITEMS = ['root CA', 'untrusted root CA', 'CSMS server', 'expired server'] as const;

/**
 * Remembers a PEM certificate of this run's test PKI as a scenario variable: `root CA` (the CA the harness
 * CSMS's TLS certificate chains to), `untrusted root CA` (a second, unrelated root), `CSMS server` (a leaf
 * signed by the root CA), `expired server`.
 */
export async function rememberPkiCertificate(w: Cs201World, which: string, name: string): Promise<void> {
  const pki = await runPki();
  const pem =
    which === 'root CA'
      ? pki.rootCa.cert
      : which === 'untrusted root CA'
        ? pki.bad.untrustedRootCa.cert
        : which === 'CSMS server'
          ? pki.csmsServer.cert
          : which === 'expired server'
            ? pki.bad.expiredServer.cert
            : undefined;
  if (!pem) throw new EvcError(`the test PKI has no certificate '${which}' (known: ${PKI_ITEMS.join(', ')})`);
  w.ocppCsms.vars.set(name, pem.trim());
}

// ------------------------------------------------------------------ simulated hardware

export type Simulation201 = Partial<Record<'firmwareInstallFails' | 'firmwareDownloadFails' | 'uploadFails' | 'invalidFirmwareSignature', boolean>>;

const SIMULATION_TEXT: Record<keyof Simulation201, string> = {
  firmwareInstallFails: 'a firmware installation that fails',
  firmwareDownloadFails: 'a firmware download that fails',
  uploadFails: 'a log upload that fails',
  invalidFirmwareSignature: 'a firmware image with an invalid signature',
};
const simulationText = (p: Simulation201) => (Object.keys(p) as (keyof Simulation201)[]).map((k) => (p[k] ? SIMULATION_TEXT[k] : `no ${SIMULATION_TEXT[k]}`)).join(' and ');

/** Hardware behaviour a test case needs (a firmware image that fails to install). Only rigs whose station can simulate it. */
export async function simulate201(w: Cs201World, patch: Simulation201): Promise<void> {
  await ensureBooted201(w);
  const sut = await w.ocppCsms.stationUnderTest();
  if (!sut.simulate) {
    throw new NotAutomatableError(`making the station have ${simulationText(patch)} needs a bench driver, an operator or a firmware image prepared that way: this rig's station cannot simulate it`);
  }
  await sut.simulate(patch);
}

// ------------------------------------------------------------------ expectations

/** No `action` matching the table arrives within `ms` (already received, unasserted ones count too). */
export async function expectNoMatching(w: Cs201World, action: string, rows: string[][], ms: number): Promise<void> {
  const h = w.ocppCsms;
  await h.expectNoCall(action, tableToPartial(substituteVars(rows, h.vars)), ms);
}

/** The transaction on an EVSE is reported with TransactionEvent (matching the table) every `seconds` protocol seconds. */
export async function expectPeriodicTxEvent(w: Cs201World, evseId: number, seconds: number, rows: string[][]): Promise<void> {
  const h = w.ocppCsms;
  const tx = transactionOnEvse(h, evseId);
  const partial = tableToPartial(substituteVars(rows, h.vars));
  const info = (partial.transactionInfo as Payload | undefined) ?? {};
  await expectPeriodic(w, 'TransactionEvent', { ...partial, transactionInfo: { ...info, transactionId: tx.transactionId } }, seconds);
}

interface SampledRow {
  measurand: string;
  context: string;
  unit?: string;
}

/** Wide table `measurand | context [| unit]` → the sampled values a meterValue list must hold. */
function sampledRows(rows: string[][]): SampledRow[] {
  const [header, ...body] = rows;
  const col = (n: string) => header.findIndex((c) => c.trim() === n);
  const [mi, ci, ui] = [col('measurand'), col('context'), col('unit')];
  if (mi < 0 || ci < 0) throw new EvcError("the sampled-value table needs the columns 'measurand' and 'context' (optional 'unit')");
  return body.map((r) => ({ measurand: r[mi].trim(), context: r[ci].trim(), unit: ui >= 0 && r[ui].trim() ? r[ui].trim() : undefined }));
}

/** Every listed sampled value (measurand, context, unit) occurs in some meterValue element, each with a numeric value and a date-time. */
function meterValueMatcher(rows: SampledRow[]) {
  return m.satisfies(`meterValue holding ${rows.map((r) => `${r.measurand}/${r.context}`).join(', ')}`, (mv) => {
    if (!Array.isArray(mv) || mv.length === 0) return false;
    const all = mv.flatMap((e: { timestamp?: unknown; sampledValue?: unknown[] }) =>
      Array.isArray(e.sampledValue) ? e.sampledValue.map((s) => ({ ...(s as Record<string, unknown>), timestamp: e.timestamp })) : [],
    );
    return rows.every((want) =>
      all.some((sv) => {
        const s = sv as Record<string, unknown>;
        const measurand = (s.measurand as string | undefined) ?? 'Energy.Active.Import.Register';
        const unit = (s.unitOfMeasure as { unit?: string } | undefined)?.unit ?? 'Wh';
        const expected = { context: want.context, value: m.number(), timestamp: m.dateTime() };
        return measurand === want.measurand && diffValues(expected, s).length === 0 && (want.unit === undefined || unit === want.unit);
      }),
    );
  });
}

/**
 * The next `action` (TransactionEvent for the EVSE's transaction, or MeterValues for the EVSE) matches the
 * field table and carries the sampled values of the wide table in its meterValue list. A TransactionEvent
 * Started is matched by its EVSE (connector 1) and its transaction recorded for later steps.
 */
export async function expectMeterValues(w: Cs201World, action: 'TransactionEvent' | 'MeterValues', evseId: number, fields: string[][], sampled: string[][]): Promise<InboxItem<Payload>> {
  const h = w.ocppCsms;
  const partial = tableToPartial(substituteVars(fields, h.vars));
  partial.meterValue = meterValueMatcher(sampledRows(sampled));
  const starts = action === 'TransactionEvent' && partial.eventType === 'Started';
  if (action === 'MeterValues') partial.evseId = evseId;
  else if (starts) partial.evse = { id: evseId, connectorId: 1 };
  else {
    const tx = transactionOnEvse(h, evseId);
    partial.transactionInfo = { ...((partial.transactionInfo as Payload | undefined) ?? {}), transactionId: tx.transactionId };
  }
  const item = await h.expectCall(action, partial);
  if (starts) recordStarted(h, item);
  if ((item.payload as { eventType?: string }).eventType === 'Ended') cs201Context(h).transactions.delete(evseId);
  return item;
}

/**
 * Sampled values of a context the station must not send (e.g. no Sample.Clock while SendDuringIdle), watched
 * for `intervals` whole periods of the interval variable `path` as the station reports it (GetVariables), at the
 * rig's time scale, plus 500 ms: a window that holds at least one tick of that interval whatever its value.
 */
export async function expectNoSampledContext(w: Cs201World, context: string, intervals: number, path: string): Promise<void> {
  const h = w.ocppCsms;
  const reported = await getVariable(w, path);
  const seconds = Number(reported);
  if (reported === undefined || !Number.isFinite(seconds) || seconds <= 0) throw new VerdictError(`${path}: the station reports ${reported === undefined ? 'no value' : `"${reported}"`}, not a positive number of seconds: cannot size the window for "no ${context}"`, undefined, w.trace.recent(12));
  const ms = Math.round(intervals * seconds * 1000 * w.rig.timeScale) + 500;
  const hasContext = m.satisfies(`meterValue with context ${context}`, (mv) =>
    Array.isArray(mv) && mv.some((e: { sampledValue?: Array<{ context?: string }> }) => (e.sampledValue ?? []).some((s) => s.context === context)),
  );
  const started = h.session.inbox.all.length;
  await new Promise((r) => setTimeout(r, ms));
  const hit = h.session.inbox.all.slice(started).find((i) => (i.kind === 'TransactionEvent' || i.kind === 'MeterValues') && hasContext.test((i.payload as Payload).meterValue, true));
  if (hit) {
    h.session.inbox.consume(hit);
    throw new VerdictError(`Expected no meter values with context ${context} over ${intervals} × ${path} (${seconds} s, ${ms} ms here), but ${hit.kind} ${describeExpected(hit.payload)} arrived`, undefined, w.trace.recent(12));
  }
}

/**
 * The station reboots: a connection of the station (this or an earlier one: the reboot may be over before
 * this step runs) whose first message is a BootNotification no step asserted yet, with `reason`. Messages
 * queued before the reboot may follow it on the new connection.
 */
export async function rebootedWithReason(w: Cs201World, reason: string, timeoutMs = 10_000): Promise<void> {
  const h = w.ocppCsms;
  const partial = { reason, chargingStation: { model: m.string(), vendorName: m.string() } };
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const s of h.csms?.allSessions() ?? []) {
      const first = s.inbox.all[0];
      if (!first || first.consumed || s.carriedOver) continue; // a connection kept from before the scenario is no reboot
      if (first.kind !== 'BootNotification') throw new VerdictError(`after rebooting, the station sent ${first.kind} before its BootNotification`, undefined, w.trace.recent(12));
      const diff = diffValues(partial, first.payload);
      if (diff.length) throw new VerdictError(`the station rebooted with a BootNotification that does not match`, formatMismatches(diff), w.trace.recent(12));
      s.inbox.consume(first);
      return;
    }
    if (Date.now() > until) throw new WaitTimeoutError(`the station did not reboot (no new connection starting with BootNotification ${describeExpected(partial)}) within ${timeoutMs} ms`, undefined, w.trace.recent(12));
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The station reports `statuses` (values or matchers) for `requestId` with `action` (FirmwareStatusNotification,
 * LogStatusNotification) in this order, after the ones an earlier such step found; other statuses may come
 * in between. Messages count on every connection: a station queues them across its reboot.
 */
export async function expectStatusSequence(w: Cs201World, action: string, requestId: number, rows: string[][], timeoutMs = 10_000): Promise<void> {
  const h = w.ocppCsms;
  const body = rows[0]?.[0]?.trim() === 'status' ? rows.slice(1) : rows;
  const wanted = body.map((r) => parseExpectedValue(r[0]));
  const cursors = (h.statusCursors201 ??= new Map<string, number>());
  const until = Date.now() + timeoutMs;
  let pos = cursors.get(action) ?? -1;
  for (const want of wanted) {
    const partial = { status: want, requestId };
    for (;;) {
      const all = (h.csms?.allSessions() ?? []).flatMap((s) => s.inbox.all.filter((i) => i.kind === action).map((item) => ({ s, item })));
      const n = all.findIndex((x, k) => k > pos && !x.item.consumed && diffValues(partial, x.item.payload).length === 0);
      if (n >= 0) {
        all[n].s.inbox.consume(all[n].item);
        pos = n;
        break;
      }
      if (Date.now() > until) {
        const seen = all.map((x) => `${String((x.item.payload as Payload).status)}#${String((x.item.payload as Payload).requestId)}`).join(', ');
        throw new WaitTimeoutError(`Expected ${action} ${describeExpected(partial)} (in order) within ${timeoutMs} ms; the station sent: ${seen || 'none'}`, undefined, w.trace.recent(12));
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  cursors.set(action, pos);
}

// ------------------------------------------------------------------ certificate hash data (RFC 6960 CertID)

interface Der {
  tag: number;
  /** Whole element (header + content). */
  raw: Buffer;
  content: Buffer;
}

function readDer(buf: Buffer, at = 0): Der {
  const tag = buf[at];
  let len = buf[at + 1];
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[at + 2 + i];
    head += n;
  }
  return { tag, raw: buf.subarray(at, at + head + len), content: buf.subarray(at + head, at + head + len) };
}

function derChildren(el: Der): Der[] {
  const out: Der[] = [];
  for (let at = 0; at < el.content.length; ) {
    const c = readDer(el.content, at);
    out.push(c);
    at += c.raw.length;
  }
  return out;
}

/**
 * The CertificateHashData an OCPP 2.0.1 station reports for a CA certificate it holds: SHA256 of the issuer's
 * distinguished name (DER) and of the issuer's public key bits, and the serial number in hex. For a root, the
 * issuer is the certificate itself.
 */
export function certificateHashData(pem: string): { hashAlgorithm: string; issuerNameHash: string; issuerKeyHash: string; serialNumber: string } {
  const x = new X509Certificate(pem);
  const tbs = derChildren(readDer(x.raw))[0];
  const fields = derChildren(tbs);
  const off = fields[0].tag === 0xa0 ? 1 : 0;
  const issuerName = fields[off + 2].raw;
  const spki = derChildren(readDer(x.publicKey.export({ type: 'spki', format: 'der' })));
  const keyBits = spki[1].content.subarray(1);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  return { hashAlgorithm: 'SHA256', issuerNameHash: sha(issuerName), issuerKeyHash: sha(keyBits), serialNumber: x.serialNumber.toLowerCase().replace(/^0+(?=.)/, '') };
}

/** The last GetInstalledCertificateIds response lists the certificate held in variable `name` (hash data compared case-insensitively, serial without leading zeros). */
export function assertCertificateListed(w: Cs201World, name: string, certificateType: string): void {
  const h = w.ocppCsms;
  const pem = h.vars.get(name);
  if (typeof pem !== 'string') throw new EvcError(`variable \${${name}} holds no PEM certificate`);
  const want = certificateHashData(pem);
  const norm = (v: string) => v.toLowerCase().replace(/^0+(?=.)/, '');
  const hex = (v: string) => m.satisfies(`hex ${v}`, (a) => typeof a === 'string' && norm(a) === norm(v));
  h.assertResult({
    status: 'Accepted',
    certificateHashDataChain: m.containing([
      {
        certificateType,
        certificateHashData: { hashAlgorithm: want.hashAlgorithm, issuerNameHash: hex(want.issuerNameHash), issuerKeyHash: hex(want.issuerKeyHash), serialNumber: hex(want.serialNumber) },
      },
    ]),
  });
}

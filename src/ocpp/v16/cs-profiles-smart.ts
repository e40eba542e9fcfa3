/**
 * Smart Charging sequences for an OCPP 1.6 charge point under test (harness = CSMS): charging profiles tied to
 * the running transaction, the power the station actually lets the EV draw (seen in its MeterValues), and the
 * comparison of a GetCompositeSchedule answer with the schedule the test case expects.
 */
import { EvcError, VerdictError } from '../../core/errors';
import { m } from '../../core/match';
import { tableToPayload } from '../../core/table';
import type { CsmsSideContext } from '../side-context';
import { type CsWorld, transactionOn } from './cs-states';

/** Tolerance on period starts: OCTT allows ±4 s on time values; the schedule start itself is rounded by stations. */
export const PERIOD_TOLERANCE_S = 4;

/**
 * SetChargingProfile whose csChargingProfiles.transactionId is the one the station got for its running
 * transaction on the connector (or that id plus `offset`, to name a transaction that does not exist).
 */
export async function setProfileForTransaction(w: CsWorld, connectorId: number, rows: string[][], offset = 0): Promise<void> {
  const { transactionId } = transactionOn(w.ocppCsms, connectorId);
  const payload = tableToPayload(rows);
  const profile = payload.csChargingProfiles as Record<string, unknown> | undefined;
  if (!profile || typeof profile !== 'object') throw new EvcError('the table must give csChargingProfiles.* fields');
  profile.transactionId = transactionId + offset;
  if (payload.connectorId === undefined) payload.connectorId = connectorId;
  await w.ocppCsms.call('SetChargingProfile', payload);
}

interface SampledValue {
  value?: string;
  measurand?: string;
  unit?: string;
}

function powerW(sv: SampledValue): number | undefined {
  if ((sv.measurand ?? 'Energy.Active.Import.Register') !== 'Power.Active.Import') return undefined;
  const v = Number(sv.value);
  if (!Number.isFinite(v)) return undefined;
  return sv.unit === 'kW' ? v * 1000 : v;
}

/**
 * The station sends MeterValues for the connector with a Power.Active.Import sample at or below `maxW` and
 * above zero (the EV is still charging, only limited). Samples taken before the limit applied are skipped.
 */
export async function expectPowerAtMost(h: CsmsSideContext, connectorId: number, maxW: number): Promise<void> {
  const limited = m.satisfies(`a Power.Active.Import sample in (0, ${maxW}] W`, (mv) =>
    Array.isArray(mv) &&
    mv.some((x: { sampledValue?: SampledValue[] }) =>
      (x.sampledValue ?? []).some((sv) => {
        const w = powerW(sv);
        return w !== undefined && w > 0 && w <= maxW;
      }),
    ),
  );
  await h.expectCall('MeterValues', { connectorId, meterValue: limited });
}

interface Period {
  startPeriod: number;
  limit: number;
  numberPhases?: number;
}

/**
 * The last response was GetCompositeSchedule Accepted with a schedule whose periods match `rows`
 * (columns startPeriod | limit [| numberPhases]): same count, limits within 0.1, period starts within
 * PERIOD_TOLERANCE_S of the expected offsets from scheduleStart.
 */
export function assertCompositeSchedule(h: CsmsSideContext, rows: string[][], unit?: string): void {
  const res = h.assertResult({ status: 'Accepted', chargingSchedule: m.present() });
  const [header, ...body] = rows;
  const col = (name: string) => header.findIndex((c) => c.trim() === name);
  const [iStart, iLimit, iPhases] = [col('startPeriod'), col('limit'), col('numberPhases')];
  if (iStart < 0 || iLimit < 0) throw new EvcError('the composite schedule table needs columns startPeriod and limit');
  const expected: Period[] = body.map((r) => ({
    startPeriod: Number(r[iStart]),
    limit: Number(r[iLimit]),
    ...(iPhases >= 0 && r[iPhases].trim() !== '' ? { numberPhases: Number(r[iPhases]) } : {}),
  }));
  const schedule = res.chargingSchedule as { chargingRateUnit?: string; chargingSchedulePeriod?: Period[] };
  const actual = schedule.chargingSchedulePeriod ?? [];
  const problems: string[] = [];
  if (unit && schedule.chargingRateUnit !== unit) problems.push(`chargingRateUnit: expected ${unit}, got ${String(schedule.chargingRateUnit)}`);
  if (actual.length !== expected.length) problems.push(`expected ${expected.length} periods, got ${actual.length}`);
  expected.forEach((e, i) => {
    const a = actual[i];
    if (!a) return;
    if (Math.abs(a.startPeriod - e.startPeriod) > PERIOD_TOLERANCE_S) problems.push(`period ${i}: startPeriod expected ${e.startPeriod}±${PERIOD_TOLERANCE_S}, got ${a.startPeriod}`);
    if (Math.abs(a.limit - e.limit) > 0.1) problems.push(`period ${i}: limit expected ${e.limit}, got ${a.limit}`);
    if (e.numberPhases !== undefined && a.numberPhases !== e.numberPhases) problems.push(`period ${i}: numberPhases expected ${e.numberPhases}, got ${String(a.numberPhases)}`);
  });
  if (problems.length) {
    throw new VerdictError(
      'The composite schedule does not match',
      `${problems.join('\n')}\nexpected: ${JSON.stringify(expected)}\nactual:   ${JSON.stringify(actual)}`,
    );
  }
}

// ------------------------------------------------------------------ composite schedule computed from the profiles

/** Nominal voltage used to convert between A and W when a profile and the request use different units. */
const VOLTS = 230;

interface ChargingSchedule {
  duration?: number;
  startSchedule?: string;
  chargingRateUnit: 'A' | 'W';
  chargingSchedulePeriod: Period[];
}

export interface ChargingProfile16 {
  chargingProfileId: number;
  stackLevel: number;
  chargingProfilePurpose: 'ChargePointMaxProfile' | 'TxDefaultProfile' | 'TxProfile';
  chargingProfileKind: 'Absolute' | 'Recurring' | 'Relative';
  recurrencyKind?: 'Daily' | 'Weekly';
  validFrom?: string;
  validTo?: string;
  chargingSchedule: ChargingSchedule;
}

export interface InstalledProfile {
  connectorId: number;
  profile: ChargingProfile16;
}

type Decoded = { type: number; id: string; action?: string; payload?: Record<string, unknown> };

/**
 * The charging profiles installed on the station according to what crossed the wire: every SetChargingProfile
 * the harness sent that was answered Accepted (replacing the same id, or the same connector + purpose + stack
 * level), minus what an Accepted ClearChargingProfile removed.
 */
export function installedProfiles(w: CsWorld): InstalledProfile[] {
  const identity = w.ocppCsms.identity;
  const frames = w.trace.frames.filter((f) => f.channel === identity && f.decoded && typeof f.decoded === 'object');
  const calls = new Map<string, Decoded>();
  let installed: InstalledProfile[] = [];
  for (const f of frames) {
    const d = f.decoded as Decoded;
    if (f.dir === 'tx' && d.type === 2 && (d.action === 'SetChargingProfile' || d.action === 'ClearChargingProfile')) calls.set(d.id, d);
    if (f.dir !== 'rx' || d.type !== 3 || d.payload?.status !== 'Accepted') continue;
    const call = calls.get(d.id);
    if (!call?.payload) continue;
    const p = call.payload;
    if (call.action === 'SetChargingProfile') {
      const profile = p.csChargingProfiles as ChargingProfile16;
      const connectorId = p.connectorId as number;
      installed = installed.filter(
        (i) =>
          i.profile.chargingProfileId !== profile.chargingProfileId &&
          !(i.connectorId === connectorId && i.profile.stackLevel === profile.stackLevel && i.profile.chargingProfilePurpose === profile.chargingProfilePurpose),
      );
      installed.push({ connectorId, profile });
    } else if (p.id !== undefined) {
      installed = installed.filter((i) => i.profile.chargingProfileId !== p.id);
    } else {
      installed = installed.filter(
        (i) =>
          !(
            (p.connectorId === undefined || i.connectorId === p.connectorId) &&
            (p.chargingProfilePurpose === undefined || i.profile.chargingProfilePurpose === p.chargingProfilePurpose) &&
            (p.stackLevel === undefined || i.profile.stackLevel === p.stackLevel)
          ),
      );
    }
  }
  return installed;
}

/** Start of the schedule cycle in force at t (ms), or undefined when the profile does not apply at t (or cannot be placed in time). */
function cycleStart(p: ChargingProfile16, t: number, txStart?: number): number | undefined {
  if (p.validFrom && t < Date.parse(p.validFrom)) return undefined;
  if (p.validTo && t >= Date.parse(p.validTo)) return undefined;
  const s = p.chargingSchedule;
  let start: number | undefined;
  if (p.chargingProfileKind === 'Relative') start = txStart;
  else if (!s.startSchedule) start = undefined;
  else if (p.chargingProfileKind === 'Recurring') {
    const base = Date.parse(s.startSchedule);
    const cycle = (p.recurrencyKind === 'Weekly' ? 7 : 1) * 86_400_000;
    start = t < base ? undefined : base + Math.floor((t - base) / cycle) * cycle;
  } else start = Date.parse(s.startSchedule);
  if (start === undefined || t < start) return undefined;
  if (s.duration !== undefined && t >= start + s.duration * 1000) return undefined;
  return start;
}

function limitOf(p: ChargingProfile16, t: number, unit: 'A' | 'W', txStart?: number): number | undefined {
  const start = cycleStart(p, t, txStart);
  if (start === undefined) return undefined;
  const offset = (t - start) / 1000;
  const period = [...p.chargingSchedule.chargingSchedulePeriod].reverse().find((x) => x.startPeriod <= offset);
  if (!period) return undefined;
  const from = p.chargingSchedule.chargingRateUnit;
  if (from === unit) return period.limit;
  const factor = VOLTS * (period.numberPhases ?? 3);
  return from === 'A' ? period.limit * factor : period.limit / factor;
}

function winner(list: InstalledProfile[], t: number, unit: 'A' | 'W', txStart?: number): number | undefined {
  let best: { level: number; limit: number } | undefined;
  for (const i of list) {
    const limit = limitOf(i.profile, t, unit, txStart);
    if (limit !== undefined && (!best || i.profile.stackLevel > best.level)) best = { level: i.profile.stackLevel, limit };
  }
  return best?.limit;
}

/**
 * The limit OCPP 1.6 says applies on a connector at time t: the highest stack level of each purpose wins;
 * TxProfile (during a transaction) overrides TxDefaultProfile, a connector's TxDefaultProfile overrides one on
 * connector 0; ChargePointMaxProfile caps the result. Undefined when no profile applies.
 */
export function compositeLimitAt(installed: InstalledProfile[], connectorId: number, t: number, unit: 'A' | 'W', txStart?: number): number | undefined {
  const of = (purpose: string, conn: number) => installed.filter((i) => i.connectorId === conn && i.profile.chargingProfilePurpose === purpose);
  const max = winner(of('ChargePointMaxProfile', 0), t, unit);
  if (connectorId === 0) return max;
  let tx = txStart !== undefined ? winner(of('TxProfile', connectorId), t, unit, txStart) : undefined;
  if (tx === undefined) tx = winner(of('TxDefaultProfile', connectorId), t, unit, txStart) ?? winner(of('TxDefaultProfile', 0), t, unit, txStart);
  if (tx === undefined) return max;
  return max === undefined ? tx : Math.min(max, tx);
}

/**
 * The last response (GetCompositeSchedule Accepted) agrees, second by second, with the limits computed from the
 * profiles the station accepted. Seconds within PERIOD_TOLERANCE_S of a change are not compared (timing), nor
 * seconds where no profile applies (what a station reports there is its own hardware limit).
 */
export function assertCompositeMatchesProfiles(w: CsWorld, connectorId: number): void {
  const res = w.ocppCsms.assertResult({ status: 'Accepted', scheduleStart: m.dateTime(), chargingSchedule: m.present() });
  const schedule = res.chargingSchedule as ChargingSchedule;
  const unit = schedule.chargingRateUnit;
  const t0 = Date.parse(res.scheduleStart as string);
  const duration = schedule.duration ?? 86_400;
  const installed = installedProfiles(w);
  const actualAt = (s: number) => [...schedule.chargingSchedulePeriod].reverse().find((x) => x.startPeriod <= s)?.limit;
  const expectedAt = (s: number) => compositeLimitAt(installed, connectorId, t0 + s * 1000, unit);
  const changes = new Set<number>();
  for (let s = 1; s < duration; s++) {
    if (actualAt(s) !== actualAt(s - 1) || expectedAt(s) !== expectedAt(s - 1)) changes.add(s);
  }
  const nearChange = (s: number) => [...changes].some((c) => Math.abs(c - s) <= PERIOD_TOLERANCE_S);
  const wrong: string[] = [];
  for (let s = 0; s < duration && wrong.length < 5; s++) {
    const want = expectedAt(s);
    if (want === undefined || nearChange(s)) continue;
    const got = actualAt(s);
    if (got === undefined || Math.abs(got - want) > 0.1) wrong.push(`at +${s} s: expected ${Math.round(want * 10) / 10} ${unit}, schedule says ${got === undefined ? 'nothing' : got}`);
  }
  if (wrong.length) {
    throw new VerdictError('The composite schedule disagrees with the charging profiles the station accepted', `${wrong.join('\n')}\nprofiles: ${JSON.stringify(installed)}`, w.trace.recent(12));
  }
}

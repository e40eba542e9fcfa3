/**
 * Smart Charging sequences for an OCPP 1.6 charge point under test (harness = CSMS): charging profiles tied to
 * the running transaction, the power the station actually lets the EV draw (seen in its MeterValues), and the
 * comparison of a GetCompositeSchedule answer with the schedule the test case expects.
 */
import { EvcError, VerdictError } from '../../core/errors';
import { m } from '../../core/match';
import { tableToPayload } from '../../core/table';
import type { OcppHarness } from '../harness';
import { type CsWorld, transactionOn } from './cs-states';

/** Tolerance on period starts: OCTT allows ±4 s on time values; the schedule start itself is rounded by stations. */
export const PERIOD_TOLERANCE_S = 4;

/**
 * SetChargingProfile whose csChargingProfiles.transactionId is the one the station got for its running
 * transaction on the connector (or that id plus `offset`, to name a transaction that does not exist).
 */
export async function setProfileForTransaction(w: CsWorld, connectorId: number, rows: string[][], offset = 0): Promise<void> {
  const { transactionId } = transactionOn(w.ocpp, connectorId);
  const payload = tableToPayload(rows);
  const profile = payload.csChargingProfiles as Record<string, unknown> | undefined;
  if (!profile || typeof profile !== 'object') throw new EvcError('the table must give csChargingProfiles.* fields');
  profile.transactionId = transactionId + offset;
  if (payload.connectorId === undefined) payload.connectorId = connectorId;
  await w.ocpp.call('SetChargingProfile', payload);
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
export async function expectPowerAtMost(h: OcppHarness, connectorId: number, maxW: number): Promise<void> {
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
export function assertCompositeSchedule(h: OcppHarness, rows: string[][], unit?: string): void {
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

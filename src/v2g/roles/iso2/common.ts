/**
 * ISO 15118-2 procedure helpers shared by the harness EVCC and SECC procedures: physical values, the
 * session's values (from the PICS `v2g.values` block, with the harness's own defaults for what the harness
 * plays), timers per request, and the limits of the loops (Ongoing, CableCheck, PreCharge).
 *
 * Values read from `params.values` (all optional; numbers in base units A, V, W, Wh, s, %):
 *   EV side (harness EVCC): evMaxCurrentA, evMinCurrentA, evMaxVoltageV, evMaxPowerW, evEnergyRequestWh,
 *     evSoc, evTargetVoltageV, evTargetCurrentA, evBatteryVoltageV, preChargeToleranceV, chargeLoops,
 *     energyTransferMode, departureTimeS
 *   EVSE side (harness SECC): evseMaxCurrentA, evseNominalVoltageV, evseMaxVoltageV, evseMaxPowerW,
 *     evseMinCurrentA, evseMinVoltageV, evsePMaxW, paymentOptions (['ExternalPayment', …]), energyTransferModes
 */
import type { V2gTimerName } from '../../timers';
import type { EnergyMode } from '../../messages/types';
import type { ProcedureState } from '../procedure';

export interface PhysicalValue {
  Multiplier: number;
  Unit: string;
  Value: number;
}

/** A PhysicalValueType for a value in base units (the smallest multiplier that keeps Value a 16-bit integer). */
export function pv(value: number, unit: string): PhysicalValue {
  for (let m = -3; m <= 3; m += 1) {
    const scaled = value / 10 ** m;
    const rounded = Math.round(scaled);
    if (Math.abs(rounded) <= 32767 && Math.abs(scaled - rounded) < 1e-6) return { Multiplier: m, Unit: unit, Value: rounded };
  }
  for (let m = 0; m <= 3; m += 1) {
    const rounded = Math.round(value / 10 ** m);
    if (Math.abs(rounded) <= 32767) return { Multiplier: m, Unit: unit, Value: rounded };
  }
  return { Multiplier: 3, Unit: unit, Value: Math.sign(value) * 32767 };
}

/** The value of a PhysicalValueType in base units (NaN when it is not one). */
export function pvValue(v: unknown): number {
  if (typeof v !== 'object' || v === null) return Number.NaN;
  const p = v as Record<string, unknown>;
  if (typeof p.Value !== 'number' || typeof p.Multiplier !== 'number') return Number.NaN;
  return p.Value * 10 ** p.Multiplier;
}

export function rec(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

/** A number from the session values, else the default. */
export function num(state: ProcedureState, key: string, fallback: number): number {
  const v = state.params.values[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

export function strList(state: ProcedureState, key: string, fallback: readonly string[]): string[] {
  const v = state.params.values[key];
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : [...fallback];
}

const LONG = new Set(['ServiceDetailReq', 'PaymentDetailsReq', 'PowerDeliveryReq', 'CertificateInstallationReq', 'CertificateUpdateReq']);

export function evccTimer(requestName: string): V2gTimerName {
  if (requestName === 'CurrentDemandReq') return 'evccCurrentDemand';
  return LONG.has(requestName) ? 'evccMessageLong' : 'evccMessage';
}

export function seccTimer(requestName: string): V2gTimerName {
  if (requestName === 'CurrentDemandReq') return 'seccCurrentDemand';
  return LONG.has(requestName) ? 'seccPerformanceLong' : 'seccPerformance';
}

/** The EVCCID as the schema wants it: the MAC as hex without separators, lower case. */
export function evccIdHex(ownId: string): string {
  const hex = ownId.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  return hex.length > 0 && hex.length % 2 === 0 ? hex : '020000000001';
}

export const AC_MODES = ['AC_single_phase_core', 'AC_three_phase_core'];
export const DC_MODES = ['DC_core', 'DC_extended', 'DC_combo_core', 'DC_unique'];

/** The payment option element name for the session's payment. */
export function paymentOption(payment: 'EIM' | 'PnC'): string {
  return payment === 'PnC' ? 'Contract' : 'ExternalPayment';
}

/** The PMax (W) of the first entry of a schedule tuple, NaN when there is none. */
export function firstPMax(tuple: unknown): number {
  const entries = arr(rec(rec(tuple).PMaxSchedule).PMaxScheduleEntry);
  return entries.length > 0 ? pvValue(rec(entries[0]).PMax) : Number.NaN;
}

/** The smallest PMax (W) over a schedule tuple's entries, NaN when there is none. */
export function minPMax(tuple: unknown): number {
  const values = arr(rec(rec(tuple).PMaxSchedule).PMaxScheduleEntry).map((e) => pvValue(rec(e).PMax));
  return values.length > 0 ? Math.min(...values) : Number.NaN;
}

/** SECC side: the payment options the harness SECC offers (values.paymentOptions, else the session's). */
export function offeredPayments(state: ProcedureState): string[] {
  // [V2G2-741] a resumed session offers only the payment option the paused one selected
  const paused = rec(state.vars.paused).selectedPayment;
  if (typeof state.vars.resumeFrom === 'string' && typeof paused === 'string') return [paused];
  return strList(state, 'paymentOptions', [paymentOption(state.params.payment)]);
}

export function offeredModes(energy: EnergyMode, state: ProcedureState): string[] {
  return strList(state, 'energyTransferModes', energy === 'AC' ? ['AC_three_phase_core'] : ['DC_extended']);
}

/** The EVSE's power limit in W (the schedule's PMax). */
export function evsePMax(energy: EnergyMode, state: ProcedureState): number {
  const byLimits = energy === 'AC' ? num(state, 'evseMaxCurrentA', 32) * num(state, 'evseNominalVoltageV', 230) * 3 : num(state, 'evseMaxPowerW', 50_000);
  return num(state, 'evsePMaxW', byLimits);
}


/**
 * ISO 15118-20 values the harness procedures use (EV side when the harness is the EVCC, EVSE side when it is
 * the SECC), with defaults in one place; a PICS `v2g.values` entry (flat or under `iso20`) overrides each.
 * Also the -20 helpers both procedures share: rational numbers, service ids, the SECC's request order.
 */
import type { ProcedureState } from '../procedure';

export type Obj = Record<string, unknown>;

/** -20 energy transfer service ids (ServiceDiscovery): 1 AC, 2 DC, 5 AC_BPT, 6 DC_BPT. */
export const SERVICE_ID = { AC: 1, DC: 2, AC_BPT: 5, DC_BPT: 6 } as const;

export interface Iso20Values {
  // EV (harness EVCC)
  evMaxCurrentA: number;
  evMinCurrentA: number;
  evMaxVoltageV: number;
  evMinVoltageV: number;
  evMaxPowerW: number;
  evMinPowerW: number;
  evTargetVoltageV: number;
  evTargetCurrentA: number;
  evAcMaxPowerW: number;
  evAcMinPowerW: number;
  chargeLoops: number;
  preChargeToleranceV: number;
  /** Margins a measured value may exceed a limit by (measurement and rounding). */
  toleranceA: number;
  toleranceV: number;
  tolerancePct: number;
  maxSupportingPoints: number;
  // EVSE (harness SECC)
  evseMaxCurrentA: number;
  evseMinCurrentA: number;
  evseMaxVoltageV: number;
  evseMinVoltageV: number;
  evseMaxPowerW: number;
  evseMinPowerW: number;
  evseAcMaxPowerW: number;
  evseAcMinPowerW: number;
  evseNominalFrequencyHz: number;
}

const DEFAULTS: Iso20Values = {
  evMaxCurrentA: 120, evMinCurrentA: 0, evMaxVoltageV: 450, evMinVoltageV: 200, evMaxPowerW: 50_000, evMinPowerW: 0,
  evTargetVoltageV: 400, evTargetCurrentA: 60, evAcMaxPowerW: 11_000, evAcMinPowerW: 1_380, chargeLoops: 3,
  preChargeToleranceV: 20, toleranceA: 1, toleranceV: 5, tolerancePct: 2, maxSupportingPoints: 24,
  evseMaxCurrentA: 150, evseMinCurrentA: 0, evseMaxVoltageV: 500, evseMinVoltageV: 150, evseMaxPowerW: 60_000, evseMinPowerW: 0,
  evseAcMaxPowerW: 11_000, evseAcMinPowerW: 1_380, evseNominalFrequencyHz: 50,
};

export function iso20Values(values: Readonly<Record<string, unknown>>): Iso20Values {
  const own = (values['iso20'] as Obj | undefined) ?? {};
  const out = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof Iso20Values)[]) {
    const v = own[key] ?? values[key];
    if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
  }
  return out;
}

export function vals(state: ProcedureState): Iso20Values {
  let v = state.vars.iso20Values as Iso20Values | undefined;
  if (!v) {
    v = iso20Values(state.params.values);
    state.vars.iso20Values = v;
  }
  return v;
}

/** A -20 RationalNumber {Exponent, Value} (Value a short) for a number. */
export function rn(value: number): { Exponent: number; Value: number } {
  let v = value;
  let e = 0;
  while (!Number.isInteger(v) && e > -3) {
    v *= 10;
    e -= 1;
  }
  v = Math.round(v);
  while (Math.abs(v) > 32_767) {
    v = Math.round(v / 10);
    e += 1;
  }
  return { Exponent: e, Value: v };
}

/** Value × 10^Exponent of a RationalNumber, undefined when it is not one. */
export function rv(x: unknown): number | undefined {
  const r = x as { Exponent?: unknown; Value?: unknown } | undefined;
  if (!r || typeof r !== 'object' || typeof r.Value !== 'number' || typeof r.Exponent !== 'number') return undefined;
  return r.Value * 10 ** r.Exponent;
}

export function obj(x: unknown): Obj | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Obj) : undefined;
}

/** EVSEID as ISO 15118 / DIN SPEC 91286 writes it (country, operator, E, id; `*` separators optional), or ZZ00000 (none). */
export const EVSE_ID = /^([A-Z]{2}\*?[A-Z0-9]{3}\*?E[A-Z0-9*]{1,31}|ZZ00000)$/;

/** The requests an SECC accepts next, after the last request it answered (SessionStopReq after any but the first). */
export function iso20Allowed(last: string, lastProcessing: string, dc: boolean, started: boolean): string[] {
  const loop = dc ? 'DC_ChargeLoopReq' : 'AC_ChargeLoopReq';
  const finished = lastProcessing === 'Finished';
  const table: Record<string, string[]> = {
    '': ['SessionSetupReq'],
    SessionSetupReq: ['AuthorizationSetupReq'],
    AuthorizationSetupReq: ['AuthorizationReq'],
    // a loop request may repeat even after Finished (a step may have scripted Ongoing into the answer)
    AuthorizationReq: finished ? ['ServiceDiscoveryReq', 'AuthorizationReq'] : ['AuthorizationReq'],
    ServiceDiscoveryReq: ['ServiceDetailReq', 'ServiceSelectionReq'],
    ServiceDetailReq: ['ServiceDetailReq', 'ServiceSelectionReq'],
    ServiceSelectionReq: [dc ? 'DC_ChargeParameterDiscoveryReq' : 'AC_ChargeParameterDiscoveryReq'],
    DC_ChargeParameterDiscoveryReq: ['ScheduleExchangeReq'],
    AC_ChargeParameterDiscoveryReq: ['ScheduleExchangeReq'],
    ScheduleExchangeReq: !finished ? ['ScheduleExchangeReq'] : [dc ? 'DC_CableCheckReq' : 'PowerDeliveryReq', 'ScheduleExchangeReq'],
    DC_CableCheckReq: finished ? ['DC_PreChargeReq', 'DC_CableCheckReq'] : ['DC_CableCheckReq'],
    DC_PreChargeReq: ['DC_PreChargeReq', 'PowerDeliveryReq'],
    PowerDeliveryReq: started ? [loop] : dc ? ['DC_WeldingDetectionReq'] : [],
    DC_ChargeLoopReq: [loop, 'PowerDeliveryReq'],
    AC_ChargeLoopReq: [loop, 'PowerDeliveryReq'],
    DC_WeldingDetectionReq: ['DC_WeldingDetectionReq'],
    SessionStopReq: [],
  };
  return [...(table[last] ?? []), ...(last === '' ? [] : ['SessionStopReq'])];
}

/**
 * The values a DIN 70121 session uses for the side the harness plays, read from ProcedureState.params.values
 * (the PICS `v2g.values` of that side). Every default is here, in one place. A physical value is given as a
 * number in its unit (A, V, W, Wh: written with the smallest multiplier that fits a 16-bit Value) or as
 * `{ Multiplier, Value }` to fix the exact encoding (e.g. 50 kW as `{ "Multiplier": 2, "Value": 500 }`).
 */
import { ConfigError } from '../../../core/errors';

export interface PhysicalValue {
  Multiplier: number;
  Unit?: string;
  Value: number;
}

/** The harness EVCC's values (the EV it plays). */
export const DIN_EV_DEFAULTS = {
  /** EVRequestedEnergyTransferType. */
  energyTransferType: 'DC_extended',
  /** SelectedPaymentOption (DIN: EIM = ExternalPayment). */
  paymentOption: 'ExternalPayment',
  evMaxCurrentA: 125 as number | PhysicalValue,
  evMaxVoltageV: 450 as number | PhysicalValue,
  /** Optional DC_EVChargeParameter fields: written only when declared. */
  evMaxPowerW: undefined as number | PhysicalValue | undefined,
  evEnergyCapacityWh: undefined as number | PhysicalValue | undefined,
  evEnergyRequestWh: undefined as number | PhysicalValue | undefined,
  fullSoc: undefined as number | undefined,
  bulkSoc: undefined as number | undefined,
  targetVoltageV: 400 as number | PhysicalValue,
  targetCurrentA: 50 as number | PhysicalValue,
  /** PreCharge current (IEC 61851-23: at most 2 A). */
  preChargeCurrentA: 2 as number | PhysicalValue,
  /** EVRESSSOC before charging (SessionSetup … PowerDelivery(Start)). */
  soc: 40,
  /** EVRESSSOC in CurrentDemand (default soc + 1). */
  socCharging: undefined as number | undefined,
  /** EVRESSSOC from PowerDelivery(Stop) on (default socCharging + 1). */
  socEnd: undefined as number | undefined,
  /** CurrentDemand requests before the EV stops (an EVSE stop ends the loop earlier). */
  currentDemandCount: 5,
  /** PreCharge is done when |EVSEPresentVoltage − target| ≤ this (V). */
  preChargeToleranceV: 10,
  /** WeldingDetection is done when EVSEPresentVoltage ≤ this (V) … */
  weldingVoltageV: 20,
  /** … or after this many requests (then a problem). */
  weldingDetectionMax: 10,
  /** A present current / voltage above the EV's limit by more than this is a problem (A / V). */
  limitToleranceA: 1,
  limitToleranceV: 5,
};

/** The harness SECC's values (the EVSE it plays). */
export const DIN_EVSE_DEFAULTS = {
  energyTransferType: 'DC_extended',
  paymentOptions: ['ExternalPayment'] as string[],
  serviceId: 1,
  freeService: 0,
  evseMaxCurrentA: 200 as number | PhysicalValue,
  evseMaxVoltageV: 500 as number | PhysicalValue,
  evseMaxPowerW: { Multiplier: 2, Value: 500 } as number | PhysicalValue | undefined,
  evseMinCurrentA: 0 as number | PhysicalValue,
  evseMinVoltageV: 150 as number | PhysicalValue,
  evsePeakCurrentRippleA: 1 as number | PhysicalValue,
  /** SAScheduleTuple PMax (W, 16 bit) and its duration (s). */
  pMax: 5000,
  scheduleDurationS: 86400,
  isolationStatus: 'Valid',
  /** Ongoing answers before Finished (the harness plays a quick SECC unless a step asks otherwise). */
  contractAuthenticationOngoing: 0,
  chargeParameterDiscoveryOngoing: 0,
  cableCheckOngoing: 0,
  /** PreChargeRes answers until the present voltage reaches the target (1: at once). */
  preChargeSteps: 1,
  /** EVSEPresentVoltage before PreCharge and after PowerDelivery(Stop) (V). */
  idleVoltageV: 0,
  /** PreCharge target the EV must reach before PowerDelivery(Start) (V). */
  preChargeToleranceV: 20,
  /** IEC 61851-23: PreCharge current limit (A). */
  preChargeMaxCurrentA: 2,
};

export type DinEvValues = typeof DIN_EV_DEFAULTS;
export type DinEvseValues = typeof DIN_EVSE_DEFAULTS;

function merge<T extends Record<string, unknown>>(defaults: T, values: Readonly<Record<string, unknown>>, where: string): T {
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, v] of Object.entries(values)) {
    if (!(k in defaults)) continue; // values of other standards share the block
    const d = (defaults as Record<string, unknown>)[k];
    if (d !== undefined && v !== undefined && typeof d === 'number' && typeof v !== 'number' && !isPv(v)) {
      throw new ConfigError(where, k, `expected a number, got ${JSON.stringify(v)}`);
    }
    out[k] = v;
  }
  return out as T;
}

function isPv(v: unknown): v is PhysicalValue {
  return typeof v === 'object' && v !== null && typeof (v as PhysicalValue).Value === 'number' && typeof (v as PhysicalValue).Multiplier === 'number';
}

export function evValues(values: Readonly<Record<string, unknown>>): DinEvValues {
  const v = merge(DIN_EV_DEFAULTS, values, 'PICS v2g.values');
  v.socCharging ??= Math.min(100, v.soc + 1);
  v.socEnd ??= Math.min(100, v.socCharging + 1);
  return v;
}

/**
 * The harness SECC's values: the defaults above, what the values name with these keys, and a charger able to
 * serve the EV under test as its PICS declares it (`maxVoltageV` / `maxCurrentA` above the defaults raise the
 * EVSE maximum voltage / current to them).
 */
export function evseValues(values: Readonly<Record<string, unknown>>): DinEvseValues {
  const v = merge(DIN_EVSE_DEFAULTS, values, 'PICS v2g.values');
  const evV = typeof values.maxVoltageV === 'number' ? values.maxVoltageV : undefined;
  const evA = typeof values.maxCurrentA === 'number' ? values.maxCurrentA : undefined;
  if (values.evseMaxVoltageV === undefined && evV !== undefined && evV > (num(pv(v.evseMaxVoltageV, 'V')) ?? 0)) v.evseMaxVoltageV = evV;
  if (values.evseMaxCurrentA === undefined && evA !== undefined && evA > (num(pv(v.evseMaxCurrentA, 'A')) ?? 0)) v.evseMaxCurrentA = evA;
  return v;
}

/** A DIN PhysicalValueType (Value: 16-bit signed, Multiplier −3…3) for a number in `unit` or an exact encoding. */
export function pv(v: number | PhysicalValue, unit: string): PhysicalValue {
  if (typeof v !== 'number') return { Multiplier: v.Multiplier, Unit: v.Unit ?? unit, Value: v.Value };
  for (const m of Number.isInteger(v) ? [0, 1, 2, 3] : [-1, -2, -3]) {
    const value = Math.round(v / 10 ** m);
    if (Math.abs(value) <= 32767 && Math.abs(value * 10 ** m - v) < 1e-9 * Math.max(1, Math.abs(v))) return { Multiplier: m, Unit: unit, Value: value };
  }
  throw new ConfigError('PICS v2g.values', unit, `${v} ${unit} does not fit a DIN PhysicalValue`);
}

/** The number a PhysicalValue stands for (Value × 10^Multiplier). */
export function num(p: unknown): number | undefined {
  if (!isPv(p)) return undefined;
  return p.Value * 10 ** p.Multiplier;
}

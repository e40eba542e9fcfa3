/**
 * The two compliant configurations of the reference V2G SUTs: `default` and `alt` (a second set of valid
 * choices, so a scenario that only passes against one reference is caught). The shells read the shell part;
 * the standard modules read `values` (each module keeps its own defaults for what is not listed here).
 */
import type { RefEvccConfig, RefSeccConfig, RefStandard } from './types';

export type RefVariant = 'default' | 'alt';

export interface RefShellSettings {
  /** SECC: real ms between seeing the EV plugged in (state B) and raising 5 % duty. */
  pwmAfterPlugMs: number;
  /** EVCC: real ms between seeing 5 % duty and the first SDP request. */
  sdpAfterDutyMs: number;
  /** EVCC: SchemaID of its first offered protocol (the next ones count up). */
  schemaIdBase: number;
  /** EVCC: the cable's PP resistor (Ω) when it plugs in. */
  ppOhms: number;
}

export const REF_SHELL: Readonly<Record<RefVariant, RefShellSettings>> = {
  default: { pwmAfterPlugMs: 0, sdpAfterDutyMs: 0, schemaIdBase: 1, ppOhms: 220 },
  alt: { pwmAfterPlugMs: 120, sdpAfterDutyMs: 80, schemaIdBase: 10, ppOhms: 680 },
};

/** What the reference EVCC offers when the harness does not say (priority 1 = most wanted). */
export const REF_EVCC_OFFERS: Readonly<Record<RefVariant, readonly { standard: RefStandard; priority: number }[]>> = {
  default: [
    { standard: 'iso15118-20', priority: 1 },
    { standard: 'iso15118-2', priority: 2 },
    { standard: 'din70121', priority: 3 },
  ],
  alt: [
    { standard: 'din70121', priority: 1 },
    { standard: 'iso15118-2', priority: 5 },
  ],
};

const SECC_CONFIGS: Readonly<Record<RefVariant, RefSeccConfig>> = {
  default: {
    evseId: 'DE*EVC*E0000001*1',
    energy: ['AC', 'DC'],
    payment: ['EIM', 'PnC'],
    values: {
      dcMaxVoltageV: 920, dcMinVoltageV: 150, dcMaxCurrentA: 300, dcMinCurrentA: 0, dcMaxPowerW: 150_000, dcPeakCurrentRippleA: 2,
      acNominalVoltageV: 230, acMaxCurrentA: 32, acPhases: 3,
    },
  },
  alt: {
    evseId: 'FR*REF*E4200042*2',
    energy: ['DC'],
    payment: ['EIM'],
    values: {
      dcMaxVoltageV: 500, dcMinVoltageV: 200, dcMaxCurrentA: 125, dcMinCurrentA: 1, dcMaxPowerW: 50_000, dcPeakCurrentRippleA: 5,
      acNominalVoltageV: 230, acMaxCurrentA: 16, acPhases: 1,
    },
  },
};

const EVCC_CONFIGS: Readonly<Record<RefVariant, RefEvccConfig>> = {
  default: {
    evccId: '020000000001',
    energy: 'DC',
    payment: 'EIM',
    values: { maxVoltageV: 450, maxCurrentA: 200, maxPowerW: 90_000, targetVoltageV: 400, targetCurrentA: 100, batteryCapacityWh: 64_000, socPct: 30, acMaxCurrentA: 16, acPhases: 3 },
  },
  alt: {
    evccId: '0A1B2C3D4E5F',
    energy: 'AC',
    payment: 'EIM',
    // DIN 70121: WeldingDetection is optional for the EVCC; this one goes from PowerDelivery(Stop) to SessionStop
    values: { dinWeldingDetection: false, maxVoltageV: 800, maxCurrentA: 120, maxPowerW: 80_000, targetVoltageV: 720, targetCurrentA: 60, batteryCapacityWh: 90_000, socPct: 55, acMaxCurrentA: 32, acPhases: 1 },
  },
};

/** A copy of the SECC configuration of a variant (callers may override fields). */
export function refSeccConfig(variant: RefVariant): RefSeccConfig {
  const c = SECC_CONFIGS[variant];
  return { ...c, energy: [...c.energy], payment: [...c.payment], values: { ...c.values } };
}

/** A copy of the EVCC configuration of a variant, with the energy / payment a scenario asks for. */
export function refEvccConfig(variant: RefVariant, energy?: 'AC' | 'DC', payment?: 'EIM' | 'PnC'): RefEvccConfig {
  const c = EVCC_CONFIGS[variant];
  return { ...c, energy: energy ?? c.energy, payment: payment ?? c.payment, values: { ...c.values } };
}

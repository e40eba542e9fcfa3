/**
 * Reference EV: its two compliant configurations, the state its sequence (ev.ts) and its cycle share, the
 * current it requests and the frames it sends (0x100–0x102, 0x110 for 1.2+, 0x200/0x201 with discharge), with
 * the frame faults applied here.
 */
import { versionAtLeast } from '../../chademo/framing/codec';
import { type ChargerParams, type ChargerStatus, type ChademoVersion, type ExtendedFunctions, protocolNumber } from '../../chademo/types';
import { encodeOut, type Limits, type Outgoing, truncated } from './runtime';

/** One compliant configuration (what its PICS declares, plus how fast it acts). Delays are real ms × timeScale. */
export interface EvProfile {
  version: ChademoVersion;
  dynamicControl: boolean;
  discharge: boolean;
  maxBatteryVoltageV: number;
  minBatteryVoltageV: number;
  targetVoltageV: number;
  /** What its battery puts on the inlet behind closed contactors. */
  batteryVoltageV: number;
  capacity100Wh: number;
  socPct: number;
  requestA: number;
  minChargeCurrentA: number;
  maxChargingTime10s: number;
  maxChargingTimeMin: number;
  estimatedChargingTimeMin: number;
  /** d1 → k + 102.5.0 (limit kAfterD1Ms 8000). */
  kDelayMs: number;
  /** d2 → contactors closed, 102.5.3 cleared (limit contactorAfterD2Ms 4000). */
  contactorDelayMs: number;
  /** Contactors closed → current request (limit requestAfterContactorMs 4000). */
  requestDelayMs: number;
  /** Current ≤ 5 A → contactors opened, welding detection done, 102.5.3 set (limit weldingDetectionMs 4000). */
  weldingMs: number;
  maxDischargeA: number;
  minDischargeVoltageV: number;
}

export const EV_PROFILES: Record<'default' | 'alt', EvProfile> = {
  default: {
    version: '2.0', dynamicControl: true, discharge: true, maxBatteryVoltageV: 410, minBatteryVoltageV: 250, targetVoltageV: 400, batteryVoltageV: 360,
    capacity100Wh: 400, socPct: 50, requestA: 100, minChargeCurrentA: 5, maxChargingTime10s: 0xff, maxChargingTimeMin: 60, estimatedChargingTimeMin: 45,
    kDelayMs: 200, contactorDelayMs: 200, requestDelayMs: 100, weldingMs: 300, maxDischargeA: 20, minDischargeVoltageV: 300,
  },
  alt: {
    version: '1.1', dynamicControl: false, discharge: false, maxBatteryVoltageV: 360, minBatteryVoltageV: 200, targetVoltageV: 350, batteryVoltageV: 330,
    capacity100Wh: 240, socPct: 30, requestA: 80, minChargeCurrentA: 2, maxChargingTime10s: 180, maxChargingTimeMin: 30, estimatedChargingTimeMin: 25,
    kDelayMs: 2_000, contactorDelayMs: 600, requestDelayMs: 400, weldingMs: 2_800, maxDischargeA: 0, minDischargeVoltageV: 0,
  },
};

export type EvPhase = 'unplugged' | 'idle' | 'init' | 'waitD2' | 'precharge' | 'charging' | 'stopping' | 'ending';

export interface ChargerSeen {
  params?: ChargerParams;
  status?: ChargerStatus;
  ext?: ExtendedFunctions;
  /** When the last 0x109 arrived (monotonic ms). */
  statusAtMs?: number;
}

export interface EvState {
  p: EvProfile;
  faults: ReadonlySet<string>;
  L: Limits;
  /** The version it speaks (0x102 b0 always carries its number). */
  version: ChademoVersion;
  /** The fields it uses: its own version, or the charger's lower one once 0x109 b0 is known. */
  session: ChademoVersion;
  phase: EvPhase;
  charger: ChargerSeen;
  chargingEnabled: boolean;
  /** 102.5.3 (1.0+). */
  contactorOpen: boolean;
  stopBeforeCharging: boolean;
  shiftLeverNotPark: boolean;
  systemFault: boolean;
  faultFlags: { overVoltage: boolean; underVoltage: boolean; currentDeviation: boolean; highTemperature: boolean; voltageDeviation: boolean };
  socPct: number;
  /** It requests current (after its contactors closed, until a stop). */
  requesting: boolean;
  requestA: number;
  /** The available current when charging began (what it follows without dynamic control). */
  availableAtStartA?: number;
}

export function evDynamicAgreed(s: EvState): boolean {
  return versionAtLeast(s.session, '1.2') && s.p.dynamicControl && s.charger.ext?.dynamicControl === true;
}

/** The session version for the charger's protocol number. */
export function sessionVersion(own: ChademoVersion, chargerPn: number): ChademoVersion {
  if (chargerPn >= protocolNumber(own)) return own;
  if (chargerPn <= 1) return '0.9';
  return own === '2.0' ? '1.2' : own;
}

/** This cycle's current request. */
export function computeRequest(s: EvState): number {
  if (!s.requesting) return 0;
  const now = s.charger.params?.availableCurrentA ?? 0;
  const avail = evDynamicAgreed(s) && !s.faults.has('ev-ignores-dynamic-limit') ? now : (s.availableAtStartA ?? now);
  if (s.faults.has('ev-request-above-available')) return Math.min(255, now + 10);
  return Math.max(0, Math.min(s.p.requestA, avail));
}

function wirePn(s: EvState): number {
  const pn = protocolNumber(s.version);
  if (!s.faults.has('ev-wrong-protocol-number')) return pn;
  return pn === 3 ? 2 : pn + 1;
}

/** The frames of one cycle (n counts from the session's first cycle). */
export function evFrames(s: EvState, n: number): Outgoing[] {
  const v = s.session;
  const p = s.p;
  const f = s.faults;
  const out: Outgoing[] = [];
  const maxV = f.has('ev-zero-parameters') ? 0 : p.maxBatteryVoltageV;
  out.push({ msg: { name: 'evParams', value: { minChargeCurrentA: p.minChargeCurrentA, minBatteryVoltageV: p.minBatteryVoltageV, maxBatteryVoltageV: maxV, chargedRateReference: 100 } }, version: v });
  out.push({
    msg: { name: 'evTiming', value: { maxChargingTime10s: p.maxChargingTime10s, maxChargingTimeMin: p.maxChargingTimeMin, estimatedChargingTimeMin: p.estimatedChargingTimeMin, batteryCapacity100Wh: p.capacity100Wh } },
    version: v,
  });
  const status: Outgoing = {
    msg: {
      name: 'evStatus',
      value: {
        protocolNumber: wirePn(s),
        targetVoltageV: f.has('target-above-battery-max') ? p.maxBatteryVoltageV + 20 : p.targetVoltageV,
        currentRequestA: s.requestA,
        faults: { ...s.faultFlags },
        status: {
          chargingEnabled: s.chargingEnabled,
          shiftLeverNotPark: s.shiftLeverNotPark,
          systemFault: s.systemFault,
          contactorOpen: s.contactorOpen,
          stopBeforeCharging: s.stopBeforeCharging,
          dischargeCompatible: p.discharge && v === '2.0',
        },
        socPct: f.has('soc-above-100') ? 120 : s.socPct,
      },
    },
    version: v,
  };
  const gap = f.has('missing-0x102-cycles') && s.phase === 'charging' && n % 10 >= 6;
  if (!gap) out.push(f.has('ev-wrong-dlc-102') ? { frame: truncated(encodeOut(status), 5) } : status);
  if (versionAtLeast(s.version, '1.2')) out.push({ msg: { name: 'evExtended', value: { dynamicControl: p.dynamicControl, highCurrent: false, highVoltage: false } }, version: s.version });
  const chargerDischarge = v === '2.0' && s.charger.status?.dischargeCompatible === true;
  if ((p.discharge && chargerDischarge) || f.has('discharge-without-charger-support')) {
    const maxA = p.maxDischargeA || 20;
    out.push({ msg: { name: 'evDischarge', value: { maxDischargeCurrentA: maxA, minDischargeVoltageV: p.minDischargeVoltageV || 300, minBatteryDischargeLevelPct: 20, maxRemainingCapacityPct: 90 } }, version: '2.0' });
    out.push({ msg: { name: 'evDischargeEstimate', value: { estimatedDischargeTimeMin: 60, remainingDischargeTimeMin: 60 } }, version: '2.0' });
  }
  if (f.has('ev-unknown-chademo-id')) out.push({ frame: { id: 0x103, data: new Uint8Array(8) } });
  return out;
}

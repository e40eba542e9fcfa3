/**
 * Reference charger: its two compliant configurations, the state its sequence (charger.ts) and its cycle share,
 * the output each cycle (ramp towards the EV's request, never above it nor the available current; ramp down
 * on a stop) and the frames it sends (0x108, 0x109, 0x118 for a 1.2+ EV, 0x208/0x209 with discharge agreed),
 * with the frame faults applied here.
 */
import { versionAtLeast } from '../../chademo/framing/codec';
import {
  type ChargerStatusFlags,
  type ChademoVersion,
  type EvDischarge,
  type EvParams,
  type EvStatus,
  type EvTiming,
  type ExtendedFunctions,
  protocolNumber,
} from '../../chademo/types';
import { type Limits, nowMs, type Outgoing, truncated, encodeOut } from './runtime';

/** One compliant configuration (what its PICS declares, plus how fast it acts). Delays are real ms × timeScale. */
export interface ChargerProfile {
  versions: ChademoVersion[];
  dynamicControl: boolean;
  discharge: boolean;
  weldingDetection: boolean;
  maxVoltageV: number;
  maxCurrentA: number;
  /** Below this an EV's max battery voltage is incompatible too. */
  minVoltageV: number;
  /** 0x109 remaining time: in 10 s units (b6) or in minutes (b6 = 0xFF, b7). */
  remainingIn: '10s' | 'min';
  /** After k + 102.5.0: lock. */
  lockMs: number;
  insulationTestV: number;
  /** Test voltage held this long, then discharged over dischargeMs. */
  insulationMs: number;
  dischargeMs: number;
  /** Extra wait before d2 once the test is over. */
  d2DelayMs: number;
  /** Current request > 0 → 109.5.0 (limit chargingAfterRequestMs 500). */
  chargingDelayMs: number;
  rampUpAPerCycle: number;
  /** 2.0 discharge: what it discharges at (capped to the EV's 0x200 maximum). */
  dischargeDemandA: number;
  dischargeInputA: number;
}

export const CHARGER_PROFILES: Record<'default' | 'alt', ChargerProfile> = {
  default: {
    versions: ['0.9', '1.0', '1.1', '1.2', '2.0'], dynamicControl: true, discharge: true, weldingDetection: true,
    maxVoltageV: 500, maxCurrentA: 150, minVoltageV: 50, remainingIn: '10s',
    lockMs: 100, insulationTestV: 500, insulationMs: 300, dischargeMs: 100, d2DelayMs: 50, chargingDelayMs: 100, rampUpAPerCycle: 50,
    dischargeDemandA: 10, dischargeInputA: 30,
  },
  alt: {
    versions: ['0.9', '1.0', '1.1'], dynamicControl: false, discharge: false, weldingDetection: false,
    maxVoltageV: 450, maxCurrentA: 125, minVoltageV: 50, remainingIn: 'min',
    lockMs: 300, insulationTestV: 450, insulationMs: 800, dischargeMs: 300, d2DelayMs: 400, chargingDelayMs: 250, rampUpAPerCycle: 25,
    dischargeDemandA: 0, dischargeInputA: 0,
  },
};

export type ChargerPhase = 'idle' | 'init' | 'insulation' | 'precharge' | 'charging' | 'stopping' | 'ending';

/** What the charger last received from the EV. */
export interface EvSeen {
  params?: EvParams;
  timing?: EvTiming;
  status?: EvStatus;
  ext?: ExtendedFunctions;
  discharge?: EvDischarge;
  /** When the last 0x102 arrived (monotonic ms). */
  statusAtMs?: number;
}

export interface ChargerState {
  p: ChargerProfile;
  faults: ReadonlySet<string>;
  L: Limits;
  scale: number;
  maxVersion: ChademoVersion;
  /** The session's version (the charger's highest until the EV's 0x102 b0 is known). */
  version: ChademoVersion;
  pn: number;
  phase: ChargerPhase;
  ev: EvSeen;
  status: ChargerStatusFlags;
  /** Output current (what 0x109 b3 reports). */
  currentA: number;
  /** 0x108 b3. */
  availableA: number;
  /** The operator's limit (limitCurrent). */
  limitA: number;
  /** A stop trigger was ignored (an ignores-* fault): the output holds its value. */
  frozen: boolean;
  /** When the ramp down began (monotonic ms). */
  stopAtMs?: number;
  /** End of the EV's maximum charging time (monotonic ms), counted from the start of charging. */
  remainingEndMs?: number;
  sent108: number;
  chargingCycles: number;
}

export function dynamicAgreed(s: ChargerState): boolean {
  return versionAtLeast(s.version, '1.2') && s.p.dynamicControl && s.ev.ext?.dynamicControl === true;
}

export function dischargeAgreed(s: ChargerState): boolean {
  return s.version === '2.0' && s.p.discharge && s.ev.status?.status.dischargeCompatible === true;
}

/** The EV's maximum charging time (real ms; undefined: not given). */
export function maxChargingMs(t: EvTiming | undefined): number | undefined {
  if (!t) return undefined;
  if (t.maxChargingTime10s !== 0xff) return t.maxChargingTime10s > 0 ? t.maxChargingTime10s * 10_000 : undefined;
  return t.maxChargingTimeMin > 0 ? t.maxChargingTimeMin * 60_000 : undefined;
}

/** One cycle of the output: ramps towards the target while charging, down to 0 while stopping. */
export function outputTick(s: ChargerState): void {
  if (s.phase === 'charging') {
    s.chargingCycles++;
    if (s.frozen) return;
    const request = s.ev.status?.currentRequestA ?? 0;
    let target = s.faults.has('current-above-request') ? request + 15 : Math.min(request, s.availableA, s.limitA);
    target = Math.min(target, 255);
    if (s.faults.has('ignores-dynamic-request') && dynamicAgreed(s) && target < s.currentA && s.chargingCycles > 1) return;
    const step = s.p.rampUpAPerCycle;
    s.currentA = target > s.currentA ? Math.min(target, s.currentA + step) : target;
    return;
  }
  if (s.phase === 'stopping') {
    if (s.faults.has('late-ramp-down') && s.stopAtMs !== undefined && nowMs() - s.stopAtMs < 3 * s.L.rampDownMs) return;
    // halved at the trigger (charger.ts), 0 at the next cycle: ≤ 5 A one or two 0x109 after the trigger
    s.currentA = 0;
  }
}

/** The voltage 0x109 reports. */
function presentVoltage(s: ChargerState, inletV: number): number {
  const v = Math.round(inletV);
  return s.phase === 'charging' && s.faults.has('present-voltage-wrong') ? v + 30 : v;
}

function remaining(s: ChargerState): { remainingTime10s: number; remainingTimeMin: number } {
  const total = maxChargingMs(s.ev.timing);
  let realMs = total ?? 0;
  if (s.remainingEndMs !== undefined) realMs = Math.max(0, (s.remainingEndMs - nowMs()) / s.scale);
  const min = Math.min(255, Math.ceil(realMs / 60_000));
  const tens = Math.ceil(realMs / 10_000);
  if (s.p.remainingIn === 'min' || tens > 254) return { remainingTime10s: 0xff, remainingTimeMin: min };
  return { remainingTime10s: tens, remainingTimeMin: min };
}

function wirePn(s: ChargerState): number {
  if (!s.faults.has('wrong-protocol-number')) return s.pn;
  return s.pn === 3 ? 2 : s.pn + 1;
}

/** The frames of one cycle (n counts from the session's first cycle). */
export function chargerFrames(s: ChargerState, n: number, inletV: number): Outgoing[] {
  const v = s.version;
  const out: Outgoing[] = [];
  const evMax = s.ev.params?.maxBatteryVoltageV ?? 0;
  const threshold = evMax > 0 ? Math.min(s.p.maxVoltageV, evMax) : s.p.maxVoltageV;
  const params: Outgoing = {
    msg: { name: 'chargerParams', value: { weldingDetection: s.p.weldingDetection, availableVoltageV: s.p.maxVoltageV, availableCurrentA: s.availableA, thresholdVoltageV: threshold } },
    version: v,
  };
  if (s.faults.has('first-0x108-zeros') && s.sent108 < 3) out.push({ frame: { id: 0x108, data: new Uint8Array(8) } });
  else out.push(params);
  s.sent108++;
  const status: Outgoing = {
    msg: {
      name: 'chargerStatus',
      value: {
        protocolNumber: wirePn(s),
        presentVoltageV: presentVoltage(s, inletV),
        presentCurrentA: Math.round(s.currentA),
        dischargeCompatible: s.p.discharge && v === '2.0',
        status: { ...s.status, stopControl: s.status.stopControl || (s.status.charging && s.faults.has('charging-and-stop-control')) },
        ...remaining(s),
      },
    },
    version: v,
  };
  const gap = s.faults.has('missing-0x109-cycles') && s.phase === 'charging' && n % 10 >= 6;
  if (!gap) out.push(s.faults.has('wrong-dlc-109') ? { frame: truncated(encodeOut(status), 5) } : status);
  if (s.ev.ext && versionAtLeast(s.maxVersion, '1.2')) {
    out.push({ msg: { name: 'chargerExtended', value: { dynamicControl: s.p.dynamicControl, highCurrent: false, highVoltage: false } }, version: v === '2.0' ? v : '1.2' });
  }
  if (dischargeAgreed(s) && s.ev.discharge) {
    const evMaxA = s.ev.discharge.maxDischargeCurrentA;
    const dis = s.phase === 'charging' ? (s.faults.has('discharge-above-ev-limit') ? evMaxA + 10 : Math.min(s.p.dischargeDemandA, evMaxA)) : 0;
    out.push({
      msg: {
        name: 'chargerDischarge',
        value: { presentDischargeCurrentA: Math.min(255, dis), availableInputVoltageV: s.p.maxVoltageV, availableInputCurrentA: s.p.dischargeInputA, lowerThresholdVoltageV: s.ev.discharge.minDischargeVoltageV },
      },
      version: v,
    });
    out.push({ msg: { name: 'chargerDischargeEstimate', value: { remainingDischargeTimeMin: 30 } }, version: v });
  }
  if (s.faults.has('unknown-chademo-id')) out.push({ frame: { id: 0x10a, data: new Uint8Array(8) } });
  return out;
}

/** The version a negotiated protocol number stands for, within what this charger serves. */
export function versionForPn(pn: number, served: readonly ChademoVersion[], max: ChademoVersion): ChademoVersion {
  const mine = served.filter((x) => protocolNumber(x) === pn && versionAtLeast(max, x));
  return mine[mine.length - 1] ?? max;
}

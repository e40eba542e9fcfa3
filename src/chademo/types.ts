/**
 * CHAdeMO (charge sequence over CAN, 11-bit ids, 500 kbit/s, every frame cyclic at 100 ms): the shared vocabulary
 * of every layer — versions, frame ids, the decoded content of each frame, the digital lines, the bus a role
 * or a reference SUT is handed, and the sequence limits with their sources. Facts: the project's CAN facts
 * (FACTS.md, CHAdeMO section; paraphrased from open implementations: the standard's text was not available;
 * every value that decides a verdict is configurable, see CHADEMO_LIMITS).
 *
 * Layers (each imports only the ones below): transport/ (CAN channel from src/transport/can, digital lines) →
 * framing/ (byte codec per id and version, cyclic sender, cycle monitor) → roles/ (harness EV and charger) →
 * harness.ts (opens the bus from the rig, starts the reference SUT) → steps/chademo-*.steps.ts.
 */
import type { CanChannel } from '../transport/can/channel';
import type { Trace } from '../core/trace';

/** Protocol versions: 0.9 (0.9/0.9.1), 1.0 (1.0.x), 1.1, 1.2 (dynamic control), 2.0 (high power, V2X). */
export type ChademoVersion = '0.9' | '1.0' | '1.1' | '1.2' | '2.0';
export const CHADEMO_VERSIONS: readonly ChademoVersion[] = ['0.9', '1.0', '1.1', '1.2', '2.0'];

/** Protocol number carried in 0x102 b0 / 0x109 b0 (FACTS: 1 = 0.9/0.9.1, 2 = 1.0.x–1.2, 3 = 2.0). */
export function protocolNumber(v: ChademoVersion): number {
  return v === '0.9' ? 1 : v === '2.0' ? 3 : 2;
}

/** Frame ids (11-bit). */
export const CHADEMO_ID = {
  evParams: 0x100,
  evTiming: 0x101,
  evStatus: 0x102,
  chargerParams: 0x108,
  chargerStatus: 0x109,
  evExtended: 0x110,
  chargerExtended: 0x118,
  evDischarge: 0x200,
  evDischargeEstimate: 0x201,
  chargerDischarge: 0x208,
  chargerDischargeEstimate: 0x209,
} as const;
export type ChademoFrameName = keyof typeof CHADEMO_ID;
/** The ids the EV sends and the charger sends. */
export const EV_IDS: readonly number[] = [0x100, 0x101, 0x102, 0x110, 0x200, 0x201];
export const CHARGER_IDS: readonly number[] = [0x108, 0x109, 0x118, 0x208, 0x209];
/** The CHAdeMO id range a frame with an unknown id in it is malformed in (0x100–0x1FF and 0x200–0x20F). */
export function inChademoRange(id: number): boolean {
  return (id >= 0x100 && id <= 0x1ff) || (id >= 0x200 && id <= 0x20f);
}

/** 0x100 (EV): battery limits. */
export interface EvParams {
  /** b0 minimum charge current, A (1.0+; 0 on 0.9). */
  minChargeCurrentA: number;
  /** b2–3 minimum battery voltage, V (optional: 0). */
  minBatteryVoltageV: number;
  /** b4–5 maximum battery voltage, V. */
  maxBatteryVoltageV: number;
  /** b6 charged-rate reference constant (0x64 = 100 %). */
  chargedRateReference: number;
}
/** 0x101 (EV): charging time and capacity. */
export interface EvTiming {
  /** b1 maximum charging time in 10 s units (0xFF: use maxChargingTimeMin). */
  maxChargingTime10s: number;
  /** b2 maximum charging time, minutes. */
  maxChargingTimeMin: number;
  /** b3 estimated charging time, minutes (1.0+). */
  estimatedChargingTimeMin: number;
  /** b5–6 battery capacity ×0.1 kWh (optional: 0). */
  batteryCapacity100Wh: number;
}
/** 0x102 b4 (EV faults). */
export interface EvFaultFlags {
  overVoltage: boolean;
  underVoltage: boolean;
  currentDeviation: boolean;
  highTemperature: boolean;
  voltageDeviation: boolean;
}
/** 0x102 b5 (EV status). */
export interface EvStatusFlags {
  /** .0 charging enabled (the EV permits charging). */
  chargingEnabled: boolean;
  /** .1 shift lever not in park. */
  shiftLeverNotPark: boolean;
  /** .2 charging-system fault. */
  systemFault: boolean;
  /** .3 EV contactor open / welding detection done (1.0+). */
  contactorOpen: boolean;
  /** .4 normal stop request before charging. */
  stopBeforeCharging: boolean;
  /** .7 discharge compatible (2.0). */
  dischargeCompatible: boolean;
}
/** 0x102 (EV): the cyclic request. */
export interface EvStatus {
  protocolNumber: number;
  targetVoltageV: number;
  currentRequestA: number;
  faults: EvFaultFlags;
  status: EvStatusFlags;
  /** b6 state of charge, % (or charged rate against chargedRateReference). */
  socPct: number;
}
/** 0x108 (charger): what it can deliver. */
export interface ChargerParams {
  /** b0 welding-detection support (nonzero: supported). */
  weldingDetection: boolean;
  availableVoltageV: number;
  availableCurrentA: number;
  /** b4–5 threshold voltage, V (the charger stops above it). */
  thresholdVoltageV: number;
}
/** 0x109 b5 (charger status). */
export interface ChargerStatusFlags {
  /** .0 charger is charging (energy transfer). */
  charging: boolean;
  /** .1 charger malfunction. */
  malfunction: boolean;
  /** .2 connector locked (1.1: energizing). */
  connectorLocked: boolean;
  /** .3 battery incompatible. */
  batteryIncompatible: boolean;
  /** .4 charging-system malfunction. */
  systemMalfunction: boolean;
  /** .5 stop control: set before and after charging, never together with .0. */
  stopControl: boolean;
}
/** 0x109 (charger): the cyclic status. */
export interface ChargerStatus {
  protocolNumber: number;
  presentVoltageV: number;
  presentCurrentA: number;
  /** b4 discharge compatible (2.0). */
  dischargeCompatible: boolean;
  status: ChargerStatusFlags;
  /** b6 remaining time in 10 s units (0xFF: use remainingTimeMin). */
  remainingTime10s: number;
  remainingTimeMin: number;
}
/** 0x110 / 0x118: extended functions (1.2+/2.0). */
export interface ExtendedFunctions {
  dynamicControl: boolean;
  highCurrent: boolean;
  highVoltage: boolean;
}
/** 0x200 (EV, 2.0 V2X): discharge limits; currents are carried inverted on the wire (0xFF − I). */
export interface EvDischarge {
  maxDischargeCurrentA: number;
  minDischargeVoltageV: number;
  minBatteryDischargeLevelPct: number;
  maxRemainingCapacityPct: number;
}
/** 0x208 (charger, 2.0 V2X): present discharge current and limits; currents inverted on the wire. */
export interface ChargerDischarge {
  presentDischargeCurrentA: number;
  availableInputVoltageV: number;
  availableInputCurrentA: number;
  lowerThresholdVoltageV: number;
}

/** One decoded CHAdeMO frame. `raw` keeps the bytes (a verdict quotes them). */
export type ChademoMessage =
  | { name: 'evParams'; value: EvParams }
  | { name: 'evTiming'; value: EvTiming }
  | { name: 'evStatus'; value: EvStatus }
  | { name: 'chargerParams'; value: ChargerParams }
  | { name: 'chargerStatus'; value: ChargerStatus }
  | { name: 'evExtended'; value: ExtendedFunctions }
  | { name: 'chargerExtended'; value: ExtendedFunctions }
  | { name: 'evDischarge'; value: EvDischarge }
  | { name: 'evDischargeEstimate'; value: { estimatedDischargeTimeMin: number; remainingDischargeTimeMin: number } }
  | { name: 'chargerDischarge'; value: ChargerDischarge }
  | { name: 'chargerDischargeEstimate'; value: { remainingDischargeTimeMin: number } };

/**
 * The digital lines of the charge sequence (not CAN): d1 and d2 are driven by the charger (charge sequence
 * signals 1 and 2), k by the EV (charge permission), lock by the charger (connector lock), proximity by the
 * plug (connector inserted), inletVoltageV is the DC voltage at the EV inlet (analog, volts; driven by the
 * charger's output, the EV's battery behind closed contactors, the insulation test).
 */
export type DigitalLine = 'd1' | 'd2' | 'k' | 'lock' | 'proximity';
export type LineDriver = 'charger' | 'ev' | 'plug';
export const LINE_DRIVER: Readonly<Record<DigitalLine, LineDriver>> = { d1: 'charger', d2: 'charger', k: 'ev', lock: 'charger', proximity: 'plug' };

export interface LineChange {
  /** A digital line or the inlet voltage. */
  line: DigitalLine | 'inletVoltageV';
  value: boolean | number;
  /** Monotonic µs (src/core/clock.ts monoUs) when this end saw it. */
  tUs: number;
}

/**
 * One end's view of the digital lines (transport/lines-*.ts): it drives the lines its side drives and sees all.
 * The harness's end records every change in the trace (protocol `chademo-line`), like a CAN frame.
 */
export interface ChademoLines {
  readonly side: 'charger' | 'ev';
  /** Drives a line this side drives (throws naming the line otherwise). */
  set(line: DigitalLine, value: boolean): void;
  /**
   * Drives this side's source on the DC lines: the charger its output or insulation-test voltage, the EV its
   * battery voltage while its contactors are closed (0 when open). The inlet shows the higher of the two.
   */
  setInletVoltage(volts: number): void;
  get(line: DigitalLine): boolean;
  inletVoltageV(): number;
  onChange(listener: (c: LineChange) => void): () => void;
  close(): void;
}

/** What a role or a reference SUT is handed: the CAN channel (SocketCAN vcan0 / can0) and its end of the lines. */
export interface ChademoBus {
  can: CanChannel;
  lines: ChademoLines;
  trace?: Trace;
}

/**
 * Sequence limits, ms unless named otherwise, with their source. Rig `timeouts.chademo.<name>` overrides one;
 * on the reference rig every *Ms value (cycle period included) is multiplied by the rig's chademo time scale.
 */
export interface ChademoLimit {
  value: number;
  source: string;
}
const F = 'FACTS.md (CHAdeMO sequence, paraphrased from open implementations)';
export const CHADEMO_LIMITS = {
  cyclePeriodMs: { value: 100, source: `${F}: every frame cyclic at 100 ms` },
  cycleToleranceMs: { value: 20, source: 'harness default: period within ±20 % of 100 ms (configurable)' },
  silenceMs: { value: 1000, source: `${F}: no request update for 1 s is a stop trigger` },
  kAfterD1Ms: { value: 8000, source: `${F}: EV closes k and sets 102.5.0 within 8 s of d1` },
  d2AfterKMs: { value: 20000, source: `${F}: d2 within 20 s of k` },
  contactorAfterD2Ms: { value: 4000, source: `${F}: EV clears 102.5.3 within 4 s of d2` },
  v09ContactorWaitMs: { value: 2000, source: `${F}: 0.9 has no 102.5.3; wait 2 s or inlet > 50 V` },
  requestAfterContactorMs: { value: 4000, source: `${F}: current request > 0 within 4 s` },
  chargingAfterRequestMs: { value: 500, source: `${F}: charger sets 109.5.0 and clears .5 within 0.5 s` },
  rampDownMs: { value: 500, source: `${F}: output ≤ 5 A within 0.5 s of k off / stop` },
  weldingDetectionMs: { value: 4000, source: `${F}: EV sets 102.5.3 within 4 s after stop` },
  weldingDetectionHardMs: { value: 10000, source: `${F}: hard limit 10 s` },
  currentDeviationMs: { value: 5000, source: `${F}: current deviation > 10 A for > 5 s is a stop trigger` },
  currentDeviationA: { value: 10, source: `${F}: deviation > 10 A` },
  stopCurrentA: { value: 5, source: `${F}: output ≤ 5 A` },
  safeVoltageV: { value: 10, source: `${F}: EV contactors open check < 10 V; unlock below 10 V` },
  insulationResidualV: { value: 20, source: `${F}: after the insulation test < 20 V` },
  v09InletV: { value: 50, source: `${F}: 0.9 inlet > 50 V` },
} satisfies Record<string, ChademoLimit>;
export type ChademoLimitName = keyof typeof CHADEMO_LIMITS;

/**
 * PICS section `chademo` (fixtures/pics/…/chademo-charger.json, chademo-ev.json): what the SUT declares. A
 * scenario needing what the SUT does not declare is not applicable, naming the field.
 */
export interface ChademoPics {
  /** The protocol versions the SUT implements (a charger: the EV versions it serves; an EV: the one it speaks, first). */
  versions: ChademoVersion[];
  /** 1.2+: dynamic current control (0x110 / 0x118 .0). */
  dynamicControl?: boolean;
  /** 2.0: V2X discharge (0x200/0x201 ↔ 0x208/0x209). */
  discharge?: boolean;
  /** Charger: welding detection supported (0x108 b0). */
  weldingDetection?: boolean;
  /** Charger: rated output. */
  maxVoltageV?: number;
  maxCurrentA?: number;
  /** EV: battery. */
  battery?: { maxVoltageV: number; minVoltageV?: number; nominalVoltageV?: number; capacityKWh?: number; socPct?: number };
  /** EV: the current it requests in steady charging, A. */
  requestCurrentA?: number;
}

/** Actions asked of the SUT's own operator or driver (a person, or the reference SUT's control API). */
export interface ChademoChargerOperator {
  /** The charger's start button / authorisation: the charger begins the sequence (sets d1). */
  start(): Promise<void>;
  /** The charger's stop button. */
  stop(): Promise<void>;
  /** The charger's emergency stop: a charger malfunction (109.5.1). */
  emergencyStop(): Promise<void>;
  /** Lowers the available current (0x108 b3) during charging (dynamic control, 1.2+). */
  limitCurrent(amps: number): Promise<void>;
}
export interface ChademoEvOperator {
  /** The driver plugs the connector in (proximity). */
  plugIn(): Promise<void>;
  /** The driver's stop (the EV clears 102.5.0). */
  stop(): Promise<void>;
  /** The shift lever leaves park (102.5.1). */
  shiftOutOfPark(): Promise<void>;
  /** An EV fault (102.4.x) or a charging-system fault (102.5.2). */
  fault(kind: keyof EvFaultFlags | 'systemFault'): Promise<void>;
  /** The battery is full: the EV ramps its request down and stops. */
  batteryFull(): Promise<void>;
}

/** What a harness role (roles/ev.ts, roles/charger.ts) is constructed with (by harness.ts). */
export interface ChademoRoleContext {
  bus: ChademoBus;
  trace: Trace;
  /** The version the harness plays (from the scenario's version tag, else the SUT's first PICS version). */
  version: ChademoVersion;
  /** CHADEMO_LIMITS with the rig's overrides, *Ms values scaled by `scale`. */
  limits: Record<ChademoLimitName, number>;
  /** Time scale (1 on a real rig; the rig's chademo.timeScale on the reference rig). */
  scale: number;
  pics?: ChademoPics;
  /** Names where the values came from, for verdict messages: `PICS 'x'` or `rig 'y'`. */
  picsSource: string;
  onCleanup: (name: string, fn: () => Promise<void> | void) => void;
}

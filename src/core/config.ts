/**
 * Harness-wide timing: per-protocol timeouts (every wait is bounded by one of these) and the time-compression
 * factor applied to protocol intervals when running against reference SUTs.
 */
import { ConfigError } from './errors';

export type TimeoutTable = Record<string, Record<string, number>>;

/** Defaults in milliseconds. Rig configs override any entry: `timeouts: { ocpp: { response: 30000 } }`. */
export const DEFAULT_TIMEOUTS: TimeoutTable = {
  ocpp: {
    /** Station connecting to the harness CSMS, or harness connecting to a CSMS. */
    connect: 10_000,
    /** Waiting for the CALLRESULT/CALLERROR of a CALL the harness sent. */
    response: 5_000,
    /** Waiting for a message the SUT should send on its own (expect steps). */
    expect: 8_000,
    /** Default window for "no such message within T". */
    quiet: 1_500,
    /** After the last step, before teardown closes the connections: late frames still arrive and are judged. */
    drain: 100,
  },
  uds: { p2: 50, p2Star: 5_000, expect: 2_000, s3: 5_000 },
  isotp: { nAs: 1_000, nBs: 1_000, nCr: 1_000 },
  doip: { ctrl: 2_000, initialInactivity: 2_000, expect: 2_000 },
  /** V2G: `connect` bounds SDP + TCP/TLS set-up, `expect` a wait no V2G timer covers. The timers themselves (src/v2g/timers.ts) are overridable here by name. */
  v2g: { connect: 5_000, expect: 8_000 },
  /** Pilot line: `expect` bounds a wait for a line state no Annex A limit covers; `poll` is a bench line's instrument poll period. The Annex A limits themselves (src/iec61851/model/timings.ts) are overridable here by name. */
  iec61851: { expect: 8_000, poll: 20 },
  can: { expect: 2_000 },
  rig: { start: 60_000, stop: 15_000 },
};

/**
 * Timeouts a rig may set that have no default (derived when absent): `steps.backstop`, cucumber's step timeout
 * (src/core/limits.ts). With DEFAULT_TIMEOUTS, the whole list schemas/rig.schema.json accepts under `timeouts`.
 */
export const OPTIONAL_TIMEOUTS: Readonly<Record<string, readonly string[]>> = {
  steps: ['backstop'],
  // the V2G timers of src/v2g/timers.ts (a unit test keeps the two lists equal)
  v2g: ['evccMessage', 'evccMessageLong', 'evccCurrentDemand', 'evccChargeLoop20', 'dinPowerDelivery', 'seccPerformance', 'seccPerformanceLong', 'seccCurrentDemand', 'seccChargeLoop20', 'seccSequence', 'evccCommunicationSetup', 'seccCommunicationSetup', 'evccOngoing', 'seccOngoing', 'evccCableCheck', 'seccCableCheck', 'evccPreCharge', 'seccPreCharge', 'preCharge20', 'sdpRetryInterval', 'sdpRetries', 'cpStateCAfterPowerDelivery'],
  // the CHAdeMO sequence limits of src/chademo/types.ts CHADEMO_LIMITS (overridable by name, none has a default here)
  chademo: ['cyclePeriodMs', 'cycleToleranceMs', 'silenceMs', 'kAfterD1Ms', 'd2AfterKMs', 'contactorAfterD2Ms', 'v09ContactorWaitMs', 'requestAfterContactorMs', 'chargingAfterRequestMs', 'rampDownMs', 'weldingDetectionMs', 'weldingDetectionHardMs', 'currentDeviationMs', 'currentDeviationA', 'stopCurrentA', 'safeVoltageV', 'insulationResidualV', 'v09InletV'],
  iec61851: ['powerOnAfterC', 'powerOffAfterB', 'powerOffAfterUnplug', 'evStopReaction', 'forcedOffAfterStop', 'evFollowsDuty', 'stepX1', 'powerOffAfterError', 'minDutyUpdateInterval'],
};

export class Timeouts {
  private readonly table: TimeoutTable;
  constructor(overrides: TimeoutTable = {}) {
    this.table = {};
    for (const [proto, values] of Object.entries(DEFAULT_TIMEOUTS)) this.table[proto] = { ...values };
    for (const [proto, values] of Object.entries(overrides)) this.table[proto] = { ...(this.table[proto] ?? {}), ...values };
  }

  get(protocol: string, name: string): number {
    const v = this.table[protocol]?.[name];
    if (v === undefined) throw new ConfigError('timeouts', `${protocol}.${name}`, 'no such timeout (add it to the rig config)');
    return v;
  }

  toJSON(): TimeoutTable {
    return this.table;
  }
}

/** Converts a protocol interval in seconds to the wall-clock milliseconds used under time compression. */
export function scaledMs(seconds: number, timeScale: number): number {
  return Math.max(1, Math.round(seconds * 1000 * timeScale));
}

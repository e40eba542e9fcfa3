/**
 * What the harness EV is doing (owned by roles/ev.ts, read by the judge in roles/ev-judge.ts): the values it
 * sends, when it changed them, the stop it triggered. Stamps are monotonic µs of the moment the change took
 * effect on this side (the next 0x102 cycle carries it; the judge allows that one cycle where a limit runs
 * from the EV's frame).
 */
import type { ChademoVersion } from '../types';

export type StopCause =
  | 'k off'
  | '102.5.0 cleared'
  | 'shift lever (102.5.1)'
  | 'charging-system fault (102.5.2)'
  | 'overvoltage (102.4.0)'
  | 'undervoltage (102.4.1)'
  | 'current deviation (102.4.2)'
  | 'high temperature (102.4.3)'
  | 'voltage deviation (102.4.4)'
  | 'stop before charging (102.5.4)'
  | 'CAN silence'
  | 'contactors opened under load (102.5.3)'
  | 'charger malfunction (109.5.1)'
  | 'charger stop'
  | 'battery incompatible (109.5.3)'
  | 'remaining time 0';

export interface StopEvent {
  cause: StopCause;
  /** monoUs the stop took effect (the EV's change, or the charger's first frame showing it). */
  atUs: number;
  /** The EV still talks and reports welding detection (102.5.3) after the stop: the charger keeps d2 until then. */
  evReportsWelding: boolean;
  /** Carried by the EV's next 0x102 (the charger sees it up to one cycle later: the judge allows that cycle). */
  viaCan: boolean;
}

export interface RequestChange {
  tUs: number;
  currentA: number;
}

export class EvState {
  /** monoUs the EV started sending 0x102 (undefined: not yet). */
  statusSinceUs: number | undefined;
  kClosedAtUs: number | undefined;
  kOpenedAtUs: number | undefined;
  /** EV contactors closed (battery on the inlet) since, undefined when open. */
  contactorsClosedAtUs: number | undefined;
  /** monoUs of the first 0x102 carrying a request > 0 (undefined: none yet). */
  requestedAtUs: number | undefined;
  /** Every request the EV set, oldest first. */
  readonly requests: RequestChange[] = [{ tUs: 0, currentA: 0 }];
  stop: StopEvent | undefined;
  /** monoUs the EV reported welding detection done (102.5.3 set) after the stop. */
  weldingReportedAtUs: number | undefined;
  /** The EV offered dynamic control (0x110 .0, 1.2+). */
  dynamicOffered = false;
  /** The EV's maximum discharge current (0x200, 2.0), when it offers discharge. */
  maxDischargeA: number | undefined;
  /** The EV's maximum battery voltage (0x100). */
  maxBatteryVoltageV = 0;
  silent = false;
  /** The EV's 0x101 b1 maximum charging time in 10 s units (0xFF: none declared, b2 minutes apply). */
  maxChargingTime10s = 0xff;

  constructor(readonly version: ChademoVersion) {}

  get requestA(): number {
    return this.requests[this.requests.length - 1].currentA;
  }

  setRequest(tUs: number, currentA: number): void {
    this.requests.push({ tUs, currentA });
    if (currentA > 0) this.requestedAtUs ??= tUs;
  }

  /** The highest request in effect at any time in [sinceUs, now] (a charger follows a lowered request within a window). */
  maxRequestSince(sinceUs: number): number {
    let max = 0;
    for (let i = 0; i < this.requests.length; i++) {
      const r = this.requests[i];
      const next = this.requests[i + 1];
      if (!next || next.tUs >= sinceUs) max = Math.max(max, r.currentA);
    }
    return max;
  }

  triggerStop(cause: StopCause, atUs: number, evReportsWelding: boolean, viaCan: boolean): StopEvent {
    this.stop ??= { cause, atUs, evReportsWelding, viaCan };
    return this.stop;
  }
}

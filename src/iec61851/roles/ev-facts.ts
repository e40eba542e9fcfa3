/**
 * The pilot model facts the harness's EV judges by, in the one shape its checks use. Every value comes from
 * src/iec61851/model (bands, duty ↔ current, PP coding, PWM tolerances): nothing is re-derived here.
 */
import type { PilotObservation } from '../line/types';
import { classifyCp, CP_NOMINAL_V, CP_TOLERANCE_V, type CpClass } from '../model/cp';
import { currentForDuty, dutyForCurrent, DUTY_TOLERANCE_PCT } from '../model/duty';
import { PP_CODING } from '../model/pp';
import { PWM_FREQUENCY_HZ, PWM_FREQUENCY_TOLERANCE_HZ } from '../model/pwm';

export { CP_NOMINAL_V, CP_TOLERANCE_V, DUTY_TOLERANCE_PCT, PWM_FREQUENCY_HZ, PWM_FREQUENCY_TOLERANCE_HZ };

export const PP_CODINGS: readonly { ohms: number; currentA: number }[] = PP_CODING;

export function cpOf(o: PilotObservation): CpClass {
  return classifyCp(o);
}

/** The current a duty offers (A), or null when the duty offers none (no PWM, digital communication, out of band). */
export function offeredA(dutyPct: number): number | null {
  return currentForDuty(dutyPct);
}

/** The duty that encodes `currentA`. */
export function dutyOf(currentA: number): number {
  return dutyForCurrent(currentA);
}

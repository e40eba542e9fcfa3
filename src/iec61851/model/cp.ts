/**
 * Control pilot state from what an instrument measures (pure, no I/O): the CP high level decides the state,
 * PWM presence decides X1/X2 (1/2), the low level decides the diode check.
 *
 * Source of the nominal levels and of the ±1 V detection windows: IEC 61851-1 Table A.4 as cited by open EVSE
 * stacks and one public test guide (can/FACTS.md of the steering reference, section IEC 61851-1; data/PROVENANCE.md). The tolerance is a
 * parameter (rig / PICS may narrow or widen it).
 */

export type CpState = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

/** Nominal CP high level of each state, volts (IEC 61851-1 Table A.4 as cited: A +12, B +9, C +6, D +3, E 0, F −12). */
export const CP_NOMINAL_V: Readonly<Record<CpState, number>> = { A: 12, B: 9, C: 6, D: 3, E: 0, F: -12 };

/** Half-width of each detection window, volts (±1 V as cited; FACTS.md "State detection windows ±1 V"). */
export const CP_TOLERANCE_V = 1;

/** Nominal PWM low level with a healthy EV diode, volts (FACTS.md "PWM low level −12 V (diode check)"). */
export const CP_LOW_NOMINAL_V = -12;

/** What classification needs of an observation (a PilotObservation has all of these). */
export interface CpLevels {
  cpHighV: number;
  cpLowV: number;
  frequencyHz: number;
  dutyPct: number;
}

export interface CpClassifyOptions {
  /** Half-width of each state's window around its nominal level, V (default CP_TOLERANCE_V). */
  toleranceV?: number;
  /** Half-width of the diode check window around −12 V, V (default CP_TOLERANCE_V). */
  lowToleranceV?: number;
}

export type DiodeCheck = 'ok' | 'fault' | 'unknown';

export interface CpClass {
  /** The state whose window holds the high level; null when the level is between windows (invalid). */
  state: CpState | null;
  /** PWM present (X2): a frequency and a duty strictly between 0 and 100 %. */
  pwm: boolean;
  /** `A1`…`D2` for A–D (1 = no PWM, 2 = PWM), `E`, `F`, or `invalid (7.3 V)`. */
  label: string;
  /**
   * Diode check from the low level: `ok` when the low level is within −12 V ± tolerance, `fault` when PWM is
   * on and it is not (diode shorted or missing: the low level follows the EV's load), `unknown` without PWM on
   * a positive level (there is no low phase to look at).
   */
  diode: DiodeCheck;
}

/** PWM present: the line oscillates (a frequency) with both a high and a low phase. */
export function pwmPresent(o: Pick<CpLevels, 'frequencyHz' | 'dutyPct'>): boolean {
  return o.frequencyHz > 0 && o.dutyPct > 0 && o.dutyPct < 100;
}

/** The state whose window [nominal − tol, nominal + tol] holds `highV` (edges inclusive), or null. */
export function stateOfLevel(highV: number, toleranceV = CP_TOLERANCE_V): CpState | null {
  if (!Number.isFinite(highV)) return null;
  for (const s of Object.keys(CP_NOMINAL_V) as CpState[]) {
    if (Math.abs(highV - CP_NOMINAL_V[s]) <= toleranceV + 1e-9) return s;
  }
  return null;
}

/** Diode check of one measurement (see CpClass.diode). */
export function diodeCheck(o: CpLevels, lowToleranceV = CP_TOLERANCE_V): DiodeCheck {
  if (Math.abs(o.cpLowV - CP_LOW_NOMINAL_V) <= lowToleranceV + 1e-9) return 'ok';
  return pwmPresent(o) ? 'fault' : 'unknown';
}

export function classifyCp(o: CpLevels, opts: CpClassifyOptions = {}): CpClass {
  const state = stateOfLevel(o.cpHighV, opts.toleranceV ?? CP_TOLERANCE_V);
  const pwm = pwmPresent(o);
  const diode = diodeCheck(o, opts.lowToleranceV ?? CP_TOLERANCE_V);
  let label: string;
  if (state === null) label = `invalid (${o.cpHighV.toFixed(1)} V)`;
  else if (state === 'E' || state === 'F') label = state;
  else label = `${state}${pwm ? 2 : 1}`;
  return { state, pwm, label, diode };
}

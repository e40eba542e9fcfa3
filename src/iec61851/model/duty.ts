/**
 * PWM duty ↔ current (pure): what a duty cycle offers the EV and which duty offers a given current.
 *
 * Bands (IEC 61851-1 Table A.7/A.8 as cited by open EVSE stacks; FACTS.md section IEC 61851-1; the issue):
 *   d < 3 %            no charging
 *   3 % ≤ d ≤ 7 %      digital communication required (nominal 5 %: ISO 15118 / DIN 70121 HLC)
 *   7 % < d < 8 %      no charging
 *   8 % ≤ d < 10 %     6 A
 *   10 % ≤ d ≤ 85 %    I = 0.6 · d
 *   85 % < d ≤ 96 %    I = (d − 64) · 2.5
 *   96 % < d ≤ 97 %    80 A
 *   97 % < d < 100 %   no charging
 *   d = 100 % (or 0 %) no PWM (X1): a steady level, no offer
 * Edge ownership (which band an exact edge belongs to) follows the open stacks' comparisons (open_evse,
 * EVerest): 10 % and 85 % are in the 0.6·d band, 96 % in the (d − 64)·2.5 band (both give 80 A there).
 */

export type DutyMeaning =
  | { kind: 'no-pwm' }
  | { kind: 'none'; why: string }
  | { kind: 'digital'; hlc: boolean }
  | { kind: 'current'; currentA: number };

/** Nominal duty that asks for digital communication (high-level communication, ISO 15118 / DIN 70121). */
export const DUTY_HLC_PCT = 5;

/**
 * How far a measured duty may be from the duty that encodes the expected current, percentage points. Not in
 * FACTS.md: an assumption (±0.5 points, the generator accuracy EVSE designs commonly state); roles take it
 * as a default that a rig or PICS can override.
 */
export const DUTY_TOLERANCE_PCT = 0.5;

/** How close to 5 % a digital-communication duty counts as the HLC nominal, percentage points (assumption). */
export const HLC_TOLERANCE_PCT = 0.5;

/** Smallest and largest current a PWM duty can offer, A (8 %/10 % → 6 A; 96–97 % → 80 A). */
export const MIN_OFFER_A = 6;
export const MAX_OFFER_A = 80;

/** What a duty cycle means to the EV (see the table above). */
export function dutyMeaning(dutyPct: number): DutyMeaning {
  const d = dutyPct;
  if (!Number.isFinite(d) || d <= 0 || d >= 100) return { kind: 'no-pwm' };
  if (d < 3) return { kind: 'none', why: 'duty below 3 %' };
  if (d <= 7) return { kind: 'digital', hlc: Math.abs(d - DUTY_HLC_PCT) <= HLC_TOLERANCE_PCT };
  if (d < 8) return { kind: 'none', why: 'duty between 7 % and 8 %' };
  if (d < 10) return { kind: 'current', currentA: 6 };
  if (d <= 85) return { kind: 'current', currentA: round3(0.6 * d) };
  if (d <= 96) return { kind: 'current', currentA: round3((d - 64) * 2.5) };
  if (d <= 97) return { kind: 'current', currentA: 80 };
  return { kind: 'none', why: 'duty above 97 %' };
}

/** The current a duty offers for basic charging, A; null when it offers none (no PWM, digital communication, out of band). */
export function currentForDuty(dutyPct: number): number | null {
  const m = dutyMeaning(dutyPct);
  return m.kind === 'current' ? m.currentA : null;
}

/**
 * The duty that offers `currentA`: I / 0.6 for 6–51 A, I / 2.5 + 64 above 51 A up to 80 A. Between 51 A and
 * 52.5 A no duty encodes the value exactly: 85 % (51 A) is returned, never a duty that offers more than asked.
 * Throws a RangeError below 6 A or above 80 A (no duty offers that; a caller that wants "no charging" uses
 * X1 or a duty outside the bands on purpose). Rounded to 0.01 %.
 */
export function dutyForCurrent(currentA: number): number {
  if (!Number.isFinite(currentA) || currentA < MIN_OFFER_A || currentA > MAX_OFFER_A) {
    throw new RangeError(`no PWM duty offers ${currentA} A: basic charging duties offer ${MIN_OFFER_A}–${MAX_OFFER_A} A (IEC 61851-1 Table A.7 as cited)`);
  }
  let d: number;
  if (currentA <= 51) d = currentA / 0.6;
  else if (currentA < 52.5) d = 85;
  else d = currentA / 2.5 + 64;
  // down to 0.01 %: the duty never offers more than currentA through rounding (1e-6 absorbs float error)
  return Math.floor(d * 100 + 1e-6) / 100;
}

/** Current the EV may draw under a duty: the offer, or 0 when the duty offers none. */
export function allowedCurrentA(dutyPct: number): number {
  return currentForDuty(dutyPct) ?? 0;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * PWM frequency (pure). Nominal 1 kHz (IEC 61851-1 as cited, FACTS.md); accepted 980–1020 Hz as in one public
 * test guide (FACTS.md: "frequency accepted 980–1020 Hz"). The tolerance is a parameter (rig / PICS).
 */

export const PWM_FREQUENCY_HZ = 1000;

/** Half-width of the accepted window around 1000 Hz, Hz (980–1020 Hz). */
export const PWM_FREQUENCY_TOLERANCE_HZ = 20;

export type FrequencyCheck = 'ok' | 'too-low' | 'too-high' | 'no-pwm';

/** Checks a measured PWM frequency: within [1000 − tol, 1000 + tol] Hz (edges accepted). */
export function checkFrequency(frequencyHz: number, toleranceHz = PWM_FREQUENCY_TOLERANCE_HZ): FrequencyCheck {
  if (!(frequencyHz > 0)) return 'no-pwm';
  if (frequencyHz < PWM_FREQUENCY_HZ - toleranceHz - 1e-9) return 'too-low';
  if (frequencyHz > PWM_FREQUENCY_HZ + toleranceHz + 1e-9) return 'too-high';
  return 'ok';
}

export function frequencyOk(frequencyHz: number, toleranceHz = PWM_FREQUENCY_TOLERANCE_HZ): boolean {
  return checkFrequency(frequencyHz, toleranceHz) === 'ok';
}

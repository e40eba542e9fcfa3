/**
 * Named faults of the reference pilot SUTs: each turns one compliant behaviour into the named violation, so a
 * scenario aimed at that behaviour must fail under it. Names are fixed (the scenario catalogues aim at them).
 */

/** Reference EVSE (catalogue `iec61851-evse`, scenarios where the harness plays the EV). */
export const EVSE_FAULTS: Record<string, string> = {
  'contactor-closes-late': 'closes the contactor 2.5× powerOnAfterC after the EV goes B→C',
  'contactor-opens-late': 'opens the contactor 4× powerOffAfterB after C→B (also on unplug under load)',
  'closes-in-state-b': 'closes the contactor while the EV is in B (S2 open) and PWM is on',
  'wrong-duty-for-current': 'duty encodes 25 % more current than it means to offer',
  'ignores-cable-limit': "offers its max current regardless of the cable's PP resistor",
  'ignores-pp-open': 'charges with no PP resistor on its socket outlet (no cable)',
  'no-diode-check': "charges although the EV's CP diode is shorted (PWM low level not −12 V)",
  'no-state-f-on-fault': 'on a diode fault or state E keeps +12 V/PWM instead of state F (still opens the contactor)',
  'no-power-off-on-error': 'keeps the contactor closed in state E (CP shorted to PE)',
  'pwm-in-state-a': 'PWM on with no EV connected (A2)',
  'late-pwm': 'switches PWM on 2× stepX1 after plug-in',
  'bad-pwm-frequency': 'PWM at 1100 Hz',
  'no-power-in-d': 'declares ventilation support but never closes (opens) the contactor in state D',
  'no-forced-off': 'never forces power off when the EV ignores a stop request (seq 10.2)',
  'forced-off-early': 'forces power off under load 0.5× evStopReaction after removing PWM (before the EV had its time)',
  'keeps-pwm-on-stop': 'ignores its stop input: PWM (and power) stay on after a stop request',
  'ignores-unavailable': 'asked by its operator to become unavailable, keeps offering (no state F)',
};

/** Reference EV (catalogue `iec61851-ev`, scenarios where the harness plays the EVSE). */
export const EV_FAULTS: Record<string, string> = {
  'ev-ignores-duty-reduction': 'keeps drawing the old current after a duty decrease',
  'ev-slow-follow': 'follows a duty change only after 2× evFollowsDuty',
  'ev-overdraws': 'draws 20 % above the current the duty allows',
  'ev-charges-without-pwm': 'closes S2 and draws with no PWM (X1)',
  'ev-late-stop': 'opens S2 2× evStopReaction after PWM goes off',
  'ev-ignores-stop': 'never opens S2 after PWM goes off',
  'ev-draws-in-b': 'opens S2 but keeps drawing current (draws in B while the contactor is closed)',
  'ev-shorted-diode': 'its CP diode is shorted (PWM low level about −9 V instead of −12 V)',
  'ev-wrong-r2': 'state B resistor wrong (CP high level about 7.3 V, out of the B band)',
  'ev-no-ventilation-request': 'needs ventilation but signals C instead of D',
  'ev-charges-on-5pct': 'with 5 % duty (digital communication required) closes S2 and draws as in basic charging',
  'ev-ignores-state-f': 'closes S2 (and stays closed) while the EVSE holds state F',
  'ev-below-min-draw': 'keeps charging at its minimum current when the duty allows less than that',
};

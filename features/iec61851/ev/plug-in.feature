@iec61851 @sut:ev
Feature: EV at plug-in and without an offer (IEC 61851-1 Annex A seq 1.1, 3.1; harness = EVSE)
  The harness plays the EVSE: it holds +12 V steady (X1) until it offers current by PWM, and measures what the
  EV under test puts on the control pilot. Plugged in, the EV shows state B (R2 2.74 kΩ behind its diode); it
  closes S2 only once the EVSE offers basic charging by PWM, never at +12 V steady, in state F or at 5 % duty
  (digital communication required). EV values come from its PICS (protocol iec61851, sut ev); the limits and
  their sources are in data/catalogues/iec61851-ev.csv.

  @IEC61851-EV-001 @fault:ev-wrong-r2
  Scenario: Plugged in, the EV shows state B with its CP level inside the B window
    Then the EV under test shows state B within the B window

  @IEC61851-EV-002 @fault:ev-charges-without-pwm
  Scenario: Without PWM the EV does not close S2 or draw current
    Given the EV under test is plugged in
    Then the EV under test does not charge without PWM for evFollowsDuty

  @IEC61851-EV-003 @fault:ev-shorted-diode
  Scenario: When PWM comes on, the PWM low level shows the EV's diode (−12 V)
    Given the EV under test is plugged in
    When the test EVSE offers its maximum current
    Then the PWM low level shows a healthy EV diode

  @IEC61851-EV-004 @fault:ev-charges-on-5pct
  Scenario: At 5 % duty (digital communication required) the EV does not start basic charging
    Given the EV under test is plugged in
    When the test EVSE offers a duty of 5 %
    Then the EV under test does not charge at 5 % duty for evFollowsDuty

  @IEC61851-EV-005 @fault:ev-ignores-state-f
  Scenario: While the EVSE holds state F the EV does not close S2, and it is in B when F ends
    Given the EV under test is plugged in
    When the test EVSE enters state F
    Then the EV under test does not charge in state F for evFollowsDuty
    When the test EVSE leaves state F
    Then the EV under test does not charge without PWM for evStopReaction

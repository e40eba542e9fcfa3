@iec61851 @sut:evse
Feature: EVSE at rest and at plug-in (IEC 61851-1 Annex A seq 1.1, 2.1, 3.1; harness = EV)
  The harness plays the EV: it plugs in (R2 and the diode on CP, the cable's PP resistor), and measures what the
  EVSE under test drives on the control pilot. Without an EV the EVSE holds +12 V steady (state A1, no PWM);
  after plug-in it offers current by PWM (B1 → B2) within T_step_X1, at 1 kHz. The EVSE's rated current, cable
  and phases come from its PICS (protocol iec61851, sut evse); the limits and their sources are in
  data/catalogues/iec61851-evse.csv.

  @IEC61851-EVSE-001 @fault:pwm-in-state-a
  Scenario: Without an EV the EVSE holds state A: +12 V steady, no PWM, no power
    Given the EVSE is idle with no EV plugged in
    Then the EVSE shows state A without PWM
    And the EVSE stays in state A without PWM for stepX1

  @IEC61851-EVSE-002 @fault:late-pwm
  Scenario: After plug-in the EVSE sees state B and switches PWM on within T_step_X1
    Given the EVSE is idle with no EV plugged in
    When the EV is plugged in with a cable that does not limit the current
    Then the line shows state B
    And the EVSE switches PWM on within stepX1

  @IEC61851-EVSE-003 @fault:bad-pwm-frequency
  Scenario: The PWM runs at 1 kHz within the frequency tolerance
    Given the EV is plugged in and offered current
    Then the PWM frequency is 1 kHz within tolerance

  @IEC61851-EVSE-004 @fault:wrong-duty-for-current
  Scenario: The duty cycle encodes the current the EVSE declares
    Given the EV is plugged in and offered current
    Then the duty cycle offers the declared current

  @IEC61851-EVSE-005 @fault:pwm-in-state-a
  Scenario: Unplugged at B2 the EVSE returns to state A and switches PWM off
    Given the EV is plugged in and offered current
    When the EV is unplugged
    Then the EVSE shows state A without PWM
    And the EVSE stays in state A without PWM for stepX1

  @IEC61851-EVSE-006 @fault:closes-in-state-b
  Scenario: The EVSE does not supply power while the EV stays in state B
    Given the EV is plugged in and offered current
    Then the EVSE supplies no power for powerOnAfterC

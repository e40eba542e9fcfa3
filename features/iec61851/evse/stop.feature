@iec61851 @sut:evse
Feature: The EVSE ends or changes the charge (IEC 61851-1 Annex A seq 6, 9, 10.1, 10.2)
  Asked by its operator to stop, the EVSE switches PWM off (C2 → C1, seq 9) and leaves the EV its reaction
  time (3 s, seq 10.1) to open S2 before it opens the contactor under load; an EV that does not react is
  forced off by the seq 10.2 bound (6 s after PWM off). Asked to offer another current, it changes the duty
  cycle to encode it (seq 6). Steps that say "the operator" need the SUT's operator side (a driver on a real
  rig); without one they fail naming the action.

  @IEC61851-EVSE-023 @fault:keeps-pwm-on-stop
  Scenario: A stop request switches PWM off while the EV is charging
    Given the EV is charging
    When the operator stops the charge
    Then the EVSE switches PWM off

  @IEC61851-EVSE-024 @fault:forced-off-early @fault:contactor-opens-late
  Scenario: The EV reacts to the stop request within its 3 s: power stays on until S2 opens, then goes off within 100 ms
    Given the EV is charging
    When the operator stops the charge
    Then the EVSE switches PWM off
    When the EV opens S2 shortly before evStopReaction has passed
    Then the EVSE removes power within powerOffAfterB

  @IEC61851-EVSE-025 @fault:no-forced-off @fault:forced-off-early
  Scenario: The EV ignores the stop request: power forced off by the 10.2 bound, not before the EV's reaction time
    Given the EV is charging
    When the operator stops the charge
    Then the EVSE switches PWM off
    When the EV keeps S2 closed and drawing current
    Then the EVSE keeps power on until evStopReaction has passed
    And the EVSE removes power within forcedOffAfterStop

  @IEC61851-EVSE-026 @fault:wrong-duty-for-current
  Scenario: The operator lowers the offered current: the duty cycle encodes the new current
    Given the EV is charging
    When the operator lowers the offered current
    Then the duty cycle offers the lowered current

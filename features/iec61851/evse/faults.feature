@iec61851 @sut:evse
Feature: Errors on the pilot: state E, a shorted diode, unavailability (IEC 61851-1 Annex A seq 12, state F)
  A CP shorted to PE (state E, 0 V) or an EV whose diode is shorted (the PWM low level is not −12 V) is an
  error: the EVSE does not supply power (or removes it within the error bound) and signals state F (−12 V
  steady) where it can drive the line.

  @IEC61851-EVSE-018 @fault:no-power-off-on-error
  Scenario: CP shorted to PE while charging (state E): the EVSE removes power
    Given the EV is charging
    When the EV shorts CP to PE
    Then the line shows state E
    And the EVSE removes power within powerOffAfterError

  @IEC61851-EVSE-019 @fault:no-diode-check
  Scenario: An EV with a shorted diode gets no power when it closes S2
    Given the EVSE is idle with no EV plugged in
    When the EV is plugged in with its diode shorted
    And the EV closes S2
    Then the EVSE supplies no power for powerOnAfterC

  @IEC61851-EVSE-020 @fault:no-state-f-on-fault
  Scenario: An EV with a shorted diode makes the EVSE go to state F
    Given the EVSE is idle with no EV plugged in
    When the EV is plugged in with its diode shorted
    Then the EVSE goes to state F

  @IEC61851-EVSE-021 @fault:no-diode-check
  Scenario: The diode shorts while charging: the EVSE removes power
    Given the EV is charging
    When the EV's diode becomes shorted
    Then the EVSE removes power within powerOffAfterError

  @IEC61851-EVSE-022 @fault:no-state-f-on-fault
  Scenario: The diode shorts while charging: the EVSE goes to state F
    Given the EV is charging
    When the EV's diode becomes shorted
    Then the EVSE goes to state F

  @IEC61851-EVSE-027 @fault:ignores-unavailable
  Scenario: Made unavailable by its operator with an EV plugged in, the EVSE goes to state F
    Given the EV is plugged in and offered current
    When the operator makes the EVSE unavailable
    Then the EVSE goes to state F

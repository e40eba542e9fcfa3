@iec61851 @sut:ev
Feature: An EV that needs ventilation (IEC 61851-1 Annex A seq 4, state D; harness = EVSE)
  An EV that declares it needs ventilation while charging (PICS features.ventilation) closes S2 with the
  ventilation resistor (R3 270 Ω): the EVSE sees state D (+3 V), never C. The harness EVSE supports ventilation
  and supplies power in D. An EV that does not declare the feature makes the scenario not applicable.

  @IEC61851-EV-019 @requires:ventilation @fault:ev-no-ventilation-request
  Scenario: Offered current, an EV that needs ventilation signals state D
    Given the EV under test is plugged in
    When the test EVSE offers its maximum current
    Then the EV under test signals that it needs ventilation
    And the EV under test draws no more than the duty allows for evFollowsDuty

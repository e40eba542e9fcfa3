@iec61851 @sut:ev
Feature: EV current against the duty cycle (IEC 61851-1 Annex A seq 3.2, 4, 5, 6; harness = EVSE)
  The EVSE offers a current by the PWM duty (10–85 %: 0.6 A per %, 85–96 %: (d − 64) × 2.5 A). The EV under test
  never draws more than the duty allows on any phase, follows a lower duty within 5 s (evFollowsDuty), and does
  not charge when the duty allows less than its minimum current. The EV's maximum and minimum current come from
  its PICS (iec61851.maxCurrentA, iec61851.minCurrentA); a PICS that lacks one makes the scenario not
  applicable. Currents are compared with a 0.5 A measurement margin (data/catalogues/iec61851-ev.csv).

  @IEC61851-EV-006 @fault:ev-overdraws @fault:ev-shorted-diode
  Scenario: Offered its maximum current, the EV closes S2, draws, and stays within the offer
    Given the EV under test is plugged in
    When the test EVSE offers its maximum current
    Then the EV under test starts charging
    And the PWM low level shows a healthy EV diode
    And the EV under test draws no more than the duty allows for evFollowsDuty

  @IEC61851-EV-007
  Scenario Outline: At a duty of <duty> % the EV draws no more than <allowed>
    Given the EV under test is plugged in
    When the test EVSE offers a duty of <duty> %
    Then the EV under test draws no more than the duty allows for evFollowsDuty

    @fault:ev-overdraws
    Examples: duties that offer at least the minimum current of most EVs
      | duty | allowed |
      | 16   | 9.6 A   |
      | 25   | 15 A    |
      | 50   | 30 A    |
      | 90   | 65 A    |

    @fault:ev-below-min-draw
    Examples: the lowest offer (an EV with a higher minimum current must not draw at all)
      | duty | allowed |
      | 10   | 6 A     |

  @IEC61851-EV-008 @fault:ev-ignores-duty-reduction @fault:ev-slow-follow
  Scenario: The EV follows a lower duty within evFollowsDuty
    Given the EV under test is charging at its maximum current
    When the test EVSE lowers the offer to its minimum current
    Then the EV under test follows the new limit within evFollowsDuty

  @IEC61851-EV-009 @fault:ev-overdraws
  Scenario: After a higher duty the EV stays within the new offer
    Given the EV under test is charging at its minimum current
    When the test EVSE raises the offer to its maximum current
    Then the EV under test draws no more than the duty allows for evFollowsDuty

  @IEC61851-EV-010 @fault:ev-below-min-draw
  Scenario: Offered less than its minimum current, the EV does not charge
    Given the EV under test is plugged in
    When the test EVSE offers a current below its minimum current
    Then the EV under test stops drawing within evFollowsDuty

  @IEC61851-EV-011 @fault:ev-below-min-draw @fault:ev-ignores-duty-reduction
  Scenario: Lowered below its minimum current while charging, the EV stops drawing within evFollowsDuty
    Given the EV under test is charging at its maximum current
    When the test EVSE lowers the offer to a current below its minimum current
    Then the EV under test stops drawing within evFollowsDuty

  @IEC61851-EV-012 @fault:ev-shorted-diode
  Scenario: While the EV charges, the PWM low level still shows its diode
    Given the EV under test is charging at its maximum current
    Then the PWM low level shows a healthy EV diode

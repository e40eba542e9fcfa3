@iec61851 @sut:ev
Feature: Ending a charge (IEC 61851-1 Annex A seq 7, 8.1, 9.1, 10.1; harness = EVSE)
  When the EVSE switches PWM off (a stop request), the EV under test opens S2 within 3 s (evStopReaction) of
  the PWM-off stamp. When the EV ends the charge on its own (seq 7, through its operator side), it opens S2.
  Either way it has stopped drawing before S2 opens: the EVSE may keep power for up to 100 ms (powerOffAfterB)
  after C→B, and the harness keeps it that long to see. Without PWM it does not close S2 again.

  @IEC61851-EV-013 @fault:ev-late-stop @fault:ev-ignores-stop
  Scenario: After PWM goes off the EV opens S2 within evStopReaction
    Given the EV under test is charging at its maximum current
    When the test EVSE switches PWM off
    Then the EV under test opens S2 within evStopReaction

  @IEC61851-EV-014 @fault:ev-draws-in-b @fault:ev-ignores-stop
  Scenario: After PWM goes off the EV draws nothing once S2 is open
    Given the EV under test is charging at its maximum current
    When the test EVSE keeps power on for powerOffAfterB after the EV opens S2
    And the test EVSE switches PWM off
    Then the EV under test draws nothing once S2 is open

  @IEC61851-EV-015 @fault:ev-charges-without-pwm
  Scenario: After a stop the EV does not close S2 again while PWM stays off
    Given the EV under test is charging at its maximum current
    When the test EVSE switches PWM off
    Then the EV under test opens S2 within evStopReaction
    And the EV under test does not charge without PWM for evFollowsDuty

  @IEC61851-EV-016 @fault:ev-draws-in-b
  Scenario: The EV ends the charge on its own: it opens S2 and draws nothing in B
    Given the EV under test is charging at its maximum current
    When the test EVSE keeps power on for powerOffAfterB after the EV opens S2
    And the EV under test ends the charge on its own
    Then the EV under test draws nothing once S2 is open

  @IEC61851-EV-017 @fault:ev-ignores-state-f
  Scenario: State F while charging: the EV opens S2 and is in B when F ends
    Given the EV under test is charging at its maximum current
    When the test EVSE holds state F for evStopReaction
    And the test EVSE leaves state F
    Then the EV under test does not charge without PWM for evStopReaction

  @IEC61851-EV-018 @fault:ev-overdraws @fault:ev-ignores-stop
  Scenario: After a stop and a new offer the EV charges again within the offer
    Given the EV under test is charging at its minimum current
    When the test EVSE switches PWM off
    Then the EV under test opens S2 within evStopReaction
    When the test EVSE raises the offer to its maximum current
    Then the EV under test starts charging
    And the EV under test draws no more than the duty allows for evFollowsDuty

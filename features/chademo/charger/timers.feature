@vcan @chademo @sut:charger
Feature: Timers: the charger under test gives up on an EV that misses one
  Every charger timeout on the EV: the harness EV withholds the action and the charger must end the
  sequence within the limit (+ rampDownMs and two cycles).
  Case ids and sources: data/chademo/check-sheet-charger.csv. Limits: CHADEMO_LIMITS (src/chademo/types.ts).

  @CHADEMO-C-TIME-01 @fault:no-timeouts
  Scenario: The EV never closes k: the charger gives up after kAfterD1Ms
    Given the harness EV has reached the "initialisation" phase
    When the harness EV never closes k
    Then the charger under test gives up after kAfterD1Ms
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-TIME-02 @fault:no-timeouts
  Scenario: The EV falls silent before k: the charger gives up after kAfterD1Ms
    Given the harness EV has reached the "initialisation" phase
    When the harness EV stops: "silent on CAN"
    And the harness EV never closes k
    Then the charger under test gives up after kAfterD1Ms
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-TIME-03 @chademo:1.0 @fault:no-timeouts
  Scenario: The EV never clears 102.5.3 after d2: the charger gives up after contactorAfterD2Ms
    Given the harness EV has reached the "initialisation" phase
    When the harness EV withholds closing its contactors after d2
    And the harness EV closes k and sets 102.5.0
    Then the charger under test sets d2 within d2AfterKMs with the insulation residual gone
    And the charger under test gives up after contactorAfterD2Ms
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-TIME-04 @fault:no-timeouts
  Scenario: The EV never requests current: the charger gives up after requestAfterContactorMs
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV withholds its current request
    Then the charger under test gives up after requestAfterContactorMs
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-TIME-05 @chademo:1.0 @requires:chademo-welding-detection @fault:d2-off-before-welding
  Scenario: The EV never reports welding detection: d2 held at least weldingDetectionMs, off by weldingDetectionHardMs
    Given the harness EV has reached the "charging" phase
    When the harness EV withholds its welding-detection report
    And the harness EV stops: "102.5.0 cleared"
    Then the charger under test holds d2 for welding detection and gives up after weldingDetectionHardMs
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-TIME-06 @fault:ignores-ev-silence @fault:late-ramp-down
  Scenario: The EV falls silent while charging: current ≤ 5 A within silenceMs + rampDownMs
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "silent on CAN"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-TIME-07 @fault:ignores-remaining-time
  Scenario: The EV's maximum charging time runs out: the charger stops when its remaining time reaches 0
    Given the harness EV declares a maximum charging time of 10 s
    And the harness EV has reached the "charging" phase
    Then the charger under test stops when its remaining time runs out
    And the charger under test kept every CHAdeMO rule

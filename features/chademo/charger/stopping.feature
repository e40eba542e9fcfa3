@vcan @chademo @sut:charger
Feature: Stopping: the charger under test
  After the EV's normal stop: d2 held for welding detection, unlock below 10 V; further stop triggers while
  stopping.
  Case ids and sources: data/chademo/check-sheet-charger.csv. Limits: CHADEMO_LIMITS (src/chademo/types.ts).

  @CHADEMO-C-STOP-01 @chademo:1.0 @requires:chademo-welding-detection @fault:d2-off-before-welding
  Scenario: The EV stops normally: d2 is held until the EV reports welding detection (102.5.3)
    Given the harness EV has reached the "stopping" phase
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-STOP-02 @fault:unlock-above-10v
  Scenario: The charger unlocks only below safeVoltageV after the stop
    Given the harness EV has reached the "stopping" phase
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-STOP-03 @fault:ignores-ev-stop @fault:late-ramp-down
  Scenario: The EV stops normally: the current is ≤ 5 A within rampDownMs
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "102.5.0 cleared"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-STOP-31 @fault:unlock-above-10v
  Scenario: K opens during stopping: the charger stops and ends the sequence
    Given the harness EV has reached the "stopping" phase
    When the harness EV stops: "k opens"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-STOP-32 @fault:unlock-above-10v
  Scenario: Shift lever out of park (102.5.1) during stopping: the charger stops and ends the sequence
    Given the harness EV has reached the "stopping" phase
    When the harness EV stops: "shift lever out of park (102.5.1)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-STOP-33 @fault:unlock-above-10v
  Scenario: Charging-system fault (102.5.2) during stopping: the charger stops and ends the sequence
    Given the harness EV has reached the "stopping" phase
    When the harness EV stops: "charging-system fault (102.5.2)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-STOP-34 @fault:unlock-above-10v
  Scenario: Overvoltage (102.4.0) during stopping: the charger stops and ends the sequence
    Given the harness EV has reached the "stopping" phase
    When the harness EV stops: "overvoltage (102.4.0)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-STOP-35 @fault:unlock-above-10v
  Scenario: Undervoltage (102.4.1) during stopping: the charger stops and ends the sequence
    Given the harness EV has reached the "stopping" phase
    When the harness EV stops: "undervoltage (102.4.1)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-STOP-36 @fault:unlock-above-10v
  Scenario: Current deviation (102.4.2) during stopping: the charger stops and ends the sequence
    Given the harness EV has reached the "stopping" phase
    When the harness EV stops: "current deviation (102.4.2)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-STOP-37 @fault:unlock-above-10v
  Scenario: High temperature (102.4.3) during stopping: the charger stops and ends the sequence
    Given the harness EV has reached the "stopping" phase
    When the harness EV stops: "high temperature (102.4.3)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-STOP-38 @fault:unlock-above-10v
  Scenario: Voltage deviation (102.4.4) during stopping: the charger stops and ends the sequence
    Given the harness EV has reached the "stopping" phase
    When the harness EV stops: "voltage deviation (102.4.4)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-STOP-39 @fault:unlock-above-10v
  Scenario: Charger malfunction (emergency stop) during stopping: 109.5.1, the charger stops and ends the sequence
    Given the harness EV has reached the "stopping" phase
    When the charger's operator presses the emergency stop
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-STOP-40 @fault:unlock-above-10v
  Scenario: The EV falls silent on CAN during stopping: the charger stops after silenceMs
    Given the harness EV has reached the "stopping" phase
    When the harness EV stops: "silent on CAN"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

@vcan @chademo @sut:charger
Feature: Charging: the charger under test
  The charging loop: current within the request and the available current, present voltage, cycle; stops
  while current flows must reach ≤ 5 A within rampDownMs.
  Case ids and sources: data/chademo/check-sheet-charger.csv. Limits: CHADEMO_LIMITS (src/chademo/types.ts).

  @CHADEMO-C-CHG-01 @fault:current-above-request
  Scenario: The charger never delivers more than the EV requests
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 8 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-02 @fault:current-above-request
  Scenario: The EV lowers its request: the charger follows within rampDownMs
    Given the harness EV has reached the "charging" phase
    When the harness EV requests 50 % of its current
    Then the charger under test follows the request
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-03 @fault:current-above-request
  Scenario: The EV raises its request again: the charger follows and stays at or below it
    Given the harness EV has reached the "charging" phase
    When the harness EV requests 50 % of its current
    Then the charger under test follows the request
    When the harness EV requests 100 % of its current
    Then the charger under test follows the request
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-04 @fault:present-voltage-wrong
  Scenario: 0x109 present voltage matches the inlet voltage while charging
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 6 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-05 @fault:missing-0x109-cycles
  Scenario: 0x109 keeps its cycle while charging (no missed cycles)
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 12 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-06 @fault:cycle-jitter
  Scenario: 0x108/0x109 period and jitter while charging
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 12 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-07 @fault:charging-and-stop-control
  Scenario: 109.5.0 (charging) and 109.5.5 (stop control) are never set together
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 6 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-31 @fault:ignores-k-off @fault:late-ramp-down
  Scenario: K opens during charging: the charger stops and ends the sequence
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "k opens"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-32 @fault:ignores-ev-stop @fault:late-ramp-down
  Scenario: 102.5.0 cleared during charging: the charger stops and ends the sequence
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "102.5.0 cleared"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-33 @fault:ignores-shift-lever @fault:late-ramp-down
  Scenario: Shift lever out of park (102.5.1) during charging: the charger stops and ends the sequence
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "shift lever out of park (102.5.1)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-34 @fault:ignores-system-fault @fault:late-ramp-down
  Scenario: Charging-system fault (102.5.2) during charging: the charger stops and ends the sequence
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "charging-system fault (102.5.2)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-35 @fault:ignores-ev-fault @fault:late-ramp-down
  Scenario: Overvoltage (102.4.0) during charging: the charger stops and ends the sequence
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "overvoltage (102.4.0)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-36 @fault:ignores-ev-fault @fault:late-ramp-down
  Scenario: Undervoltage (102.4.1) during charging: the charger stops and ends the sequence
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "undervoltage (102.4.1)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-37 @fault:ignores-ev-fault @fault:late-ramp-down
  Scenario: Current deviation (102.4.2) during charging: the charger stops and ends the sequence
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "current deviation (102.4.2)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-38 @fault:ignores-ev-fault @fault:late-ramp-down
  Scenario: High temperature (102.4.3) during charging: the charger stops and ends the sequence
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "high temperature (102.4.3)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-39 @fault:ignores-ev-fault @fault:late-ramp-down
  Scenario: Voltage deviation (102.4.4) during charging: the charger stops and ends the sequence
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "voltage deviation (102.4.4)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-40 @fault:malfunction-keeps-current
  Scenario: Charger malfunction (emergency stop) during charging: 109.5.1, the charger stops and ends the sequence
    Given the harness EV has reached the "charging" phase
    When the charger's operator presses the emergency stop
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-41 @fault:late-ramp-down
  Scenario: The charger's operator stops during charging: ramp down, welding detection, end of sequence
    Given the harness EV has reached the "charging" phase
    When the charger's operator stops the charge
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-42 @fault:ignores-ev-silence @fault:late-ramp-down
  Scenario: The EV falls silent on CAN during charging: the charger stops after silenceMs
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "silent on CAN"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-43 @chademo:1.0 @fault:ignores-contactors-open @fault:late-ramp-down
  Scenario: The EV opens its contactors under load (102.5.3) during charging: the charger stops and ends the sequence
    Given the harness EV has reached the "charging" phase
    When the harness EV stops: "contactors opened under load (102.5.3)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

@vcan @chademo @sut:charger
Feature: Pre-charge (d2 → EV contactors → request): the charger under test
  After d2 the EV closes its contactors (clears 102.5.3); stops before the first request.
  Case ids and sources: data/chademo/check-sheet-charger.csv. Limits: CHADEMO_LIMITS (src/chademo/types.ts).

  @CHADEMO-C-PRE-01 @fault:charging-and-stop-control
  Scenario: After the EV's request the charger sets 109.5.0 and clears 109.5.5 within chargingAfterRequestMs
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV requests current
    Then the charger under test starts charging within chargingAfterRequestMs
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-31 @fault:ignores-k-off
  Scenario: K opens during pre-charge: the charger stops and ends the sequence
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV stops: "k opens"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-32 @fault:ignores-ev-stop
  Scenario: 102.5.0 cleared during pre-charge: the charger stops and ends the sequence
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV stops: "102.5.0 cleared"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-33 @fault:ignores-shift-lever
  Scenario: Shift lever out of park (102.5.1) during pre-charge: the charger stops and ends the sequence
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV stops: "shift lever out of park (102.5.1)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-34 @fault:ignores-system-fault
  Scenario: Charging-system fault (102.5.2) during pre-charge: the charger stops and ends the sequence
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV stops: "charging-system fault (102.5.2)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-35 @fault:ignores-stop-before-charging
  Scenario: Stop request before charging (102.5.4) during pre-charge: the charger stops and ends the sequence
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV stops: "stop request before charging (102.5.4)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-36 @fault:ignores-ev-fault
  Scenario: Overvoltage (102.4.0) during pre-charge: the charger stops and ends the sequence
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV stops: "overvoltage (102.4.0)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-37 @fault:ignores-ev-fault
  Scenario: Undervoltage (102.4.1) during pre-charge: the charger stops and ends the sequence
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV stops: "undervoltage (102.4.1)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-38 @fault:ignores-ev-fault
  Scenario: Current deviation (102.4.2) during pre-charge: the charger stops and ends the sequence
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV stops: "current deviation (102.4.2)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-39 @fault:ignores-ev-fault
  Scenario: High temperature (102.4.3) during pre-charge: the charger stops and ends the sequence
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV stops: "high temperature (102.4.3)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-40 @fault:ignores-ev-fault
  Scenario: Voltage deviation (102.4.4) during pre-charge: the charger stops and ends the sequence
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV stops: "voltage deviation (102.4.4)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-41 @fault:malfunction-keeps-current
  Scenario: Charger malfunction (emergency stop) during pre-charge: 109.5.1, the charger stops and ends the sequence
    Given the harness EV has reached the "pre-charge" phase
    When the charger's operator presses the emergency stop
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-42 @chademo:1.0 @requires:chademo-welding-detection @fault:d2-off-before-welding
  Scenario: The charger's operator stops during pre-charge: ramp down, welding detection, end of sequence
    Given the harness EV has reached the "pre-charge" phase
    When the charger's operator stops the charge
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-43 @fault:ignores-ev-silence
  Scenario: The EV falls silent on CAN during pre-charge: the charger stops after silenceMs and does not resume
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV stops: "silent on CAN, then talks again"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

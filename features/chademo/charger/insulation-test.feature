@vcan @chademo @sut:charger
Feature: Insulation test (k → d2): the charger under test
  Lock, contactor-open check and insulation test before d2; stops while the test runs.
  Case ids and sources: data/chademo/check-sheet-charger.csv. Limits: CHADEMO_LIMITS (src/chademo/types.ts).

  @CHADEMO-C-INS-01 @fault:no-lock
  Scenario: The charger locks the connector before its insulation test
    Given the harness EV has reached the "initialisation" phase
    When the harness EV closes k and sets 102.5.0
    Then the charger under test locks and runs its insulation test after k
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-02 @fault:d2-before-insulation-test
  Scenario: The insulation test is visible on the inlet before d2
    Given the harness EV has reached the "insulation test" phase
    Then the charger under test sets d2 within d2AfterKMs with the insulation residual gone
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-03 @fault:no-insulation-residual-check
  Scenario: The insulation-test voltage is below insulationResidualV when d2 is set
    Given the harness EV has reached the "insulation test" phase
    Then the charger under test sets d2 within d2AfterKMs with the insulation residual gone
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-31 @fault:ignores-k-off
  Scenario: K opens during insulation test: the charger stops and ends the sequence
    Given the harness EV has reached the "insulation test" phase
    When the harness EV stops: "k opens"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-32 @fault:ignores-ev-stop
  Scenario: 102.5.0 cleared during insulation test: the charger stops and ends the sequence
    Given the harness EV has reached the "insulation test" phase
    When the harness EV stops: "102.5.0 cleared"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-33 @fault:ignores-shift-lever
  Scenario: Shift lever out of park (102.5.1) during insulation test: the charger stops and ends the sequence
    Given the harness EV has reached the "insulation test" phase
    When the harness EV stops: "shift lever out of park (102.5.1)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-34 @fault:ignores-system-fault
  Scenario: Charging-system fault (102.5.2) during insulation test: the charger stops and ends the sequence
    Given the harness EV has reached the "insulation test" phase
    When the harness EV stops: "charging-system fault (102.5.2)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-35 @fault:ignores-stop-before-charging
  Scenario: Stop request before charging (102.5.4) during insulation test: the charger stops and ends the sequence
    Given the harness EV has reached the "insulation test" phase
    When the harness EV stops: "stop request before charging (102.5.4)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-36 @fault:ignores-ev-fault
  Scenario: Overvoltage (102.4.0) during insulation test: the charger stops and ends the sequence
    Given the harness EV has reached the "insulation test" phase
    When the harness EV stops: "overvoltage (102.4.0)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-37 @fault:ignores-ev-fault
  Scenario: Undervoltage (102.4.1) during insulation test: the charger stops and ends the sequence
    Given the harness EV has reached the "insulation test" phase
    When the harness EV stops: "undervoltage (102.4.1)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-38 @fault:ignores-ev-fault
  Scenario: Current deviation (102.4.2) during insulation test: the charger stops and ends the sequence
    Given the harness EV has reached the "insulation test" phase
    When the harness EV stops: "current deviation (102.4.2)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-39 @fault:ignores-ev-fault
  Scenario: High temperature (102.4.3) during insulation test: the charger stops and ends the sequence
    Given the harness EV has reached the "insulation test" phase
    When the harness EV stops: "high temperature (102.4.3)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-40 @fault:ignores-ev-fault
  Scenario: Voltage deviation (102.4.4) during insulation test: the charger stops and ends the sequence
    Given the harness EV has reached the "insulation test" phase
    When the harness EV stops: "voltage deviation (102.4.4)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-41 @fault:malfunction-keeps-current
  Scenario: Charger malfunction (emergency stop) during insulation test: 109.5.1, the charger stops and ends the sequence
    Given the harness EV has reached the "insulation test" phase
    When the charger's operator presses the emergency stop
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-42 @fault:ignores-ev-silence
  Scenario: The EV falls silent on CAN during insulation test: the charger stops after silenceMs and does not resume
    Given the harness EV has reached the "insulation test" phase
    When the harness EV stops: "silent on CAN, then talks again"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INS-43 @fault:ignores-operator-stop
  Scenario: The charger's operator stops during insulation test: the charger ends the sequence and does not charge
    Given the harness EV has reached the "insulation test" phase
    When the charger's operator stops the charge
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

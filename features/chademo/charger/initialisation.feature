@vcan @chademo @sut:charger
Feature: Initialisation (d1 → k + 102.5.0): the charger under test
  From d1 to the EV's charge permission. EV stops set here apply from k + 102.5.0, where the charger's stop
  triggers start: the harness EV then keeps driving the sequence and the charger must not charge.
  Case ids and sources: data/chademo/check-sheet-charger.csv. Limits: CHADEMO_LIMITS (src/chademo/types.ts).

  @CHADEMO-C-INIT-01 @fault:first-0x108-zeros
  Scenario: The first 0x108 carries the charger's real available voltage and current
    Given the harness EV has reached the "initialisation" phase
    Then the charger under test sent real values in its first 0x108
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-02 @chademo:0.9 @fault:wrong-protocol-number
  Scenario: A 0.9 EV: 0x109 b0 carries the protocol number of 0.9
    Given the harness EV has reached the "initialisation" phase
    Then the charger under test answers with the protocol number of the version
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-03 @chademo:1.0 @fault:wrong-protocol-number
  Scenario: A 1.0 EV: 0x109 b0 carries the protocol number of 1.0
    Given the harness EV has reached the "initialisation" phase
    Then the charger under test answers with the protocol number of the version
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-04 @chademo:1.1 @fault:wrong-protocol-number
  Scenario: A 1.1 EV: 0x109 b0 carries the protocol number of 1.1
    Given the harness EV has reached the "initialisation" phase
    Then the charger under test answers with the protocol number of the version
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-05 @chademo:1.2 @fault:wrong-protocol-number
  Scenario: A 1.2 EV: 0x109 b0 carries the protocol number of 1.2
    Given the harness EV has reached the "initialisation" phase
    Then the charger under test answers with the protocol number of the version
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-06 @chademo:2.0 @fault:wrong-protocol-number
  Scenario: A 2.0 EV: 0x109 b0 carries the protocol number of 2.0
    Given the harness EV has reached the "initialisation" phase
    Then the charger under test answers with the protocol number of the version
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-07 @fault:cycle-jitter
  Scenario: 0x108/0x109 cycle period and jitter from d1 on
    Given the harness EV has reached the "initialisation" phase
    Then the harness EV watches the charger for 24 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-31 @fault:ignores-shift-lever
  Scenario: Shift lever out of park (102.5.1) during initialisation: the charger stops and ends the sequence
    Given the harness EV has reached the "initialisation" phase
    When the harness EV stops: "shift lever out of park (102.5.1)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-32 @fault:ignores-system-fault
  Scenario: Charging-system fault (102.5.2) during initialisation: the charger stops and ends the sequence
    Given the harness EV has reached the "initialisation" phase
    When the harness EV stops: "charging-system fault (102.5.2)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-33 @fault:ignores-ev-fault
  Scenario: Overvoltage (102.4.0) during initialisation: the charger stops and ends the sequence
    Given the harness EV has reached the "initialisation" phase
    When the harness EV stops: "overvoltage (102.4.0)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-34 @fault:ignores-ev-fault
  Scenario: Undervoltage (102.4.1) during initialisation: the charger stops and ends the sequence
    Given the harness EV has reached the "initialisation" phase
    When the harness EV stops: "undervoltage (102.4.1)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-35 @fault:ignores-ev-fault
  Scenario: Current deviation (102.4.2) during initialisation: the charger stops and ends the sequence
    Given the harness EV has reached the "initialisation" phase
    When the harness EV stops: "current deviation (102.4.2)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-36 @fault:ignores-ev-fault
  Scenario: High temperature (102.4.3) during initialisation: the charger stops and ends the sequence
    Given the harness EV has reached the "initialisation" phase
    When the harness EV stops: "high temperature (102.4.3)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-37 @fault:ignores-ev-fault
  Scenario: Voltage deviation (102.4.4) during initialisation: the charger stops and ends the sequence
    Given the harness EV has reached the "initialisation" phase
    When the harness EV stops: "voltage deviation (102.4.4)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-38 @fault:malfunction-keeps-current
  Scenario: Charger malfunction (emergency stop) during initialisation: 109.5.1, the charger stops and ends the sequence
    Given the harness EV has reached the "initialisation" phase
    When the charger's operator presses the emergency stop
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-39 @fault:ignores-battery-incompatible
  Scenario: Battery incompatible (EV max battery voltage above the available voltage): 109.5.3, no charging
    Given the harness EV has reached the "initialisation" phase
    When the harness EV announces a battery above the charger's available voltage
    Then the charger under test refuses the battery and ends the sequence
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-40 @fault:ignores-stop-before-charging
  Scenario: Stop request before charging (102.5.4) during initialisation: the charger stops and ends the sequence
    Given the harness EV has reached the "initialisation" phase
    When the harness EV stops: "stop request before charging (102.5.4)"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-INIT-41 @fault:ignores-operator-stop
  Scenario: The charger's operator stops during initialisation: the charger ends the sequence and does not charge
    Given the harness EV has reached the "initialisation" phase
    When the charger's operator stops the charge
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

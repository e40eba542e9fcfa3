@vcan @chademo @sut:charger
Feature: Protocol versions: the charger under test
  Version-specific behaviour: 0.9 without 102.5.3, 1.2 dynamic control, 2.0 discharge. A version or option
  the charger's PICS does not declare is not applicable.
  Case ids and sources: data/chademo/check-sheet-charger.csv. Limits: CHADEMO_LIMITS (src/chademo/types.ts).

  @CHADEMO-C-CHG-08 @chademo:0.9 @fault:current-above-request @fault:late-ramp-down
  Scenario: A 0.9 EV charges and stops: the full sequence within its limits
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 4 cycles
    When the harness EV stops: "102.5.0 cleared"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-09 @chademo:1.0 @fault:current-above-request @fault:late-ramp-down
  Scenario: A 1.0 EV charges and stops: the full sequence within its limits
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 4 cycles
    When the harness EV stops: "102.5.0 cleared"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-10 @chademo:1.1 @fault:current-above-request @fault:late-ramp-down
  Scenario: A 1.1 EV charges and stops: the full sequence within its limits
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 4 cycles
    When the harness EV stops: "102.5.0 cleared"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-11 @chademo:1.2 @fault:current-above-request @fault:late-ramp-down
  Scenario: A 1.2 EV charges and stops: the full sequence within its limits
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 4 cycles
    When the harness EV stops: "102.5.0 cleared"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-12 @chademo:2.0 @fault:current-above-request @fault:late-ramp-down
  Scenario: A 2.0 EV charges and stops: the full sequence within its limits
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 4 cycles
    When the harness EV stops: "102.5.0 cleared"
    Then the charger under test stops and ends the sequence within its limits
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-13 @chademo:1.2 @requires:chademo-dynamic-control @fault:ignores-dynamic-request
  Scenario: Dynamic control (1.2): the EV lowers its request and the charger follows
    Given the harness EV has reached the "charging" phase
    When the harness EV requests 50 % of its current
    Then the charger under test follows the request
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-14 @chademo:1.2 @requires:chademo-dynamic-control @fault:ignores-dynamic-request
  Scenario: Dynamic control (1.2): the charger's operator lowers the available current and the output follows
    Given the harness EV has reached the "charging" phase
    When the charger's operator lowers the available current to 50 %
    Then the charger under test follows its lowered available current
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-15 @chademo:1.2 @requires:chademo-dynamic-control @fault:dynamic-without-ev-support
  Scenario: A 1.2 EV without dynamic control: 0x108 available current stays unchanged while charging
    Given the harness EV plays without dynamic control
    And the harness EV has reached the "charging" phase
    When the charger's operator lowers the available current to 50 %
    Then the charger under test keeps charging for 8 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-16 @chademo:2.0 @requires:chademo-dynamic-control @fault:ignores-dynamic-request
  Scenario: Dynamic control (2.0): the EV lowers its request and the charger follows
    Given the harness EV has reached the "charging" phase
    When the harness EV requests 50 % of its current
    Then the charger under test follows the request
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-17 @chademo:2.0 @requires:chademo-dynamic-control @fault:ignores-dynamic-request
  Scenario: Dynamic control (2.0): the charger's operator lowers the available current and the output follows
    Given the harness EV has reached the "charging" phase
    When the charger's operator lowers the available current to 50 %
    Then the charger under test follows its lowered available current
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-18 @chademo:2.0 @requires:chademo-dynamic-control @fault:dynamic-without-ev-support
  Scenario: A 2.0 EV without dynamic control: 0x108 available current stays unchanged while charging
    Given the harness EV plays without dynamic control
    And the harness EV has reached the "charging" phase
    When the charger's operator lowers the available current to 50 %
    Then the charger under test keeps charging for 8 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-19 @chademo:1.0 @fault:dynamic-without-ev-support
  Scenario: A 1.0 EV (no dynamic control): 0x108 available current stays unchanged while charging
    Given the harness EV has reached the "charging" phase
    When the charger's operator lowers the available current to 50 %
    Then the charger under test keeps charging for 8 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-20 @chademo:1.1 @fault:dynamic-without-ev-support
  Scenario: A 1.1 EV (no dynamic control): 0x108 available current stays unchanged while charging
    Given the harness EV has reached the "charging" phase
    When the charger's operator lowers the available current to 50 %
    Then the charger under test keeps charging for 8 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-CHG-21 @chademo:2.0 @requires:chademo-discharge @fault:discharge-above-ev-limit
  Scenario: V2X (2.0): the charger discharges within the EV's 0x200 maximum discharge current
    Given the harness EV offers discharge up to 20 A
    And the harness EV has reached the "charging" phase
    Then the charger under test discharges within the limit of the harness EV
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-PRE-02 @chademo:0.9 @fault:charging-and-stop-control
  Scenario: 0.9 without 102.5.3: the charger waits for the EV's contactors (inlet above v09InletV) before it charges
    Given the harness EV has reached the "pre-charge" phase
    When the harness EV requests current
    Then the charger under test starts charging within chargingAfterRequestMs
    And the charger under test kept every CHAdeMO rule

@vcan @chademo @sut:ev
Feature: CHAdeMO EV under test: sequence-logic errors and the EV on the bus (harness = charger)
  The harness charger judges every EV frame as it arrives: a malformed one (wrong DLC, an unknown id in the
  CHAdeMO range, a value out of range) fails the case at once quoting the frame; the protocol number, the target
  voltage against its own 0x100 and the request against the available current are checked on every 0x102; k may
  not close while d1 is off; an EV that falls silent for silenceMs or floods the bus gets a failed verdict with
  the recent frames. Cases: data/chademo/check-sheet-ev.csv.

  @CHADEMO-E-LOGIC-01 @fault:k-before-d1
  Scenario: The EV does not close k before the charger sets d1
    Given the EV under test is plugged in to the test charger
    Then the EV under test keeps k open while d1 is off for 4 cycles
    When the test charger sets d1
    Then the EV under test closes k and sets 102.5.0 within kAfterD1Ms

  @CHADEMO-E-LOGIC-02 @fault:request-before-contactors
  Scenario: The EV requests no current while 102.5.3 says its contactors are open
    Given the EV under test is plugged in to the test charger
    And the charge sequence has reached phase INS
    When the test charger sets d2
    Then the EV under test clears 102.5.3 within contactorAfterD2Ms
    And the EV under test requests current within requestAfterContactorMs

  @CHADEMO-E-LOGIC-03 @fault:target-above-battery-max
  Scenario: The EV's target voltage stays within its own 0x100 maximum battery voltage
    Given the EV under test is plugged in to the test charger
    And the EV under test is charging
    Then the EV under test charges within its limits for 4 cycles

  @CHADEMO-E-LOGIC-04 @fault:opens-contactors-under-load
  Scenario: On its own stop the EV opens its contactors (102.5.3) only once the current is at most 5 A
    Given the EV under test is plugged in to the test charger
    And the EV under test is charging
    When the EV under test stops with "driver stop"
    Then the EV under test shows "driver stop" in 0x102
    And the EV under test reports welding detection within weldingDetectionMs

  @CHADEMO-E-LOGIC-05 @fault:ev-zero-parameters
  Scenario: The EV's 0x100 carries a maximum battery voltage the charger can check
    Given the EV under test is plugged in to the test charger
    When the test charger sets d1
    Then the EV under test closes k and sets 102.5.0 within kAfterD1Ms
    When the test charger checks the battery, locks and runs the insulation test

  @CHADEMO-E-BUS-01 @fault:ev-cycle-jitter @fault:missing-0x102-cycles
  Scenario: While charging the EV sends 0x100, 0x101 and 0x102 every cycle, without gaps or jitter
    Given the EV under test is plugged in to the test charger
    And the EV under test is charging
    Then the EV under test keeps the CHAdeMO cycle of 0x100 to 0x102

  @CHADEMO-E-BUS-07 @fault:ev-wrong-dlc-102
  Scenario: Every EV frame in the CHAdeMO range is well-formed (DLC 8)
    Given the EV under test is plugged in to the test charger
    And the EV under test is charging
    Then the EV under test charges within its limits for 4 cycles

  @CHADEMO-E-BUS-08 @fault:ev-unknown-chademo-id
  Scenario: The EV sends no unknown id in the CHAdeMO range
    Given the EV under test is plugged in to the test charger
    And the EV under test is charging
    Then the EV under test charges within its limits for 4 cycles

  @CHADEMO-E-BUS-09 @fault:soc-above-100
  Scenario: The EV's 0x102 state of charge stays within 0–100 %
    Given the EV under test is plugged in to the test charger
    And the EV under test is charging
    Then the EV under test charges within its limits for 4 cycles

  @CHADEMO-E-BUS-10 @fault:ev-silent @fault:no-charging-enabled
  Scenario: An EV that stays silent after d1 gets a failed verdict naming the limit, with the recent frames
    Given the EV under test is plugged in to the test charger
    When the test charger sets d1
    Then the EV under test closes k and sets 102.5.0 within kAfterD1Ms

  @CHADEMO-E-BUS-11 @fault:ev-floods-bus @fault:ev-cycle-jitter
  Scenario: An EV that floods the bus gets a failed verdict at once, with the recent frames
    Given the EV under test is plugged in to the test charger
    And the EV under test is charging
    Then the EV under test keeps the CHAdeMO cycle of 0x100 to 0x102

  Scenario Outline: CHAdeMO <version>: the EV's 0x102 carries its version's protocol number
    Given the EV under test is plugged in to the test charger
    And the EV under test is charging
    Then the EV under test charges within its limits for 4 cycles

    @chademo:0.9 @CHADEMO-E-BUS-02 @fault:ev-wrong-protocol-number
    Examples: CHAdeMO 0.9
      | version |
      | 0.9 |

    @chademo:1.0 @CHADEMO-E-BUS-03 @fault:ev-wrong-protocol-number
    Examples: CHAdeMO 1.0
      | version |
      | 1.0 |

    @chademo:1.1 @CHADEMO-E-BUS-04 @fault:ev-wrong-protocol-number
    Examples: CHAdeMO 1.1
      | version |
      | 1.1 |

    @chademo:1.2 @CHADEMO-E-BUS-05 @fault:ev-wrong-protocol-number
    Examples: CHAdeMO 1.2
      | version |
      | 1.2 |

    @chademo:2.0 @CHADEMO-E-BUS-06 @fault:ev-wrong-protocol-number
    Examples: CHAdeMO 2.0
      | version |
      | 2.0 |

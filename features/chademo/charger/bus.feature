@vcan @chademo @sut:charger
Feature: CAN behaviour of the charger under test
  Malformed frames (wrong DLC, unknown id in the CHAdeMO range), flooding and silence get a failed verdict at
  once, quoting the frames.
  Case ids and sources: data/chademo/check-sheet-charger.csv. Limits: CHADEMO_LIMITS (src/chademo/types.ts).

  @CHADEMO-C-BUS-01 @fault:wrong-dlc-109
  Scenario: Every charger frame in the CHAdeMO range is well-formed (DLC 8)
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 4 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-BUS-02 @fault:unknown-chademo-id
  Scenario: No unknown id in the CHAdeMO range from the charger
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 4 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-BUS-03 @fault:cycle-jitter @fault:floods-bus
  Scenario: The charger does not flood the bus: one 0x109 per cycle
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 8 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-BUS-04 @fault:missing-0x109-cycles @fault:charger-silent
  Scenario: The charger keeps sending 0x108/0x109 every cycle while d1 is on
    Given the harness EV has reached the "charging" phase
    Then the charger under test keeps charging for 12 cycles
    And the charger under test kept every CHAdeMO rule

@vcan @chademo @sut:charger
Feature: Sequence-logic errors of the EV: the charger under test
  The harness EV breaks the sequence on purpose (k before d1, a request before its contactors close, …).
  Case ids and sources: data/chademo/check-sheet-charger.csv. Limits: CHADEMO_LIMITS (src/chademo/types.ts).

  @CHADEMO-C-LOGIC-01 @fault:d2-before-insulation-test @fault:no-lock
  Scenario: k closed before d1: the charger still locks and runs its insulation test before d2
    Given the harness EV closes k before d1
    When the charger's operator starts the charge
    Then the charger under test locks and runs its insulation test after k
    And the charger under test sets d2 within d2AfterKMs with the insulation residual gone
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-LOGIC-02 @fault:current-above-request
  Scenario: Current requested from the EV's first frame: no current before the EV's contactors close
    Given the harness EV requests current from its first frame
    And the harness EV has reached the "pre-charge" phase
    Then the charger under test starts charging within chargingAfterRequestMs
    And the charger under test keeps charging for 4 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-LOGIC-03 @fault:current-above-request
  Scenario: Current requested after d2 with the contactors still open: the charger waits for the contactors
    Given the harness EV has reached the "initialisation" phase
    When the harness EV closes k and sets 102.5.0
    And the harness EV requests current
    Then the charger under test sets d2 within d2AfterKMs with the insulation residual gone
    And the charger under test starts charging within chargingAfterRequestMs
    And the charger under test keeps charging for 4 cycles
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-LOGIC-04 @fault:no-timeouts
  Scenario: 102.5.0 set without k: the charger does not proceed and gives up after kAfterD1Ms
    Given the harness EV has reached the "initialisation" phase
    When the harness EV sets 102.5.0 without closing k
    And the harness EV never closes k
    Then the charger under test gives up after kAfterD1Ms
    And the charger under test kept every CHAdeMO rule

  @CHADEMO-C-LOGIC-05 @fault:current-above-request
  Scenario: The EV requests more than the available current: the charger delivers at most its available current
    Given the harness EV has reached the "charging" phase
    When the harness EV requests more than the charger's available current
    Then the charger under test keeps charging for 8 cycles
    And the charger under test kept every CHAdeMO rule

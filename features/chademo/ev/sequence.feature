@vcan @chademo @sut:ev
Feature: CHAdeMO EV under test: the charge sequence and its timers (harness = charger)
  The test charger sets d1, checks the battery against the EV's 0x100, locks, runs the insulation test on the
  inlet, sets d2 and starts charging once the EV requests current; it delivers min(request, available current)
  at the target voltage. Each EV timer is judged from the charger's action (kAfterD1Ms, contactorAfterD2Ms,
  requestAfterContactorMs, weldingDetectionMs; scaled on the reference rig, overridable in the rig). Cases:
  data/chademo/check-sheet-ev.csv.

  @CHADEMO-E-INIT-01 @fault:late-k @fault:no-k @fault:no-charging-enabled @fault:ev-silent
  Scenario: After d1 the EV closes k and sets 102.5.0 within kAfterD1Ms
    Given the EV under test is plugged in to the test charger
    When the test charger sets d1
    Then the EV under test closes k and sets 102.5.0 within kAfterD1Ms

  @CHADEMO-E-INS-01 @fault:request-before-contactors
  Scenario: During the lock and insulation test the EV keeps its contactors open and requests no current
    Given the EV under test is plugged in to the test charger
    When the test charger sets d1
    Then the EV under test closes k and sets 102.5.0 within kAfterD1Ms
    When the test charger checks the battery, locks and runs the insulation test
    Then the EV under test charges within its limits for 4 cycles

  @CHADEMO-E-PRE-01 @fault:contactor-never-closes
  Scenario: After d2 the EV clears 102.5.3 (contactors closed) within contactorAfterD2Ms
    Given the EV under test is plugged in to the test charger
    And the charge sequence has reached phase INS
    When the test charger sets d2
    Then the EV under test clears 102.5.3 within contactorAfterD2Ms

  @CHADEMO-E-PRE-02 @fault:request-before-contactors @fault:contactor-never-closes
  Scenario: The EV requests current within requestAfterContactorMs of closing its contactors, never before
    Given the EV under test is plugged in to the test charger
    And the charge sequence has reached phase PRE
    Then the EV under test requests current within requestAfterContactorMs

  @CHADEMO-E-CHG-01 @fault:target-above-battery-max @fault:ev-zero-parameters @fault:ev-request-above-available
  Scenario: While charging the EV requests within the available current and its own battery limits
    Given the EV under test is plugged in to the test charger
    And the EV under test is charging
    Then the EV under test charges within its limits for 8 cycles

  @CHADEMO-E-CHG-02 @fault:ev-request-above-available
  Scenario: Offered half the current it requests, the EV never requests more than the available current
    Given the EV under test is plugged in to the test charger
    And the test charger offers half the current the EV under test requests
    And the EV under test is charging
    Then the EV under test charges within its limits for 8 cycles

  @CHADEMO-E-INS-02 @fault:k-stays-closed
  Scenario: Offered an available voltage below its battery maximum, the EV gets 109.5.3 and ends the sequence
    Given the EV under test is plugged in to the test charger
    When the test charger sets d1
    Then the EV under test closes k and sets 102.5.0 within kAfterD1Ms
    When the test charger offers an available voltage below the battery maximum
    Then the EV under test withdraws its request and 102.5.0 within rampDownMs
    And the test charger ends the sequence and the EV under test opens k within kAfterD1Ms

  Scenario Outline: CHAdeMO <version>: every EV timer of a full sequence
    Given the EV under test is plugged in to the test charger
    When the test charger sets d1
    Then the EV under test closes k and sets 102.5.0 within kAfterD1Ms
    When the test charger checks the battery, locks and runs the insulation test
    And the test charger sets d2
    Then the EV under test clears 102.5.3 within contactorAfterD2Ms
    And the EV under test requests current within requestAfterContactorMs
    When the test charger starts charging
    Then the EV under test charges within its limits for 4 cycles
    When the EV under test stops with "driver stop"
    Then the EV under test shows "driver stop" in 0x102
    And the EV under test reports welding detection within weldingDetectionMs
    And the test charger ends the sequence and the EV under test opens k within kAfterD1Ms

    @chademo:1.0 @CHADEMO-E-TIME-01 @fault:late-k @fault:contactor-never-closes @fault:late-welding-detection @fault:k-stays-closed
    Examples: CHAdeMO 1.0
      | version |
      | 1.0 |

    @chademo:1.1 @CHADEMO-E-TIME-02 @fault:late-k @fault:contactor-never-closes @fault:late-welding-detection @fault:k-stays-closed
    Examples: CHAdeMO 1.1
      | version |
      | 1.1 |

    @chademo:1.2 @CHADEMO-E-TIME-03 @fault:late-k @fault:contactor-never-closes @fault:late-welding-detection @fault:k-stays-closed
    Examples: CHAdeMO 1.2
      | version |
      | 1.2 |

    @chademo:2.0 @CHADEMO-E-TIME-04 @fault:late-k @fault:contactor-never-closes @fault:late-welding-detection @fault:k-stays-closed
    Examples: CHAdeMO 2.0
      | version |
      | 2.0 |


  @chademo:0.9 @CHADEMO-E-TIME-05 @fault:contactor-never-closes @fault:k-stays-closed
  Scenario: CHAdeMO 0.9: the battery shows on the inlet within v09ContactorWaitMs and leaves it after the stop
    Given the EV under test is plugged in to the test charger
    And the charge sequence has reached phase INS
    When the test charger sets d2
    Then the EV under test puts its battery on the inlet within v09ContactorWaitMs
    And the EV under test requests current within requestAfterContactorMs
    When the test charger starts charging
    Then the EV under test charges within its limits for 4 cycles
    When the EV under test stops with "driver stop"
    Then the EV under test shows "driver stop" in 0x102
    And the EV under test reports welding detection within weldingDetectionMs
    And the test charger ends the sequence and the EV under test opens k within kAfterD1Ms

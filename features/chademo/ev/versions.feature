@vcan @chademo @sut:ev
Feature: CHAdeMO EV under test: version-specific cases (1.2 dynamic control, 2.0 V2X discharge)
  Dynamic control (1.2+) is agreed when the charger's 0x118 and the EV's 0x110 both set .0; the test charger then
  lowers its 0x108 available current while charging and the EV follows within rampDownMs. V2X discharge (2.0):
  the EV declares discharge (102.5.7, 0x200) only to a charger whose 0x109 b4 says it can discharge. An EV whose
  PICS does not declare dynamicControl / discharge makes the case not applicable. Cases:
  data/chademo/check-sheet-ev.csv.

  Scenario Outline: CHAdeMO <version> dynamic control: the EV follows a lowered available current
    Given the EV under test declares dynamicControl
    And the EV under test is plugged in to the test charger
    And the EV under test is charging
    Then the EV under test follows an available current lowered to half within rampDownMs
    And the EV under test charges within its limits for 4 cycles

    @chademo:1.2 @CHADEMO-E-CHG-03 @fault:ev-ignores-dynamic-limit
    Examples: CHAdeMO 1.2
      | version |
      | 1.2 |

    @chademo:2.0 @CHADEMO-E-CHG-04 @fault:ev-ignores-dynamic-limit
    Examples: CHAdeMO 2.0
      | version |
      | 2.0 |


  @chademo:2.0 @CHADEMO-E-CHG-05 @fault:discharge-without-charger-support
  Scenario: CHAdeMO 2.0: no discharge request to a charger that cannot discharge
    Given the EV under test declares discharge
    And the test charger is not discharge compatible
    And the EV under test is plugged in to the test charger
    And the EV under test is charging
    Then the EV under test sends no discharge request for 6 cycles

  @chademo:2.0 @CHADEMO-E-CHG-06 @fault:ev-wrong-protocol-number
  Scenario: CHAdeMO 2.0: to a discharge-compatible charger the EV declares its discharge limits
    Given the EV under test declares discharge
    And the EV under test is plugged in to the test charger
    And the EV under test is charging
    Then the EV under test declares its discharge limits in 0x200

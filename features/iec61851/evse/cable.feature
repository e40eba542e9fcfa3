@iec61851 @sut:evse @requires:socket-outlet
Feature: Socket outlet: the cable's PP resistor limits the offered current (IEC 61851-1 proximity, Annex B)
  An EVSE with a socket outlet reads the PP resistor of the cable plugged into it (1.5 kΩ 13 A, 680 Ω 20 A,
  220 Ω 32 A, 100 Ω 63 A) and offers no more than the lesser of its own rating (PICS iec61851.maxCurrentA)
  and the cable's; with no PP resistor (no cable) it does not charge. Applies to EVSEs that declare the
  feature socket-outlet. The 32 A case catches a cable limit ignored only on an EVSE rated above 32 A
  (its aimed fault on any EVSE is a duty that does not encode the limited current).

  Scenario Outline: A <cable> A cable limits the duty cycle to the lesser of the cable's and the EVSE's current
    Given the EVSE is idle with no EV plugged in
    When the EV is plugged in with a <cable> A cable
    Then the EVSE switches PWM on within stepX1
    And the duty cycle offers the lesser of the declared current and the cable's

    @IEC61851-EVSE-007 @fault:ignores-cable-limit @fault:wrong-duty-for-current
    Examples: 1.5 kΩ
      | cable |
      | 13    |

    @IEC61851-EVSE-008 @fault:ignores-cable-limit @fault:wrong-duty-for-current
    Examples: 680 Ω
      | cable |
      | 20    |

    @IEC61851-EVSE-009 @fault:wrong-duty-for-current
    Examples: 220 Ω
      | cable |
      | 32    |

  @IEC61851-EVSE-010 @fault:ignores-pp-open
  Scenario: With the PP contact open (no cable resistor) the EVSE neither offers current nor supplies power
    Given the EVSE is idle with no EV plugged in
    When the EV is plugged in without a cable resistor
    And the EV closes S2
    Then the EVSE offers no charging current for powerOnAfterC
    And the EVSE supplies no power for powerOnAfterC

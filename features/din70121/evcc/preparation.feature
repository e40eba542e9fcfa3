@din70121 @sut:evcc @dc @eim
Feature: DIN 70121 EVCC: ContractAuthentication, ChargeParameterDiscovery, CableCheck and PreCharge
  The EVCC repeats a request answered Ongoing (or PreCharge short of its target) while the SECC stays within
  its own loop timer (seccOngoing, seccCableCheck, seccPreCharge) and gives the loop up — SessionStopReq or
  closing the TCP connection — once its own timer (evccOngoing, evccCableCheck, evccPreCharge) has passed.
  It asks for a DC energy transfer, checks the cable before PreCharge, asks at most 2 A in PreCharge, and
  starts power delivery only once the PreCharge voltage reached its target (data/catalogues/v2g-din70121.csv).

  @TC_EVCC_DC_VTB_DIN_ContractAuthentication_001 @fault:din-ongoing-gives-up-early
  Scenario: Answered Ongoing for just under seccOngoing, the EVCC keeps asking and then goes on
    Given the SECC is ready for the EVCC
    When the session runs through "ServicePaymentSelectionReq"
    And the SECC keeps "ContractAuthenticationReq" unfinished for just under seccOngoing
    And the session runs through "ChargeParameterDiscoveryReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_DIN_ContractAuthentication_002 @fault:din-ongoing-never-gives-up
  Scenario: Answered Ongoing for ever, the EVCC gives ContractAuthentication up within evccOngoing
    Given the SECC is ready for the EVCC
    When the session runs through "ServicePaymentSelectionReq"
    And the SECC keeps "ContractAuthenticationReq" unfinished
    Then the EVCC gives "ContractAuthenticationReq" up within evccOngoing

  @TC_EVCC_DC_VTB_DIN_ChargeParameterDiscovery_001 @fault:din-requests-ac
  Scenario: The EVCC asks for a DC energy transfer with its DC charge parameters
    Given the SECC is ready for the EVCC
    When the session runs through "ChargeParameterDiscoveryReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_DIN_ChargeParameterDiscovery_002 @fault:din-ongoing-gives-up-early
  Scenario: ChargeParameterDiscovery answered Ongoing for just under seccOngoing: the EVCC keeps asking, then checks the cable
    Given the SECC is ready for the EVCC
    When the session runs through "ContractAuthenticationReq"
    And the SECC keeps "ChargeParameterDiscoveryReq" unfinished for just under seccOngoing
    And the session runs through "CableCheckReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_DIN_ChargeParameterDiscovery_003 @fault:din-ongoing-never-gives-up
  Scenario: ChargeParameterDiscovery answered Ongoing for ever: the EVCC gives up within evccOngoing
    Given the SECC is ready for the EVCC
    When the session runs through "ContractAuthenticationReq"
    And the SECC keeps "ChargeParameterDiscoveryReq" unfinished
    Then the EVCC gives "ChargeParameterDiscoveryReq" up within evccOngoing

  @TC_EVCC_DC_VTB_DIN_CableCheck_001 @fault:din-skips-cablecheck
  Scenario: After ChargeParameterDiscovery the EVCC checks the cable
    Given the SECC is ready for the EVCC
    When the session runs through "ChargeParameterDiscoveryReq"
    Then the EVCC sends "CableCheckReq"

  @TC_EVCC_DC_VTB_DIN_CableCheck_002 @fault:din-loop-never-gives-up
  Scenario: CableCheck never finished: the EVCC gives up within evccCableCheck
    Given the SECC is ready for the EVCC
    When the session runs through "ChargeParameterDiscoveryReq"
    And the SECC keeps "CableCheckReq" unfinished
    Then the EVCC gives "CableCheckReq" up within evccCableCheck

  @TC_EVCC_DC_VTB_DIN_CableCheck_003 @fault:din-loop-gives-up-early
  Scenario: CableCheck finished within seccCableCheck: the EVCC waits for it and goes on to PreCharge
    Given the SECC is ready for the EVCC
    When the session runs through "ChargeParameterDiscoveryReq"
    And the SECC keeps "CableCheckReq" unfinished for just under seccCableCheck
    And the session runs through "PreChargeReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_DIN_PreCharge_001 @fault:din-skips-precharge
  Scenario: After CableCheck the EVCC pre-charges
    Given the SECC is ready for the EVCC
    When the session runs through "CableCheckReq"
    Then the EVCC sends "PreChargeReq"

  @TC_EVCC_DC_VTB_DIN_PreCharge_002 @fault:din-precharge-current-too-high
  Scenario: The PreCharge target current is at most 2 A
    Given the SECC is ready for the EVCC
    When the session runs through "PreChargeReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_DIN_PreCharge_003 @fault:din-precharge-gives-up
  Scenario: The EVCC starts power delivery only once the PreCharge voltage reached its target
    Given the SECC is ready for the EVCC
    When the session runs through "CableCheckReq"
    And the SECC raises the PreCharge voltage in 3 steps
    And the session runs through "PowerDeliveryReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_DIN_PreCharge_004 @fault:din-loop-never-gives-up
  Scenario: PreCharge never reaching the target: the EVCC gives up within evccPreCharge
    Given the SECC is ready for the EVCC
    When the session runs through "CableCheckReq"
    And the SECC keeps "PreChargeReq" unfinished
    Then the EVCC gives "PreChargeReq" up within evccPreCharge

  @TC_EVCC_DC_VTB_DIN_PreCharge_005 @fault:din-loop-gives-up-early
  Scenario: PreCharge reaching the target just under seccPreCharge: the EVCC waits for it and starts power delivery
    Given the SECC is ready for the EVCC
    When the session runs through "CableCheckReq"
    And the SECC keeps "PreChargeReq" unfinished for just under seccPreCharge
    And the session runs through "PowerDeliveryReq"
    Then every request of the EVCC was well-formed

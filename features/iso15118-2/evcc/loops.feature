@iso15118-2 @sut:evcc @eim
Feature: ISO 15118-2 EVCC: loops the SECC keeps unfinished (Ongoing, PreCharge short of the target)
  The EVCC repeats a request the SECC answers Ongoing (PreCharge: a present voltage short of the target) as
  long as the SECC stays within its own loop timer (seccOngoing, seccCableCheck, seccPreCharge), then goes on;
  a loop the SECC never finishes it abandons — SessionStopReq or closing the TCP connection — within its own
  timer (evccOngoing, evccCableCheck, evccPreCharge), allowing one loop cycle (10 %, at least 100 ms).

  @TC_EVCC_CMN_VTB_Authorization_004 @fault:iso2-gives-up-early
  Scenario: Authorization answered Ongoing for just under seccOngoing: the EVCC keeps asking, then goes on
    Given the SECC is ready for the EVCC
    When the session runs through "PaymentServiceSelectionReq"
    And the SECC answers "AuthorizationReq" as unfinished for just under seccOngoing
    And the session runs through "ChargeParameterDiscoveryReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_CMN_VTB_Authorization_005 @fault:iso2-never-gives-up
  Scenario: Authorization answered Ongoing for good: the EVCC abandons it within evccOngoing
    Given the SECC is ready for the EVCC
    When the session runs through "PaymentServiceSelectionReq"
    And the SECC answers "AuthorizationReq" as unfinished from now on
    Then the EVCC abandons "AuthorizationReq" within evccOngoing

  @ac @TC_EVCC_AC_VTB_ChargeParameterDiscovery_004 @fault:iso2-gives-up-early
  Scenario: ChargeParameterDiscovery answered Ongoing for just under seccOngoing: the EVCC keeps asking, then starts the power delivery
    Given the SECC is ready for the EVCC
    When the session runs through "AuthorizationReq"
    And the SECC answers "ChargeParameterDiscoveryReq" as unfinished for just under seccOngoing
    And the session runs through "PowerDeliveryReq"
    Then every request of the EVCC was well-formed

  @dc @TC_EVCC_DC_VTB_ChargeParameterDiscovery_003 @fault:iso2-never-gives-up
  Scenario: ChargeParameterDiscovery answered Ongoing for good: the EVCC abandons it within evccOngoing
    Given the SECC is ready for the EVCC
    When the session runs through "AuthorizationReq"
    And the SECC answers "ChargeParameterDiscoveryReq" as unfinished from now on
    Then the EVCC abandons "ChargeParameterDiscoveryReq" within evccOngoing

  @dc @TC_EVCC_DC_VTB_CableCheck_003 @fault:iso2-gives-up-early
  Scenario: CableCheck answered Ongoing for just under seccCableCheck: the EVCC keeps asking, then pre-charges
    Given the SECC is ready for the EVCC
    When the session runs through "ChargeParameterDiscoveryReq"
    And the SECC answers "CableCheckReq" as unfinished for just under seccCableCheck
    And the session runs through "PreChargeReq"
    Then every request of the EVCC was well-formed

  @dc @TC_EVCC_DC_VTB_CableCheck_004 @fault:iso2-never-gives-up
  Scenario: CableCheck answered Ongoing for good: the EVCC abandons it within evccCableCheck
    Given the SECC is ready for the EVCC
    When the session runs through "ChargeParameterDiscoveryReq"
    And the SECC answers "CableCheckReq" as unfinished from now on
    Then the EVCC abandons "CableCheckReq" within evccCableCheck

  @dc @TC_EVCC_DC_VTB_PreCharge_003 @fault:iso2-gives-up-early
  Scenario: PreCharge short of the target for just under seccPreCharge: the EVCC keeps asking, then starts the power delivery
    Given the SECC is ready for the EVCC
    When the session runs through "CableCheckReq"
    And the SECC answers "PreChargeReq" as unfinished for just under seccPreCharge
    And the session runs through "PowerDeliveryReq"
    Then every request of the EVCC was well-formed

  @dc @TC_EVCC_DC_VTB_PreCharge_004 @fault:iso2-never-gives-up
  Scenario: PreCharge never reaching the target: the EVCC abandons it within evccPreCharge
    Given the SECC is ready for the EVCC
    When the session runs through "CableCheckReq"
    And the SECC answers "PreChargeReq" as unfinished from now on
    Then the EVCC abandons "PreChargeReq" within evccPreCharge

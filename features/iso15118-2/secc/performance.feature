@iso15118-2 @sut:secc @eim
Feature: ISO 15118-2 SECC: performance times
  The SECC answers within its performance time — seccPerformance by default, seccPerformanceLong for
  PowerDelivery, seccCurrentDemand for CurrentDemand — which on a real rig is stricter than the EVCC's message
  timeout (1.5 s against 2 s, 4.5 s against 5 s, 25 ms against 250 ms): an answer between the two is late for
  the SECC although the EVCC still takes it.

  @TC_SECC_CMN_VTB_Authorization_005 @fault:iso2-late-authorization
  Scenario: The SECC answers AuthorizationReq within seccPerformance
    Given a V2G session is set up
    When the EVCC runs the session up to "AuthorizationReq"
    And the EVCC sends "AuthorizationReq"
    Then the SECC answered within seccPerformance

  @ac @TC_SECC_AC_VTB_ChargeParameterDiscovery_008 @fault:iso2-late-charge-parameter
  Scenario: The SECC answers an AC ChargeParameterDiscoveryReq within seccPerformance
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq"
    Then the SECC answered within seccPerformance

  @dc @TC_SECC_DC_VTB_ChargeParameterDiscovery_008 @fault:iso2-late-charge-parameter
  Scenario: The SECC answers a DC ChargeParameterDiscoveryReq within seccPerformance
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq"
    Then the SECC answered within seccPerformance

  @ac @TC_SECC_AC_VTB_PowerDelivery_007 @fault:iso2-late-power-delivery
  Scenario: The SECC answers an AC PowerDeliveryReq within seccPerformanceLong
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "PowerDeliveryReq"
    Then the SECC answered within seccPerformanceLong

  @dc @TC_SECC_DC_VTB_PowerDelivery_007 @fault:iso2-late-power-delivery
  Scenario: The SECC answers a DC PowerDeliveryReq within seccPerformanceLong
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "PowerDeliveryReq"
    Then the SECC answered within seccPerformanceLong

  @dc @TC_SECC_DC_VTB_CurrentDemand_006 @fault:iso2-late-current-demand
  Scenario: The SECC answers CurrentDemandReq within seccCurrentDemand
    Given a V2G session is set up
    When the EVCC runs the session up to "CurrentDemandReq"
    And the EVCC sends "CurrentDemandReq"
    Then the SECC answered within seccCurrentDemand

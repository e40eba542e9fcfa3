@din70121 @sut:secc @dc @eim
Feature: DIN 70121 SECC: requests out of sequence are answered FAILED_SequenceError
  The DIN SECC state machine allows each request only after the one before it (SessionStop at any point after
  SessionSetup). A request the state does not allow is answered FAILED_SequenceError (data/catalogues/v2g-din70121.csv).

  @TC_SECC_DC_VTB_DIN_ServicePaymentSelection_002 @fault:din-no-sequence-error
  Scenario: ServicePaymentSelectionReq before ServiceDiscovery is a sequence error
    Given a V2G session is set up
    When the EVCC sends "ServicePaymentSelectionReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_DC_VTB_DIN_CableCheck_003 @fault:din-no-sequence-error
  Scenario: CableCheckReq before ChargeParameterDiscovery is a sequence error
    Given a V2G session is set up
    When the EVCC runs the session up to "ContractAuthenticationReq"
    And the EVCC sends "CableCheckReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_DC_VTB_DIN_PreCharge_003 @fault:din-no-sequence-error
  Scenario: PowerDeliveryReq before PreCharge is a sequence error
    Given a V2G session is set up
    When the EVCC runs the session up to "PreChargeReq"
    And the EVCC sends "PowerDeliveryReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_DC_VTB_DIN_CurrentDemand_004 @fault:din-no-sequence-error
  Scenario: CurrentDemandReq before PowerDelivery is a sequence error
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "CurrentDemandReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_DC_VTB_DIN_WeldingDetection_002 @fault:din-no-sequence-error
  Scenario: WeldingDetectionReq during CurrentDemand (no PowerDelivery stop) is a sequence error
    Given a V2G session is set up
    When the EVCC runs the session up to "CurrentDemandReq"
    And the EVCC sends "CurrentDemandReq"
    And the EVCC sends "WeldingDetectionReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_DC_VTB_DIN_ContractAuthentication_002 @fault:din-no-sequence-error
  Scenario: ChargeParameterDiscoveryReq before ContractAuthentication is a sequence error
    Given a V2G session is set up
    When the EVCC runs the session up to "ContractAuthenticationReq"
    And the EVCC sends "ChargeParameterDiscoveryReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

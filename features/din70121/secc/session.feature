@din70121 @sut:secc @dc @eim
Feature: DIN 70121 SECC: a whole session, SessionSetup, session id, services and payment, SessionStop
  The harness plays the EVCC (EV values from the PICS `v2g.values`). The SECC answers SessionSetupReq with
  OK_NewSessionEstablished within evccMessage and a new SessionID; a request carrying another SessionID is
  answered FAILED_UnknownSession; ServiceDiscoveryRes offers ExternalPayment (EIM) and a DC charge service;
  a payment option it did not offer is refused; SessionStopReq is answered OK (data/catalogues/v2g-din70121.csv).

  @TC_SECC_DC_VTB_DIN_SessionSetup_001 @fault:din-wrong-response-name @fault:din-late-current-demand
  Scenario: A whole DIN DC session (EIM) runs from SessionSetup to SessionStop with every check on
    Given a V2G session is set up
    When the EVCC completes the session

  @TC_SECC_DC_VTB_DIN_SessionSetup_002 @fault:din-late-session-setup
  Scenario: The SECC answers SessionSetupReq within evccMessage with a new session
    Given a V2G session is set up
    Then the SECC answers with ResponseCode "OK_NewSessionEstablished"

  @TC_SECC_DC_VTB_DIN_SessionSetup_003 @fault:din-accepts-wrong-session-id
  Scenario: A request with another SessionID than the session's is answered FAILED_UnknownSession
    Given a V2G session is set up
    When the EVCC sends "ServiceDiscoveryReq" with:
      | field            | value            |
      | Header.SessionID | 0A0B0C0D0E0F0001 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

  @TC_SECC_DC_VTB_DIN_SessionSetup_004 @fault:din-accepts-wrong-session-id
  Scenario: Later in the session, CableCheckReq with another SessionID is answered FAILED_UnknownSession
    Given a V2G session is set up
    When the EVCC runs the session up to "CableCheckReq"
    And the EVCC sends "CableCheckReq" with:
      | field            | value            |
      | Header.SessionID | 0A0B0C0D0E0F0002 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

  @TC_SECC_DC_VTB_DIN_ServiceDiscovery_001 @fault:din-no-eim
  Scenario: ServiceDiscoveryRes offers ExternalPayment (EIM)
    Given a V2G session is set up
    When the EVCC runs the session up to "ServicePaymentSelectionReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_DIN_ServiceDiscovery_002 @fault:din-ac-service
  Scenario: ServiceDiscoveryRes offers a DC charge service in the EVCharging category
    Given a V2G session is set up
    When the EVCC runs the session up to "ServicePaymentSelectionReq"
    Then the SECC answers with ResponseCode "OK"
    And the response field "ChargeService.ServiceTag.ServiceCategory" is "EVCharging"

  @TC_SECC_DC_VTB_DIN_ServicePaymentSelection_001 @fault:din-accepts-unoffered-payment
  Scenario: A payment option the SECC did not offer is answered FAILED_PaymentSelectionInvalid
    Given a V2G session is set up
    When the EVCC runs the session up to "ServicePaymentSelectionReq"
    And the EVCC sends "ServicePaymentSelectionReq" with:
      | field                 | value    |
      | SelectedPaymentOption | Contract |
    Then the SECC answers with ResponseCode "FAILED_PaymentSelectionInvalid"

  @TC_SECC_DC_VTB_DIN_SessionStop_001 @fault:din-sessionstop-failed
  Scenario: SessionStopReq after the charge preparation is answered OK
    Given a V2G session is set up
    When the EVCC runs the session up to "CableCheckReq"
    And the EVCC sends "SessionStopReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_DIN_SessionStop_002 @fault:din-sessionstop-failed @fault:din-no-power-off
  Scenario: SessionStopReq at the end of a charge is answered OK
    Given a V2G session is set up
    When the EVCC runs the session up to "SessionStopReq"
    And the EVCC sends "SessionStopReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_DIN_SessionSetup_005 @fault:din-late-session-setup
  Scenario: The SECC answers SessionSetupReq within its performance time seccPerformance
    Given a V2G session is set up
    Then the SECC answered within seccPerformance

@iso15118-20 @sut:secc @eim
Feature: ISO 15118-20 SECC: session setup, session id and authorization (EIM)
  The harness plays the EVCC against the charger's SECC over TLS 1.3. Every -20 message carries its own
  Header {SessionID, TimeStamp}; a new session (SessionID 0) gets OK_NewSessionEstablished and a new id that
  every later request must carry (FAILED_UnknownSession otherwise). The SECC offers EIM in
  AuthorizationSetupRes and finishes Authorization within evccOngoing. Values come from the PICS and the
  harness's own EV values; the purposes are written from ISO 15118-20 and the case names (data/catalogues/v2g-iso15118-20.csv).

  @dc @TC_SECC_CMN_VTB_V20_SessionSetup_001 @fault:iso20-wrong-evse-id
  Scenario: A new session is established with an EVSEID in ISO 15118 form
    Given a V2G session is set up
    Then the SECC answers with ResponseCode "OK_NewSessionEstablished"

  @dc @TC_SECC_CMN_VTB_V20_SessionSetup_002 @fault:iso20-accepts-wrong-session-id
  Scenario: A request with a SessionID other than the session's is refused with FAILED_UnknownSession (DC)
    Given a V2G session is set up
    When the EVCC sends "AuthorizationSetupReq" with:
      | field            | value            |
      | Header.SessionID | 1122334455667788 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

  @ac @TC_SECC_CMN_VTB_V20_SessionSetup_003 @fault:iso20-accepts-wrong-session-id
  Scenario: A request with a SessionID other than the session's is refused with FAILED_UnknownSession (AC)
    Given a V2G session is set up
    When the EVCC runs the session up to "ServiceDiscoveryReq"
    And the EVCC sends "ServiceDiscoveryReq" with:
      | field            | value            |
      | Header.SessionID | 0000000000000001 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

  @dc @TC_SECC_CMN_VTB_V20_SessionSetup_004 @fault:iso20-no-sequence-error
  Scenario: ServiceDiscoveryReq right after SessionSetup (no authorization) is a sequence error
    Given a V2G session is set up
    When the EVCC sends "ServiceDiscoveryReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @ac @TC_SECC_CMN_VTB_V20_AuthorizationSetup_001 @fault:iso20-offers-no-eim
  Scenario: AuthorizationSetupRes offers EIM to an EVCC that uses external identification
    Given a V2G session is set up
    When the EVCC runs the session up to "AuthorizationReq"
    Then the SECC answers with ResponseCode "OK"

  @dc @TC_SECC_CMN_VTB_V20_Authorization_001 @fault:iso20-ongoing-forever
  Scenario: EIM Authorization finishes within evccOngoing
    Given a V2G session is set up
    When the EVCC runs the session up to "ServiceDiscoveryReq"
    Then the SECC answers with ResponseCode "OK"
    And the response field "EVSEProcessing" is "Finished"

  @dc @TC_SECC_CMN_VTB_V20_Authorization_002 @fault:iso20-accepts-unoffered-authorization
  Scenario: Selecting PnC when only EIM was offered is not accepted as OK
    Given a V2G session is set up
    When the EVCC runs the session up to "AuthorizationReq"
    And the EVCC sends "AuthorizationReq" with:
      | field                                               | value                              |
      | SelectedAuthorizationService                        | PnC                                |
      | EIM_AReqAuthorizationMode                           | null                               |
      | PnC_AReqAuthorizationMode.Id                        | id1                                |
      | PnC_AReqAuthorizationMode.GenChallenge              | 00112233445566778899aabbccddeeff   |
      | PnC_AReqAuthorizationMode.ContractCertificateChain  | {"Certificate":"3000","SubCertificates":{"Certificate":["3000"]}} |
    Then the SECC answers with a ResponseCode starting with "WARNING"

  @dc @TC_SECC_CMN_VTB_V20_PowerDelivery_001 @fault:iso20-no-sequence-error
  Scenario: PowerDeliveryReq before ServiceSelection is a sequence error
    Given a V2G session is set up
    When the EVCC runs the session up to "ServiceSelectionReq"
    And the EVCC sends "PowerDeliveryReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

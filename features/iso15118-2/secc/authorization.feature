@iso15118-2 @sut:secc @eim
Feature: ISO 15118-2 SECC: Authorization with external identification (EIM)
  After PaymentServiceSelection (ExternalPayment) the EVCC repeats AuthorizationReq while the SECC answers
  EVSEProcessing Ongoing; the SECC must finish within the EVCC's Ongoing timeout (evccOngoing) and answer each
  AuthorizationReq within evccMessage. Out of sequence or with another SessionID it answers FAILED_….

  @TC_SECC_CMN_VTB_Authorization_001 @fault:iso2-ongoing-forever
  Scenario: The SECC finishes the authorization within the Ongoing timeout
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    Then the SECC answers with ResponseCode "OK"
    And the response field "EVSEProcessing" is "Finished"

  @TC_SECC_CMN_VTB_Authorization_002 @fault:iso2-late-authorization
  Scenario: The SECC answers AuthorizationReq within the EVCC message timeout
    Given a V2G session is set up
    When the EVCC runs the session up to "AuthorizationReq"
    And the EVCC sends "AuthorizationReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_CMN_VTB_Authorization_003 @fault:iso2-no-sequence-error
  Scenario: AuthorizationReq before the payment selection is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentServiceSelectionReq"
    And the EVCC sends "AuthorizationReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_CMN_VTB_Authorization_004 @fault:iso2-accepts-wrong-session-id
  Scenario: AuthorizationReq with another SessionID is answered FAILED_UnknownSession
    Given a V2G session is set up
    When the EVCC runs the session up to "AuthorizationReq"
    And the EVCC sends "AuthorizationReq" with:
      | field            | value            |
      | Header.SessionID | 0102030405060708 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

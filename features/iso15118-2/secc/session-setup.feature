@iso15118-2 @sut:secc @eim
Feature: ISO 15118-2 SECC: session set-up and session identity (ISO 15118-4 SessionSetup)
  The harness plays the EVCC. A SessionSetupReq with SessionID 0 opens a new session (OK_NewSessionEstablished,
  a new SessionID, the EVSEID); every later request must carry that SessionID, a request with another one is
  answered FAILED_UnknownSession; a request out of the message sequence is answered FAILED_SequenceError.
  The SECC answers within the EVCC message timeout (evccMessage).

  @TC_SECC_CMN_VTB_SessionSetup_001 @fault:iso2-old-session-joined
  Scenario: A SessionSetupReq with SessionID 0 opens a new session
    Given a V2G session is set up
    Then the SECC answers with ResponseCode "OK_NewSessionEstablished"

  @TC_SECC_CMN_VTB_SessionSetup_002 @fault:iso2-late-session-setup
  Scenario: The SECC answers SessionSetupReq within the EVCC message timeout
    Given a V2G session is set up
    Then the SECC answers with a ResponseCode starting with "OK"

  @TC_SECC_CMN_VTB_SessionSetup_003 @fault:iso2-accepts-wrong-session-id
  Scenario: A request with a SessionID other than the session's is answered FAILED_UnknownSession
    Given a V2G session is set up
    When the EVCC sends "ServiceDiscoveryReq" with:
      | field            | value            |
      | Header.SessionID | 0102030405060708 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

  @TC_SECC_CMN_VTB_SessionSetup_004 @fault:iso2-no-sequence-error
  Scenario: PaymentServiceSelectionReq right after SessionSetup (no ServiceDiscovery) is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC sends "PaymentServiceSelectionReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @ac @TC_SECC_AC_VTB_SessionSetup_001 @fault:iso2-old-session-joined @fault:iso2-session-stop-fails
  Scenario: An AC session opened by SessionSetup runs through charging to SessionStop
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @dc @TC_SECC_DC_VTB_SessionSetup_001 @fault:iso2-old-session-joined @fault:iso2-session-stop-fails
  Scenario: A DC session opened by SessionSetup runs through charging to SessionStop
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

@iso15118-2 @sut:secc @pnc
Feature: ISO 15118-2 SECC: Plug and Charge (PaymentDetails, signed Authorization)
  With PaymentOption Contract the EVCC sends PaymentDetailsReq (contract certificate chain and eMAID); the SECC
  checks the chain leads to a Mobility Operator root it trusts and answers a fresh 16-byte GenChallenge. The
  EVCC then sends AuthorizationReq with an Id, that GenChallenge, and a V2G header signature (ECDSA P-256 over
  the EXI fragment of AuthorizationReq); the SECC answers FAILED_SignatureError when the signature does not hold
  and FAILED_ChallengeInvalid when the GenChallenge is not its own. The contract chain is the rig's (reference
  rig: the run's V2G PKI, MO root → sub-CA 1 → sub-CA 2 → contract certificate, CN = eMAID; a real SECC:
  v2g.secc.pnc, else the scenarios are not applicable). PaymentOption Contract runs over TLS 1.2 only: on a plain
  TCP connection (@tcp) the SECC offers ExternalPayment alone and refuses a Contract selection.

  @TC_SECC_CMN_VTB_PaymentDetails_001 @fault:iso2-short-genchallenge
  Scenario: The SECC answers PaymentDetailsReq with OK and a 16-byte GenChallenge
    Given a V2G session is set up
    When the EVCC runs the session up to "AuthorizationReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_CMN_VTB_PaymentDetails_002 @fault:iso2-accepts-untrusted-contract
  Scenario: A contract chain that does not lead to a trusted MO root is answered FAILED_CertChainError
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentDetailsReq"
    And the EVCC sends "PaymentDetailsReq" with:
      | field                                      | value |
      | ContractSignatureCertChain.SubCertificates | null  |
    Then the SECC answers with ResponseCode "FAILED_CertChainError"

  @TC_SECC_CMN_VTB_PaymentDetails_003 @fault:iso2-short-genchallenge
  Scenario: A complete Plug and Charge session with a signed Authorization
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_CMN_VTB_Authorization_006 @fault:iso2-accepts-bad-signature
  Scenario: An AuthorizationReq whose signature does not reference it is answered FAILED_SignatureError
    Given a V2G session is set up
    When the EVCC runs the session up to "AuthorizationReq"
    And the EVCC sends "AuthorizationReq" with:
      | field | value |
      | Id    | ID2   |
    Then the SECC answers with ResponseCode "FAILED_SignatureError"

  @TC_SECC_CMN_VTB_Authorization_007 @fault:iso2-ignores-genchallenge
  Scenario: An AuthorizationReq with a GenChallenge other than the SECC's is answered FAILED_ChallengeInvalid
    Given a V2G session is set up
    When the EVCC runs the session up to "AuthorizationReq"
    And the EVCC sends "AuthorizationReq" with:
      | field        | value                            |
      | GenChallenge | 0f0e0d0c0b0a09080706050403020100 |
    Then the SECC answers with ResponseCode "FAILED_ChallengeInvalid"

  @TC_SECC_CMN_VTB_PaymentDetails_004 @fault:iso2-reuses-genchallenge
  Scenario: Every PaymentDetailsRes carries a new GenChallenge; an AuthorizationReq signed over an old one is refused
    Given a V2G session is set up
    When the EVCC runs the session up to "AuthorizationReq"
    And the EVCC starts a new session up to "AuthorizationReq"
    Then the SECC's GenChallenge is new and 16 bytes long
    When the EVCC sends AuthorizationReq signed over the previous session's GenChallenge
    Then the SECC answers with ResponseCode "FAILED_ChallengeInvalid"

  @tcp @TC_SECC_CMN_VTB_ServiceDiscovery_004 @fault:iso2-pnc-without-tls
  Scenario: On plain TCP the SECC does not offer Contract and refuses its selection
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentServiceSelectionReq"
    And the EVCC sends "PaymentServiceSelectionReq"
    Then the SECC answers with ResponseCode "FAILED_PaymentSelectionInvalid"

@iso15118-2 @sut:evcc @pnc
Feature: ISO 15118-2 EVCC: Plug and Charge (PaymentDetails, signed Authorization)
  The harness plays the SECC offering PaymentOption Contract. After PaymentServiceSelection(Contract) the EVCC
  sends PaymentDetailsReq with its contract certificate chain, which must lead to a Mobility Operator root the
  harness trusts (reference rig: the run's V2G PKI MO root; a real rig: its MO root file), and its eMAID, which
  must be the contract certificate's CN. The harness answers a fresh 16-byte GenChallenge; the EVCC's
  AuthorizationReq must echo it, carry an Id, and a V2G header signature whose Reference digests the EXI
  fragment of AuthorizationReq and whose ECDSA P-256 value verifies with the contract certificate.

  @TC_EVCC_CMN_VTB_PaymentDetails_001 @fault:iso2-wrong-emaid
  Scenario: The EVCC sends PaymentDetailsReq with a trusted contract chain and the eMAID of its certificate
    Given the SECC is ready for the EVCC
    When the session runs through "PaymentServiceSelectionReq"
    Then the EVCC sends "PaymentDetailsReq"

  @TC_EVCC_CMN_VTB_PaymentDetails_003 @fault:iso2-expired-contract
  Scenario: The EVCC presents a contract certificate that is valid now
    Given the SECC is ready for the EVCC
    When the session runs through "PaymentServiceSelectionReq"
    Then the EVCC sends "PaymentDetailsReq"

  @TC_EVCC_CMN_VTB_Authorization_006 @fault:iso2-bad-signature
  Scenario: The EVCC signs AuthorizationReq with its contract key over the EXI fragment
    Given the SECC is ready for the EVCC
    When the session runs through "PaymentDetailsReq"
    Then the EVCC sends "AuthorizationReq"

  @TC_EVCC_CMN_VTB_Authorization_007 @fault:iso2-wrong-genchallenge
  Scenario: The EVCC's AuthorizationReq echoes the GenChallenge of PaymentDetailsRes
    Given the SECC is ready for the EVCC
    When the session runs through "PaymentDetailsReq"
    Then the EVCC sends "AuthorizationReq"

  @TC_EVCC_CMN_VTB_PaymentDetails_002 @fault:iso2-bad-signature @fault:iso2-wrong-emaid
  Scenario: A complete Plug and Charge session
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then every request of the EVCC was well-formed

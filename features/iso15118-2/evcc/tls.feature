@iso15118-2 @sut:evcc @tls
Feature: ISO 15118-2 EVCC: TLS
  An EVCC that asks for TLS in SDP connects with TLS 1.2 and ECDHE-ECDSA-AES128-SHA256, accepts only a SECC
  chain that leads to its V2G root, and runs the session over it. New test cases written from ISO 15118-2
  (TLS is not one of the public ISO 15118-4 contexts). The chains it must refuse come from the run's V2G PKI on
  every rig (a leaf under another root; an expired leaf under the V2G root, reference rig only: on a real EVCC
  the harness holds no key of its V2G root, so that scenario is not applicable there).

  @TC_EVCC_CMN_VTB_TLS_001 @fault:wrong-v2gtp-version @fault:sap-offers-nothing-valid
  Scenario: The EVCC asks for TLS in SDP and runs SessionSetup over TLS
    Given the SECC is ready for the EVCC
    When the session runs through "SessionSetupReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_CMN_VTB_TLS_002 @fault:accepts-untrusted-secc
  Scenario: The EVCC refuses a SECC whose chain does not lead to its V2G root
    Given the SECC presents a certificate chain that does not lead to the V2G root
    When the SECC is ready for the EVCC
    Then the EVCC refuses the SECC's chain and sends no V2G message

  @TC_EVCC_CMN_VTB_TLS_003 @fault:accepts-untrusted-secc
  Scenario: The EVCC refuses a SECC whose certificate has expired
    Given the SECC presents an expired certificate chain
    When the SECC is ready for the EVCC
    Then the EVCC refuses the SECC's chain and sends no V2G message

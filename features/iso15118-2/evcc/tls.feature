@iso15118-2 @sut:evcc @tls
Feature: ISO 15118-2 EVCC: TLS
  An EVCC that asks for TLS in SDP connects with TLS 1.2 and ECDHE-ECDSA-AES128-SHA256, accepts only a SECC
  chain that leads to its V2G root, and runs the session over it. New test cases written from ISO 15118-2
  (TLS is not one of the public ISO 15118-4 contexts).

  @TC_EVCC_CMN_VTB_TLS_001 @fault:wrong-v2gtp-version @fault:sap-offers-nothing-valid
  Scenario: The EVCC asks for TLS in SDP and runs SessionSetup over TLS
    Given the SECC is ready for the EVCC
    When the session runs through "SessionSetupReq"
    Then every request of the EVCC was well-formed

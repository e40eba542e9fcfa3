@iso15118-2 @sut:evcc
Feature: ISO 15118-2 EVCC: SupportedAppProtocol handshake
  The EVCC offers the protocols it speaks, each with a SchemaID and a priority; ISO 15118-2 must be among them
  (its PICS declares it) with the namespace urn:iso:15118:2:2013:MsgDef, version 2.0. After
  OK_SuccessfulNegotiation it sends SessionSetupReq of the chosen protocol in time. New test cases (the public
  ISO 15118-4 IDs list no EVCC handshake cases), written from ISO 15118-2

  @TC_EVCC_CMN_VTB_SupportedAppProtocol_001 @fault:sap-offers-nothing-valid
  Scenario: The EVCC offers ISO 15118-2 and goes on with SessionSetupReq
    Given the SECC is ready for the EVCC
    When the session runs through "SessionSetupReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_CMN_VTB_SupportedAppProtocol_002 @fault:sap-offers-nothing-valid @fault:late-request
  Scenario: After the handshake SessionSetupReq comes within the SECC's sequence timeout
    Given the SECC is ready for the EVCC
    Then the EVCC sends "SessionSetupReq"

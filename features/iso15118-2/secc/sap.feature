@iso15118-2 @sut:secc
Feature: ISO 15118-2 SECC: SupportedAppProtocol handshake
  The EVCC lists the app protocols it speaks, each with a SchemaID and a priority (1 = most wanted); the SECC
  answers OK_SuccessfulNegotiation with the SchemaID of the highest-priority entry it supports, on V2GTP payload
  type 0x8001, and never a SchemaID that was not offered. Which standards the SECC supports comes from its PICS
  (a standard it does not declare makes the scenario not applicable). Purposes written from ISO 15118-2
  (SupportedAppProtocol) as FACTS.md summarises it; the ISO 15118-4 purposes are not public.

  @TC_SECC_CMN_VTB_SupportedAppProtocol_001 @fault:sap-ignores-priority
  Scenario: Offered ISO 15118-2 first and DIN 70121 second, the SECC selects ISO 15118-2
    When the EVCC offers the app protocols:
      | standard   | priority |
      | iso15118-2 | 1        |
      | din70121   | 2        |
    Then the SECC answers the app-protocol handshake with "OK_SuccessfulNegotiation"
    And the SECC selects "iso15118-2"

  @dc @TC_SECC_CMN_VTB_SupportedAppProtocol_002 @fault:sap-ignores-priority
  Scenario: Offered DIN 70121 first and ISO 15118-2 second, the SECC selects DIN 70121
    When the EVCC offers the app protocols:
      | standard   | priority |
      | din70121   | 1        |
      | iso15118-2 | 2        |
    Then the SECC selects "din70121"

  @TC_SECC_CMN_VTB_SupportedAppProtocol_003 @fault:sap-picks-unoffered
  Scenario: Offered ISO 15118-2 alone, the SECC answers its SchemaID
    When the EVCC offers the app protocols:
      | standard   | priority |
      | iso15118-2 | 1        |
    Then the SECC answers the app-protocol handshake with "OK_SuccessfulNegotiation"
    And the SECC selects "iso15118-2"

  @TC_SECC_CMN_VTB_SupportedAppProtocol_004 @fault:wrong-payload-type
  Scenario: The supportedAppProtocolRes comes on payload type 0x8001
    When the EVCC offers the app protocols:
      | standard   | priority |
      | iso15118-2 | 1        |
    Then the SECC answers the app-protocol handshake with "OK_SuccessfulNegotiation"

  @TC_SECC_CMN_VTB_SupportedAppProtocol_005 @fault:sap-ignores-priority @fault:sap-picks-unoffered
  Scenario: Priorities decide, not the order of the list
    When the EVCC offers the app protocols:
      | standard   | priority |
      | din70121   | 3        |
      | iso15118-2 | 1        |
    Then the SECC selects "iso15118-2"

  @TC_SECC_CMN_VTB_SupportedAppProtocol_006 @fault:sap-picks-unoffered @fault:late-response
  Scenario: After the handshake the SECC accepts SessionSetupReq of the chosen protocol
    Given a V2G session is set up
    Then the SECC answers with ResponseCode "OK_NewSessionEstablished"

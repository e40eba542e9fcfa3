@iso15118-20 @sut:evcc @eim
Feature: ISO 15118-20 EVCC: session id, request timing, authorization and service selection (EIM)
  The harness plays the SECC for the car's EVCC over TLS 1.3. The EVCC keeps the SessionID that
  SessionSetupRes gave on every request, sends each request within seccSequence, selects only the
  authorization and the energy service the SECC offered, repeats Authorization while it is Ongoing, and
  stops after a FAILED response or a response later than its own message timeout.

  @dc @TC_EVCC_CMN_VTB_V20_SessionSetup_001 @fault:iso20-wrong-session-id
  Scenario: After SessionSetup the EVCC uses the SessionID the SECC gave
    Given the SECC is ready for the EVCC
    Then the EVCC sends "SessionSetupReq"
    And the EVCC sends "AuthorizationSetupReq"

  @ac @TC_EVCC_CMN_VTB_V20_SessionSetup_002 @fault:iso20-wrong-session-id @fault:iso20-wrong-payload-type
  Scenario: A full AC session: every request carries the session's id and travels with its family's payload type
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then every request of the EVCC was well-formed

  @dc @TC_EVCC_CMN_VTB_V20_AuthorizationSetup_001 @fault:iso20-late-request
  Scenario: The request after SessionSetupRes comes within seccSequence
    Given the SECC is ready for the EVCC
    When the session runs through "SessionSetupReq"
    Then the EVCC sends "AuthorizationSetupReq"

  @dc @TC_EVCC_CMN_VTB_V20_Authorization_001 @fault:iso20-selects-unoffered-authorization
  Scenario: The EVCC selects EIM, the authorization service the SECC offered
    Given the SECC is ready for the EVCC
    When the session runs through "AuthorizationReq"
    Then every request of the EVCC was well-formed

  @ac @TC_EVCC_CMN_VTB_V20_Authorization_002 @fault:iso20-ignores-ongoing
  Scenario: While Authorization is Ongoing the EVCC repeats AuthorizationReq
    Given the SECC is ready for the EVCC
    When the session runs through "AuthorizationSetupReq"
    And the SECC answers "AuthorizationReq" with:
      | field          | value   |
      | EVSEProcessing | Ongoing |
    Then the EVCC sends "AuthorizationReq"
    And the EVCC sends "AuthorizationReq"

  @dc @TC_EVCC_CMN_VTB_V20_ServiceDiscovery_001 @fault:ignores-failed-response
  Scenario: After ServiceDiscoveryRes FAILED the EVCC ends the session and closes the connection
    Given the SECC is ready for the EVCC
    When the session runs through "AuthorizationReq"
    And the SECC answers "ServiceDiscoveryReq" with ResponseCode "FAILED"
    And the session runs through "ServiceDiscoveryReq"
    Then the EVCC closes the TCP connection within evccMessage

  @dc @TC_EVCC_CMN_VTB_V20_ServiceDiscovery_002 @fault:iso20-ignores-response-timeout
  Scenario: The EVCC gives up when ServiceDiscoveryRes comes later than evccMessage
    Given the SECC is ready for the EVCC
    When the session runs through "AuthorizationReq"
    Then the EVCC gives up when the SECC answers "ServiceDiscoveryReq" after evccMessage

  @dc @TC_EVCC_CMN_VTB_V20_ServiceSelection_001 @fault:iso20-selects-unoffered-service
  Scenario: The EVCC selects the DC service the SECC offered
    Given the SECC is ready for the EVCC
    When the session runs through "ServiceSelectionReq"
    Then every request of the EVCC was well-formed

  @ac @TC_EVCC_CMN_VTB_V20_ServiceSelection_002 @fault:iso20-selects-unoffered-service
  Scenario: The EVCC selects the AC service the SECC offered
    Given the SECC is ready for the EVCC
    When the session runs through "ServiceSelectionReq"
    Then every request of the EVCC was well-formed

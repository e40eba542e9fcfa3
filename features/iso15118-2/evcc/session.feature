@iso15118-2 @sut:evcc @eim
Feature: ISO 15118-2 EVCC: session set-up, services, payment selection and Authorization (EIM)
  The harness plays the SECC (it offers ExternalPayment, the charge service ServiceID 1 and an InternetAccess
  service). The EVCC opens the session with its 6-byte MAC as EVCCID, asks ServiceDiscovery before selecting,
  selects an offered payment option and the charge service, authorizes before ChargeParameterDiscovery,
  repeats AuthorizationReq while the SECC answers Ongoing, stops after a FAILED answer, and sends each request
  within the SECC sequence timeout (seccSequence).

  @TC_EVCC_CMN_VTB_SessionSetup_001 @fault:iso2-bad-evccid
  Scenario: The EVCC opens the session with its MAC address as EVCCID
    Given the SECC is ready for the EVCC
    Then the EVCC sends "SessionSetupReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_CMN_VTB_ServiceDiscovery_001 @fault:iso2-skips-service-discovery
  Scenario: After SessionSetup the EVCC asks for the services
    Given the SECC is ready for the EVCC
    When the session runs through "SessionSetupReq"
    Then the EVCC sends "ServiceDiscoveryReq"

  @TC_EVCC_CMN_VTB_PaymentServiceSelection_001 @fault:iso2-wrong-selected-payment
  Scenario: The EVCC selects a payment option the SECC offered
    Given the SECC is ready for the EVCC
    When the session runs through "PaymentServiceSelectionReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_CMN_VTB_PaymentServiceSelection_002 @fault:iso2-no-charge-service
  Scenario: The EVCC selects the charge service
    Given the SECC is ready for the EVCC
    When the session runs through "PaymentServiceSelectionReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_CMN_VTB_Authorization_001 @fault:iso2-skips-authorization
  Scenario: After the payment selection the EVCC asks for Authorization
    Given the SECC is ready for the EVCC
    When the session runs through "PaymentServiceSelectionReq"
    Then the EVCC sends "AuthorizationReq"

  @TC_EVCC_CMN_VTB_Authorization_002 @fault:iso2-ignores-ongoing
  Scenario: The EVCC repeats AuthorizationReq while the SECC answers Ongoing
    Given the SECC is ready for the EVCC
    When the session runs through "PaymentServiceSelectionReq"
    And the SECC answers "AuthorizationReq" with:
      | field          | value   |
      | EVSEProcessing | Ongoing |
    Then the EVCC sends "AuthorizationReq"
    And the EVCC sends "AuthorizationReq"

  @TC_EVCC_CMN_VTB_Authorization_003 @fault:ignores-failed-response
  Scenario: After AuthorizationRes FAILED the EVCC ends the session and closes the connection
    Given the SECC is ready for the EVCC
    When the session runs through "PaymentServiceSelectionReq"
    And the SECC answers "AuthorizationReq" with ResponseCode "FAILED"
    Then the EVCC sends "AuthorizationReq"
    And the EVCC closes the TCP connection without a further request within evccMessage

  @TC_EVCC_CMN_VTB_ChargeParameterDiscovery_001 @fault:iso2-late-request
  Scenario: The EVCC sends ChargeParameterDiscoveryReq within the SECC sequence timeout
    Given the SECC is ready for the EVCC
    When the session runs through "AuthorizationReq"
    Then the EVCC sends "ChargeParameterDiscoveryReq"

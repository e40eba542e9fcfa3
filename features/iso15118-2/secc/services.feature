@iso15118-2 @sut:secc @eim
Feature: ISO 15118-2 SECC: service discovery, service detail and payment/service selection
  ServiceDiscoveryRes lists the payment options (ExternalPayment for EIM) and the charge service (category
  EVCharging, ServiceID 1) with energy transfer modes of the session's kind. ServiceDetailReq is answered for a
  listed service (the charge service is always listed) within evccMessageLong, FAILED_ServiceIDInvalid for an
  unknown one. PaymentServiceSelectionReq must name an offered option and the charge service; other services
  must have been offered (FAILED_ServiceSelectionInvalid). Out of sequence: FAILED_SequenceError.

  @TC_SECC_CMN_VTB_ServiceDiscovery_001 @fault:iso2-wrong-payment-options
  Scenario: ServiceDiscoveryRes offers ExternalPayment to an EIM session
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentServiceSelectionReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_CMN_VTB_ServiceDiscovery_002 @fault:iso2-wrong-service-category
  Scenario: The charge service of ServiceDiscoveryRes is in the category EVCharging
    Given a V2G session is set up
    When the EVCC sends "ServiceDiscoveryReq"
    Then the SECC answers with ResponseCode "OK"
    And the response field "ChargeService.ServiceCategory" is "EVCharging"

  @TC_SECC_CMN_VTB_ServiceDiscovery_003 @fault:iso2-no-sequence-error
  Scenario: ServiceDiscoveryReq after the payment selection is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "AuthorizationReq"
    And the EVCC sends "ServiceDiscoveryReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @ac @TC_SECC_AC_VTB_ServiceDiscovery_001 @fault:iso2-wrong-service-category
  Scenario: An AC SECC lists an AC energy transfer mode for its charge service
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentServiceSelectionReq"
    Then the response content is as ISO 15118-2 requires

  @dc @TC_SECC_DC_VTB_ServiceDiscovery_001 @fault:iso2-wrong-service-category
  Scenario: A DC SECC lists a DC energy transfer mode for its charge service
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentServiceSelectionReq"
    Then the response content is as ISO 15118-2 requires

  @TC_SECC_CMN_VTB_ServiceDetail_001 @fault:iso2-servicedetail-wrong-id
  Scenario: ServiceDetailReq for the charge service is answered with that ServiceID
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentServiceSelectionReq"
    And the EVCC sends "ServiceDetailReq" with:
      | field     | value |
      | ServiceID | 1     |
    Then the SECC answers with a ResponseCode starting with "OK"
    And the response field "ServiceID" is "1"

  @TC_SECC_CMN_VTB_ServiceDetail_002 @fault:iso2-servicedetail-invalid-ok
  Scenario: ServiceDetailReq for a service that was not listed is answered FAILED_ServiceIDInvalid
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentServiceSelectionReq"
    And the EVCC sends "ServiceDetailReq" with:
      | field     | value |
      | ServiceID | 60000 |
    Then the SECC answers with ResponseCode "FAILED_ServiceIDInvalid"

  @TC_SECC_CMN_VTB_ServiceDetail_003 @fault:iso2-servicedetail-late
  Scenario: The SECC answers ServiceDetailReq within evccMessageLong
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentServiceSelectionReq"
    And the EVCC sends "ServiceDetailReq" with:
      | field     | value |
      | ServiceID | 1     |
    Then the SECC answers with a ResponseCode starting with "OK"

  @TC_SECC_CMN_VTB_ServiceDetail_004 @fault:iso2-no-sequence-error
  Scenario: ServiceDetailReq after Authorization is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ServiceDetailReq" with:
      | field     | value |
      | ServiceID | 1     |
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_CMN_VTB_PaymentServiceSelection_001 @fault:iso2-rejects-valid-payment
  Scenario: Selecting ExternalPayment and the charge service is answered OK
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentServiceSelectionReq"
    And the EVCC sends "PaymentServiceSelectionReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_CMN_VTB_PaymentServiceSelection_002 @fault:iso2-no-charge-service-check
  Scenario: A selection without the charge service is refused
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentServiceSelectionReq"
    And the EVCC sends "PaymentServiceSelectionReq" with:
      | field                               | value                  |
      | SelectedServiceList.SelectedService | [{"ServiceID": 60000}] |
    Then the SECC answers with a ResponseCode starting with "FAILED"

  @TC_SECC_CMN_VTB_PaymentServiceSelection_003 @fault:iso2-accepts-unoffered-service
  Scenario: A selection naming a service that was not offered is answered FAILED_ServiceSelectionInvalid
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentServiceSelectionReq"
    And the EVCC sends "PaymentServiceSelectionReq" with:
      | field                               | value                                    |
      | SelectedServiceList.SelectedService | [{"ServiceID": 1}, {"ServiceID": 60000}] |
    Then the SECC answers with ResponseCode "FAILED_ServiceSelectionInvalid"

  @TC_SECC_CMN_VTB_PaymentServiceSelection_004 @fault:iso2-no-sequence-error
  Scenario: PaymentServiceSelectionReq after Authorization is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "PaymentServiceSelectionReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_CMN_VTB_PaymentServiceSelection_005 @fault:iso2-accepts-wrong-session-id
  Scenario: PaymentServiceSelectionReq with another SessionID is answered FAILED_UnknownSession
    Given a V2G session is set up
    When the EVCC runs the session up to "PaymentServiceSelectionReq"
    And the EVCC sends "PaymentServiceSelectionReq" with:
      | field            | value            |
      | Header.SessionID | 0102030405060708 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

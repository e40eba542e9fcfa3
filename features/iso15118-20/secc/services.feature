@iso15118-20 @sut:secc @eim
Feature: ISO 15118-20 SECC: service discovery, service detail and service selection
  ServiceDiscoveryRes lists the energy transfer service of the declared kind (ServiceID 1 AC, 2 DC) within
  evccMessage; ServiceDetailRes answers within evccMessageLong and refuses an id it did not offer
  (FAILED_ServiceIDInvalid); ServiceSelection of a service not offered is FAILED_ServiceSelectionInvalid.

  @dc @TC_SECC_CMN_VTB_V20_ServiceDiscovery_001 @fault:iso20-no-energy-service
  Scenario: ServiceDiscoveryRes offers the DC energy transfer service
    Given a V2G session is set up
    When the EVCC runs the session up to "ServiceSelectionReq"
    Then the SECC answers with ResponseCode "OK"

  @ac @TC_SECC_CMN_VTB_V20_ServiceDiscovery_002 @fault:iso20-no-energy-service
  Scenario: ServiceDiscoveryRes offers the AC energy transfer service
    Given a V2G session is set up
    When the EVCC runs the session up to "ServiceSelectionReq"
    Then the SECC answers with ResponseCode "OK"

  @dc @TC_SECC_CMN_VTB_V20_ServiceDiscovery_003 @fault:iso20-late-service-discovery
  Scenario: ServiceDiscoveryRes comes within evccMessage
    Given a V2G session is set up
    When the EVCC runs the session up to "ServiceDiscoveryReq"
    And the EVCC sends "ServiceDiscoveryReq"
    Then the SECC answers with ResponseCode "OK"

  @dc @TC_SECC_CMN_VTB_V20_ServiceDetail_001 @fault:iso20-late-service-detail
  Scenario: ServiceDetailRes for the offered DC service comes within evccMessageLong
    Given a V2G session is set up
    When the EVCC runs the session up to "ServiceSelectionReq"
    And the EVCC sends "ServiceDetailReq"
    Then the SECC answers with ResponseCode "OK"
    And the response field "ServiceID" is "2"

  @ac @TC_SECC_CMN_VTB_V20_ServiceDetail_002 @fault:iso20-late-service-detail
  Scenario: ServiceDetailRes for the offered AC service comes within evccMessageLong
    Given a V2G session is set up
    When the EVCC runs the session up to "ServiceSelectionReq"
    And the EVCC sends "ServiceDetailReq"
    Then the SECC answers with ResponseCode "OK"
    And the response field "ServiceID" is "1"

  @dc @TC_SECC_CMN_VTB_V20_ServiceDetail_003 @fault:iso20-unknown-service-detail
  Scenario: ServiceDetailReq for a service id that was not offered is FAILED_ServiceIDInvalid
    Given a V2G session is set up
    When the EVCC runs the session up to "ServiceSelectionReq"
    And the EVCC sends "ServiceDetailReq" with:
      | field     | value |
      | ServiceID | 99    |
    Then the SECC answers with ResponseCode "FAILED_ServiceIDInvalid"

  @dc @TC_SECC_CMN_VTB_V20_ServiceSelection_001 @fault:iso20-service-not-offered-selected
  Scenario: Selecting an energy service that was not offered (WPT on a conductive DC charger) is refused
    Given a V2G session is set up
    When the EVCC runs the session up to "ServiceSelectionReq"
    And the EVCC sends "ServiceSelectionReq" with:
      | field                                   | value |
      | SelectedEnergyTransferService.ServiceID | 3     |
    Then the SECC answers with ResponseCode "FAILED_ServiceSelectionInvalid"

  @ac @TC_SECC_CMN_VTB_V20_ServiceSelection_002 @fault:iso20-service-not-offered-selected
  Scenario: Selecting an energy service that was not offered (WPT on a conductive AC charger) is refused
    Given a V2G session is set up
    When the EVCC runs the session up to "ServiceSelectionReq"
    And the EVCC sends "ServiceSelectionReq" with:
      | field                                   | value |
      | SelectedEnergyTransferService.ServiceID | 3     |
    Then the SECC answers with ResponseCode "FAILED_ServiceSelectionInvalid"

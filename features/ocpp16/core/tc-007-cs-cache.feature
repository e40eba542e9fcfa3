Feature: Authorization cache (Core, charge point under test)
  With the authorization cache enabled and LocalPreAuthorize set, an idTag the CSMS accepted before starts a
  session at once, without an Authorize round trip. ClearCache empties the cache: the next use of that idTag
  is authorized with the CSMS again.

  @ocpp16 @TC_007_CS @core @sut:station @fault:authorize-cache-ignored @requires:key:AuthorizationCacheEnabled
  Scenario: Regular Start Charging Session – Cached Id
    Given the station is booted
    And the station has configuration "AuthorizationCacheEnabled" set to "true"
    And the station has configuration "LocalPreAuthorize" set to "true"
    And connector 1 is finishing with idTag "${idTag.valid}"
    And the EV is unplugged from connector 1
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |
    When the EV is plugged in at connector 1
    Then the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station starts a transaction on connector 1 with idTag "${idTag.valid}"
    And the station does not send Authorize within 1 second

  @ocpp16 @TC_061_CS @core @sut:station @fault:silent @fault:disconnects-on-call @fault:clear-cache-ignored @requires:key:AuthorizationCacheEnabled
  Scenario: Clear Authorization Data in Authorization Cache
    Given the station is booted
    And the station has configuration "AuthorizationCacheEnabled" set to "true"
    And the station has configuration "LocalPreAuthorize" set to "true"
    And connector 1 is finishing with idTag "${idTag.valid}"
    And the EV is unplugged from connector 1
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |
    When the CSMS sends ClearCache
    Then the station responds with status "Accepted"
    When the EV is plugged in at connector 1
    Then the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    And the station starts a transaction on connector 1 with idTag "${idTag.valid}"

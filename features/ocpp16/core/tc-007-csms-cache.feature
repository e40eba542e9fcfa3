@ocpp16 @core @sut:csms
Feature: Authorization cache (central system under test)
  A card the station has in its cache starts a transaction without a new Authorize; the central system
  still decides on it in StartTransaction. The central system can also clear the station's cache.

  @TC_007_CSMS @fault:start-transaction-requires-authorize @fault:sends-null-fields @fault:silent
  Scenario: Regular Start Charging Session – Cached Id
    Given the station is booted
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    # ${idTag.valid} is in the station's authorization cache: no Authorize before StartTransaction.
    When the station sends StartTransaction for connector 1 with idTag "${idTag.valid}"
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Accepted  |
      | transactionId    | <integer> |
    When the station reports connector 1 as "Charging"
    Then the CSMS confirms the StatusNotification

  @TC_061_CSMS @fault:clear-cache-sends-local-list @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Clear Authorization Data in Authorization Cache
    Given the station is booted
    When the CSMS is asked to clear the authorization cache
    Then the CSMS sends ClearCache

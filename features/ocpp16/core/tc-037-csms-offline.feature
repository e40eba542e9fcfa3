@ocpp16 @core @sut:csms
Feature: Core Profile - Offline behavior Non-Happy Flow (central system under test)
  Transactions started (and ended) while the station was offline reach the central system after the
  station reconnects, with their original timestamps. The central system judges the card as it would have
  online and keeps the transaction.

  @TC_037_1_CSMS @fault:offline-start-rejected @fault:start-transaction-requires-authorize @fault:sends-null-fields @fault:silent
  Scenario: Offline Start Transaction - Valid IdTag
    Given the station is booted
    When the station disconnects from the CSMS
    # Offline: ${idTag.valid} is presented, the cable plugged in and charging starts locally.
    And the station reconnects to the CSMS
    And the station sends StartTransaction for connector 1 with idTag "${idTag.valid}", started 30 seconds ago
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Accepted  |
      | transactionId    | <integer> |
    When the station reports connector 1 as "Charging"
    Then the CSMS confirms the StatusNotification

  @TC_037_3_CSMS @fault:authorize-accepts-unknown @fault:silent
  Scenario: Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true
    Given the station is booted
    When the station disconnects from the CSMS
    # Offline: an unknown card starts charging locally (offline transactions for unknown ids are allowed).
    And the station reconnects to the CSMS
    And the station sends StartTransaction for connector 1 with idTag "${idTag.unknown}", started 30 seconds ago
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Invalid   |
      | transactionId    | <integer> |
    # StopTransactionOnInvalidId = true: the station ends the transaction at once.
    When the station sends StopTransaction for connector 1 with reason "DeAuthorized"
    Then the CSMS confirms the StopTransaction
    When the station reports connector 1 as "Finishing"
    Then the CSMS confirms the StatusNotification

  @TC_039_CSMS @fault:offline-start-rejected @fault:stop-transaction-without-id-tag-info @fault:sends-null-fields @fault:silent
  Scenario: Offline Transaction
    Given the station is booted
    When the station disconnects from the CSMS
    # Offline: a whole session takes place, then the station reconnects and delivers its queued messages.
    And the station reconnects to the CSMS
    And the station sends StartTransaction for connector 1 with idTag "${idTag.valid}", started 60 seconds ago
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Accepted  |
      | transactionId    | <integer> |
    When the station sends StopTransaction for connector 1 with reason "Local" and idTag "${idTag.valid}", stopped 20 seconds ago
    Then the CSMS responds with:
      | field            | value    |
      | idTagInfo.status | Accepted |
    When the station reports connector 1 as "Available"
    Then the CSMS confirms the StatusNotification

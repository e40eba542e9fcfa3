@ocpp16 @core @sut:csms
Feature: Start Charging Session (central system under test)
  The harness charge point starts sessions the way a driver would: cable first or card first, and lets the
  connection timeout expire. The central system authorizes the card, accepts the transaction with a
  transactionId of its own and confirms every status change.

  @TC_003_CSMS @fault:known-id-tags-invalid @fault:sends-null-fields @fault:silent
  Scenario: Regular Charging Session - Plugin First
    Given the station is booted
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    When the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    Then the CSMS responds with:
      | field            | value    |
      | idTagInfo.status | Accepted |
    When the station sends StartTransaction for connector 1 with idTag "${idTag.valid}"
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Accepted  |
      | transactionId    | <integer> |
    When the station reports connector 1 as "Charging"
    Then the CSMS confirms the StatusNotification

  @TC_004_1_CSMS @fault:known-id-tags-invalid @fault:sends-null-fields @fault:silent
  Scenario: Regular Charging Session – Identification First
    Given the station is booted
    When the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    Then the CSMS responds with:
      | field            | value    |
      | idTagInfo.status | Accepted |
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    When the station sends StartTransaction for connector 1 with idTag "${idTag.valid}"
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Accepted  |
      | transactionId    | <integer> |
    When the station reports connector 1 as "Charging"
    Then the CSMS confirms the StatusNotification

  @TC_004_2_CSMS @fault:known-id-tags-invalid @fault:sends-null-fields @fault:silent
  Scenario: Regular Charging Session – Identification First - ConnectionTimeOut
    Given the station is booted
    When the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    Then the CSMS responds with:
      | field            | value    |
      | idTagInfo.status | Accepted |
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    # No cable arrives before ConnectionTimeOut: the station gives the connector back, no transaction starts.
    When the station reports connector 1 as "Available"
    Then the CSMS confirms the StatusNotification

  @TC_005_1_CSMS @fault:stop-transaction-error-for-reason @fault:sends-null-fields @fault:silent
  Scenario: EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = true
    Given the station is charging on connector 1 with idTag "${idTag.valid}"
    # The EV unplugs: the station stops the transaction at once and unlocks the connector.
    When the station sends StopTransaction for connector 1 with reason "EVDisconnected"
    Then the CSMS confirms the StopTransaction
    When the station reports connector 1 as "Finishing"
    Then the CSMS confirms the StatusNotification
    When the station reports connector 1 as "Available"
    Then the CSMS confirms the StatusNotification

  # Not an OCTT case: the station names a transaction by the transactionId the central system assigned (in
  # MeterValues and StopTransaction), so two transactions must never get the same id.
  @fault:constant-transaction-id
  Scenario: Consecutive transactions get different transaction ids
    Given the station is booted
    When the station sends StartTransaction for connector 1 with idTag "${idTag.valid}"
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Accepted  |
      | transactionId    | <integer> |
    And the response field "transactionId" is remembered as "first"
    When the station sends StopTransaction for connector 1 with reason "Local"
    Then the CSMS confirms the StopTransaction
    When the station sends StartTransaction for connector 1 with idTag "${idTag.valid}"
    Then the CSMS responds with:
      | field            | value        |
      | idTagInfo.status | Accepted     |
      | transactionId    | not ${first} |
    When the station sends StopTransaction for connector 1 with reason "Local"
    Then the CSMS confirms the StopTransaction

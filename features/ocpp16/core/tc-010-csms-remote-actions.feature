@ocpp16 @core @sut:csms
Feature: Core Profile - Remote actions Happy flow (central system under test)
  An operator starts and stops sessions from the central system. The central system sends
  RemoteStartTransaction / RemoteStopTransaction with what the operator chose, accepts the transaction the
  station then starts and confirms its stop.

  @TC_010_CSMS @fault:remote-start-without-connector @fault:wrong-message-id-length @fault:second-concurrent-call @fault:sends-null-fields
  Scenario: Remote Start Charging Session – Cable Plugged in First
    Given the station is booted
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    When the CSMS is asked to remotely start a transaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
    Then the CSMS sends RemoteStartTransaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
    When the station sends StartTransaction for connector 1 with idTag "${idTag.valid}"
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Accepted  |
      | transactionId    | <integer> |
    When the station reports connector 1 as "Charging"
    Then the CSMS confirms the StatusNotification

  @TC_011_1_CSMS @fault:remote-start-without-connector @fault:wrong-message-id-length @fault:second-concurrent-call @fault:sends-null-fields
  Scenario: Remote Start Charging Session – Remote Start First
    Given the station is booted
    When the CSMS is asked to remotely start a transaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
    Then the CSMS sends RemoteStartTransaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    When the station sends StartTransaction for connector 1 with idTag "${idTag.valid}"
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Accepted  |
      | transactionId    | <integer> |
    When the station reports connector 1 as "Charging"
    Then the CSMS confirms the StatusNotification

  @TC_011_2_CSMS @fault:remote-start-without-connector @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Remote Start Charging Session – Time Out
    Given the station is booted
    When the CSMS is asked to remotely start a transaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
    Then the CSMS sends RemoteStartTransaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    # No cable is connected before ConnectionTimeOut: the station gives up and no transaction starts.
    When the station reports connector 1 as "Available"
    Then the CSMS confirms the StatusNotification

  @TC_012_CSMS @fault:remote-stop-wrong-transaction-id @fault:wrong-message-id-length @fault:second-concurrent-call @fault:sends-null-fields
  Scenario: Remote Stop Charging Session
    Given the station is charging on connector 1 with idTag "${idTag.valid}"
    When the CSMS is asked to remotely stop the transaction with:
      | field       | value |
      | connectorId | 1     |
    Then the CSMS sends RemoteStopTransaction naming the transaction on connector 1
    When the station sends StopTransaction for connector 1 with reason "Remote"
    Then the CSMS confirms the StopTransaction
    When the station reports connector 1 as "Finishing"
    Then the CSMS confirms the StatusNotification

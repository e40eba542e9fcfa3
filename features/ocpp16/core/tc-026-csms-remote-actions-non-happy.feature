@ocpp16 @core @sut:csms
Feature: Core Profile - Remote Actions Non-Happy Flow (central system under test)
  The station refuses a remote start or a remote stop; the central system sends the request correctly and
  takes the refusal.

  @TC_026_CSMS @fault:remote-start-without-connector @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Remote Start Charging Session – Rejected
    Given the station is booted
    And the station will answer RemoteStartTransaction with:
      | field  | value    |
      | status | Rejected |
    When the CSMS is asked to remotely start a transaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
    Then the CSMS sends RemoteStartTransaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |

  @TC_028_CSMS @fault:remote-stop-wrong-transaction-id @fault:wrong-message-id-length @fault:second-concurrent-call @fault:sends-null-fields
  Scenario: Remote Stop Transaction – Rejected
    Given the station is charging on connector 1 with idTag "${idTag.valid}"
    And the station will answer RemoteStopTransaction with:
      | field  | value    |
      | status | Rejected |
    When the CSMS is asked to remotely stop the transaction with:
      | field       | value |
      | connectorId | 1     |
    Then the CSMS sends RemoteStopTransaction naming the transaction on connector 1

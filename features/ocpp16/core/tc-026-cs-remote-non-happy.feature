Feature: Remote actions, non-happy flow (Core, charge point under test)
  RemoteStartTransaction is Rejected when the connector cannot be used or when it names connector 0;
  RemoteStopTransaction is Rejected for a transactionId that is not running. A rejected request changes nothing.

  @ocpp16 @TC_026_CS @core @sut:station @fault:ignores-change-availability
  Scenario: Remote Start Charging Session – Rejected
    Given connector 1 is unavailable
    When the CSMS sends RemoteStartTransaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
    Then the station responds with status "Rejected"
    And the station does not send StartTransaction within 1 second

  @ocpp16 @TC_027_CS @core @sut:station @fault:silent @fault:disconnects-on-call @fault:remote-start-connector-zero-accepted
  Scenario: Remote start transaction - connector id shall not be 0
    Given the station is booted
    When the CSMS sends RemoteStartTransaction with:
      | field       | value         |
      | connectorId | 0             |
      | idTag       | ${idTag.valid} |
    Then the station responds with status "Rejected"
    And the station does not send StartTransaction within 1 second

  @ocpp16 @TC_028_CS @core @sut:station @fault:silent @fault:disconnects-on-call @fault:remote-stop-unknown-accepted
  Scenario: Remote Stop Transaction – Rejected
    Given connector 1 is charging with idTag "${idTag.valid}"
    When the CSMS sends RemoteStopTransaction with:
      | field         | value  |
      | transactionId | 987654 |
    Then the station responds with status "Rejected"
    And the station does not send StopTransaction within 1 second

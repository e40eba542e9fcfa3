Feature: Remote start and stop (Core, charge point under test)
  RemoteStartTransaction is answered Accepted and starts a session on the given connector, whether the cable
  is already plugged in or comes later (within ConnectionTimeOut); with AuthorizeRemoteTxRequests the idTag is
  authorized first. RemoteStopTransaction for the running transaction ends it with reason Remote.

  @ocpp16 @TC_010_CS @core @sut:station @fault:misordered-status-notification @fault:remote-start-ignores-authorize
  Scenario: Remote Start Charging Session – Cable Plugged in First
    Given the station is booted
    And the station has configuration "AuthorizeRemoteTxRequests" set to "true"
    When the EV is plugged in at connector 1
    Then the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    When the CSMS sends RemoteStartTransaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
    Then the station responds with status "Accepted"
    And the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    And the station starts a transaction on connector 1 with idTag "${idTag.valid}"

  @ocpp16 @TC_011_1_CS @core @sut:station @fault:misordered-status-notification @fault:remote-start-ignores-authorize
  Scenario: Remote Start Charging Session – Remote Start First
    Given the station is booted
    And the station has configuration "AuthorizeRemoteTxRequests" set to "true"
    When the CSMS sends RemoteStartTransaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
    Then the station responds with status "Accepted"
    And the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    When the EV is plugged in at connector 1
    Then the station starts a transaction on connector 1 with idTag "${idTag.valid}"

  @ocpp16 @TC_011_2_CS @core @sut:station @fault:no-status-notification @fault:silent
  Scenario: Remote Start Charging Session – Time Out
    Given the station is booted
    And the station has configuration "ConnectionTimeOut" set to "30"
    When the CSMS sends RemoteStartTransaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    And after about 30 seconds the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |
    And the station does not send StartTransaction within 1 second

  @ocpp16 @TC_012_CS @core @sut:station @fault:transaction-id-ignored
  Scenario: Remote Stop Charging Session
    Given connector 1 is charging with idTag "${idTag.valid}"
    When the CSMS sends RemoteStopTransaction for the transaction on connector 1
    Then the station responds with status "Accepted"
    And the station sends StopTransaction for the transaction on connector 1 and StatusNotification "Finishing" in any order, with:
      | field  | value  |
      | reason | Remote |
    When the EV is unplugged from connector 1
    Then the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |

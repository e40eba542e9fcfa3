Feature: Basic actions, non-happy flow (Core, charge point under test)
  An idTag the CSMS does not accept never starts a session. When the connector lock fails as a session would
  start, the connector reports Faulted with ConnectorLockFailure and no transaction starts.

  @ocpp16 @TC_023_CS @core @sut:station @fault:no-status-notification
  Scenario: Start Charging Session – Authorize invalid
    Given the station is booted
    When the EV is plugged in at connector 1
    Then the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    When idTag "${idTag.unknown}" is presented at connector 1
    Then the station sends Authorize with:
      | field | value          |
      | idTag | ${idTag.unknown} |
    And the station does not send StartTransaction within 1 second

  @ocpp16 @TC_024_CS @core @sut:station @fault:no-status-notification @requires:lockFailure
  Scenario: Start Charging Session - Lock Failure
    Given the station is booted
    And the connector lock of the station fails to lock
    When the EV is plugged in at connector 1
    Then the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    And the station sends StatusNotification with:
      | field       | value                |
      | connectorId | 1                    |
      | status      | Faulted              |
      | errorCode   | ConnectorLockFailure |
    And the station does not send StartTransaction within 1 second

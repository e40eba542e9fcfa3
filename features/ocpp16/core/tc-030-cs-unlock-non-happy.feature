Feature: Unlocking, non-happy flow (Core, charge point under test)
  UnlockConnector reports UnlockFailed when the lock does not release, and NotSupported for a connector the
  charge point does not have.

  @ocpp16 @TC_030_CS @core @sut:station @fault:unlock-wrong-status @requires:unlockFailure
  Scenario: Unlock Connector – Unlock Failure
    Given the station is booted
    And the connector lock of the station fails to unlock
    When the CSMS sends UnlockConnector with:
      | field       | value |
      | connectorId | 1     |
    Then the station responds with status "UnlockFailed"

  @ocpp16 @TC_031_CS @core @sut:station @fault:unlock-wrong-status
  Scenario: Unlock Connector – Unknown Connector
    Given the station is booted
    When the CSMS sends UnlockConnector with:
      | field       | value                      |
      | connectorId | ${station.absentConnector} |
    Then the station responds with status "NotSupported"

Feature: Fault behaviour (Core, charge point under test)
  A hardware fault on a connector is reported at once as Faulted with the matching errorCode, and the
  connector returns to Available with NoError when the fault is gone.

  @ocpp16 @TC_041_CS @core @sut:station @fault:no-status-notification
  Scenario: Fault Behavior
    Given the station is booted
    When connector 1 reports fault "GroundFailure"
    Then the station sends StatusNotification with:
      | field       | value         |
      | connectorId | 1             |
      | status      | Faulted       |
      | errorCode   | GroundFailure |
    When the fault at connector 1 is cleared
    Then the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |
      | errorCode   | NoError   |

Feature: Unlock connector (Core, charge point under test)
  UnlockConnector releases the cable: Unlocked when there is a lock to release; NotSupported for a fixed cable.
  A running session on the connector is ended first, with reason UnlockCommand; a fixed cable keeps charging.

  @ocpp16 @TC_017_1_CS @core @sut:station @fault:silent @fault:disconnects-on-call @fault:unlock-not-supported
  Scenario: Unlock connector - no charging session running (Not fixed cable)
    Given the station is booted
    When the CSMS sends UnlockConnector with:
      | field       | value |
      | connectorId | 1     |
    Then the station responds with status "Unlocked"

  @ocpp16 @TC_017_2_CS @core @sut:station @fault:silent @fault:disconnects-on-call @fault:unlock-fixed-cable-unlocked @requires:fixedCable
  Scenario: Unlock connector - no charging session running (Fixed cable)
    Given the station is booted
    And the station has a fixed cable
    When the CSMS sends UnlockConnector with:
      | field       | value |
      | connectorId | 1     |
    Then the station responds with status "NotSupported"

  @ocpp16 @TC_018_1_CS @core @sut:station @fault:transaction-id-ignored @fault:meter-stop-below-start
  Scenario: Unlock Connector - With Charging Session (Not fixed cable)
    Given connector 1 is charging with idTag "${idTag.valid}"
    When the CSMS sends UnlockConnector with:
      | field       | value |
      | connectorId | 1     |
    Then the station responds with status "Unlocked"
    And the station sends StopTransaction for the transaction on connector 1 and StatusNotification "Finishing" in any order, with:
      | field  | value         |
      | reason | UnlockCommand |
    When the EV is unplugged from connector 1
    Then the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |

  @ocpp16 @TC_018_2_CS @core @sut:station @fault:silent @fault:disconnects-on-call @fault:unlock-fixed-cable-unlocked @requires:fixedCable
  Scenario: Unlock Connector - With Charging Session (Fixed cable)
    Given the station is booted
    And the station has a fixed cable
    And connector 1 is charging with idTag "${idTag.valid}"
    When the CSMS sends UnlockConnector with:
      | field       | value |
      | connectorId | 1     |
    Then the station responds with status "NotSupported"
    And the station does not send StopTransaction within 1 second

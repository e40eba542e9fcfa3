Feature: Start a charging session (Core, charge point under test)
  A session starts once the cable is plugged in and the driver's idTag is authorized, in either order. The
  connector goes Preparing when the first of the two happens; StartTransaction and StatusNotification(Charging)
  follow in either order. An authorization that is not followed by a cable within ConnectionTimeOut lapses.

  @ocpp16 @TC_003_CS @core @sut:station @fault:misordered-status-notification @fault:no-status-notification @fault:invalid-date-time
  Scenario: Regular Charging Session - Plugin First
    Given the station is booted
    When the EV is plugged in at connector 1
    Then the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
      | errorCode   | NoError   |
    When idTag "${idTag.valid}" is presented
    Then the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    And the station starts a transaction on connector 1 with idTag "${idTag.valid}"

  @ocpp16 @TC_004_1_CS @core @sut:station @fault:misordered-status-notification @fault:no-status-notification @fault:invalid-date-time
  Scenario: Regular Charging Session – Identification First
    Given the station is booted
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
      | errorCode   | NoError   |
    When the EV is plugged in at connector 1
    Then the station starts a transaction on connector 1 with idTag "${idTag.valid}"

  @ocpp16 @TC_004_2_CS @core @sut:station @fault:no-status-notification
  Scenario: Regular Charging Session – Identification First - ConnectionTimeOut
    Given the station is booted
    And the station has configuration "ConnectionTimeOut" set to "30"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    And after about 30 seconds the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |
      | errorCode   | NoError   |
    And the station does not send StartTransaction within 1 second

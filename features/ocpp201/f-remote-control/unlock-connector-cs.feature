@ocpp201 @block:F @core @sut:station
Feature: Remote unlock connector (F05, charging station under test)
  UnlockConnector names the EVSE and its connector. The station unlocks a connector without an authorized
  transaction (Unlocked), refuses while an authorized transaction runs on it (OngoingAuthorizedTransaction)
  and answers UnknownConnector for a connector it does not have.

  @TC_F_05_CS @fault:unlock-wrong-status
  Scenario: Remote unlock Connector - With ongoing transaction
    Given EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends UnlockConnector with:
      | field       | value |
      | evseId      | 1     |
      | connectorId | 1     |
    Then the station responds with status "OngoingAuthorizedTransaction"
    And the station does not send TransactionEvent within 1 second

  @TC_F_07_CS @fault:silent @fault:unlock-fails-without-cable
  Scenario: Remote unlock Connector - Without ongoing transaction - No cable connected
    Given the station is booted
    When the CSMS sends UnlockConnector with:
      | field       | value |
      | evseId      | 1     |
      | connectorId | 1     |
    Then the station responds with status "Unlocked"

  @TC_F_10_CS @fault:unlock-wrong-status
  Scenario: Remote unlock Connector - Without ongoing transaction - UnknownConnector
    Given the station is booted
    When the CSMS sends UnlockConnector with:
      | field       | value |
      | evseId      | 1     |
      | connectorId | 9     |
    Then the station responds with status "UnknownConnector"

Feature: Connection loss and status changes while offline (B04, B07, charging station under test)
  The harness plays the CSMS. After a connection loss the station reconnects by itself without a new
  BootNotification. Offline for longer than OCPPCommCtrlr.OfflineThreshold it reports the status of every
  connector once back; offline for a shorter time only the connectors whose status changed. Transaction
  messages from the offline period are delivered afterwards with offline true.

  @ocpp201 @TC_B_51_CS @block:B @core @sut:station @fault:offline-flag-missing @fault:boot-on-reconnect @requires:connectors-2
  Scenario: Status change during offline period - > Offline Threshold
    Given the station is booted
    And the station variable "OCPPCommCtrlr.OfflineThreshold" is set to "100"
    When the station goes offline
    And the EV is plugged in at connector 1
    And 150 seconds pass
    And the station comes back online
    Then the station sends in any order:
      | action             | evseId | connectorId | connectorStatus | eventType | triggerReason  | offline |
      | StatusNotification | 1      | 1           | Occupied        |           |                |         |
      | StatusNotification | 2      | 1           | Available       |           |                |         |
      | TransactionEvent   |        |             |                 | Started   | CablePluggedIn | true    |
    And the station does not send BootNotification within 200 ms

  @ocpp201 @TC_B_52_CS @block:B @core @sut:station @fault:offline-flag-missing @fault:boot-on-reconnect @requires:connectors-2
  Scenario: Status change during offline period - < Offline Threshold
    Given the station is booted
    And the station variable "OCPPCommCtrlr.OfflineThreshold" is set to "6000"
    When the station goes offline
    And the EV is plugged in at connector 1
    And the station comes back online
    Then the station sends in any order:
      | action             | evseId | connectorId | connectorStatus | eventType | triggerReason  | offline |
      | StatusNotification | 1      | 1           | Occupied        |           |                |         |
      | TransactionEvent   |        |             |                 | Started   | CablePluggedIn | true    |
    And the station does not send StatusNotification for EVSE 2 within 500 ms
    And the station does not send BootNotification within 100 ms

  @ocpp201 @TC_B_57_CS @block:B @core @sut:station @fault:boot-on-reconnect
  Scenario: Network Reconnection - After connection loss
    Given the station is booted
    When the station loses its connection for 300 ms
    Then the station reconnects on a new connection
    And the station does not send BootNotification within 500 ms
    When the CSMS sends GetVariables with:
      | field                             | value             |
      | getVariableData[0].component.name | OCPPCommCtrlr     |
      | getVariableData[0].variable.name  | HeartbeatInterval |
    Then the station responds with:
      | field                                | value    |
      | getVariableResult[0].attributeStatus | Accepted |

Feature: Remote Trigger - charge point under test
  The harness plays the Central System and uses TriggerMessage to make the charge point send each message the
  profile lets it request, and checks that an impossible request is refused.

  @ocpp16 @TC_054_CS @remote-trigger @sut:station @fault:trigger-message-not-sent
  Scenario: Trigger Message
    Given the station is booted
    When the CSMS sends TriggerMessage with:
      | field            | value       |
      | requestedMessage | MeterValues |
      | connectorId      | 1           |
    Then the station responds with status "Accepted"
    And the station sends MeterValues with:
      | field                                | value   |
      | connectorId                          | 1       |
      | meterValue[0].timestamp              | <now±4s> |
      | meterValue[0].sampledValue[0].context | Trigger |
    When the CSMS sends TriggerMessage with:
      | field            | value     |
      | requestedMessage | Heartbeat |
    Then the station responds with status "Accepted"
    And the station sends Heartbeat
    When the CSMS sends TriggerMessage with:
      | field            | value              |
      | requestedMessage | StatusNotification |
      | connectorId      | 1                  |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |
      | errorCode   | NoError   |
    When the CSMS sends TriggerMessage with:
      | field            | value                         |
      | requestedMessage | DiagnosticsStatusNotification |
    Then the station responds with status "Accepted"
    And the station sends DiagnosticsStatusNotification with:
      | field  | value |
      | status | Idle  |
    When the CSMS sends TriggerMessage with:
      | field            | value                      |
      | requestedMessage | FirmwareStatusNotification |
    Then the station responds with status "Accepted"
    And the station sends FirmwareStatusNotification with:
      | field  | value |
      | status | Idle  |
    When the CSMS sends TriggerMessage with:
      | field            | value            |
      | requestedMessage | BootNotification |
    Then the station responds with status "Accepted"
    And the station sends BootNotification with:
      | field             | value    |
      | chargePointVendor | <string> |
      | chargePointModel  | <string> |

  @ocpp16 @TC_055_CS @remote-trigger @sut:station @fault:silent @fault:trigger-message-bad-connector-accepted
  Scenario: Trigger Message - Rejected
    Given the station is booted
    When the CSMS sends TriggerMessage with:
      | field            | value                      |
      | requestedMessage | MeterValues                |
      | connectorId      | ${station.absentConnector} |
    Then the station responds with status "Rejected"
    And the station does not send MeterValues within 1 second

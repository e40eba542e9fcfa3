@ocpp16 @remote-trigger @sut:csms
Feature: RemoteTrigger (central system under test)
  The central system asks the station to send a given message now; the station sends it and the central
  system answers it like any other. A station may also refuse the trigger.

  @TC_054_CSMS @fault:trigger-message-wrong-message @fault:wrong-message-id-length @fault:second-concurrent-call @fault:heartbeat-time-invalid
  Scenario: Trigger Message
    Given the station is booted
    When the CSMS is asked to trigger a message with:
      | field            | value            |
      | requestedMessage | BootNotification |
    Then the CSMS sends TriggerMessage with:
      | field            | value            |
      | requestedMessage | BootNotification |
    When the station sends BootNotification with:
      | field             | value           |
      | chargePointVendor | EVC             |
      | chargePointModel  | Harness-Station |
    Then the CSMS responds with:
      | field       | value    |
      | status      | Accepted |
      | currentTime | <now±4s> |
    When the CSMS is asked to trigger a message with:
      | field            | value     |
      | requestedMessage | Heartbeat |
    Then the CSMS sends TriggerMessage with:
      | field            | value     |
      | requestedMessage | Heartbeat |
    When the station sends Heartbeat
    Then the CSMS responds with:
      | field       | value    |
      | currentTime | <now±4s> |
    When the CSMS is asked to trigger a message with:
      | field            | value              |
      | requestedMessage | StatusNotification |
      | connectorId      | 1                  |
    Then the CSMS sends TriggerMessage with:
      | field            | value              |
      | requestedMessage | StatusNotification |
      | connectorId      | 1                  |
    When the station reports connector 1 as "Available"
    Then the CSMS confirms the StatusNotification
    When the CSMS is asked to trigger a message with:
      | field            | value       |
      | requestedMessage | MeterValues |
      | connectorId      | 1           |
    Then the CSMS sends TriggerMessage with:
      | field            | value       |
      | requestedMessage | MeterValues |
      | connectorId      | 1           |
    When the station sends MeterValues sampled on connector 1
    Then the CSMS confirms the MeterValues
    When the CSMS is asked to trigger a message with:
      | field            | value                         |
      | requestedMessage | DiagnosticsStatusNotification |
    Then the CSMS sends TriggerMessage with:
      | field            | value                         |
      | requestedMessage | DiagnosticsStatusNotification |
    When the station sends DiagnosticsStatusNotification with:
      | field  | value |
      | status | Idle  |
    Then the CSMS confirms the DiagnosticsStatusNotification
    When the CSMS is asked to trigger a message with:
      | field            | value                      |
      | requestedMessage | FirmwareStatusNotification |
    Then the CSMS sends TriggerMessage with:
      | field            | value                      |
      | requestedMessage | FirmwareStatusNotification |
    When the station sends FirmwareStatusNotification with:
      | field  | value |
      | status | Idle  |
    Then the CSMS confirms the FirmwareStatusNotification

  @TC_055_CSMS @fault:trigger-message-wrong-message @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Trigger Message - Rejected
    Given the station is booted
    And the station will answer TriggerMessage with:
      | field  | value    |
      | status | Rejected |
    When the CSMS is asked to trigger a message with:
      | field            | value       |
      | requestedMessage | MeterValues |
      | connectorId      | 1           |
    Then the CSMS sends TriggerMessage with:
      | field            | value       |
      | requestedMessage | MeterValues |
      | connectorId      | 1           |

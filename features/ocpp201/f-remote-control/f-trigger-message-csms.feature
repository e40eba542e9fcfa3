@ocpp201 @block:F @core @sut:csms
Feature: F06 Trigger message (CSMS under test)
  The operator asks the station to send a message now. The CSMS sends TriggerMessage with the requested message
  (and the EVSE when one is meant) and accepts what the station then sends; a station that does not implement
  the trigger answers NotImplemented.

  @TC_F_11_CSMS @fault:second-concurrent-call @fault:silent @fault:trigger-message-wrong-target
  Scenario: Trigger message - MeterValues - Specific EVSE
    Given the station is booted
    When the CSMS is asked to trigger a message with:
      | field            | value       |
      | requestedMessage | MeterValues |
      | evseId           | 1           |
    Then the CSMS sends TriggerMessage with:
      | field            | value       |
      | requestedMessage | MeterValues |
      | evse.id          | 1           |
    When the station sends MeterValues with:
      | field                                 | value           |
      | evseId                                | 1               |
      | meterValue[0].timestamp               | <now>           |
      | meterValue[0].sampledValue[0].value   | 1000            |
      | meterValue[0].sampledValue[0].context | Trigger         |
    Then the CSMS acknowledges the MeterValues

  @TC_F_12_CSMS @fault:second-concurrent-call @fault:silent @fault:trigger-message-wrong-target
  Scenario: Trigger message - MeterValues - All EVSE
    Given the station is booted
    When the CSMS is asked to trigger a message with:
      | field            | value       |
      | requestedMessage | MeterValues |
    Then the CSMS sends TriggerMessage with:
      | field            | value       |
      | requestedMessage | MeterValues |
      | evse             | <absent>    |
    When the station sends MeterValues with:
      | field                                 | value   |
      | evseId                                | 1       |
      | meterValue[0].timestamp               | <now>   |
      | meterValue[0].sampledValue[0].value   | 1000    |
      | meterValue[0].sampledValue[0].context | Trigger |
    Then the CSMS acknowledges the MeterValues
    When the station sends MeterValues with:
      | field                                 | value   |
      | evseId                                | 2       |
      | meterValue[0].timestamp               | <now>   |
      | meterValue[0].sampledValue[0].value   | 2000    |
      | meterValue[0].sampledValue[0].context | Trigger |
    Then the CSMS acknowledges the MeterValues

  @TC_F_13_CSMS @fault:second-concurrent-call @fault:no-id-token-info @fault:trigger-message-wrong-target
  Scenario: Trigger message - TransactionEvent - Specific EVSE
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the CSMS is asked to trigger a message with:
      | field            | value            |
      | requestedMessage | TransactionEvent |
      | evseId           | 1                |
    Then the CSMS sends TriggerMessage with:
      | field            | value            |
      | requestedMessage | TransactionEvent |
      | evse.id          | 1                |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                 | value    |
      | eventType                             | Updated  |
      | triggerReason                         | Trigger  |
      | transactionInfo.chargingState         | Charging |
      | meterValue[0].timestamp               | <now>    |
      | meterValue[0].sampledValue[0].value   | 1800     |
      | meterValue[0].sampledValue[0].context | Trigger  |
    Then the CSMS acknowledges the TransactionEvent

  @TC_F_14_CSMS @fault:second-concurrent-call @fault:no-id-token-info @fault:trigger-message-wrong-target
  Scenario: Trigger message - TransactionEvent - All EVSE
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    And the station is charging on EVSE 2 with idToken "${idTag.valid2}"
    When the CSMS is asked to trigger a message with:
      | field            | value            |
      | requestedMessage | TransactionEvent |
    Then the CSMS sends TriggerMessage with:
      | field            | value            |
      | requestedMessage | TransactionEvent |
      | evse             | <absent>         |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value    |
      | eventType                     | Updated  |
      | triggerReason                 | Trigger  |
      | transactionInfo.chargingState | Charging |
    Then the CSMS acknowledges the TransactionEvent
    When the station sends TransactionEvent for EVSE 2 with:
      | field                         | value    |
      | eventType                     | Updated  |
      | triggerReason                 | Trigger  |
      | transactionInfo.chargingState | Charging |
    Then the CSMS acknowledges the TransactionEvent

  @TC_F_15_CSMS @fault:second-concurrent-call @fault:silent @fault:trigger-message-wrong-message
  Scenario: Trigger message - LogStatusNotification - Idle
    Given the station is booted
    When the CSMS is asked to trigger a message with:
      | field            | value                 |
      | requestedMessage | LogStatusNotification |
    Then the CSMS sends TriggerMessage with:
      | field            | value                 |
      | requestedMessage | LogStatusNotification |
    When the station sends LogStatusNotification with:
      | field  | value |
      | status | Idle  |
    Then the CSMS acknowledges the LogStatusNotification

  @TC_F_18_CSMS @fault:second-concurrent-call @fault:silent @fault:trigger-message-wrong-message
  Scenario: Trigger message - FirmwareStatusNotification - Idle
    Given the station is booted
    When the CSMS is asked to trigger a message with:
      | field            | value                      |
      | requestedMessage | FirmwareStatusNotification |
    Then the CSMS sends TriggerMessage with:
      | field            | value                      |
      | requestedMessage | FirmwareStatusNotification |
    When the station sends FirmwareStatusNotification with:
      | field  | value |
      | status | Idle  |
    Then the CSMS acknowledges the FirmwareStatusNotification

  @TC_F_20_CSMS @fault:second-concurrent-call @fault:date-time-microseconds @fault:trigger-message-wrong-message
  Scenario: Trigger message - Heartbeat
    Given the station is booted
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

  @TC_F_23_CSMS @fault:second-concurrent-call @fault:silent @fault:trigger-message-wrong-target
  Scenario: Trigger message - StatusNotification - Specific EVSE - Available
    Given the station is booted
    When the CSMS is asked to trigger a message with:
      | field            | value              |
      | requestedMessage | StatusNotification |
      | evseId           | 1                  |
      | connectorId      | 1                  |
    Then the CSMS sends TriggerMessage with:
      | field            | value              |
      | requestedMessage | StatusNotification |
      | evse.id          | 1                  |
      | evse.connectorId | 1                  |
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification

  @TC_F_24_CSMS @fault:second-concurrent-call @fault:silent @fault:trigger-message-wrong-target
  Scenario: Trigger message - StatusNotification - Specific EVSE - Occupied
    Given the station has an EV connected at EVSE 1
    When the CSMS is asked to trigger a message with:
      | field            | value              |
      | requestedMessage | StatusNotification |
      | evseId           | 1                  |
      | connectorId      | 1                  |
    Then the CSMS sends TriggerMessage with:
      | field            | value              |
      | requestedMessage | StatusNotification |
      | evse.id          | 1                  |
      | evse.connectorId | 1                  |
    When the station reports EVSE 1 as "Occupied"
    Then the CSMS acknowledges the StatusNotification

  @TC_F_27_CSMS @fault:second-concurrent-call @fault:trigger-message-wrong-message
  Scenario: Trigger message - NotImplemented
    Given the station is booted
    And the station will answer TriggerMessage with:
      | field  | value          |
      | status | NotImplemented |
    When the CSMS is asked to trigger a message with:
      | field            | value                          |
      | requestedMessage | SignChargingStationCertificate |
    Then the CSMS sends TriggerMessage with:
      | field            | value                          |
      | requestedMessage | SignChargingStationCertificate |

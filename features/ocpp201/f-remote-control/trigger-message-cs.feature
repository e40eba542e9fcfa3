@ocpp201 @block:F @core @sut:station
Feature: Trigger message (F06, charging station under test)
  The CSMS asks the station to send a message now with TriggerMessage. The station answers Accepted and then
  sends the requested message, scoped to the EVSE when one is given; it answers Rejected for a message it
  cannot send now (a BootNotification after it was accepted) and NotImplemented for one it does not support.

  @TC_F_11_CS @fault:trigger-message-not-sent
  Scenario: Trigger message - MeterValues - Specific EVSE
    Given the station is booted
    When the CSMS sends TriggerMessage with:
      | field            | value       |
      | requestedMessage | MeterValues |
      | evse.id          | 1           |
    Then the station responds with status "Accepted"
    And the station sends MeterValues with:
      | field                                | value    |
      | evseId                               | 1        |
      | meterValue[0].timestamp              | <now±4s> |
      | meterValue[0].sampledValue[0].context | Trigger  |
    And the station does not send MeterValues within 1 second

  @TC_F_12_CS @fault:trigger-message-not-sent
  Scenario: Trigger message - MeterValues - All EVSE
    Given the station is booted
    When the CSMS sends TriggerMessage with:
      | field            | value       |
      | requestedMessage | MeterValues |
    Then the station responds with status "Accepted"
    And the station sends in any order:
      | action      | evseId | meterValue[0].timestamp | meterValue[0].sampledValue[0].context |
      | MeterValues | 1      | <now±4s>                | Trigger                               |
      | MeterValues | 2      | <now±4s>                | Trigger                               |

  @TC_F_13_CS @fault:trigger-message-not-sent @fault:wrong-trigger-reason @fault:seqno-restarts
  Scenario: Trigger message - TransactionEvent - Specific EVSE
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "EVConnected"
    When the EV is plugged in at connector 1
    Then the station starts a transaction on EVSE 1 with:
      | field         | value          |
      | triggerReason | CablePluggedIn |
    When the CSMS sends TriggerMessage with:
      | field            | value            |
      | requestedMessage | TransactionEvent |
      | evse.id          | 1                |
    Then the station responds with status "Accepted"
    And the station sends TransactionEvent Updated for the transaction on EVSE 1 with:
      | field         | value   |
      | triggerReason | Trigger |
    And the station does not send TransactionEvent within 1 second

  @TC_F_14_CS @fault:trigger-message-not-sent @fault:wrong-trigger-reason @fault:seqno-restarts @requires:connectors-2
  Scenario: Trigger message - TransactionEvent - All EVSE
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "EVConnected"
    When the EV is plugged in at connector 1
    Then the station starts a transaction on EVSE 1 with:
      | field         | value          |
      | triggerReason | CablePluggedIn |
    When the EV is plugged in at connector 2
    Then the station starts a transaction on EVSE 2 with:
      | field         | value          |
      | triggerReason | CablePluggedIn |
    When the CSMS sends TriggerMessage with:
      | field            | value            |
      | requestedMessage | TransactionEvent |
    Then the station responds with status "Accepted"
    And the station sends TransactionEvent Updated for the transactions on EVSE 1 and 2, in any order, with:
      | field         | value   |
      | triggerReason | Trigger |

  @TC_F_15_CS @fault:trigger-message-not-sent
  Scenario: Trigger message - LogStatusNotification - Idle
    Given the station is booted
    When the CSMS sends TriggerMessage with:
      | field            | value                 |
      | requestedMessage | LogStatusNotification |
    Then the station responds with status "Accepted"
    And the station sends LogStatusNotification with:
      | field  | value |
      | status | Idle  |

  @TC_F_17_CS @fault:trigger-message-not-sent
  Scenario: Trigger message - FirmwareStatusNotification - Specific EVSE not relevant
    Given the station is booted
    When the CSMS sends TriggerMessage with:
      | field            | value                      |
      | requestedMessage | FirmwareStatusNotification |
      | evse.id          | 1                          |
    Then the station responds with status "Accepted"
    And the station sends FirmwareStatusNotification with:
      | field  | value |
      | status | Idle  |

  @TC_F_18_CS @fault:trigger-message-not-sent
  Scenario: Trigger message - FirmwareStatusNotification - Idle
    Given the station is booted
    When the CSMS sends TriggerMessage with:
      | field            | value                      |
      | requestedMessage | FirmwareStatusNotification |
    Then the station responds with status "Accepted"
    And the station sends FirmwareStatusNotification with:
      | field  | value |
      | status | Idle  |

  @TC_F_20_CS @fault:trigger-message-not-sent
  Scenario: Trigger message - Heartbeat
    Given the CSMS will answer BootNotification with:
      | field       | value    |
      | status      | Accepted |
      | currentTime | <now>    |
      | interval    | 3600     |
    And the station is booted
    When the CSMS sends TriggerMessage with:
      | field            | value     |
      | requestedMessage | Heartbeat |
    Then the station responds with status "Accepted"
    And the station sends Heartbeat

  @TC_F_23_CS @fault:trigger-message-not-sent @fault:connector-id-global @requires:connectors-2
  Scenario: Trigger message - StatusNotification - Specific EVSE - Available
    Given the station is booted
    When the CSMS sends TriggerMessage with:
      | field            | value              |
      | requestedMessage | StatusNotification |
      | evse.id          | 2                  |
      | evse.connectorId | 1                  |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field           | value     |
      | evseId          | 2         |
      | connectorId     | 1         |
      | connectorStatus | Available |
      | timestamp       | <now±4s>  |
    And the station does not send StatusNotification within 1 second

  @TC_F_24_CS @fault:trigger-message-not-sent @fault:status-notification-missing
  Scenario: Trigger message - StatusNotification - Specific EVSE - Occupied
    Given the station is booted
    When the EV is plugged in at connector 1
    Then the station sends StatusNotification with:
      | field           | value    |
      | evseId          | 1        |
      | connectorId     | 1        |
      | connectorStatus | Occupied |
    When the CSMS sends TriggerMessage with:
      | field            | value              |
      | requestedMessage | StatusNotification |
      | evse.id          | 1                  |
      | evse.connectorId | 1                  |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field           | value    |
      | evseId          | 1        |
      | connectorId     | 1        |
      | connectorStatus | Occupied |
      | timestamp       | <now±4s> |

  @TC_F_26_CS @fault:silent @fault:trigger-message-accepts-all
  Scenario: Trigger message - BootNotification - Rejected
    Given the station is booted
    When the CSMS sends TriggerMessage with:
      | field            | value            |
      | requestedMessage | BootNotification |
    Then the station responds with status "Rejected"
    And the station does not send BootNotification within 1 second

  @TC_F_27_CS @fault:silent @fault:trigger-message-accepts-all
  Scenario: Trigger message - NotImplemented
    Given the station is booted
    When the CSMS sends TriggerMessage with:
      | field            | value                             |
      | requestedMessage | PublishFirmwareStatusNotification |
    Then the station responds with status "NotImplemented"

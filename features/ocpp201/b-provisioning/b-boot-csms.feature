@ocpp201 @block:B @core @sut:csms
Feature: B01-B04 Cold boot (CSMS under test)
  The harness charging station boots and the CSMS decides whether it may operate: Accepted at once, or Pending
  first (the CSMS may then configure the station and lets it in on a later BootNotification or by triggering
  one). While the station is not accepted, the CSMS answers any other message with SecurityError.

  @TC_B_01_CSMS @fault:boot-rejected @fault:boot-pending-forever @fault:date-time-microseconds @fault:wrong-heartbeat-interval @fault:constant-heartbeat-interval
  Scenario: Cold Boot Charging Station - Accepted
    Given the heartbeat interval the CSMS is configured with is remembered as "heartbeatInterval"
    When the station sends BootNotification with:
      | field                      | value           |
      | reason                     | PowerUp         |
      | chargingStation.vendorName | EVC             |
      | chargingStation.model      | Harness-Station |
    Then the CSMS responds with:
      | field       | value     |
      | status      | Accepted             |
      | currentTime | <now±4s>             |
      | interval    | ${heartbeatInterval} |
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification
    When the station reports EVSE 2 as "Available"
    Then the CSMS acknowledges the StatusNotification
    When the station sends Heartbeat
    Then the CSMS responds with:
      | field       | value    |
      | currentTime | <now±4s> |

  @TC_B_02_CSMS @fault:boot-pending-forever @fault:boot-rejected
  Scenario: Cold Boot Charging Station - Pending
    Given the CSMS is configured to answer the first BootNotification with Pending
    When the station sends BootNotification with:
      | field                      | value           |
      | reason                     | PowerUp         |
      | chargingStation.vendorName | EVC             |
      | chargingStation.model      | Harness-Station |
    Then the CSMS responds with:
      | field       | value    |
      | status      | Pending  |
      | currentTime | <now±4s> |
      | interval    | >= 1     |
    # after the retry interval the station boots again and is let in
    When the station sends BootNotification with:
      | field                      | value           |
      | reason                     | PowerUp         |
      | chargingStation.vendorName | EVC             |
      | chargingStation.model      | Harness-Station |
    Then the CSMS responds with:
      | field       | value    |
      | status      | Accepted |
      | currentTime | <now±4s> |
      | interval    | >= 1     |
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification

  @TC_B_30_CSMS @fault:no-security-error-before-boot
  Scenario: Cold Boot Charging Station - Pending/Rejected - SecurityError
    Given the CSMS is configured to answer the first BootNotification with Pending
    When the station sends BootNotification with:
      | field                      | value           |
      | reason                     | PowerUp         |
      | chargingStation.vendorName | EVC             |
      | chargingStation.model      | Harness-Station |
    Then the CSMS responds with:
      | field  | value   |
      | status | Pending |
    # a station that is not accepted must not be served
    When the station reports EVSE 1 as "Available"
    Then the CSMS responds with error "SecurityError"
    When the station sends Heartbeat
    Then the CSMS responds with error "SecurityError"

  @TC_B_31_CSMS @fault:boot-pending-forever @fault:second-concurrent-call @fault:trigger-message-wrong-message
  Scenario: Cold Boot Charging Station - Pending/Rejected - TriggerMessage
    Given the CSMS is configured to answer the first BootNotification with Pending
    When the station sends BootNotification with:
      | field                      | value           |
      | reason                     | PowerUp         |
      | chargingStation.vendorName | EVC             |
      | chargingStation.model      | Harness-Station |
    Then the CSMS responds with:
      | field  | value   |
      | status | Pending |
    When the CSMS is asked to trigger a message with:
      | field            | value            |
      | requestedMessage | BootNotification |
    Then the CSMS sends TriggerMessage with:
      | field            | value            |
      | requestedMessage | BootNotification |
      | evse             | <absent>         |
    When the station sends BootNotification with:
      | field                      | value           |
      | reason                     | Triggered       |
      | chargingStation.vendorName | EVC             |
      | chargingStation.model      | Harness-Station |
    Then the CSMS responds with:
      | field       | value    |
      | status      | Accepted |
      | currentTime | <now±4s> |

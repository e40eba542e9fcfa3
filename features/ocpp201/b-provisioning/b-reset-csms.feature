@ocpp201 @block:B @core @sut:csms
Feature: B11-B12 Reset the charging station or one EVSE (CSMS under test)
  The operator resets the whole station or a single EVSE, right away (Immediate) or once it is idle (OnIdle).
  The CSMS sends Reset with the type (and evseId for one EVSE), accepts the transaction ending the station
  reports and lets the rebooted station in again (BootNotification reason RemoteReset).

  @TC_B_20_CSMS @fault:second-concurrent-call @fault:reset-wrong-type @fault:boot-rejected
  Scenario: Reset Charging Station - Without ongoing transaction - OnIdle
    Given the station is booted
    When the CSMS is asked to reset the station with:
      | field | value  |
      | type  | OnIdle |
    Then the CSMS sends Reset with:
      | field  | value    |
      | type   | OnIdle   |
      | evseId | <absent> |
    When the station drops its connection to the CSMS
    And the station opens a new connection to the CSMS
    And the station sends BootNotification with:
      | field                      | value           |
      | reason                     | RemoteReset     |
      | chargingStation.vendorName | EVC             |
      | chargingStation.model      | Harness-Station |
    Then the CSMS responds with:
      | field       | value    |
      | status      | Accepted |
      | currentTime | <now±4s> |
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification

  @TC_B_21_CSMS @fault:second-concurrent-call @fault:reset-wrong-type @fault:no-id-token-info
  Scenario: Reset Charging Station - With Ongoing Transaction - OnIdle
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    And the station will answer Reset with:
      | field  | value     |
      | status | Scheduled |
    When the CSMS is asked to reset the station with:
      | field | value  |
      | type  | OnIdle |
    Then the CSMS sends Reset with:
      | field  | value    |
      | type   | OnIdle   |
      | evseId | <absent> |
    # the driver ends the session; only then does the station reboot
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
      | idToken.idToken               | ${idTag.valid}  |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station drops its connection to the CSMS
    And the station opens a new connection to the CSMS
    And the station sends BootNotification with:
      | field                      | value           |
      | reason                     | RemoteReset     |
      | chargingStation.vendorName | EVC             |
      | chargingStation.model      | Harness-Station |
    Then the CSMS responds with:
      | field  | value    |
      | status | Accepted |

  @TC_B_22_CSMS @fault:second-concurrent-call @fault:reset-wrong-type @fault:boot-pending-forever
  Scenario: Reset Charging Station - With Ongoing Transaction - Immediate
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the CSMS is asked to reset the station with:
      | field | value     |
      | type  | Immediate |
    Then the CSMS sends Reset with:
      | field  | value     |
      | type   | Immediate |
      | evseId | <absent>  |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | ResetCommand   |
      | transactionInfo.stoppedReason | ImmediateReset |
    Then the CSMS acknowledges the TransactionEvent
    When the station drops its connection to the CSMS
    And the station opens a new connection to the CSMS
    And the station sends BootNotification with:
      | field                      | value           |
      | reason                     | RemoteReset     |
      | chargingStation.vendorName | EVC             |
      | chargingStation.model      | Harness-Station |
    Then the CSMS responds with:
      | field  | value    |
      | status | Accepted |

  @TC_B_25_CSMS @fault:second-concurrent-call @fault:reset-ignores-evse
  Scenario: Reset EVSE - Without ongoing transaction
    Given the station is booted
    When the CSMS is asked to reset an EVSE with:
      | field  | value     |
      | type   | Immediate |
      | evseId | 1         |
    Then the CSMS sends Reset with:
      | field  | value     |
      | type   | Immediate |
      | evseId | 1         |
    When the station reports EVSE 1 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification

  @TC_B_26_CSMS @fault:second-concurrent-call @fault:reset-ignores-evse @fault:reset-wrong-type
  Scenario: Reset EVSE - With Ongoing Transaction - OnIdle
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    And the station will answer Reset with:
      | field  | value     |
      | status | Scheduled |
    When the CSMS is asked to reset an EVSE with:
      | field  | value  |
      | type   | OnIdle |
      | evseId | 1      |
    Then the CSMS sends Reset with:
      | field  | value  |
      | type   | OnIdle |
      | evseId | 1      |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value              |
      | eventType                     | Ended              |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.stoppedReason | EVDisconnected     |
      | transactionInfo.chargingState | Idle               |
    Then the CSMS acknowledges the TransactionEvent
    When the station reports EVSE 1 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification

  @TC_B_27_CSMS @fault:second-concurrent-call @fault:reset-ignores-evse
  Scenario: Reset EVSE - With Ongoing Transaction - Immediate
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the CSMS is asked to reset an EVSE with:
      | field  | value     |
      | type   | Immediate |
      | evseId | 1         |
    Then the CSMS sends Reset with:
      | field  | value     |
      | type   | Immediate |
      | evseId | 1         |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | ResetCommand   |
      | transactionInfo.stoppedReason | ImmediateReset |
    Then the CSMS acknowledges the TransactionEvent
    When the station reports EVSE 1 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification

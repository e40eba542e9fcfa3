Feature: Reset of the charging station and of an EVSE (B11-B12, charging station under test)
  The harness plays the CSMS and sends Reset. Without a transaction (or Immediate) the station answers Accepted,
  ends any running transaction with triggerReason ResetCommand and stoppedReason ImmediateReset and reboots:
  a new connection whose first message is BootNotification with reason RemoteReset. OnIdle with a transaction
  running is Scheduled: the reset waits until the last transaction has ended. An EVSE reset resets that EVSE
  only: the station keeps its connection. Availability set by the CSMS survives a reset.

  @ocpp201 @TC_B_20_CS @block:B @core @sut:station @fault:no-reboot-after-reset @requires:connectors-2
  Scenario: Reset Charging Station - Without ongoing transaction - OnIdle
    Given the station is booted
    When the CSMS sends Reset with:
      | field | value  |
      | type  | OnIdle |
    Then the station responds with status "Accepted"
    And the station reboots with BootNotification reason "RemoteReset"
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus |
      | StatusNotification | 1      | 1           | Available       |
      | StatusNotification | 2      | 1           | Available       |

  @ocpp201 @TC_B_21_CS @block:B @core @sut:station @fault:no-reboot-after-reset
  Scenario: Reset Charging Station - With Ongoing Transaction - OnIdle
    Given EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends Reset with:
      | field | value  |
      | type  | OnIdle |
    Then the station responds with status "Scheduled"
    And the station does not send BootNotification within 500 ms
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | one of Local   |
    And the station reboots with BootNotification reason "RemoteReset"

  @ocpp201 @TC_B_22_CS @block:B @core @sut:station @fault:no-reboot-after-reset @fault:reset-without-ending-transaction
  Scenario: Reset Charging Station - With Ongoing Transaction - Immediate
    Given EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends Reset with:
      | field | value     |
      | type  | Immediate |
    Then the station responds with status "Accepted"
    And the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | ResetCommand   |
      | transactionInfo.stoppedReason | ImmediateReset |
      | timestamp                     | <now±4s>       |
    And the station reboots with BootNotification reason "RemoteReset"

  @ocpp201 @TC_B_23_CS @block:B @core @sut:station @fault:ignores-change-availability @fault:no-reboot-after-reset @requires:connectors-2
  Scenario: Reset Charging Station - Unavailable persists reset
    Given EVSE 1 is unavailable
    When the CSMS sends Reset with:
      | field | value     |
      | type  | Immediate |
    Then the station responds with status "Accepted"
    And the station reboots with BootNotification reason "RemoteReset"
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus |
      | StatusNotification | 1      | 1           | Unavailable     |
      | StatusNotification | 2      | 1           | Available       |

  @ocpp201 @TC_B_41_CS @block:B @core @sut:station @fault:no-reboot-after-reset @requires:connectors-2
  Scenario: Reset Charging Station - With multiple ongoing transactions - OnIdle
    Given EVSE 1 is charging with idToken "${idTag.valid}"
    And EVSE 2 is charging with idToken "${idTag.valid2}"
    When the CSMS sends Reset with:
      | field | value  |
      | type  | OnIdle |
    Then the station responds with status "Scheduled"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | StopAuthorized |
    And the station does not send BootNotification within 500 ms
    When idTag "${idTag.valid2}" is presented at connector 2
    Then the station sends TransactionEvent for the transaction on EVSE 2 with:
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | StopAuthorized |
    And the station reboots with BootNotification reason "RemoteReset"

  @ocpp201 @TC_B_25_CS @block:B @core @sut:station @fault:silent @fault:evse-reset-reboots-station
  Scenario: Reset EVSE - Without ongoing transaction
    Given the station is booted
    When the CSMS sends Reset with:
      | field  | value     |
      | type   | Immediate |
      | evseId | 1         |
    Then the station responds with status "Accepted"
    And the station keeps its connection open for 800 ms

  @ocpp201 @TC_B_26_CS @block:B @core @sut:station @fault:wrong-trigger-reason
  Scenario: Reset EVSE - With Ongoing Transaction - OnIdle
    Given EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends Reset with:
      | field  | value  |
      | type   | OnIdle |
      | evseId | 1      |
    Then the station responds with status "Scheduled"
    And the station does not send TransactionEvent within 500 ms
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | StopAuthorized |
    And the station does not send BootNotification within 800 ms

  @ocpp201 @TC_B_27_CS @block:B @core @sut:station @fault:wrong-trigger-reason
  Scenario: Reset EVSE - With Ongoing Transaction - Immediate
    Given EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends Reset with:
      | field  | value     |
      | type   | Immediate |
      | evseId | 1         |
    Then the station responds with status "Accepted"
    And the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | ResetCommand   |
      | transactionInfo.stoppedReason | ImmediateReset |
      | evse.id                       | 1              |
    And the station does not send BootNotification within 800 ms

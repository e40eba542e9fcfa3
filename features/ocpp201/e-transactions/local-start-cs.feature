@ocpp201 @block:E @core @sut:station
Feature: Local start transaction (E02/E03, charging station under test)
  With TxStartPoint EVConnected,Authorized the transaction starts with whichever comes first, the cable or the
  driver's token, and the other one is reported as an Updated event of the same transaction. An authorization
  not followed by a cable within EVConnectionTimeOut ends the transaction (EVConnectTimeout, Timeout).

  @TC_E_03_CS @fault:wrong-trigger-reason @fault:seqno-restarts @fault:first-event-not-started @fault:date-time-microseconds @fault:date-time-no-offset
  Scenario: Local start transaction - Cable plugin first - Success
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "EVConnected,Authorized"
    When the EV is plugged in at connector 1
    Then the station reports EVSE 1 Occupied and starts a transaction on it with:
      | field                         | value          |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | EVConnected    |
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
      | idToken.type    | ISO14443      |
    And the station sends TransactionEvent Updated for the transaction on EVSE 1 with:
      | field                         | value         |
      | triggerReason                 | Authorized    |
      | idToken.idToken               | ${idTag.valid} |
      | idToken.type                  | ISO14443      |
      | transactionInfo.chargingState | Charging      |

  @TC_E_04_CS @fault:wrong-trigger-reason @fault:seqno-restarts @fault:first-event-not-started @fault:date-time-microseconds @fault:date-time-no-offset
  Scenario: Local start transaction - Authorization first - Success
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "EVConnected,Authorized"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
    And the station starts a transaction on EVSE 1 with:
      | field           | value         |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
    When the EV is plugged in at connector 1
    Then the station sends TransactionEvent Updated for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | Charging       |

  @TC_E_05_CS @fault:wrong-trigger-reason @fault:seqno-restarts @fault:status-notification-missing
  Scenario: Local start transaction - Authorization first - Cable plugin timeout
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "EVConnected,Authorized"
    And the station variable "TxCtrlr.EVConnectionTimeOut" is set to "20"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
    And the station starts a transaction on EVSE 1 with:
      | field           | value         |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
    And the station sends TransactionEvent Ended for the transaction on EVSE 1 and StatusNotification Available, in any order, with:
      | field                         | value            |
      | triggerReason                 | EVConnectTimeout |
      | transactionInfo.stoppedReason | Timeout          |

  @TC_E_38_CS @fault:wrong-trigger-reason @fault:seqno-restarts
  Scenario: Local start transaction - EV not ready
    # OCTT: State is Authorized, then the EV connects not ready for energy transfer; the station reports it with
    # ChargingStateChanged / SuspendedEV (it can tell only once it offers energy: other events may come first)
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "EVConnected,Authorized"
    And the EV suspends charging at connector 1
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value          |
      | idToken.idToken | ${idTag.valid} |
    And the station starts a transaction on EVSE 1 with:
      | field           | value          |
      | triggerReason   | Authorized     |
      | idToken.idToken | ${idTag.valid} |
    When the EV is plugged in at connector 1
    Then the station sends TransactionEvent Updated for the transaction on EVSE 1 with:
      | field                         | value                |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | SuspendedEV          |

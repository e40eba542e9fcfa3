@ocpp201 @block:F @core @sut:station
Feature: Remote start and stop transaction (F01-F03, charging station under test)
  RequestStartTransaction carries a remoteStartId the station repeats in the TransactionEvent that the remote
  start causes (triggerReason RemoteStart); when a transaction already runs on the EVSE (cable first), the
  response names its transactionId. RequestStopTransaction ends the named transaction (RemoteStop, Remote) or
  is Rejected for a transaction the station does not have.

  @TC_F_01_CS @fault:remote-start-id-missing @fault:wrong-trigger-reason @fault:seqno-restarts @fault:date-time-microseconds @fault:date-time-no-offset
  Scenario: Remote start transaction - Cable plugin first
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "EVConnected,Authorized"
    When the EV is plugged in at connector 1
    Then the station reports EVSE 1 Occupied and starts a transaction on it with:
      | field                         | value          |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | EVConnected    |
    When the CSMS sends RequestStartTransaction with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
      | idToken.type    | ISO14443      |
      | remoteStartId   | 2001          |
      | evseId          | 1             |
    Then the station responds with status "Accepted"
    And the response carries the transactionId of the transaction on EVSE 1
    And the station sends TransactionEvent Updated for the transaction on EVSE 1 with:
      | field                         | value         |
      | triggerReason                 | RemoteStart   |
      | transactionInfo.remoteStartId | 2001          |
      | idToken.idToken               | ${idTag.valid} |
      | transactionInfo.chargingState | Charging      |

  @TC_F_04_CS @fault:remote-start-id-missing @fault:wrong-trigger-reason @fault:seqno-restarts
  Scenario: Remote start transaction - Remote start first - Cable plugin timeout
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "EVConnected,Authorized"
    And the station variable "TxCtrlr.EVConnectionTimeOut" is set to "20"
    When the CSMS sends RequestStartTransaction with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
      | idToken.type    | ISO14443      |
      | remoteStartId   | 2004          |
      | evseId          | 1             |
    Then the station responds with status "Accepted"
    And the station starts a transaction on EVSE 1 with:
      | field                         | value         |
      | triggerReason                 | RemoteStart   |
      | transactionInfo.remoteStartId | 2004          |
      | idToken.idToken               | ${idTag.valid} |
    And the station sends TransactionEvent Ended for the transaction on EVSE 1 and StatusNotification Available, in any order, with:
      | field                         | value            |
      | triggerReason                 | EVConnectTimeout |
      | transactionInfo.stoppedReason | Timeout          |

  @TC_F_08_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Remote stop transaction - Success
    Given EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends RequestStopTransaction for the transaction on EVSE 1
    Then the station responds with status "Accepted"
    And the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value      |
      | triggerReason                 | RemoteStop |
      | transactionInfo.stoppedReason | Remote     |

  @TC_F_09_CS @fault:silent @fault:remote-stop-unknown-accepted
  Scenario: Remote stop transaction - Rejected
    Given EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends RequestStopTransaction with:
      | field         | value          |
      | transactionId | EVC-UNKNOWN-TX |
    Then the station responds with status "Rejected"
    And the station does not send TransactionEvent within 1 second

@ocpp201 @block:E @core @sut:station
Feature: Stop transaction options (E06/E07, charging station under test)
  TxCtrlr.TxStopPoint decides which event ends the transaction: the authorization ending (StopAuthorized,
  RemoteStop, Deauthorized), the cable leaving (EVConnected), the power path opening (PowerPathClosed) or the
  energy transfer stopping (EnergyTransfer). The Ended event repeats the transactionId, continues the seqNo and
  names the cause in triggerReason and stoppedReason.

  @TC_E_06_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Local Stop Transaction - Accepted
    Given the station variable "TxCtrlr.TxStopPoint" is set to "EVConnected,Authorized"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
    When the EV is unplugged from connector 1
    Then the station sends StatusNotification with:
      | field           | value     |
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |

  @TC_E_07_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Stop transaction options - PowerPathClosed - Local stop
    Given the station variable "TxCtrlr.TxStopPoint" is set to "PowerPathClosed"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |

  @TC_E_35_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Stop transaction options - PowerPathClosed - Remote stop
    Given the station variable "TxCtrlr.TxStopPoint" is set to "PowerPathClosed"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends RequestStopTransaction for the transaction on EVSE 1
    Then the station responds with status "Accepted"
    And the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value      |
      | triggerReason                 | RemoteStop |
      | transactionInfo.stoppedReason | Remote     |

  @TC_E_37_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Stop transaction options - PowerPathClosed - EV side disconnect
    Given the station variable "TxCtrlr.TxStopPoint" is set to "PowerPathClosed"
    And the station variable "TxCtrlr.StopTxOnEVSideDisconnect" is set to "true"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the EV is unplugged from connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.stoppedReason | EVDisconnected      |

  @TC_E_08_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Stop transaction options - EnergyTransfer stopped - StopAuthorized
    Given the station variable "TxCtrlr.TxStopPoint" is set to "EnergyTransfer"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |

  @TC_E_22_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Stop transaction options - EnergyTransfer stopped - SuspendedEV
    Given the station variable "TxCtrlr.TxStopPoint" is set to "EnergyTransfer"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the EV suspends charging at connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value                |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.stoppedReason | StoppedByEV          |

  @TC_E_14_CS @fault:wrong-trigger-reason @fault:seqno-gap @fault:status-notification-missing
  Scenario: Stop transaction options - EVDisconnected - Charging Station side
    Given the station variable "TxCtrlr.TxStopPoint" is set to "EVConnected"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the EV is unplugged from connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 and StatusNotification Available, in any order, with:
      | field                         | value               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.stoppedReason | EVDisconnected      |

  @TC_E_15_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Stop transaction options - StopAuthorized - Local
    Given the station variable "TxCtrlr.TxStopPoint" is set to "Authorized"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
      | idToken.idToken               | ${idTag.valid}  |

  @TC_E_21_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Stop transaction options - StopAuthorized - Remote
    Given the station variable "TxCtrlr.TxStopPoint" is set to "Authorized"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends RequestStopTransaction for the transaction on EVSE 1
    Then the station responds with status "Accepted"
    And the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value      |
      | triggerReason                 | RemoteStop |
      | transactionInfo.stoppedReason | Remote     |

  @TC_E_16_CS @fault:wrong-trigger-reason @fault:seqno-restarts
  Scenario: Stop transaction options - Deauthorized - Invalid idToken
    Given the station variable "TxCtrlr.TxStartPoint" is set to "EVConnected,Authorized"
    And the station variable "TxCtrlr.TxStopPoint" is set to "EVConnected,Authorized"
    And the station variable "TxCtrlr.StopTxOnInvalidId" is set to "true"
    And EVSE 1 has an EV connected
    And the CSMS will answer TransactionEvent with:
      | field              | value   |
      | idTokenInfo.status | Invalid |
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
    And the station sends TransactionEvent Updated for the transaction on EVSE 1 with:
      | field           | value         |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
    And the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value        |
      | triggerReason                 | Deauthorized |
      | transactionInfo.stoppedReason | DeAuthorized |

  @TC_E_39_CS @fault:wrong-trigger-reason @fault:seqno-restarts
  Scenario: Stop transaction options - Deauthorized - timeout
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "Authorized"
    And the station variable "TxCtrlr.TxStopPoint" is set to "Authorized"
    And the station variable "TxCtrlr.EVConnectionTimeOut" is set to "20"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
    And the station starts a transaction on EVSE 1 with:
      | field           | value         |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
    And the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value            |
      | triggerReason                 | EVConnectTimeout |
      | transactionInfo.stoppedReason | Timeout          |

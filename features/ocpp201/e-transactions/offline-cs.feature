@ocpp201 @block:E @core @sut:station
Feature: Offline behaviour (E08/E11/E12, charging station under test)
  Transaction messages produced while the station has no connection are kept and delivered, in order, once it
  is back: each with offline=true, the transactionId of its transaction and the seqNo continuing without gaps.
  A transaction may start and end completely offline when the token is known locally; a token of the same
  group may stop a transaction offline.

  @TC_E_40_CS @fault:offline-flag-missing @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Offline Behaviour - Connection loss during transaction
    Given the station variable "TxCtrlr.TxStopPoint" is set to "EVConnected,Authorized"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the station goes offline
    And the EV suspends charging at connector 1
    And the station comes back online
    Then the station sends TransactionEvent Updated for the transaction on EVSE 1 with:
      | field                         | value                |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | SuspendedEV          |
      | offline                       | true                 |
    When the EV resumes charging at connector 1
    Then the station sends TransactionEvent Updated for the transaction on EVSE 1 with:
      | field                         | value                |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | Charging             |
      | offline                       | <absent>             |
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
      | offline                       | <absent>       |

  @TC_E_43_CS @fault:offline-flag-missing @fault:wrong-trigger-reason @fault:seqno-gap @fault:first-event-not-started
  Scenario: Offline Behaviour - Transaction during offline period
    Given the station variable "TxCtrlr.TxStartPoint" is set to "EVConnected,Authorized"
    And the station variable "TxCtrlr.TxStopPoint" is set to "EVConnected,Authorized"
    And the station variable "AuthCtrlr.LocalAuthorizeOffline" is set to "true"
    When the CSMS sends SendLocalList with:
      | field                                        | value         |
      | versionNumber                                | 1             |
      | updateType                                   | Full          |
      | localAuthorizationList[0].idToken.idToken    | ${idTag.valid} |
      | localAuthorizationList[0].idToken.type       | ISO14443      |
      | localAuthorizationList[0].idTokenInfo.status | Accepted      |
    Then the station responds with status "Accepted"
    When the station goes offline
    And the EV is plugged in at connector 1
    And idTag "${idTag.valid}" is presented at connector 1
    And idTag "${idTag.valid}" is presented at connector 1
    And the station comes back online
    Then the station sends the transaction on EVSE 1, queued while offline, in this order:
      | eventType | triggerReason  | idToken.idToken | transactionInfo.stoppedReason |
      | Started   | CablePluggedIn |                 |                               |
      | Updated   | Authorized     | ${idTag.valid}   |                               |
      | Ended     | StopAuthorized |                 | Local                         |

  @TC_E_44_CS @fault:offline-flag-missing @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Offline Behaviour - Stop transaction during offline period
    Given the station variable "TxCtrlr.TxStopPoint" is set to "EVConnected,Authorized"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the station goes offline
    And idTag "${idTag.valid}" is presented at connector 1
    And the station comes back online
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
      | offline                       | true           |

  @TC_E_45_CS @fault:offline-flag-missing @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Offline Behaviour - Stop transaction during offline period - Same GroupId
    Given the station variable "TxCtrlr.TxStopPoint" is set to "EVConnected,Authorized"
    And the station variable "AuthCtrlr.LocalAuthorizeOffline" is set to "true"
    And the CSMS knows idToken "${idTag.groupA1}" as "Accepted" in group "${idTag.groupA}"
    And EVSE 1 is charging with idToken "${idTag.groupA1}"
    When the CSMS sends SendLocalList with:
      | field                                                      | value        |
      | versionNumber                                              | 1            |
      | updateType                                                 | Full         |
      | localAuthorizationList[0].idToken.idToken                  | ${idTag.groupA2} |
      | localAuthorizationList[0].idToken.type                     | ISO14443     |
      | localAuthorizationList[0].idTokenInfo.status               | Accepted     |
      | localAuthorizationList[0].idTokenInfo.groupIdToken.idToken | ${idTag.groupA} |
      | localAuthorizationList[0].idTokenInfo.groupIdToken.type    | Central      |
    Then the station responds with status "Accepted"
    When the station goes offline
    And idTag "${idTag.groupA2}" is presented at connector 1
    And the station comes back online
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
      | idToken.idToken               | ${idTag.groupA2}   |
      | offline                       | true           |

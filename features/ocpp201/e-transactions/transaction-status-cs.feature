@ocpp201 @block:E @core @sut:station
Feature: Check transaction status (E14, charging station under test)
  GetTransactionStatus tells the CSMS whether a transaction is still ongoing and whether the station still
  holds transaction messages it has not delivered (for that transaction, or at all without a transactionId).

  @TC_E_28_CS @fault:silent @fault:unknown-transaction-ongoing
  Scenario: Check Transaction status - TransactionId unknown
    Given the station is booted
    When the CSMS sends GetTransactionStatus with:
      | field         | value          |
      | transactionId | EVC-UNKNOWN-TX |
    Then the station responds with:
      | field            | value |
      | ongoingIndicator | false |
      | messagesInQueue  | false |

  @TC_E_32_CS @fault:silent @fault:wrong-trigger-reason
  Scenario: Check Transaction status - Transaction with id ended - without message in queue
    Given the station variable "TxCtrlr.TxStopPoint" is set to "EVConnected,Authorized"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
    When the CSMS sends GetTransactionStatus for the transaction on EVSE 1
    Then the station responds with:
      | field            | value |
      | ongoingIndicator | false |
      | messagesInQueue  | false |

  @TC_E_33_CS @fault:silent @fault:wrong-trigger-reason
  Scenario: Check Transaction status - Without transactionId - with message in queue
    Given the station variable "TxCtrlr.TxStopPoint" is set to "EVConnected,Authorized"
    And the station variable "OCPPCommCtrlr.MessageAttempts[TransactionEvent]" is set to "3"
    And the station variable "OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]" is set to "10"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    And the CSMS will not answer TransactionEvent
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
    When the CSMS sends GetTransactionStatus
    Then the station responds with:
      | field            | value    |
      | messagesInQueue  | true     |
      | ongoingIndicator | <absent> |
    And the station sends that TransactionEvent again, at least 10 seconds later

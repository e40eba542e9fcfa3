@ocpp201 @block:E @core @sut:station
Feature: Retry sending transaction messages (E13, charging station under test)
  A TransactionEvent the CSMS does not accept (no answer within the message timeout, or a CALLERROR) is sent
  again, unchanged — same transactionId, same seqNo — after MessageAttemptInterval times the attempt number,
  until it is accepted or OCPPCommCtrlr.MessageAttempts[TransactionEvent] attempts were made; then the
  station gives up on that message.

  Background:
    Given the station variable "TxCtrlr.TxStopPoint" is set to "EVConnected,Authorized"
    And the station variable "OCPPCommCtrlr.MessageAttempts[TransactionEvent]" is set to "3"
    And the station variable "OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]" is set to "10"
    And EVSE 1 is charging with idToken "${idTag.valid}"

  @TC_E_41_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Retry sending transaction message when failed - Max retry count reached
    Given the CSMS will not answer TransactionEvent
    And the CSMS will not answer TransactionEvent
    And the CSMS will not answer TransactionEvent
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
    And the station sends that TransactionEvent again, at least 10 seconds later
    And the station sends that TransactionEvent again, at least 20 seconds later
    And the station does not send TransactionEvent within 2 seconds

  @TC_E_50_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Retry sending transaction message when failed - Max retry count reached - CallError
    Given the CSMS will answer TransactionEvent with error "InternalError"
    And the CSMS will answer TransactionEvent with error "InternalError"
    And the CSMS will answer TransactionEvent with error "InternalError"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
    And the station sends that TransactionEvent again, at least 10 seconds later
    And the station sends that TransactionEvent again, at least 20 seconds later
    And the station does not send TransactionEvent within 2 seconds

  @TC_E_42_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Retry sending transaction message when failed - Success before reaching the max retry count
    Given the CSMS will not answer TransactionEvent
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
    And the station sends that TransactionEvent again, at least 10 seconds later
    And the station does not send TransactionEvent within 2 seconds

  @TC_E_51_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Retry sending transaction message when failed - Success before reaching the max retry count - CallError
    Given the CSMS will answer TransactionEvent with error "InternalError"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
    And the station sends that TransactionEvent again, at least 10 seconds later
    And the station does not send TransactionEvent within 2 seconds

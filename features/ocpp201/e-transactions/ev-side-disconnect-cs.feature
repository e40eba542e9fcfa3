@ocpp201 @block:E @core @sut:station
Feature: Disconnect cable on EV-side (E09/E10, charging station under test)
  When the cable leaves the EV during a transaction, TxCtrlr.StopTxOnEVSideDisconnect decides: true ends the
  transaction (EVCommunicationLost, EVDisconnected); false only suspends it (Updated, EVCommunicationLost), and
  plugging the EV in again continues the same transaction.

  @TC_E_24_CS @fault:wrong-trigger-reason @fault:seqno-gap @fault:status-notification-missing
  Scenario: Disconnect cable on EV-side - Deauthorize transaction - UnlockOnEVSideDisconnect is true
    Given the station variable "TxCtrlr.StopTxOnEVSideDisconnect" is set to "true"
    And the station variable "OCPPCommCtrlr.UnlockOnEVSideDisconnect" is set to "true"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the EV is unplugged from connector 1
    Then the station sends TransactionEvent Ended for the transaction on EVSE 1 and StatusNotification Available, in any order, with:
      | field                         | value               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.stoppedReason | EVDisconnected      |

  @TC_E_26_CS @fault:wrong-trigger-reason @fault:seqno-gap
  Scenario: Disconnect cable on EV-side - Suspend transaction
    Given the station variable "TxCtrlr.StopTxOnEVSideDisconnect" is set to "false"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the EV is unplugged from connector 1
    Then the station sends TransactionEvent Updated for the transaction on EVSE 1 with:
      | field                         | value               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
    And the station does not send TransactionEvent within 1 second
    When the EV is plugged in at connector 1
    Then the station sends TransactionEvent Updated for the transaction on EVSE 1 with:
      | field                         | value          |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | Charging       |

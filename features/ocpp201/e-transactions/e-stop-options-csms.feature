@ocpp201 @block:E @core @sut:csms
Feature: E06-E09 Stop a transaction at each configured stop point (CSMS under test)
  Which event ends a transaction depends on the station's TxStopPoint: the driver's stop authorization
  (locally or from the CSMS), the cable disconnected on either side, the token no longer valid, the EV not
  taking energy, or the parking bay emptied. The CSMS accepts the Ended event with its triggerReason and
  stoppedReason in seqNo order, checks the token of a local stop, and sends RequestStopTransaction naming the
  running transaction for a remote stop.

  @TC_E_07_CSMS @fault:no-id-token-info
  Scenario: Stop transaction options - PowerPathClosed - Local stop
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    # the power path opens as the driver stops: the transaction ends
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.valid}  |
      | transactionInfo.stoppedReason | Local          |
      | transactionInfo.chargingState | EVConnected    |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |

  @TC_E_08_CSMS @fault:no-id-token-info
  Scenario: Stop transaction options - EnergyTransfer stopped - StopAuthorized
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                 | value           |
      | eventType                             | Ended           |
      | triggerReason                         | StopAuthorized  |
      | idToken.idToken                       | ${idTag.valid}   |
      | transactionInfo.stoppedReason         | Local           |
      | transactionInfo.chargingState         | EVConnected     |
      | meterValue[0].timestamp               | <now>           |
      | meterValue[0].sampledValue[0].value   | 4200            |
      | meterValue[0].sampledValue[0].context | Transaction.End |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |

  @TC_E_15_CSMS @fault:no-id-token-info
  Scenario: Stop transaction options - StopAuthorized - Local
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.valid}  |
      | transactionInfo.stoppedReason | Local          |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification

  @TC_E_21_CSMS @fault:second-concurrent-call @fault:stop-wrong-transaction-id
  Scenario: Stop transaction options - StopAuthorized - Remote
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the CSMS is asked to remotely stop the transaction with:
      | field  | value |
      | evseId | 1     |
    Then the CSMS sends RequestStopTransaction with:
      | field         | value  |
      | transactionId | ${tx1} |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value       |
      | eventType                     | Ended       |
      | triggerReason                 | RemoteStop  |
      | transactionInfo.stoppedReason | Remote      |
      | transactionInfo.chargingState | EVConnected |
    Then the CSMS acknowledges the TransactionEvent

  @TC_E_14_CSMS @fault:no-id-token-info
  Scenario: Stop transaction options - EVDisconnected - Charging Station side
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    # the cable is pulled out of the station's socket
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value               |
      | eventType                     | Ended               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.stoppedReason | EVDisconnected      |
      | transactionInfo.chargingState | Idle                |
    Then the CSMS acknowledges the TransactionEvent
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification

  @TC_E_17_CSMS @fault:no-id-token-info
  Scenario: Stop transaction options - Deauthorized - EV side disconnect
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    # the cable is pulled out of the EV: authorization ends with the connection
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value               |
      | eventType                     | Ended               |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.stoppedReason | EVDisconnected      |
      | transactionInfo.chargingState | Idle                |
    Then the CSMS acknowledges the TransactionEvent

  @TC_E_16_CSMS @fault:authorize-accepts-unknown @fault:no-id-token-info
  Scenario: Stop transaction options - Deauthorized - Invalid idToken
    Given the station has an EV connected at EVSE 1
    # the station started offline-style with a token the CSMS does not accept
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Started        |
      | triggerReason                 | Authorized     |
      | idToken.idToken               | ${idTag.unknown} |
      | transactionInfo.chargingState | Charging       |
    Then the CSMS responds with:
      | field              | value                   |
      | idTokenInfo.status | one of Invalid, Unknown |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value        |
      | eventType                     | Ended        |
      | triggerReason                 | Deauthorized |
      | transactionInfo.stoppedReason | DeAuthorized |
      | transactionInfo.chargingState | EVConnected  |
    Then the CSMS acknowledges the TransactionEvent

  @TC_E_39_CSMS @fault:no-id-token-info
  Scenario: Stop transaction options - Deauthorized - timeout
    Given the station is booted
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field           | value         |
      | eventType       | Started       |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    # no cable within EVConnectionTimeOut
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value            |
      | eventType                     | Ended            |
      | triggerReason                 | EVConnectTimeout |
      | transactionInfo.stoppedReason | Timeout          |
    Then the CSMS acknowledges the TransactionEvent

  @TC_E_22_CSMS @fault:no-id-token-info
  Scenario: Stop transaction options - EnergyTransfer stopped - SuspendedEV
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    # the EV stops taking energy: with TxStopPoint EnergyTransfer the transaction ends
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value                |
      | eventType                     | Ended                |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.stoppedReason | StoppedByEV          |
      | transactionInfo.chargingState | SuspendedEV          |
    Then the CSMS acknowledges the TransactionEvent

  @TC_E_19_CSMS @fault:no-id-token-info
  Scenario: Stop transaction options - ParkingBayUnoccupied
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value               |
      | eventType                     | Updated             |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
    Then the CSMS acknowledges the TransactionEvent
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification
    # the EV drives off the bay
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | EVDeparted     |
      | transactionInfo.stoppedReason | EVDisconnected |
    Then the CSMS acknowledges the TransactionEvent

  @TC_E_26_CSMS @fault:no-id-token-info
  Scenario: Disconnect cable on EV-side - Suspend transaction
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    # StopTxOnEVSideDisconnect is false: the transaction is suspended, not ended
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value               |
      | eventType                     | Updated             |
      | triggerReason                 | EVCommunicationLost |
      | transactionInfo.chargingState | Idle                |
    Then the CSMS acknowledges the TransactionEvent
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Updated        |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | EVConnected    |
    Then the CSMS acknowledges the TransactionEvent
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value                |
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | Charging             |
    Then the CSMS acknowledges the TransactionEvent

  @TC_E_33_CSMS @fault:second-concurrent-call @fault:transaction-status-wrong-scope
  Scenario: Check Transaction status - Without transactionId - with message in queue
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    And the station will answer GetTransactionStatus with:
      | field           | value |
      | messagesInQueue | true  |
    When the CSMS is asked to get the transaction status
    Then the CSMS sends GetTransactionStatus with:
      | field         | value    |
      | transactionId | <absent> |
    # the queued event follows
    When the station sends TransactionEvent for EVSE 1 with:
      | field                               | value              |
      | eventType                           | Updated            |
      | triggerReason                       | MeterValuePeriodic |
      | offline                             | true               |
      | meterValue[0].timestamp             | <now-5s>           |
      | meterValue[0].sampledValue[0].value | 3100               |
    Then the CSMS acknowledges the TransactionEvent

@ocpp201 @block:E @core @sut:csms
Feature: E01-E02 Start a transaction at each configured start point (CSMS under test)
  Which event starts a transaction depends on the station's TxStartPoint: cable plugged in (EVConnected), the
  driver authorized (Authorized), the parking bay occupied (ParkingBayOccupied), the power path closed
  (PowerPathClosed), energy flowing (EnergyTransfer) or signed meter data received (DataSigned). Whatever the
  start point, the CSMS accepts the Started event with seqNo 0, answers idTokenInfo for the token the
  transaction carries and accepts the Updated events that follow in seqNo order.

  @TC_E_09_CSMS @fault:no-id-token-info
  Scenario: Start transaction options - EVConnected
    Given the station has an EV connected at EVSE 1
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Started        |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | EVConnected    |
    Then the CSMS acknowledges the TransactionEvent
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value         |
      | eventType                     | Updated       |
      | triggerReason                 | Authorized    |
      | idToken.idToken               | ${idTag.valid} |
      | transactionInfo.chargingState | Charging      |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |

  @TC_E_10_CSMS @fault:no-id-token-info
  Scenario: Start transaction options - Authorized - Local
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
    When the station reports EVSE 1 as "Occupied"
    Then the CSMS acknowledges the StatusNotification
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Updated        |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | EVConnected    |
    Then the CSMS acknowledges the TransactionEvent

  @TC_E_12_CSMS @fault:no-id-token-info
  Scenario: Start transaction options - ParkingBayOccupied
    Given the station is booted
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value      |
      | eventType                     | Started    |
      | triggerReason                 | EVDetected |
      | transactionInfo.chargingState | Idle       |
    Then the CSMS acknowledges the TransactionEvent
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field           | value         |
      | eventType       | Updated       |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station reports EVSE 1 as "Occupied"
    Then the CSMS acknowledges the StatusNotification
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Updated        |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | EVConnected    |
    Then the CSMS acknowledges the TransactionEvent

  @TC_E_01_CSMS @fault:no-id-token-info
  Scenario: Start transaction options - PowerPathClosed
    Given the station has an EV connected at EVSE 1
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    # connected and authorized: the power path closes and only now the transaction starts
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value                |
      | eventType                     | Started              |
      | triggerReason                 | ChargingStateChanged |
      | idToken.idToken               | ${idTag.valid}        |
      | transactionInfo.chargingState | SuspendedEV          |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value                |
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | Charging             |
    Then the CSMS acknowledges the TransactionEvent

  @TC_E_02_CSMS @fault:no-id-token-info
  Scenario: Start transaction options - EnergyTransfer
    Given the station has an EV connected at EVSE 1
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    # the transaction starts when energy starts to flow
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                 | value                         |
      | eventType                             | Started                       |
      | triggerReason                         | ChargingStateChanged          |
      | idToken.idToken                       | ${idTag.valid}                 |
      | transactionInfo.chargingState         | Charging                      |
      | meterValue[0].timestamp               | <now>                         |
      | meterValue[0].sampledValue[0].value   | 1000                          |
      | meterValue[0].sampledValue[0].context | Transaction.Begin             |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |

  @TC_E_11_CSMS @fault:no-id-token-info
  Scenario: Start transaction options - DataSigned
    Given the station has an EV connected at EVSE 1
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    # the transaction starts once the meter has delivered signed start data
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                                   | value                   |
      | eventType                                               | Started                 |
      | triggerReason                                           | SignedDataReceived      |
      | idToken.idToken                                         | ${idTag.valid}           |
      | transactionInfo.chargingState                           | EVConnected             |
      | meterValue[0].timestamp                                 | <now>                   |
      | meterValue[0].sampledValue[0].value                     | 1000                    |
      | meterValue[0].sampledValue[0].context                   | Transaction.Begin       |
      | meterValue[0].sampledValue[0].signedMeterValue.signedMeterData | RVZDLVNJR05FRC1TVEFSVA== |
      | meterValue[0].sampledValue[0].signedMeterValue.signingMethod   | ECDSA-secp256r1-SHA256  |
      | meterValue[0].sampledValue[0].signedMeterValue.encodingMethod  | OCMF                    |
      | meterValue[0].sampledValue[0].signedMeterValue.publicKey       | RVZDLVBVQkxJQy1LRVk=    |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |

  @TC_E_03_CSMS @fault:no-id-token-info
  Scenario: Local start transaction - Cable plugin first - Success
    Given the station has an EV connected at EVSE 1
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Started        |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | EVConnected    |
    Then the CSMS acknowledges the TransactionEvent
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field           | value         |
      | eventType       | Updated       |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value                |
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | Charging             |
    Then the CSMS acknowledges the TransactionEvent

  @TC_E_04_CSMS @fault:no-id-token-info
  Scenario: Local start transaction - Authorization first - Success
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
    When the station reports EVSE 1 as "Occupied"
    Then the CSMS acknowledges the StatusNotification
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

  @TC_E_38_CSMS @fault:no-id-token-info
  Scenario: Local start transaction - EV not ready
    Given the station has an EV connected at EVSE 1
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value         |
      | eventType                     | Started       |
      | triggerReason                 | Authorized    |
      | idToken.idToken               | ${idTag.valid} |
      | transactionInfo.chargingState | EVConnected   |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    # the EV does not take energy yet
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value                |
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | SuspendedEV          |
    Then the CSMS acknowledges the TransactionEvent

  @TC_E_53_CSMS @fault:no-id-token-info
  Scenario: Reset Sequence Number - CSMS accepting seqNo = 0 at start of transaction
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.valid}  |
      | transactionInfo.stoppedReason | Local          |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    # the next transaction numbers its events from 0 again
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value         |
      | eventType                     | Started       |
      | triggerReason                 | Authorized    |
      | seqNo                         | 0             |
      | idToken.idToken               | ${idTag.valid} |
      | transactionInfo.chargingState | EVConnected   |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value                |
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | seqNo                         | 1                    |
      | transactionInfo.chargingState | Charging             |
    Then the CSMS acknowledges the TransactionEvent

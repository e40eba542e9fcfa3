@ocpp201 @block:E @core @sut:station
Feature: Start transaction options (E01, charging station under test)
  TxCtrlr.TxStartPoint decides which event starts the transaction: the cable (EVConnected), the driver's
  authorization (Authorized, local or remote), both with the power path closed (PowerPathClosed) or the
  energy flowing (EnergyTransfer). The first TransactionEvent is Started, carries the transactionId every later
  event repeats, a seqNo that increases by one per event, and the EVSE with its connector numbered within it.

  @TC_E_01_CS @fault:wrong-trigger-reason @fault:first-event-not-started
  Scenario: Start transaction options - PowerPathClosed
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "PowerPathClosed"
    When the EV is plugged in at connector 1
    Then the station sends StatusNotification with:
      | field           | value    |
      | evseId          | 1        |
      | connectorId     | 1        |
      | connectorStatus | Occupied |
    And the station does not send TransactionEvent within 1 second
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
    And the station starts a transaction on EVSE 1 with:
      | field                         | value                                |
      | triggerReason                 | one of Authorized, ChargingStateChanged |
      | idToken.idToken               | ${idTag.valid}                        |
      | transactionInfo.chargingState | Charging                             |

  @TC_E_02_CS @fault:wrong-trigger-reason @fault:first-event-not-started
  Scenario: Start transaction options - EnergyTransfer
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "EnergyTransfer"
    When the EV is plugged in at connector 1
    Then the station sends StatusNotification with:
      | field           | value    |
      | evseId          | 1        |
      | connectorId     | 1        |
      | connectorStatus | Occupied |
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
    And the station starts a transaction on EVSE 1 with:
      | field                         | value                                |
      | triggerReason                 | one of ChargingStateChanged, Authorized |
      | idToken.idToken               | ${idTag.valid}                        |
      | transactionInfo.chargingState | Charging                             |

  @TC_E_09_CS @fault:wrong-trigger-reason @fault:first-event-not-started @fault:seqno-restarts @fault:date-time-microseconds @fault:date-time-no-offset
  Scenario: Start transaction options - EVConnected
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "EVConnected"
    When the EV is plugged in at connector 1
    Then the station reports EVSE 1 Occupied and starts a transaction on it with:
      | field                         | value          |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | EVConnected    |
      | idToken                       | <absent>       |
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
    And the station sends TransactionEvent Updated for the transaction on EVSE 1 with:
      | field                         | value         |
      | triggerReason                 | Authorized    |
      | idToken.idToken               | ${idTag.valid} |
      | transactionInfo.chargingState | Charging      |

  @TC_E_10_CS @fault:wrong-trigger-reason @fault:first-event-not-started @fault:seqno-restarts
  Scenario: Start transaction options - Authorized - Local
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "Authorized"
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
      | field         | value          |
      | triggerReason | CablePluggedIn |

  @TC_E_13_CS @fault:wrong-trigger-reason @fault:remote-start-id-missing @fault:first-event-not-started
  Scenario: Start transaction options - Authorized - Remote
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "Authorized"
    When the CSMS sends RequestStartTransaction with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
      | idToken.type    | ISO14443      |
      | remoteStartId   | 1301          |
      | evseId          | 1             |
    Then the station responds with:
      | field         | value    |
      | status        | Accepted |
      | transactionId | <absent> |
    And the station starts a transaction on EVSE 1 with:
      | field                         | value         |
      | triggerReason                 | RemoteStart   |
      | transactionInfo.remoteStartId | 1301          |
      | idToken.idToken               | ${idTag.valid} |
    When the EV is plugged in at connector 1
    Then the station sends TransactionEvent Updated for the transaction on EVSE 1 with:
      | field         | value          |
      | triggerReason | CablePluggedIn |

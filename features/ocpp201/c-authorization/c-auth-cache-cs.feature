Feature: Authorization through the authorization cache (C10-C12, charging station under test)
  The harness plays the CSMS. The station keeps the idTokenInfo of every token the CSMS answered (Authorize and
  TransactionEvent responses) in its authorization cache. With AuthCtrlr.LocalPreAuthorize true a token the
  cache holds as Accepted starts at once, without Authorize; any other cached status makes the station ask the
  CSMS. What the CSMS answers later updates the cache; a transaction started from the cache is stopped or
  deauthorized when the CSMS answers it with a status other than Accepted, as TxCtrlr.StopTxOnInvalidId says.

  Background:
    Given the station is booted

  @ocpp201 @TC_C_08_CS @block:C @core @sut:station @fault:wrong-trigger-reason @fault:connector-id-global
  Scenario: Authorization through authorization cache - Accepted
    Given the station variable "AuthCtrlr.LocalPreAuthorize" is set to "true"
    And idToken "${idTag.valid}" is in the authorization cache of the station after a session on EVSE 1
    And EVSE 1 has an EV connected
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field                         | value         |
      | eventType                     | Updated       |
      | triggerReason                 | Authorized    |
      | idToken.idToken               | ${idTag.valid} |
      | transactionInfo.chargingState | Charging      |
    And the station does not send Authorize within 300 ms

  @ocpp201 @TC_C_09_CS @block:C @core @sut:station @fault:connector-id-global
  Scenario: Authorization through authorization cache - Invalid & Not Accepted
    Given the station variable "AuthCtrlr.LocalPreAuthorize" is set to "true"
    And the CSMS knows idToken "${idTag.cache1}" as "Invalid"
    When idTag "${idTag.cache1}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value        |
      | idToken.idToken | ${idTag.cache1} |
    Given EVSE 1 has an EV connected
    When idTag "${idTag.cache1}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value        |
      | idToken.idToken | ${idTag.cache1} |
    And the station does not send TransactionEvent within 1 second

  @ocpp201 @TC_C_12_CS @block:C @core @sut:station @fault:wrong-trigger-reason @fault:connector-id-global
  Scenario: Authorization through authorization cache - Invalid & Accepted
    Given the station variable "AuthCtrlr.LocalPreAuthorize" is set to "true"
    And the CSMS knows idToken "${idTag.cache1}" as "Invalid"
    When idTag "${idTag.cache1}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value        |
      | idToken.idToken | ${idTag.cache1} |
    Given the CSMS knows idToken "${idTag.cache1}" as "Accepted"
    And EVSE 1 has an EV connected
    When idTag "${idTag.cache1}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value        |
      | idToken.idToken | ${idTag.cache1} |
    And the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field                         | value        |
      | eventType                     | Updated      |
      | triggerReason                 | Authorized   |
      | idToken.idToken               | ${idTag.cache1} |
      | transactionInfo.chargingState | Charging     |

  @ocpp201 @TC_C_10_CS @block:C @core @sut:station @fault:connector-id-global
  Scenario: Authorization through authorization cache - Blocked
    Given the station variable "AuthCtrlr.LocalPreAuthorize" is set to "true"
    And the CSMS knows idToken "${idTag.cache2}" as "Blocked"
    When idTag "${idTag.cache2}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value        |
      | idToken.idToken | ${idTag.cache2} |
    Given EVSE 1 has an EV connected
    When idTag "${idTag.cache2}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value        |
      | idToken.idToken | ${idTag.cache2} |
    And the station does not send TransactionEvent within 1 second

  @ocpp201 @TC_C_11_CS @block:C @core @sut:station @fault:connector-id-global
  Scenario: Authorization through authorization cache - Expired
    Given the station variable "AuthCtrlr.LocalPreAuthorize" is set to "true"
    When idTag "${idTag.expired}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value          |
      | idToken.idToken | ${idTag.expired} |
    Given EVSE 1 has an EV connected
    When idTag "${idTag.expired}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value          |
      | idToken.idToken | ${idTag.expired} |
    And the station does not send TransactionEvent within 1 second

  @ocpp201 @TC_C_13_CS @block:C @core @sut:station @fault:wrong-trigger-reason
  Scenario: Authorization through authorization cache - Accepted but cable not connected yet.
    Given the station variable "AuthCtrlr.LocalPreAuthorize" is set to "true"
    And the station variable "TxCtrlr.EVConnectionTimeOut" is set to "1000"
    And idToken "${idTag.valid}" is in the authorization cache of the station after a session on EVSE 1
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent with:
      | field           | value         |
      | eventType       | Started       |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
      | evse.id         | 1             |
    And the station does not send Authorize within 300 ms
    When the EV is plugged in at connector 1
    Then the station sends TransactionEvent with:
      | field                         | value          |
      | eventType                     | Updated        |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | Charging       |

  @ocpp201 @TC_C_16_CS @block:C @core @sut:station @fault:wrong-trigger-reason
  Scenario: Authorization through authorization cache - StopTxOnInvalidId = true
    Given the station variable "AuthCtrlr.LocalPreAuthorize" is set to "true"
    And the station variable "TxCtrlr.StopTxOnInvalidId" is set to "true"
    And idToken "${idTag.valid}" is in the authorization cache of the station after a session on EVSE 1
    And the CSMS knows idToken "${idTag.valid}" as "Invalid"
    And EVSE 1 has an EV connected
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field           | value         |
      | eventType       | Updated       |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
    And the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field                         | value        |
      | eventType                     | Ended        |
      | triggerReason                 | Deauthorized |
      | transactionInfo.stoppedReason | DeAuthorized |

  @ocpp201 @TC_C_17_CS @block:C @core @sut:station @fault:wrong-trigger-reason
  Scenario: Authorization through authorization cache - StopTxOnInvalidId = false
    Given the station variable "AuthCtrlr.LocalPreAuthorize" is set to "true"
    And the station variable "TxCtrlr.StopTxOnInvalidId" is set to "false"
    And idToken "${idTag.valid}" is in the authorization cache of the station after a session on EVSE 1
    And the CSMS knows idToken "${idTag.valid}" as "Invalid"
    And EVSE 1 has an EV connected
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field           | value         |
      | eventType       | Updated       |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
    And the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field                         | value                            |
      | eventType                     | Updated                          |
      | triggerReason                 | Deauthorized                     |
      | transactionInfo.chargingState | one of EVConnected, SuspendedEVSE |
    And the station does not send TransactionEvent within 500 ms

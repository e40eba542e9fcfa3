@ocpp201 @block:F @core @sut:csms
Feature: F01-F02 Remote start of a transaction (CSMS under test)
  The operator starts a session for a driver. The CSMS sends RequestStartTransaction with the driver's token,
  the EVSE and a remoteStartId; the station's transaction carries that remoteStartId with triggerReason
  RemoteStart, and the CSMS answers idTokenInfo for the token.

  @TC_F_01_CSMS @fault:no-id-token-info @fault:second-concurrent-call
  Scenario: Remote start transaction - Cable plugin first
    Given the station has an EV connected at EVSE 1
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Started        |
      | triggerReason                 | CablePluggedIn |
      | transactionInfo.chargingState | EVConnected    |
    Then the CSMS acknowledges the TransactionEvent
    When the CSMS is asked to remotely start a transaction with:
      | field   | value          |
      | evseId  | 1              |
      | idToken | ${idTag.valid} |
    Then the CSMS sends RequestStartTransaction with:
      | field           | value         |
      | evseId          | 1             |
      | remoteStartId   | <integer>     |
      | idToken.idToken | ${idTag.valid} |
    And the message field "remoteStartId" is remembered as "remoteStartId"
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value            |
      | eventType                     | Updated          |
      | triggerReason                 | RemoteStart      |
      | idToken.idToken               | ${idTag.valid}    |
      | transactionInfo.remoteStartId | ${remoteStartId} |
      | transactionInfo.chargingState | Charging         |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |

  @TC_F_04_CSMS @fault:no-id-token-info @fault:second-concurrent-call @fault:remote-start-id-reused
  Scenario: Remote start transaction - Remote start first - Cable plugin timeout
    Given the station is booted
    When the CSMS is asked to remotely start a transaction with:
      | field   | value          |
      | evseId  | 1              |
      | idToken | ${idTag.valid} |
    Then the CSMS sends RequestStartTransaction with:
      | field           | value         |
      | evseId          | 1             |
      | remoteStartId   | <integer>     |
      | idToken.idToken | ${idTag.valid} |
    And the message field "remoteStartId" is remembered as "remoteStartId"
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value            |
      | eventType                     | Started          |
      | triggerReason                 | RemoteStart      |
      | idToken.idToken               | ${idTag.valid}    |
      | transactionInfo.remoteStartId | ${remoteStartId} |
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
    # every remote start gets a remoteStartId of its own
    When the CSMS is asked to remotely start a transaction with:
      | field   | value          |
      | evseId  | 1              |
      | idToken | ${idTag.valid} |
    Then the CSMS sends RequestStartTransaction with:
      | field           | value                |
      | remoteStartId   | not ${remoteStartId} |
      | idToken.idToken | ${idTag.valid}       |

Feature: Local start and stop of a transaction with an idToken (C01, charging station under test)
  The harness plays the CSMS. A token presented at the station is checked with Authorize; only an Accepted
  token starts (or authorizes) a transaction. Invalid, Unknown, Blocked and Expired tokens start nothing: no
  TransactionEvent authorizes energy transfer. A running transaction is stopped by the token that started it,
  not by an unrelated one.

  @ocpp201 @TC_C_02_CS @block:C @core @sut:station @fault:status-notification-missing
  Scenario: Local start transaction - Authorization Invalid/Unknown
    Given the CSMS knows idToken "${idTag.invalid}" as "Invalid"
    And the station is booted
    When idTag "${idTag.invalid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value          |
      | idToken.idToken | ${idTag.invalid} |
      | idToken.type    | <string>       |
    And the station does not send TransactionEvent within 1 second
    And the station does not send StatusNotification within 100 ms

  @ocpp201 @TC_C_56_CS @block:C @core @sut:station @fault:status-notification-missing
  Scenario: Local start transaction - Authorization Unknown
    Given the station is booted
    When idTag "${idTag.unknown}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value          |
      | idToken.idToken | ${idTag.unknown} |
    And the station does not send TransactionEvent within 1 second
    And the station does not send StatusNotification within 100 ms

  @ocpp201 @TC_C_06_CS @block:C @core @sut:station @fault:connector-id-global @fault:wrong-trigger-reason
  Scenario: Local start transaction - Authorization Blocked
    Given EVSE 1 has an EV connected
    When idTag "${idTag.blocked}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value          |
      | idToken.idToken | ${idTag.blocked} |
    And the station does not send TransactionEvent within 1 second

  @ocpp201 @TC_C_07_CS @block:C @core @sut:station @fault:connector-id-global @fault:wrong-trigger-reason
  Scenario: Local start transaction - Authorization Expired
    Given EVSE 1 has an EV connected
    When idTag "${idTag.expired}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value          |
      | idToken.idToken | ${idTag.expired} |
    And the station does not send TransactionEvent within 1 second

  @ocpp201 @TC_C_04_CS @block:C @core @sut:station @fault:wrong-trigger-reason @fault:connector-id-global
  Scenario: Local Stop Transaction - Different idToken
    Given EVSE 1 is charging with idToken "${idTag.valid}"
    When idTag "${idTag.valid2}" is presented at connector 1
    Then the station does not send TransactionEvent within 1 second
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
      | idToken.idToken               | ${idTag.valid}  |

@ocpp201 @block:C @core @sut:csms
Feature: C16 Stop transactions with a master pass (CSMS under test)
  The station's AuthCtrlr.MasterPassGroupId is ${idTag.parent}: a token the CSMS reports as belonging to that
  group is a master pass and ends transactions it did not start (stoppedReason MasterPass). The CSMS must
  report the group of the presented token and accept the transactions ending that way.

  @TC_C_47_CSMS @fault:ignores-group-id-token
  Scenario: Stop Transaction with a Master Pass - With UI - All transactions
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    And the station is charging on EVSE 2 with idToken "${idTag.valid2}"
    When the station sends Authorize for idToken "${idTag.child1}"
    Then the CSMS responds with:
      | field                            | value         |
      | idTokenInfo.status               | Accepted      |
      | idTokenInfo.groupIdToken.idToken | ${idTag.parent} |
    # the driver picks "all transactions" on the station's display
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.child1}  |
      | transactionInfo.stoppedReason | MasterPass     |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 2 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.child1}  |
      | transactionInfo.stoppedReason | MasterPass     |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |

  @TC_C_48_CSMS @fault:ignores-group-id-token
  Scenario: Stop Transaction with a Master Pass - With UI - With UI - Specific transactions
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    And the station is charging on EVSE 2 with idToken "${idTag.valid2}"
    When the station sends Authorize for idToken "${idTag.child1}"
    Then the CSMS responds with:
      | field                            | value         |
      | idTokenInfo.status               | Accepted      |
      | idTokenInfo.groupIdToken.idToken | ${idTag.parent} |
    # the driver picks only the transaction on EVSE 2; EVSE 1 goes on charging
    When the station sends TransactionEvent for EVSE 2 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.child1}  |
      | transactionInfo.stoppedReason | MasterPass     |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                               | value              |
      | eventType                           | Updated            |
      | triggerReason                       | MeterValuePeriodic |
      | meterValue[0].timestamp             | <now>              |
      | meterValue[0].sampledValue[0].value | 2500               |
    Then the CSMS acknowledges the TransactionEvent

  @TC_C_49_CSMS @fault:ignores-group-id-token
  Scenario: Stop Transaction with a Master Pass - Without UI
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    And the station is charging on EVSE 2 with idToken "${idTag.valid2}"
    When the station sends Authorize for idToken "${idTag.child2}"
    Then the CSMS responds with:
      | field                            | value         |
      | idTokenInfo.status               | Accepted      |
      | idTokenInfo.groupIdToken.idToken | ${idTag.parent} |
    # without a display every transaction ends at once
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.child2}  |
      | transactionInfo.stoppedReason | MasterPass     |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 2 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.child2}  |
      | transactionInfo.stoppedReason | MasterPass     |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |

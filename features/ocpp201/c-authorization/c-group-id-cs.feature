Feature: Authorization by GroupId and the master pass (C09, C16, charging station under test)
  The harness plays the CSMS. Tokens of the same groupIdToken may stop each other's transactions; a token of
  another group may not, nor one the cache holds as not Accepted. A token of AuthCtrlr.MasterPassGroupId
  stops every running transaction (station without a UI) with stoppedReason MasterPass and cannot start one.

  Background:
    Given the CSMS knows idToken "${idTag.groupA1}" as "Accepted" in group "${idTag.groupA}"
    And the CSMS knows idToken "${idTag.groupA2}" as "Accepted" in group "${idTag.groupA}"
    And the CSMS knows idToken "${idTag.groupB1}" as "Accepted" in group "${idTag.groupB}"
    And the station is booted

  @ocpp201 @TC_C_39_CS @block:C @core @sut:station @fault:wrong-trigger-reason
  Scenario: Authorization by GroupId - Success
    Given EVSE 1 is charging with idToken "${idTag.groupA1}"
    When idTag "${idTag.groupA2}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value        |
      | idToken.idToken | ${idTag.groupA2} |
    And the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | Local          |
      | idToken.idToken               | ${idTag.groupA2}   |

  @ocpp201 @TC_C_41_CS @block:C @core @sut:station @fault:wrong-trigger-reason @requires:connectors-2
  Scenario: Authorization by GroupId - Success with Authorization Cache
    Given the station variable "AuthCtrlr.LocalPreAuthorize" is set to "true"
    And idToken "${idTag.groupA2}" is in the authorization cache of the station after a session on EVSE 2
    And EVSE 1 is charging with idToken "${idTag.groupA1}"
    When idTag "${idTag.groupA2}" is presented at connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.groupA2}   |
    And the station does not send Authorize within 300 ms

  @ocpp201 @TC_C_42_CS @block:C @core @sut:station @fault:wrong-trigger-reason
  Scenario: Authorization by GroupId - Not stopped by GroupId
    Given EVSE 1 is charging with idToken "${idTag.groupA1}"
    When idTag "${idTag.groupB1}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value        |
      | idToken.idToken | ${idTag.groupB1} |
    And the station does not send TransactionEvent within 1 second
    When idTag "${idTag.groupA1}" is presented at connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field         | value          |
      | eventType     | Ended          |
      | triggerReason | StopAuthorized |

  @ocpp201 @TC_C_44_CS @block:C @core @sut:station @fault:wrong-trigger-reason
  Scenario: Authorization by GroupId - Invalid status with Authorization Cache
    Given the station variable "AuthCtrlr.LocalPreAuthorize" is set to "true"
    And the CSMS knows idToken "${idTag.groupA2}" as "Blocked" in group "${idTag.groupA}"
    And idToken "${idTag.groupA2}" is in the authorization cache of the station after a failed presentation
    And EVSE 1 is charging with idToken "${idTag.groupA1}"
    When idTag "${idTag.groupA2}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value        |
      | idToken.idToken | ${idTag.groupA2} |
    And the station does not send TransactionEvent within 1 second

  @ocpp201 @TC_C_45_CS @block:C @core @sut:station @fault:status-notification-missing @requires:key:AuthCtrlr.MasterPassGroupId
  Scenario: Authorization by GroupId - Master pass - Not able to start transaction + groupId
    Given the CSMS knows idToken "${idTag.master}" as "Accepted" in group "${idTag.masterGroup}"
    And the station variable "AuthCtrlr.MasterPassGroupId" is set to "${idTag.masterGroup}"
    When idTag "${idTag.master}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.master} |
    And the station does not send TransactionEvent within 1 second
    And the station does not send StatusNotification within 100 ms

  @ocpp201 @TC_C_49_CS @block:C @core @sut:station @fault:wrong-trigger-reason @requires:key:AuthCtrlr.MasterPassGroupId @requires:connectors-2
  Scenario: Stop Transaction with a Master Pass - Without UI
    Given the CSMS knows idToken "${idTag.master}" as "Accepted" in group "${idTag.masterGroup}"
    And the station variable "AuthCtrlr.MasterPassGroupId" is set to "${idTag.masterGroup}"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    And EVSE 2 is charging with idToken "${idTag.valid2}"
    When idTag "${idTag.master}" is presented
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.master} |
    And the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | MasterPass     |
    And the station sends TransactionEvent for the transaction on EVSE 2 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | transactionInfo.stoppedReason | MasterPass     |

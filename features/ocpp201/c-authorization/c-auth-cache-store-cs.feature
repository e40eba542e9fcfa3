Feature: Storing and clearing authorization data in the authorization cache (C10-C11, charging station under test)
  The harness plays the CSMS. What the CSMS says about a token in AuthorizeResponse and TransactionEventResponse
  replaces the cache entry; the cache survives a reboot and forgets entries after AuthCacheCtrlr.LifeTime.
  ClearCache empties it (Accepted) unless the cache is disabled (Rejected). With LocalPreAuthorize false the
  station always asks the CSMS, cache or not.

  Background:
    Given the station is booted
    And the station variable "AuthCtrlr.LocalPreAuthorize" is set to "true"

  @ocpp201 @TC_C_32_CS @block:C @core @sut:station @fault:wrong-trigger-reason @requires:connectors-2
  Scenario: Store Authorization Data in the Authorization Cache - Persistent over reboot
    Given idToken "${idTag.valid}" is in the authorization cache of the station after a session on EVSE 1
    When the station is power cycled
    Then the station reboots with BootNotification reason "PowerUp"
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus |
      | StatusNotification | 1      | 1           | Available       |
      | StatusNotification | 2      | 1           | Available       |
    Given EVSE 1 has an EV connected
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field           | value         |
      | eventType       | Updated       |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
    And the station does not send Authorize within 300 ms

  @ocpp201 @TC_C_33_CS @block:C @core @sut:station @fault:connector-id-global @requires:connectors-2
  Scenario: Store Authorization Data in the Authorization Cache - Update on AuthorizeResponse
    Given idToken "${idTag.valid}" is in the authorization cache of the station after a session on EVSE 1
    And the station variable "AuthCtrlr.LocalPreAuthorize" is set to "false"
    And the CSMS knows idToken "${idTag.valid}" as "Blocked"
    When idTag "${idTag.valid}" is presented at connector 2
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
    And the station does not send TransactionEvent within 500 ms
    Given the station variable "AuthCtrlr.LocalPreAuthorize" is set to "true"
    And EVSE 1 has an EV connected
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
    And the station does not send TransactionEvent within 1 second

  @ocpp201 @TC_C_34_CS @block:C @core @sut:station @fault:wrong-trigger-reason @requires:connectors-2
  Scenario: Store Authorization Data in the Authorization Cache - Update on TransactionResponse
    Given the station variable "TxCtrlr.StopTxOnInvalidId" is set to "true"
    And idToken "${idTag.valid}" is in the authorization cache of the station after a session on EVSE 1
    And the CSMS knows idToken "${idTag.valid}" as "Blocked"
    And EVSE 1 has an EV connected
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field           | value         |
      | eventType       | Updated       |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
    And the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field         | value        |
      | eventType     | Ended        |
      | triggerReason | Deauthorized |
    When idTag "${idTag.valid}" is presented at connector 2
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |

  @ocpp201 @TC_C_36_CS @block:C @core @sut:station @fault:wrong-trigger-reason
  Scenario: Store Authorization Data in the Authorization Cache - AuthCacheCtrlr.LocalPreAuthorize = false
    Given idToken "${idTag.valid}" is in the authorization cache of the station after a session on EVSE 1
    And the station variable "AuthCtrlr.LocalPreAuthorize" is set to "false"
    And EVSE 1 has an EV connected
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
    And the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field           | value         |
      | eventType       | Updated       |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |

  @ocpp201 @TC_C_37_CS @block:C @core @sut:station @fault:wrong-trigger-reason
  Scenario: Clear Authorization Data in Authorization Cache - Accepted
    Given idToken "${idTag.valid}" is in the authorization cache of the station after a session on EVSE 1
    When the CSMS sends ClearCache
    Then the station responds with status "Accepted"
    Given EVSE 1 has an EV connected
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
    And the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field           | value         |
      | eventType       | Updated       |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |

  @ocpp201 @TC_C_38_CS @block:C @core @sut:station @fault:silent @fault:clear-cache-when-disabled-accepted @requires:key:AuthCacheCtrlr.Enabled
  Scenario: Clear Authorization Data in Authorization Cache - Rejected
    Given the station variable "AuthCacheCtrlr.Enabled" is set to "false"
    When the CSMS sends ClearCache
    Then the station responds with status "Rejected"

  @ocpp201 @TC_C_46_CS @block:C @core @sut:station @fault:wrong-trigger-reason @requires:key:AuthCacheCtrlr.LifeTime
  Scenario: Store Authorization Data in the Authorization Cache - AuthCacheLifeTime
    Given the station variable "AuthCacheCtrlr.LifeTime" is set to "1"
    And idToken "${idTag.valid}" is in the authorization cache of the station after a session on EVSE 1
    When 150 seconds pass
    Given EVSE 1 has an EV connected
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
    And the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field           | value         |
      | eventType       | Updated       |
      | triggerReason   | Authorized    |

@ocpp201 @block:C @core @sut:csms
Feature: C01-C04 Authorization of id tokens (CSMS under test)
  The station asks the CSMS about the id tokens drivers present, directly (Authorize) or when it starts a
  transaction with a token from its authorization cache (TransactionEvent with idToken). The CSMS answers with
  the token's real status: Accepted, Blocked, Expired, or Invalid/Unknown for tokens it does not know, and the
  token's group so that any token of the group may end the transaction.

  @TC_C_02_CSMS @fault:authorize-accepts-unknown
  Scenario: Local start transaction - Authorization Invalid/Unknown
    Given the station has an EV connected at EVSE 1
    When the station sends Authorize for idToken "${idTag.unknown}"
    Then the CSMS responds with:
      | field              | value                   |
      | idTokenInfo.status | one of Invalid, Unknown |

  @TC_C_06_CSMS @fault:silent @fault:auth-status-collapsed
  Scenario: Local start transaction - Authorization Blocked
    Given the station has an EV connected at EVSE 1
    When the station sends Authorize for idToken "${idTag.blocked}"
    Then the CSMS responds with:
      | field              | value   |
      | idTokenInfo.status | Blocked |

  @TC_C_07_CSMS @fault:silent @fault:auth-status-collapsed
  Scenario: Local start transaction - Authorization Expired
    Given the station has an EV connected at EVSE 1
    When the station sends Authorize for idToken "${idTag.expired}"
    Then the CSMS responds with:
      | field              | value   |
      | idTokenInfo.status | Expired |

  @TC_C_08_CSMS @fault:no-id-token-info
  Scenario: Authorization through authorization cache - Accepted
    Given the station has an EV connected at EVSE 1
    # the token is in the station's cache: the transaction starts without an Authorize
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value         |
      | eventType                     | Started       |
      | triggerReason                 | Authorized    |
      | idToken.idToken               | ${idTag.valid} |
      | transactionInfo.chargingState | EVConnected   |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value                |
      | eventType                     | Updated              |
      | triggerReason                 | ChargingStateChanged |
      | transactionInfo.chargingState | Charging             |
    Then the CSMS acknowledges the TransactionEvent

  @TC_C_20_CSMS @fault:no-id-token-info @fault:authorize-accepts-unknown
  Scenario: Authorization through authorization cache - Invalid
    Given the station has an EV connected at EVSE 1
    # the cached token is no longer valid in the CSMS
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Started        |
      | triggerReason                 | Authorized     |
      | idToken.idToken               | ${idTag.unknown} |
      | transactionInfo.chargingState | EVConnected    |
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

  @TC_C_37_CSMS @fault:second-concurrent-call @fault:clear-cache-not-sent
  Scenario: Clear Authorization Data in Authorization Cache - Accepted
    Given the station is booted
    When the CSMS is asked to clear the authorization cache
    Then the CSMS sends ClearCache with:
      | field      | value    |
      | customData | <absent> |

  @TC_C_38_CSMS @fault:second-concurrent-call @fault:clear-cache-not-sent
  Scenario: Clear Authorization Data in Authorization Cache - Rejected
    Given the station is booted
    And the station will answer ClearCache with:
      | field  | value    |
      | status | Rejected |
    When the CSMS is asked to clear the authorization cache
    Then the CSMS sends ClearCache with:
      | field      | value    |
      | customData | <absent> |

  @TC_C_39_CSMS @fault:ignores-group-id-token
  Scenario: Authorization by GroupId - Success
    Given the station has an EV connected at EVSE 1
    When the station sends Authorize for idToken "${idTag.child1}"
    Then the CSMS responds with:
      | field                            | value         |
      | idTokenInfo.status               | Accepted      |
      | idTokenInfo.groupIdToken.idToken | ${idTag.parent} |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value         |
      | eventType                     | Started       |
      | triggerReason                 | Authorized    |
      | idToken.idToken               | ${idTag.child1} |
      | transactionInfo.chargingState | Charging      |
    Then the CSMS responds with:
      | field                            | value         |
      | idTokenInfo.status               | Accepted      |
      | idTokenInfo.groupIdToken.idToken | ${idTag.parent} |
    # another token of the same group ends the transaction
    When the station sends Authorize for idToken "${idTag.child2}"
    Then the CSMS responds with:
      | field                            | value         |
      | idTokenInfo.status               | Accepted      |
      | idTokenInfo.groupIdToken.idToken | ${idTag.parent} |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.child2}  |
      | transactionInfo.stoppedReason | Local          |
    Then the CSMS responds with:
      | field                            | value         |
      | idTokenInfo.status               | Accepted      |
      | idTokenInfo.groupIdToken.idToken | ${idTag.parent} |

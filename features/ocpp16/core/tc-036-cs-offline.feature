Feature: Offline behaviour (Core, charge point under test)
  While the connection to the CSMS is down the charge point keeps working: a running transaction goes on, ids
  it knows (authorization cache, LocalAuthorizeOffline) can start and stop sessions, and every transaction
  message is queued and delivered in order, with its original timestamp, once it is back online. When the
  CSMS then answers StartTransaction with an idTag that is not valid, StopTransactionOnInvalidId decides
  whether the transaction is stopped (DeAuthorized) or only suspended.

  @ocpp16 @TC_036_CS @core @sut:station @fault:offline-queue-dropped @fault:transaction-id-ignored
  Scenario: Connection Loss During Transaction
    Given the station is booted
    And the station has configuration "MeterValuesSampledData" set to "Energy.Active.Import.Register"
    And the station has configuration "MeterValueSampleInterval" set to "30"
    And connector 1 is charging with idTag "${idTag.valid}"
    When the station goes offline
    And 90 seconds pass
    And the station comes back online
    Then the station sends MeterValues for the transaction on connector 1, dated while it was offline
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends StopTransaction for the transaction on connector 1 and StatusNotification "Finishing" in any order, with:
      | field | value         |
      | idTag | ${idTag.valid} |

  @ocpp16 @TC_037_1_CS @core @sut:station @fault:offline-queue-dropped @fault:authorize-cache-ignored @requires:key:AuthorizationCacheEnabled
  Scenario: Offline Start Transaction - Valid IdTag
    Given idTag "${idTag.valid}" is in the authorization cache
    And the station has configuration "LocalAuthorizeOffline" set to "true"
    When the station goes offline
    And the EV is plugged in at connector 1
    And idTag "${idTag.valid}" is presented at connector 1
    And the station comes back online
    Then the station starts a transaction on connector 1 with idTag "${idTag.valid}", dated while it was offline
    And the station does not send StopTransaction within 1 second

  @ocpp16 @TC_037_2_CS @core @sut:station @fault:no-stop-on-invalid-id @fault:offline-queue-dropped @requires:key:AllowOfflineTxForUnknownId
  Scenario: Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = false
    Given the station is booted
    And the station has configuration "AllowOfflineTxForUnknownId" set to "true"
    And the station has configuration "StopTransactionOnInvalidId" set to "false"
    When the station goes offline
    And the EV is plugged in at connector 1
    And idTag "${idTag.unknown}" is presented at connector 1
    And the station comes back online
    Then the station starts a transaction on connector 1 with idTag "${idTag.unknown}", dated while it was offline
    And the station sends StatusNotification with:
      | field       | value         |
      | connectorId | 1             |
      | status      | SuspendedEVSE |
    And the station does not send StopTransaction within 1 second

  @ocpp16 @TC_037_3_CS @core @sut:station @fault:no-stop-on-invalid-id @fault:offline-queue-dropped @requires:key:AllowOfflineTxForUnknownId
  Scenario: Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId = true
    Given the station is booted
    And the station has configuration "AllowOfflineTxForUnknownId" set to "true"
    And the station has configuration "StopTransactionOnInvalidId" set to "true"
    When the station goes offline
    And the EV is plugged in at connector 1
    And idTag "${idTag.unknown}" is presented at connector 1
    And the station comes back online
    Then the station starts a transaction on connector 1 with idTag "${idTag.unknown}", dated while it was offline
    And the station sends StopTransaction for the transaction on connector 1 and StatusNotification "Finishing" in any order, with:
      | field  | value       |
      | reason | DeAuthorized |

  @ocpp16 @TC_038_CS @core @sut:station @fault:offline-queue-dropped @fault:transaction-id-ignored
  Scenario: Offline Stop Transaction
    Given connector 1 is charging with idTag "${idTag.valid}"
    When the station goes offline
    And idTag "${idTag.valid}" is presented at connector 1
    And the station comes back online
    Then the station sends StopTransaction for the transaction on connector 1 and StatusNotification "Finishing" in any order, dated while it was offline, with:
      | field | value         |
      | idTag | ${idTag.valid} |

  @ocpp16 @TC_039_CS @core @sut:station @fault:offline-queue-dropped @fault:authorize-cache-ignored @requires:key:AuthorizationCacheEnabled
  Scenario: Offline Transaction
    Given idTag "${idTag.valid}" is in the authorization cache
    And the station has configuration "LocalAuthorizeOffline" set to "true"
    When the station goes offline
    And the EV is plugged in at connector 1
    And idTag "${idTag.valid}" is presented at connector 1
    And 30 seconds pass
    And idTag "${idTag.valid}" is presented at connector 1
    And the station comes back online
    Then the station sends StartTransaction for connector 1 with idTag "${idTag.valid}", dated while it was offline
    And the station sends StopTransaction for the transaction on connector 1, dated while it was offline, with:
      | field | value         |
      | idTag | ${idTag.valid} |

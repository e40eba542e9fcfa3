Feature: Offline authorization (C15, charging station under test)
  The harness plays the CSMS. While offline, with AuthCtrlr.LocalAuthorizeOffline true and
  OfflineTxForUnknownIdEnabled false, a token the station knows neither from its local list nor from its cache
  is not authorized: no transaction is started for it, and nothing about it is reported once back online.

  @ocpp201 @TC_C_26_CS @block:C @core @sut:station @fault:boot-on-reconnect @requires:key:AuthCtrlr.OfflineTxForUnknownIdEnabled
  Scenario: Offline Authorization - Unknown Id
    Given the station is booted
    And the station variable "AuthCtrlr.LocalAuthorizeOffline" is set to "true"
    And the station variable "AuthCtrlr.OfflineTxForUnknownIdEnabled" is set to "false"
    When the station goes offline
    And idTag "${idTag.unknown}" is presented at connector 1
    And the station comes back online
    Then the station does not send BootNotification within 1 second
    And the station does not send TransactionEvent within 1 second

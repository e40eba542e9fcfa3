@ocpp16 @core @sut:csms
Feature: Core Profile - Power Failure Non-Happy Flow (central system under test)
  The station loses power during a transaction and is configured to stop transactions on power loss: after
  the reboot it boots again and reports the stop with reason PowerLoss, which the central system accepts.

  @TC_032_1_CSMS @fault:boot-rejected @fault:sends-null-fields @fault:silent
  Scenario: Power failure boot charging point-configured to stop transaction(s)
    Given the station is charging on connector 1 with idTag "${idTag.valid}"
    When the station disconnects from the CSMS
    And the station reconnects to the CSMS
    Then the station is booted
    When the station sends StopTransaction for connector 1 with reason "PowerLoss"
    Then the CSMS confirms the StopTransaction

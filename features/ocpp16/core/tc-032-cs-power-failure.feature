Feature: Power failure (Core, charge point under test)
  After a power failure the charge point boots again (BootNotification, every connector's status). A
  transaction that was running is ended with reason PowerLoss, by a StopTransaction sent before it went down
  or queued and sent once it is back. A connector set Unavailable stays Unavailable across the power cycle.

  @ocpp16 @TC_032_1_CS @core @sut:station @fault:transaction-id-ignored @fault:meter-stop-below-start @requires:connectors-2
  Scenario: Power failure boot charging point - configured to stop transaction(s) before going down
    Given connector 1 is charging with idTag "${idTag.valid}"
    When the station is power cycled
    Then the station reboots and sends BootNotification
    And the station sends in any order:
      | action             | connectorId | status                                 |
      | StatusNotification | 0           | Available                              |
      | StatusNotification | 1           | one of Available, Preparing, Finishing |
      | StatusNotification | 2           | Available                              |
    And the station sends StopTransaction for the transaction on connector 1, before or after rebooting, with:
      | field  | value     |
      | reason | PowerLoss |

  @ocpp16 @TC_032_2_CS @core @sut:station @fault:transaction-id-ignored @fault:meter-stop-below-start @requires:connectors-2
  Scenario: Power failure boot charging point-configured to stop transaction(s)
    Given connector 1 is charging with idTag "${idTag.valid}"
    When the station is power cycled
    Then the station reboots and sends BootNotification
    And the station sends in any order:
      | action             | connectorId | status                                 |
      | StatusNotification | 0           | Available                              |
      | StatusNotification | 1           | one of Available, Preparing, Finishing |
      | StatusNotification | 2           | Available                              |
    And the station sends StopTransaction for the transaction on connector 1 after rebooting, with:
      | field  | value     |
      | reason | PowerLoss |

  @ocpp16 @TC_034_CS @core @sut:station @fault:ignores-change-availability @requires:connectors-2
  Scenario: Power Failure with Unavailable Status
    Given connector 1 is unavailable
    When the station is power cycled
    Then the station reboots and sends BootNotification
    And the station sends in any order:
      | action             | connectorId | status      |
      | StatusNotification | 0           | Available   |
      | StatusNotification | 1           | Unavailable |
      | StatusNotification | 2           | Available   |

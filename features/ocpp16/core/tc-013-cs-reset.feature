Feature: Reset (Core, charge point under test)
  A Reset, hard or soft, is answered Accepted and followed by a reboot: a new connection, BootNotification and
  every connector's status. A running transaction is ended with reason HardReset / SoftReset, before the reboot
  or (hard reset) from the queue right after it.

  @ocpp16 @TC_013_CS @core @sut:station @fault:no-reboot-after-reset @requires:connectors-2
  Scenario: Hard Reset Without transaction
    Given the station is booted
    When the CSMS sends Reset with:
      | field | value |
      | type  | Hard  |
    Then the station responds with status "Accepted"
    And the station reboots and sends BootNotification
    And the station sends in any order:
      | action             | connectorId | status    |
      | StatusNotification | 0           | Available |
      | StatusNotification | 1           | Available |
      | StatusNotification | 2           | Available |

  @ocpp16 @TC_014_CS @core @sut:station @fault:no-reboot-after-reset @requires:connectors-2
  Scenario: Soft Reset Without Transaction
    Given the station is booted
    When the CSMS sends Reset with:
      | field | value |
      | type  | Soft  |
    Then the station responds with status "Accepted"
    And the station reboots and sends BootNotification
    And the station sends in any order:
      | action             | connectorId | status    |
      | StatusNotification | 0           | Available |
      | StatusNotification | 1           | Available |
      | StatusNotification | 2           | Available |

  @ocpp16 @TC_015_CS @core @sut:station @fault:no-reboot-after-reset @fault:reset-without-stopping-transaction @requires:connectors-2
  Scenario: Hard Reset With Transaction
    Given connector 1 is charging with idTag "${idTag.valid}"
    When the CSMS sends Reset with:
      | field | value |
      | type  | Hard  |
    Then the station responds with status "Accepted"
    And the station reboots and sends BootNotification
    And the station sends in any order:
      | action             | connectorId | status                         |
      | StatusNotification | 0           | Available                      |
      | StatusNotification | 1           | one of Available, Preparing, Finishing |
      | StatusNotification | 2           | Available                      |
    And the station sends StopTransaction for the transaction on connector 1, before or after rebooting, with:
      | field  | value     |
      | reason | HardReset |

  @ocpp16 @TC_016_CS @core @sut:station @fault:no-reboot-after-reset @fault:reset-without-stopping-transaction @requires:connectors-2
  Scenario: Soft Reset With Transaction
    Given connector 1 is charging with idTag "${idTag.valid}"
    When the CSMS sends Reset with:
      | field | value |
      | type  | Soft  |
    Then the station responds with status "Accepted"
    And the station sends StopTransaction for the transaction on connector 1 with:
      | field  | value     |
      | reason | SoftReset |
    And the station reboots and sends BootNotification
    And the station sends in any order:
      | action             | connectorId | status                         |
      | StatusNotification | 0           | Available                      |
      | StatusNotification | 1           | one of Available, Preparing, Finishing |
      | StatusNotification | 2           | Available                      |

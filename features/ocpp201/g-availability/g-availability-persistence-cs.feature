@ocpp201 @block:G @core @sut:station
Feature: Availability (2.0.1) - an Inoperative state survives a reboot
  The harness plays the CSMS. After an EVSE, a connector or the whole station was made Inoperative, the
  station is reset; once booted again it reports the Inoperative parts as Unavailable and the others as
  Available.

  @TC_G_18_CS @fault:ignores-change-availability @fault:no-reboot-after-reset @requires:connectors-2
  Scenario: Change Availability EVSE - state persists across reboot
    Given the station is booted
    And EVSE 1 is unavailable
    When the CSMS sends Reset with:
      | field | value     |
      | type  | Immediate |
    Then the station responds with status "Accepted"
    And the station reboots, then sends BootNotification with reason "RemoteReset"
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus | timestamp |
      | StatusNotification | 1      | 1           | Unavailable     | <now±4s>  |
      | StatusNotification | 2      | 1           | Available       | <now±4s>  |

  @TC_G_19_CS @fault:ignores-change-availability @fault:no-reboot-after-reset @requires:connectors-2
  Scenario: Change Availability Connector - state persists across reboot
    Given the station is booted
    And connector 1 of EVSE 2 is unavailable
    When the CSMS sends Reset with:
      | field | value     |
      | type  | Immediate |
    Then the station responds with status "Accepted"
    And the station reboots, then sends BootNotification with reason "RemoteReset"
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus | timestamp |
      | StatusNotification | 1      | 1           | Available       | <now±4s>  |
      | StatusNotification | 2      | 1           | Unavailable     | <now±4s>  |

  @TC_G_21_CS @fault:ignores-change-availability @fault:no-reboot-after-reset @requires:connectors-2
  Scenario: Change Availability Charging Station - state persists across reboot
    Given the station is booted
    And the whole charging station is unavailable
    When the CSMS sends Reset with:
      | field | value     |
      | type  | Immediate |
    Then the station responds with status "Accepted"
    And the station reboots, then sends BootNotification with reason "RemoteReset"
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus | timestamp |
      | StatusNotification | 1      | 1           | Unavailable     | <now±4s>  |
      | StatusNotification | 2      | 1           | Unavailable     | <now±4s>  |

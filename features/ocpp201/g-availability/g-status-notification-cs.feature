@ocpp201 @block:G @core @sut:station
Feature: Availability (2.0.1) - connector status notifications, charging station under test
  The harness plays the CSMS. When a cable is plugged in or taken out, the station reports the new status of
  the connector with StatusNotification: connectorId numbered within its EVSE, timestamp within 4 s of now.

  @TC_G_01_CS @fault:status-notification-missing @fault:connector-id-global @fault:date-time-no-offset
  Scenario: Connector status Notification - Available to Occupied
    Given the station is booted
    When the EV is plugged in at connector 1
    Then the station sends StatusNotification with:
      | field           | value    |
      | evseId          | 1        |
      | connectorId     | 1        |
      | connectorStatus | Occupied |
      | timestamp       | <now±4s> |

  @TC_G_02_CS @fault:status-notification-missing @fault:connector-id-global @fault:date-time-no-offset
  Scenario: Connector status Notification - Occupied to Available
    Given the station is booted
    And EVSE 1 has an EV connected
    When the EV is unplugged from connector 1
    Then the station sends StatusNotification with:
      | field           | value     |
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |
      | timestamp       | <now±4s>  |

@smoke @ocpp16 @core
Feature: BootNotification over a real WebSocket
  The smallest OCPP exchange, in both directions: a station announces itself with BootNotification and the
  CSMS accepts it with the current time and a heartbeat interval.

  @sut:station @fault:status-before-boot @fault:no-status-notification
  Scenario: The station under test boots and sends a valid BootNotification
    When the station connects to the CSMS
    Then the station sends BootNotification with:
      | field             | value     |
      | chargePointVendor | <string>  |
      | chargePointModel  | <string>  |
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 0         |
      | status      | Available |

  @sut:csms @fault:boot-rejected @fault:silent @fault:boot-pending-forever @fault:wrong-heartbeat-interval
  Scenario: The CSMS under test accepts a BootNotification
    When the station sends BootNotification with:
      | field             | value      |
      | chargePointVendor | EVC        |
      | chargePointModel  | Harness-1  |
    Then the CSMS responds with:
      | field       | value      |
      | status      | Accepted   |
      | currentTime | <now±4s>   |
      | interval    | <integer>  |
    And the CSMS responds with the heartbeat interval it is configured with

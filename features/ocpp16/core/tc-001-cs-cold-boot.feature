Feature: Cold boot of the charge point (Core, charge point under test)
  The charge point registers with BootNotification before anything else, reports every connector once it is
  accepted and then keeps the connection alive at the heartbeat interval the CSMS gave it. While the CSMS
  keeps it Pending it only retries BootNotification, at the interval the CSMS asked for.

  @ocpp16 @TC_001_CS @core @sut:station @fault:status-before-boot @fault:no-status-notification @fault:ignores-heartbeat-interval @fault:fixed-heartbeat-interval @fault:flood-heartbeat @requires:connectors-2
  Scenario: Cold Boot Charge Point
    # an interval the station is not already using: a station that heartbeats at a fixed period must fail
    Given a heartbeat interval different from the station's current one is chosen as "hb"
    And the CSMS will answer BootNotification with:
      | field       | value    |
      | status      | Accepted |
      | currentTime | <now>    |
      | interval    | ${hb}    |
    When the station connects to the CSMS
    Then the station sends BootNotification as its first message with:
      | field             | value    |
      | chargePointVendor | <string> |
      | chargePointModel  | <string> |
    And the station sends in any order:
      | action             | connectorId | status    | errorCode |
      | StatusNotification | 0           | Available | NoError   |
      | StatusNotification | 1           | Available | NoError   |
      | StatusNotification | 2           | Available | NoError   |
    And the station sends a Heartbeat every ${hb} seconds

  @ocpp16 @TC_002_CS @core @sut:station @fault:boot-ignores-pending @requires:connectors-2
  Scenario: Cold Boot Charge Point - Pending
    Given the CSMS will answer BootNotification with:
      | field       | value   |
      | status      | Pending |
      | currentTime | <now>   |
      | interval    | 60      |
    When the station connects to the CSMS
    Then the station sends BootNotification as its first message with:
      | field             | value    |
      | chargePointVendor | <string> |
      | chargePointModel  | <string> |
    And the station sends BootNotification again after about 60 seconds, and nothing else before it
    And the station sends in any order:
      | action             | connectorId | status    | errorCode |
      | StatusNotification | 0           | Available | NoError   |
      | StatusNotification | 1           | Available | NoError   |
      | StatusNotification | 2           | Available | NoError   |

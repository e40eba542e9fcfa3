@ocpp16 @core @sut:csms
Feature: Cold Boot Charge Point (central system under test)
  The harness charge point boots cold: it announces itself, reports every connector and heartbeats. The
  central system must accept it with its current time and a heartbeat interval and answer each message.

  @TC_001_CSMS @fault:boot-rejected @fault:boot-pending-forever @fault:heartbeat-time-invalid @fault:invalid-json
  Scenario: Cold Boot Charge Point
    When the station sends BootNotification with:
      | field             | value           |
      | chargePointVendor | EVC             |
      | chargePointModel  | Harness-Station |
      | firmwareVersion   | 1.0.0           |
    Then the CSMS responds with:
      | field       | value     |
      | status      | Accepted  |
      | currentTime | <now±4s>  |
      | interval    | >= 1      |
    When the station reports connector 0 as "Available"
    Then the CSMS confirms the StatusNotification
    When the station reports connector 1 as "Available"
    Then the CSMS confirms the StatusNotification
    When the station reports connector 2 as "Available"
    Then the CSMS confirms the StatusNotification
    When the station sends Heartbeat
    Then the CSMS responds with:
      | field       | value    |
      | currentTime | <now±4s> |

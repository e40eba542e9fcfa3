@smoke @ocpp16 @core
Feature: The Booted reusable state, both directions

  @sut:station @fault:status-before-boot @fault:silent @fault:disconnects-on-call
  Scenario: A station under test reaches Booted and answers a GetConfiguration
    Given the station is booted
    When the CSMS sends GetConfiguration with:
      | field | value                 |
      | key   | ["HeartbeatInterval"] |
    Then the station responds with:
      | field                    | value             |
      | configurationKey[0].key  | HeartbeatInterval |
      | configurationKey[0].value | <string>         |

  @sut:csms @fault:heartbeat-time-invalid @fault:invalid-json
  Scenario: A CSMS under test takes the station to Booted and answers a Heartbeat
    Given the station is booted
    When the station sends Heartbeat
    Then the CSMS responds with:
      | field       | value    |
      | currentTime | <now±4s> |

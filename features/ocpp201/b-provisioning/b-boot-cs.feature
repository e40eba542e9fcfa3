Feature: Cold boot of the charging station (B01-B03, charging station under test)
  The harness plays the CSMS. On power-up the station's first message is BootNotification (reason PowerUp);
  once Accepted it reports every EVSE's connector 1 with StatusNotification and heartbeats at the interval the
  CSMS gave. While the boot is Pending or Rejected it sends nothing but BootNotification, retried after the
  interval; anything else would be answered with SecurityError.

  # The boot interval is chosen unlike the interval the station heartbeats at before the power cycle (as it
  # reports it and as measured), so a station heartbeating at one fixed interval cannot pass by coincidence.
  @ocpp201 @TC_B_01_CS @block:B @core @sut:station @fault:status-before-boot @fault:ignores-heartbeat-interval @fault:fixed-heartbeat-interval @fault:connector-id-global @fault:date-time-microseconds @requires:connectors-2
  Scenario: Cold Boot Charging Station - Accepted
    Given a heartbeat interval the station is not using is chosen as "hb"
    And the CSMS will answer BootNotification with:
      | field       | value    |
      | status      | Accepted |
      | currentTime | <now>    |
      | interval    | ${hb}    |
    When the station is power cycled
    Then the station reboots with BootNotification reason "PowerUp"
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus | timestamp |
      | StatusNotification | 1      | 1           | Available       | <now±4s>  |
      | StatusNotification | 2      | 1           | Available       | <now±4s>  |
    And the station sends Heartbeat every ${hb} seconds

  @ocpp201 @TC_B_02_CS @block:B @core @sut:station @fault:calls-while-pending @fault:status-before-boot @requires:connectors-2
  Scenario: Cold Boot Charging Station - Pending
    Given the CSMS will answer BootNotification with:
      | field       | value   |
      | status      | Pending |
      | currentTime | <now>   |
      | interval    | 100     |
    When the station connects to the CSMS
    Then the station sends BootNotification as its first message with:
      | field  | value   |
      | reason | PowerUp |
    When the CSMS sends GetVariables with:
      | field                             | value             |
      | getVariableData[0].component.name | OCPPCommCtrlr     |
      | getVariableData[0].variable.name  | HeartbeatInterval |
    Then the station responds with:
      | field                                | value    |
      | getVariableResult[0].attributeStatus | Accepted |
    And the station sends BootNotification again after about 100 seconds, and nothing else before it
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus |
      | StatusNotification | 1      | 1           | Available       |
      | StatusNotification | 2      | 1           | Available       |

  @ocpp201 @TC_B_03_CS @block:B @core @sut:station @fault:status-before-boot @fault:date-time-microseconds @requires:connectors-2
  Scenario: Cold Boot Charging Station - Rejected
    Given the CSMS will answer BootNotification with:
      | field       | value    |
      | status      | Rejected |
      | currentTime | <now>    |
      | interval    | 100      |
    When the station connects to the CSMS
    Then the station sends BootNotification as its first message with:
      | field  | value   |
      | reason | PowerUp |
    And the station sends BootNotification again after about 100 seconds, and nothing else before it
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus |
      | StatusNotification | 1      | 1           | Available       |
      | StatusNotification | 2      | 1           | Available       |

  @ocpp201 @TC_B_30_CS @block:B @core @sut:station @fault:calls-while-pending @requires:connectors-2
  Scenario: Cold Boot Charging Station - Pending/Rejected - SecurityError
    Given the CSMS will answer BootNotification with:
      | field       | value   |
      | status      | Pending |
      | currentTime | <now>   |
      | interval    | 100     |
    When the station connects to the CSMS
    Then the station sends BootNotification as its first message with:
      | field  | value   |
      | reason | PowerUp |
    And the station does not send StatusNotification within 600 ms
    And the station does not send Heartbeat within 100 ms
    Given the CSMS will answer BootNotification with:
      | field       | value    |
      | status      | Rejected |
      | currentTime | <now>    |
      | interval    | 100      |
    Then the station sends BootNotification again after about 100 seconds, and nothing else before it
    And the station does not send StatusNotification within 600 ms
    And the station sends BootNotification again after about 100 seconds, and nothing else before it
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus |
      | StatusNotification | 1      | 1           | Available       |
      | StatusNotification | 2      | 1           | Available       |

@smoke @ocpp201 @block:B
Feature: OCPP 2.0.1 BootNotification and the Booted state over a real WebSocket

  @sut:station @fault:status-before-boot @fault:silent
  Scenario: A 2.0.1 station under test boots and answers GetVariables
    Given the station is booted
    When the CSMS sends GetVariables with:
      | field                                | value               |
      | getVariableData[0].component.name    | OCPPCommCtrlr       |
      | getVariableData[0].variable.name     | HeartbeatInterval   |
    Then the station responds with:
      | field                                  | value             |
      | getVariableResult[0].attributeStatus   | Accepted          |
      | getVariableResult[0].component.name    | OCPPCommCtrlr     |
      | getVariableResult[0].variable.name     | HeartbeatInterval |
      | getVariableResult[0].attributeValue    | /^\d+$/           |

  @sut:csms @fault:boot-rejected @fault:silent
  Scenario: A 2.0.1 CSMS under test accepts a BootNotification and a Heartbeat
    Given the station is booted
    When the station sends Heartbeat
    Then the CSMS responds with:
      | field       | value    |
      | currentTime | <now±4s> |

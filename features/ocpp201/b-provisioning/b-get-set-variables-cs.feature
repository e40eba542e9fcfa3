Feature: Get and set variables of the device model (B06-B07, B09-B11, B32-B39, charging station under test)
  The harness plays the CSMS and reads and writes device-model variables. Every requested item is answered in
  its own result, with the component and variable echoed and the attributeStatus telling what happened:
  Accepted (with the value), UnknownComponent, UnknownVariable, NotSupportedAttributeType or Rejected. A value
  that was not accepted leaves the variable as it was.

  @ocpp201 @TC_B_06_CS @block:B @core @sut:station @fault:silent @fault:slow-response @fault:variable-value-with-unit
  Scenario: Get Variables - single value
    Given the station is booted
    When the CSMS sends GetVariables with:
      | field                             | value             |
      | getVariableData[0].component.name | OCPPCommCtrlr     |
      | getVariableData[0].variable.name  | HeartbeatInterval |
    Then the station responds with:
      | field                                | value             |
      | getVariableResult[0].attributeStatus | Accepted          |
      | getVariableResult[0].component.name  | OCPPCommCtrlr     |
      | getVariableResult[0].variable.name   | HeartbeatInterval |
      | getVariableResult[0].attributeValue  | /^\d+$/           |

  @ocpp201 @TC_B_07_CS @block:B @core @sut:station @fault:silent @fault:slow-response @fault:get-variables-results-reversed @fault:variable-value-with-unit
  Scenario: Get Variables - multiple values
    Given the station is booted
    When the CSMS sends GetVariables with:
      | field                                 | value                |
      | getVariableData[0].component.name     | OCPPCommCtrlr        |
      | getVariableData[0].variable.name      | HeartbeatInterval    |
      | getVariableData[1].component.name     | TxCtrlr              |
      | getVariableData[1].variable.name      | EVConnectionTimeOut  |
      | getVariableData[2].component.name     | OCPPCommCtrlr        |
      | getVariableData[2].variable.name      | MessageTimeout       |
      | getVariableData[2].variable.instance  | Default              |
    Then the station responds with:
      | field                                 | value               |
      | getVariableResult[0].attributeStatus  | Accepted            |
      | getVariableResult[0].variable.name    | HeartbeatInterval   |
      | getVariableResult[0].attributeValue   | /^\d+$/             |
      | getVariableResult[1].attributeStatus  | Accepted            |
      | getVariableResult[1].variable.name    | EVConnectionTimeOut |
      | getVariableResult[1].attributeValue   | /^\d+$/             |
      | getVariableResult[2].attributeStatus  | Accepted            |
      | getVariableResult[2].variable.name    | MessageTimeout      |
      | getVariableResult[2].variable.instance | Default            |
      | getVariableResult[2].attributeValue   | /^\d+$/             |

  @ocpp201 @TC_B_32_CS @block:B @core @sut:station @fault:get-variables-unknown-accepted
  Scenario: Get Variables - Unknown component
    Given the station is booted
    When the CSMS sends GetVariables with:
      | field                             | value                 |
      | getVariableData[0].component.name | EvcNoSuchComponent    |
      | getVariableData[0].variable.name  | HeartbeatInterval     |
    Then the station responds with:
      | field                                | value              |
      | getVariableResult[0].attributeStatus | UnknownComponent   |
      | getVariableResult[0].component.name  | EvcNoSuchComponent |
      | getVariableResult[0].attributeValue  | <absent>           |

  @ocpp201 @TC_B_33_CS @block:B @core @sut:station @fault:get-variables-unknown-accepted
  Scenario: Get Variables - Unknown variable
    Given the station is booted
    When the CSMS sends GetVariables with:
      | field                             | value             |
      | getVariableData[0].component.name | OCPPCommCtrlr     |
      | getVariableData[0].variable.name  | EvcNoSuchVariable |
    Then the station responds with:
      | field                                | value             |
      | getVariableResult[0].attributeStatus | UnknownVariable   |
      | getVariableResult[0].variable.name   | EvcNoSuchVariable |
      | getVariableResult[0].attributeValue  | <absent>          |

  @ocpp201 @TC_B_34_CS @block:B @core @sut:station @fault:silent @fault:attribute-type-ignored
  Scenario: Get Variables - Not supported attribute type
    Given the station is booted
    When the CSMS sends GetVariables with:
      | field                             | value             |
      | getVariableData[0].component.name | OCPPCommCtrlr     |
      | getVariableData[0].variable.name  | HeartbeatInterval |
      | getVariableData[0].attributeType  | Target            |
    Then the station responds with:
      | field                                | value                     |
      | getVariableResult[0].attributeStatus | NotSupportedAttributeType |
      | getVariableResult[0].attributeType   | Target                    |
      | getVariableResult[0].attributeValue  | <absent>                  |

  @ocpp201 @TC_B_09_CS @block:B @core @sut:station @fault:ignores-heartbeat-interval @fault:fixed-heartbeat-interval
  Scenario: Set Variables - single value
    Given the station is booted
    And a heartbeat interval the station is not using is chosen as "hb"
    When the CSMS sends SetVariables with:
      | field                             | value             |
      | setVariableData[0].component.name | OCPPCommCtrlr     |
      | setVariableData[0].variable.name  | HeartbeatInterval |
      | setVariableData[0].attributeValue | "${hb}"           |
    Then the station responds with:
      | field                                | value             |
      | setVariableResult[0].attributeStatus | Accepted          |
      | setVariableResult[0].component.name  | OCPPCommCtrlr     |
      | setVariableResult[0].variable.name   | HeartbeatInterval |
    When the CSMS sends GetVariables with:
      | field                             | value             |
      | getVariableData[0].component.name | OCPPCommCtrlr     |
      | getVariableData[0].variable.name  | HeartbeatInterval |
    Then the station responds with:
      | field                                | value    |
      | getVariableResult[0].attributeStatus | Accepted |
      | getVariableResult[0].attributeValue  | "${hb}"  |
    And the station sends Heartbeat every ${hb} seconds

  @ocpp201 @TC_B_10_CS @block:B @core @sut:station @fault:ignores-heartbeat-interval @fault:fixed-heartbeat-interval
  Scenario: Set Variables - multiple values
    Given the station is booted
    And a heartbeat interval the station is not using is chosen as "hb"
    When the CSMS sends SetVariables with:
      | field                                 | value                  |
      | setVariableData[0].component.name     | OCPPCommCtrlr          |
      | setVariableData[0].variable.name      | HeartbeatInterval      |
      | setVariableData[0].attributeValue     | "${hb}"                |
      | setVariableData[1].component.name     | OCPPCommCtrlr          |
      | setVariableData[1].variable.name      | OfflineThreshold       |
      | setVariableData[1].attributeValue     | "123"                    |
      | setVariableData[2].component.name     | OCPPCommCtrlr          |
      | setVariableData[2].variable.name      | MessageAttemptInterval |
      | setVariableData[2].variable.instance  | TransactionEvent       |
      | setVariableData[2].attributeValue     | "7"                      |
    Then the station responds with:
      | field                                | value                  |
      | setVariableResult[0].attributeStatus | Accepted               |
      | setVariableResult[0].variable.name   | HeartbeatInterval      |
      | setVariableResult[1].attributeStatus | Accepted               |
      | setVariableResult[1].variable.name   | OfflineThreshold       |
      | setVariableResult[2].attributeStatus | Accepted               |
      | setVariableResult[2].variable.name   | MessageAttemptInterval |
    When the CSMS sends GetVariables with:
      | field                                 | value                  |
      | getVariableData[0].component.name     | OCPPCommCtrlr          |
      | getVariableData[0].variable.name      | HeartbeatInterval      |
      | getVariableData[1].component.name     | OCPPCommCtrlr          |
      | getVariableData[1].variable.name      | OfflineThreshold       |
      | getVariableData[2].component.name     | OCPPCommCtrlr          |
      | getVariableData[2].variable.name      | MessageAttemptInterval |
      | getVariableData[2].variable.instance  | TransactionEvent       |
    Then the station responds with:
      | field                                | value |
      | getVariableResult[0].attributeValue  | "${hb}" |
      | getVariableResult[1].attributeValue  | "123" |
      | getVariableResult[2].attributeValue  | "7"   |
    And the station sends Heartbeat every ${hb} seconds

  @ocpp201 @TC_B_35_CS @block:B @core @sut:station @fault:silent @fault:set-variables-unknown-accepted
  Scenario: Set Variables - Unknown component
    Given the station is booted
    When the CSMS sends SetVariables with:
      | field                             | value              |
      | setVariableData[0].component.name | EvcNoSuchComponent |
      | setVariableData[0].variable.name  | HeartbeatInterval  |
      | setVariableData[0].attributeValue | "100"                |
    Then the station responds with:
      | field                                | value              |
      | setVariableResult[0].attributeStatus | UnknownComponent   |
      | setVariableResult[0].component.name  | EvcNoSuchComponent |

  @ocpp201 @TC_B_36_CS @block:B @core @sut:station @fault:silent @fault:set-variables-unknown-accepted
  Scenario: Set Variables - Unknown variable
    Given the station is booted
    When the CSMS sends SetVariables with:
      | field                             | value             |
      | setVariableData[0].component.name | OCPPCommCtrlr     |
      | setVariableData[0].variable.name  | EvcNoSuchVariable |
      | setVariableData[0].attributeValue | "100"               |
    Then the station responds with:
      | field                                | value             |
      | setVariableResult[0].attributeStatus | UnknownVariable   |
      | setVariableResult[0].variable.name   | EvcNoSuchVariable |

  @ocpp201 @TC_B_37_CS @block:B @core @sut:station @fault:silent @fault:attribute-type-ignored
  Scenario: Set Variables - Not supported attribute type
    Given the station is booted
    When the CSMS sends SetVariables with:
      | field                             | value             |
      | setVariableData[0].component.name | OCPPCommCtrlr     |
      | setVariableData[0].variable.name  | HeartbeatInterval |
      | setVariableData[0].attributeType  | MaxSet            |
      | setVariableData[0].attributeValue | "100"               |
    Then the station responds with:
      | field                                | value                     |
      | setVariableResult[0].attributeStatus | NotSupportedAttributeType |
      | setVariableResult[0].attributeType   | MaxSet                    |

  @ocpp201 @TC_B_11_CS @block:B @core @sut:station @fault:silent @fault:set-variables-no-format-check
  Scenario: Set Variables - invalidly formatted values
    Given the station is booted
    And the station variable "OCPPCommCtrlr.OfflineThreshold" is set to "77"
    When the CSMS sends SetVariables with:
      | field                             | value             |
      | setVariableData[0].component.name | OCPPCommCtrlr     |
      | setVariableData[0].variable.name  | OfflineThreshold  |
      | setVariableData[0].attributeValue | seventy           |
      | setVariableData[1].component.name | AuthCtrlr         |
      | setVariableData[1].variable.name  | LocalPreAuthorize |
      | setVariableData[1].attributeValue | maybe             |
    Then the station responds with:
      | field                                | value    |
      | setVariableResult[0].attributeStatus | Rejected |
      | setVariableResult[1].attributeStatus | Rejected |
    When the CSMS sends GetVariables with:
      | field                             | value            |
      | getVariableData[0].component.name | OCPPCommCtrlr    |
      | getVariableData[0].variable.name  | OfflineThreshold |
    Then the station responds with:
      | field                               | value |
      | getVariableResult[0].attributeValue | "77"  |

  @ocpp201 @TC_B_39_CS @block:B @core @sut:station @fault:set-variables-readonly-accepted
  Scenario: Set Variables - Read-only
    Given the station is booted
    When the CSMS sends SetVariables with:
      | field                                | value          |
      | setVariableData[0].component.name    | OCPPCommCtrlr  |
      | setVariableData[0].variable.name     | MessageTimeout |
      | setVariableData[0].variable.instance | Default        |
      | setVariableData[0].attributeValue    | "45"             |
    Then the station responds with:
      | field                                | value    |
      | setVariableResult[0].attributeStatus | Rejected |
    When the CSMS sends GetVariables with:
      | field                                | value          |
      | getVariableData[0].component.name    | OCPPCommCtrlr  |
      | getVariableData[0].variable.name     | MessageTimeout |
      | getVariableData[0].variable.instance | Default        |
    Then the station responds with:
      | field                                | value    |
      | getVariableResult[0].attributeStatus | Accepted |
      | getVariableResult[0].attributeValue  | not "45" |

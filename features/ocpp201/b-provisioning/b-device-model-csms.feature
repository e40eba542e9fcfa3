@ocpp201 @block:B @core @sut:csms
Feature: B05-B08 Device model: get and set variables, base reports (CSMS under test)
  The operator reads and writes device-model variables through the CSMS and asks for a base report. The CSMS
  sends well-formed requests (component / variable pairs, a requestId with the report base) and accepts the
  paged NotifyReport messages the station sends back (seqNo from 0, tbc on all but the last).

  @TC_B_06_CSMS @fault:second-concurrent-call @fault:variables-wrong-component
  Scenario: Get Variables - single value
    Given the station is booted
    When the CSMS is asked to get variables with:
      | field                           | value  |
      | OCPPCommCtrlr.HeartbeatInterval | Actual |
    Then the CSMS sends GetVariables with:
      | field                             | value             |
      | getVariableData[0].component.name | OCPPCommCtrlr     |
      | getVariableData[0].variable.name  | HeartbeatInterval |

  @TC_B_07_CSMS @fault:second-concurrent-call @fault:variables-wrong-component
  Scenario: Get Variables - multiple values
    Given the station is booted
    When the CSMS is asked to get variables with:
      | field                              | value  |
      | OCPPCommCtrlr.HeartbeatInterval    | Actual |
      | SampledDataCtrlr.TxUpdatedInterval | Actual |
      | AuthCtrlr.AuthorizeRemoteStart     | Actual |
    Then the CSMS sends GetVariables with:
      | field                                  | value                |
      | getVariableData[0].component.name      | OCPPCommCtrlr        |
      | getVariableData[0].variable.name       | HeartbeatInterval    |
      | getVariableData[1].component.name      | SampledDataCtrlr     |
      | getVariableData[1].variable.name       | TxUpdatedInterval    |
      | getVariableData[2].component.name      | AuthCtrlr            |
      | getVariableData[2].variable.name       | AuthorizeRemoteStart |

  @TC_B_09_CSMS @fault:second-concurrent-call @fault:variables-wrong-component
  Scenario: Set Variables - single value
    Given the station is booted
    When the CSMS is asked to set variables with:
      | field                           | value |
      | OCPPCommCtrlr.HeartbeatInterval | "120" |
    Then the CSMS sends SetVariables with:
      | field                             | value             |
      | setVariableData[0].component.name | OCPPCommCtrlr     |
      | setVariableData[0].variable.name  | HeartbeatInterval |
      | setVariableData[0].attributeValue | "120"             |

  @TC_B_10_CSMS @fault:second-concurrent-call @fault:variables-wrong-component
  Scenario: Set Variables - multiple values
    Given the station is booted
    When the CSMS is asked to set variables with:
      | field                              | value |
      | OCPPCommCtrlr.HeartbeatInterval    | "120" |
      | SampledDataCtrlr.TxUpdatedInterval | "30"  |
    Then the CSMS sends SetVariables with:
      | field                             | value             |
      | setVariableData[0].component.name | OCPPCommCtrlr     |
      | setVariableData[0].variable.name  | HeartbeatInterval |
      | setVariableData[0].attributeValue | "120"             |
      | setVariableData[1].component.name | SampledDataCtrlr  |
      | setVariableData[1].variable.name  | TxUpdatedInterval |
      | setVariableData[1].attributeValue | "30"              |

  @TC_B_12_CSMS @fault:second-concurrent-call @fault:silent @fault:base-report-wrong-type
  Scenario: Get Base Report - ConfigurationInventory
    Given the station is booted
    When the CSMS is asked to get a base report with:
      | field      | value                  |
      | reportBase | ConfigurationInventory |
    Then the CSMS sends GetBaseReport with:
      | field      | value                  |
      | requestId  | <integer>              |
      | reportBase | ConfigurationInventory |
    And the message field "requestId" is remembered as "requestId"
    When the station sends NotifyReport with:
      | field                                        | value             |
      | requestId                                    | ${requestId}      |
      | generatedAt                                  | <now>             |
      | seqNo                                        | 0                 |
      | tbc                                          | true              |
      | reportData[0].component.name                 | OCPPCommCtrlr     |
      | reportData[0].variable.name                  | HeartbeatInterval |
      | reportData[0].variableAttribute[0].value     | "300"               |
      | reportData[0].variableAttribute[0].mutability | ReadWrite        |
    Then the CSMS acknowledges the NotifyReport
    When the station sends NotifyReport with:
      | field                                        | value             |
      | requestId                                    | ${requestId}      |
      | generatedAt                                  | <now>             |
      | seqNo                                        | 1                 |
      | tbc                                          | false             |
      | reportData[0].component.name                 | SampledDataCtrlr  |
      | reportData[0].variable.name                  | TxUpdatedInterval |
      | reportData[0].variableAttribute[0].value     | "60"                |
      | reportData[0].variableAttribute[0].mutability | ReadWrite        |
    Then the CSMS acknowledges the NotifyReport

  @TC_B_13_CSMS @fault:second-concurrent-call @fault:silent @fault:base-report-wrong-type
  Scenario: Get Base Report - FullInventory
    Given the station is booted
    When the CSMS is asked to get a base report with:
      | field      | value         |
      | reportBase | FullInventory |
    Then the CSMS sends GetBaseReport with:
      | field      | value         |
      | requestId  | <integer>     |
      | reportBase | FullInventory |
    And the message field "requestId" is remembered as "requestId"
    When the station sends NotifyReport with:
      | field                                         | value             |
      | requestId                                     | ${requestId}      |
      | generatedAt                                   | <now>             |
      | seqNo                                         | 0                 |
      | tbc                                           | true              |
      | reportData[0].component.name                  | OCPPCommCtrlr     |
      | reportData[0].variable.name                   | HeartbeatInterval |
      | reportData[0].variableAttribute[0].value      | "300"               |
      | reportData[0].variableCharacteristics.dataType | integer          |
      | reportData[0].variableCharacteristics.supportsMonitoring | false  |
    Then the CSMS acknowledges the NotifyReport
    When the station sends NotifyReport with:
      | field                                         | value            |
      | requestId                                     | ${requestId}     |
      | generatedAt                                   | <now>            |
      | seqNo                                         | 1                |
      | tbc                                           | false            |
      | reportData[0].component.name                  | ChargingStation  |
      | reportData[0].variable.name                   | Available        |
      | reportData[0].variableAttribute[0].value      | "true"             |
      | reportData[0].variableAttribute[0].mutability | ReadOnly         |
      | reportData[0].variableCharacteristics.dataType | boolean         |
      | reportData[0].variableCharacteristics.supportsMonitoring | false |
    Then the CSMS acknowledges the NotifyReport

@ocpp201 @interop @block:E @sut:csms
Feature: Interop (2.0.1) — the harness station against an independent OCPP-J CSMS
  The harness's station role talks to the reference 2.0.1 CSMS, built on ocpp-rpc in strict mode, over each
  security profile: boot, heartbeat, authorize, a full transaction and a CSMS-initiated call.

  @fault:silent @fault:authorize-accepts-unknown @fault:variables-wrong-component
  Scenario Outline: Boot, heartbeat, authorize, transaction and a CSMS-initiated call over security profile <sp>
    Given the security profile is <sp>
    When the station sends BootNotification with:
      | field                      | value   |
      | reason                     | PowerUp |
      | chargingStation.vendorName | EVC     |
      | chargingStation.model      | Interop |
    Then the CSMS responds with:
      | field       | value     |
      | status      | Accepted  |
      | currentTime | <now±4s>  |
      | interval    | <integer> |
    When the station sends Heartbeat
    Then the CSMS responds with:
      | field       | value    |
      | currentTime | <now±4s> |
    When the station sends Authorize with:
      | field           | value         |
      | idToken.idToken | ${idTag.valid} |
      | idToken.type    | ISO14443      |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends Authorize with:
      | field           | value          |
      | idToken.idToken | ${idTag.unknown} |
      | idToken.type    | ISO14443       |
    Then the CSMS responds with:
      | field              | value   |
      | idTokenInfo.status | one of Invalid, Unknown |
    When the station sends TransactionEvent with:
      | field                         | value          |
      | eventType                     | Started        |
      | timestamp                     | <now>          |
      | triggerReason                 | Authorized     |
      | seqNo                         | 0              |
      | transactionInfo.transactionId | EVC-TX-<sp>    |
      | evse.id                       | 1              |
      | evse.connectorId              | 1              |
      | idToken.idToken               | ${idTag.valid}  |
      | idToken.type                  | ISO14443       |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent with:
      | field                                 | value                  |
      | eventType                             | Updated                |
      | timestamp                             | <now>                  |
      | triggerReason                         | MeterValuePeriodic     |
      | seqNo                                 | 1                      |
      | transactionInfo.transactionId         | EVC-TX-<sp>            |
      | meterValue[0].timestamp               | <now>                  |
      | meterValue[0].sampledValue[0].value   | 1500                   |
    And the station sends TransactionEvent with:
      | field                         | value          |
      | eventType                     | Ended          |
      | timestamp                     | <now>          |
      | triggerReason                 | StopAuthorized |
      | seqNo                         | 2              |
      | transactionInfo.transactionId | EVC-TX-<sp>    |
      | transactionInfo.stoppedReason | Local          |
    When the CSMS is asked to get variables with:
      | field                           | value  |
      | OCPPCommCtrlr.HeartbeatInterval | Actual |
    Then the CSMS sends GetVariables with:
      | field                             | value         |
      | getVariableData[0].component.name | OCPPCommCtrlr |

    # a CSMS under test serves the profiles its PICS declares (securityProfiles): the other rows do not apply to it
    @requires:sp0
    Examples:
      | sp |
      | 0  |

    @requires:sp1
    Examples:
      | sp |
      | 1  |

    @requires:sp2
    Examples:
      | sp |
      | 2  |

    @requires:sp3
    Examples:
      | sp |
      | 3  |

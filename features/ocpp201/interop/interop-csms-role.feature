@ocpp201 @interop @block:E @sut:station
Feature: Interop (2.0.1) — the harness CSMS against an independent OCPP-J station
  The harness's CSMS role talks to the reference 2.0.1 charging station, built on ocpp-rpc in strict mode,
  over each security profile: boot, heartbeat, authorize, a full transaction and a CSMS-initiated call.

  @fault:silent @fault:seqno-gap
  Scenario Outline: Boot, heartbeat, authorize, transaction and a CSMS-initiated call over security profile <sp>
    Given the security profile is <sp>
    And the CSMS will answer BootNotification with:
      | field       | value    |
      | status      | Accepted |
      | currentTime | <now>    |
      | interval    | 30       |
    When the station connects to the CSMS
    Then the station sends BootNotification with:
      | field                        | value    |
      | chargingStation.vendorName   | <string> |
    And the station sends Heartbeat
    When the EV is plugged in at connector 1
    And idTag "${idTag.valid}" is presented at connector 1
    Then the station sends in any order:
      | action           | eventType | idToken.idToken |
      | Authorize        |           | ${idTag.valid}   |
      | TransactionEvent | Started   |                 |
    When the CSMS sends GetVariables with:
      | field                             | value             |
      | getVariableData[0].component.name | OCPPCommCtrlr     |
      | getVariableData[0].variable.name  | HeartbeatInterval |
    Then the station responds with:
      | field                                | value    |
      | getVariableResult[0].attributeStatus | Accepted |
    When the EV is unplugged from connector 1
    Then the station sends TransactionEvent with:
      | field                       | value      |
      | eventType                   | Ended      |
      | transactionInfo.transactionId | <string> |
      | timestamp                   | <dateTime> |

    Examples:
      | sp |
      | 0  |

    @requires:sp1
    @requires:sp1
    Examples:
      | sp |
      | 1  |

    @requires:sp2
    @requires:sp2
    Examples:
      | sp |
      | 2  |

    @requires:sp3
    @requires:sp3
    Examples:
      | sp |
      | 3  |

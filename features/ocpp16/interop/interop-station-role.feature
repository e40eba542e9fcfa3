@ocpp16 @interop @core @sut:csms
Feature: Interop — the harness station against an independent OCPP-J central system
  The harness's station role and engine talk to the reference central system, built on ocpp-rpc in strict
  mode, over each security profile: boot, heartbeat, authorize, a full transaction and a CSMS-initiated call.

  @fault:silent @fault:constant-transaction-id @fault:remote-stop-wrong-transaction-id
  Scenario Outline: Boot, heartbeat, authorize, transaction and a CSMS-initiated call over security profile <sp>
    Given the security profile is <sp>
    When the station sends BootNotification with:
      | field             | value    |
      | chargePointVendor | EVC      |
      | chargePointModel  | Interop  |
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
      | field | value         |
      | idTag | ${idTag.valid} |
    Then the CSMS responds with:
      | field            | value    |
      | idTagInfo.status | Accepted |
    When the station sends StartTransaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
      | meterStart  | 1000          |
      | timestamp   | <now>         |
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Accepted  |
      | transactionId    | <integer> |
    And the response field "transactionId" is remembered as "tx"
    When the station sends MeterValues with:
      | field                               | value   |
      | connectorId                         | 1       |
      | transactionId                       | ${tx}   |
      | meterValue[0].timestamp             | <now>   |
      | meterValue[0].sampledValue[0].value | "1500"  |
    And the station sends StopTransaction with:
      | field         | value  |
      | transactionId | ${tx}  |
      | meterStop     | 2000   |
      | timestamp     | <now>  |
      | reason        | Local  |
    Then the CSMS responds with:
      | field | value |
      | idTagInfo | <absent> |
    When the station sends StartTransaction with:
      | field       | value         |
      | connectorId | 2             |
      | idTag       | ${idTag.valid2} |
      | meterStart  | 0             |
      | timestamp   | <now>         |
    Then the CSMS responds with:
      | field         | value     |
      | transactionId | not ${tx} |
    And the response field "transactionId" is remembered as "tx2"
    When the CSMS is asked to remotely stop the transaction with:
      | field       | value |
      | connectorId | 2     |
    Then the CSMS sends RemoteStopTransaction with:
      | field         | value  |
      | transactionId | ${tx2} |

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

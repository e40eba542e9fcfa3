@ocpp16 @interop @core @sut:station
Feature: Interop — the harness CSMS against an independent OCPP-J station
  The harness's CSMS role and engine talk to the reference charge point, which is built on a different OCPP-J
  implementation (ocpp-rpc in strict mode, validating every message against the OCA schemas), over each
  security profile: boot, heartbeat, authorize, a full transaction and a CSMS-initiated call.

  @fault:silent @fault:stop-without-meter-stop
  Scenario Outline: Boot, heartbeat, authorize, transaction and a CSMS-initiated call over security profile <sp>
    Given the security profile is <sp>
    And the CSMS will answer BootNotification with:
      | field       | value    |
      | status      | Accepted |
      | currentTime | <now>    |
      | interval    | 30       |
    When the station connects to the CSMS
    Then the station sends BootNotification with:
      | field             | value    |
      | chargePointVendor | <string> |
    And the station sends Heartbeat
    When the EV is plugged in at connector 1
    And idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    And the station sends StartTransaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
      | meterStart  | <integer>     |
      | timestamp   | <dateTime>    |
    When the CSMS sends GetConfiguration with:
      | field | value                        |
      | key   | ["NumberOfConnectors"]       |
    Then the station responds with:
      | field                     | value              |
      | configurationKey[0].key   | NumberOfConnectors |
      | configurationKey[0].value | "${station.connectors}" |
    When the EV is unplugged from connector 1
    Then the station sends StopTransaction with:
      | field         | value         |
      | transactionId | <integer>     |
      | meterStop     | <integer>     |
      | timestamp     | <dateTime>    |
      | reason        | EVDisconnected |

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

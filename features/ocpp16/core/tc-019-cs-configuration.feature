Feature: Configuration (Core, charge point under test)
  GetConfiguration without keys lists every key the charge point supports (the Core ones at least), each
  with its readonly flag and, unless write-only, its value; with keys, only those, and the unknown ones under
  unknownKey. ChangeConfiguration of a writable key is Accepted, reads back, and takes effect.

  @ocpp16 @TC_019_CS @core @sut:station @fault:get-configuration-unknown-missing @fault:sends-null-fields
  Scenario: Retrieve configuration
    Given the station is booted
    When the CSMS sends GetConfiguration
    Then the station responds with configuration keys including:
      | key                               | readonly |
      | AuthorizeRemoteTxRequests         |          |
      | ClockAlignedDataInterval          | false    |
      | ConnectionTimeOut                 | false    |
      | ConnectorPhaseRotation            |          |
      | GetConfigurationMaxKeys           | true     |
      | HeartbeatInterval                 |          |
      | LocalAuthorizeOffline             |          |
      | LocalPreAuthorize                 |          |
      | MeterValuesAlignedData            | false    |
      | MeterValuesSampledData            | false    |
      | MeterValueSampleInterval          | false    |
      | NumberOfConnectors                | true     |
      | ResetRetries                      |          |
      | StopTransactionOnEVSideDisconnect |          |
      | StopTransactionOnInvalidId        |          |
      | StopTxnAlignedData                | false    |
      | StopTxnSampledData                | false    |
      | SupportedFeatureProfiles          | true     |
      | TransactionMessageAttempts        |          |
      | TransactionMessageRetryInterval   |          |
      | UnlockConnectorOnEVSideDisconnect |          |
    When the CSMS sends GetConfiguration with:
      | field | value                                    |
      | key   | ["MeterValueSampleInterval", "NumberOfConnectors"] |
    Then the station responds with exactly the configuration keys:
      | key                      | readonly |
      | MeterValueSampleInterval | false    |
      | NumberOfConnectors       | true     |
    When the CSMS sends GetConfiguration with:
      | field | value                                   |
      | key   | ["HeartbeatInterval", "EVC_NoSuchKey"]  |
    Then the station responds with exactly the configuration keys:
      | key               | readonly |
      | HeartbeatInterval |          |
    And the station responds with:
      | field     | value             |
      | unknownKey | ["EVC_NoSuchKey"] |

  @ocpp16 @TC_021_CS @core @sut:station @fault:ignores-heartbeat-interval @fault:fixed-heartbeat-interval
  Scenario: Change/set Configuration
    Given the station is booted
    # an interval the station is not already using: a station that heartbeats at a fixed period must fail
    And a heartbeat interval different from the station's current one is chosen as "hb"
    When the CSMS sends ChangeConfiguration with:
      | field | value             |
      | key   | HeartbeatInterval |
      | value | "${hb}"           |
    Then the station responds with status "Accepted"
    When the CSMS sends GetConfiguration with:
      | field | value                 |
      | key   | ["HeartbeatInterval"] |
    Then the station responds with:
      | field                     | value             |
      | configurationKey[0].key   | HeartbeatInterval |
      | configurationKey[0].value | "${hb}"           |
    And the station sends a Heartbeat every ${hb} seconds

Feature: Base reports of the device model (B12, B13, B53, charging station under test)
  The harness plays the CSMS and asks for a base report. The station accepts, then sends the report in
  NotifyReport messages carrying the requestId, one generatedAt, seqNo counting from 0 and tbc true on every
  message but the last, none longer than DeviceDataCtrlr.ItemsPerMessage[GetReport]. A ConfigurationInventory
  holds the settable variables only; a FullInventory holds every variable, read-only ones included, and in
  particular the variables Part 2 makes mandatory for the Core functional blocks.

  @ocpp201 @TC_B_12_CS @block:B @core @sut:station @fault:notify-report-no-tbc @fault:notify-report-seqno-wrong
  Scenario: Get Base Report - ConfigurationInventory
    Given the station is booted
    When the CSMS sends GetBaseReport with:
      | field      | value                  |
      | requestId  | 12                     |
      | reportBase | ConfigurationInventory |
    Then the station responds with status "Accepted"
    And the station sends the report for requestId 12 in NotifyReport pages
    And every variable in the report is configurable

  @ocpp201 @TC_B_13_CS @block:B @core @sut:station @fault:notify-report-no-tbc @fault:notify-report-seqno-wrong
  Scenario: Get Base Report - FullInventory
    Given the station is booted
    When the CSMS sends GetBaseReport with:
      | field      | value         |
      | requestId  | 13            |
      | reportBase | FullInventory |
    Then the station responds with status "Accepted"
    And the station sends the report for requestId 13 in NotifyReport pages
    And the report includes read-only variables

  @ocpp201 @TC_B_53_CS @block:B @core @sut:station @fault:notify-report-no-tbc @fault:notify-report-seqno-wrong
  Scenario: Get Base Report - Test mandatory DM variables via FullInventory
    Given the station is booted
    When the CSMS sends GetBaseReport with:
      | field      | value         |
      | requestId  | 53            |
      | reportBase | FullInventory |
    Then the station responds with status "Accepted"
    And the station sends the report for requestId 53 in NotifyReport pages
    And the report holds the variables:
      | variable                                              |
      | AuthCtrlr.AuthorizeRemoteStart                        |
      | AuthCtrlr.LocalAuthorizeOffline                       |
      | AuthCtrlr.LocalPreAuthorize                           |
      | AuthCacheCtrlr.Enabled                                |
      | AuthCacheCtrlr.LifeTime                               |
      | ChargingStation.AvailabilityState                     |
      | ChargingStation.Available                             |
      | ChargingStation.SupplyPhases                          |
      | ClockCtrlr.DateTime                                   |
      | ClockCtrlr.TimeSource                                 |
      | DeviceDataCtrlr.ItemsPerMessage[GetReport]            |
      | DeviceDataCtrlr.ItemsPerMessage[GetVariables]         |
      | DeviceDataCtrlr.BytesPerMessage[GetReport]            |
      | DeviceDataCtrlr.BytesPerMessage[GetVariables]         |
      | OCPPCommCtrlr.FileTransferProtocols                   |
      | OCPPCommCtrlr.HeartbeatInterval                       |
      | OCPPCommCtrlr.MessageTimeout[Default]                 |
      | OCPPCommCtrlr.MessageAttempts[TransactionEvent]       |
      | OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent] |
      | OCPPCommCtrlr.NetworkConfigurationPriority            |
      | OCPPCommCtrlr.NetworkProfileConnectionAttempts        |
      | OCPPCommCtrlr.OfflineThreshold                        |
      | OCPPCommCtrlr.ResetRetries                            |
      | OCPPCommCtrlr.RetryBackOffRandomRange                 |
      | OCPPCommCtrlr.RetryBackOffRepeatTimes                 |
      | OCPPCommCtrlr.RetryBackOffWaitMinimum                 |
      | OCPPCommCtrlr.UnlockOnEVSideDisconnect                |
      | OCPPCommCtrlr.WebSocketPingInterval                   |
      | SampledDataCtrlr.TxEndedMeasurands                    |
      | SampledDataCtrlr.TxEndedInterval                      |
      | SampledDataCtrlr.TxStartedMeasurands                  |
      | SampledDataCtrlr.TxUpdatedMeasurands                  |
      | SampledDataCtrlr.TxUpdatedInterval                    |
      | AlignedDataCtrlr.Measurands                           |
      | AlignedDataCtrlr.Interval                             |
      | AlignedDataCtrlr.TxEndedMeasurands                    |
      | AlignedDataCtrlr.TxEndedInterval                      |
      | SecurityCtrlr.OrganizationName                        |
      | SecurityCtrlr.CertificateEntries                      |
      | SecurityCtrlr.SecurityProfile                         |
      | TxCtrlr.EVConnectionTimeOut                           |
      | TxCtrlr.StopTxOnEVSideDisconnect                      |
      | TxCtrlr.StopTxOnInvalidId                             |
      | TxCtrlr.TxStartPoint                                  |
      | TxCtrlr.TxStopPoint                                   |
      | EVSE@1.AvailabilityState                              |
      | EVSE@1.Available                                      |
      | EVSE@1.SupplyPhases                                   |
      | EVSE@2.AvailabilityState                              |
      | Connector@1/1.AvailabilityState                       |
      | Connector@1/1.ConnectorType                           |
      | Connector@2/1.AvailabilityState                       |

@ocpp201 @block:J @core @sut:station
Feature: Meter values (2.0.1) - sampled meter values in TransactionEvent, charging station under test
  The harness plays the CSMS and configures SampledDataCtrlr. TxStartedMeasurands go into the first
  TransactionEvent of a transaction (context Transaction.Begin); TxUpdatedMeasurands into Updated events
  every TxUpdatedInterval (triggerReason MeterValuePeriodic, context Sample.Periodic); TxEndedMeasurands,
  sampled at the start, every TxEndedInterval and at the end, into the Ended event. Intervals are protocol
  seconds, scaled by the rig.

  @TC_J_07_CS @fault:first-event-not-started @fault:date-time-no-offset
  Scenario: Sampled Meter Values - EventType Started - EVSE known
    Given the station is booted
    And the station variable "TxCtrlr.TxStartPoint" is set to "EVConnected"
    And the station variable "SampledDataCtrlr.TxStartedMeasurands" is set to "Energy.Active.Import.Register"
    When the EV is plugged in at connector 1
    Then the station sends Started TransactionEvent "CablePluggedIn" for the transaction on EVSE 1 holding sampled values:
      | measurand                     | context           | unit |
      | Energy.Active.Import.Register | Transaction.Begin | Wh   |

  @TC_J_09_CS @fault:ignores-tx-updated-interval @fault:wrong-trigger-reason
  Scenario: Sampled Meter Values - EventType Updated
    Given the station is booted
    And the station variable "SampledDataCtrlr.TxUpdatedMeasurands" is set to "Energy.Active.Import.Register"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    And the station variable "SampledDataCtrlr.TxUpdatedInterval" is set to "60"
    Then the station sends Updated TransactionEvent "MeterValuePeriodic" for the transaction on EVSE 1 holding sampled values:
      | measurand                     | context         | unit |
      | Energy.Active.Import.Register | Sample.Periodic | Wh   |
    And the station sends TransactionEvent for the transaction on EVSE 1 every 60 seconds with:
      | field         | value              |
      | eventType     | Updated            |
      | triggerReason | MeterValuePeriodic |

  @TC_J_10_CS @fault:wrong-trigger-reason @fault:date-time-no-offset
  Scenario: Sampled Meter Values - EventType Ended
    Given the station is booted
    And the station variable "SampledDataCtrlr.TxEndedMeasurands" is set to "Energy.Active.Import.Register"
    And the station variable "SampledDataCtrlr.TxEndedInterval" is set to "30"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When 100 seconds pass
    And the EV is unplugged from connector 1
    Then the station sends Ended TransactionEvent "EVCommunicationLost" for the transaction on EVSE 1 holding sampled values:
      | measurand                     | context           | unit |
      | Energy.Active.Import.Register | Transaction.Begin | Wh   |
      | Energy.Active.Import.Register | Sample.Periodic   | Wh   |
      | Energy.Active.Import.Register | Transaction.End   | Wh   |

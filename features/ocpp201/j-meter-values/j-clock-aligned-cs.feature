@ocpp201 @block:J @core @sut:station
Feature: Meter values (2.0.1) - clock-aligned meter values, charging station under test
  The harness plays the CSMS and configures AlignedDataCtrlr. Without a transaction the station sends
  MeterValues per EVSE with context Sample.Clock every Interval; during a transaction they go into
  TransactionEvent Updated (triggerReason MeterValueClock); AlignedDataCtrlr.TxEndedMeasurands sampled every
  TxEndedInterval end up in TransactionEvent Ended; with SendDuringIdle no clock-aligned values are sent while
  a transaction runs. Intervals are protocol seconds, scaled by the rig.

  # The interval is checked, the alignment of the timestamps to the clock grid is not: the reference station
  # samples every Interval from the moment the variable is set, not on the clock (see the block's report).
  @TC_J_01_CS @fault:date-time-no-offset @fault:silent @requires:connectors-2
  Scenario: Clock-aligned Meter Values - No transaction ongoing
    Given the station is booted
    And the station variable "AlignedDataCtrlr.Measurands" is set to "Energy.Active.Import.Register"
    And the station variable "AlignedDataCtrlr.Interval" is set to "60"
    Then the station sends MeterValues for EVSE 1 holding sampled values:
      | measurand                     | context      | unit |
      | Energy.Active.Import.Register | Sample.Clock | Wh   |
    And the station sends MeterValues for EVSE 2 holding sampled values:
      | measurand                     | context      | unit |
      | Energy.Active.Import.Register | Sample.Clock | Wh   |
    And the station sends MeterValues every 60 seconds with:
      | field  | value |
      | evseId | 1     |

  @TC_J_02_CS @fault:wrong-trigger-reason @fault:date-time-no-offset
  Scenario: Clock-aligned Meter Values - Transaction ongoing
    Given the station is booted
    And EVSE 1 is charging with idToken "${idTag.valid}"
    And the station variable "AlignedDataCtrlr.Measurands" is set to "Energy.Active.Import.Register"
    And the station variable "AlignedDataCtrlr.Interval" is set to "60"
    Then the station sends Updated TransactionEvent "MeterValueClock" for the transaction on EVSE 1 holding sampled values:
      | measurand                     | context      | unit |
      | Energy.Active.Import.Register | Sample.Clock | Wh   |
    And the station sends TransactionEvent for the transaction on EVSE 1 every 60 seconds with:
      | field         | value           |
      | eventType     | Updated         |
      | triggerReason | MeterValueClock |

  @TC_J_03_CS @fault:wrong-trigger-reason @fault:date-time-no-offset
  Scenario: Clock-aligned Meter Values - EventType Ended
    Given the station is booted
    And the station variable "AlignedDataCtrlr.TxEndedMeasurands" is set to "Energy.Active.Import.Register"
    And the station variable "AlignedDataCtrlr.TxEndedInterval" is set to "30"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When 100 seconds pass
    And the EV is unplugged from connector 1
    Then the station sends Ended TransactionEvent "EVCommunicationLost" for the transaction on EVSE 1 holding sampled values:
      | measurand                     | context      | unit |
      | Energy.Active.Import.Register | Sample.Clock | Wh   |

  @TC_J_06_CS @fault:silent @requires:key:AlignedDataCtrlr.SendDuringIdle @fault:send-during-idle-ignored
  Scenario: Clock-aligned Meter Values - No Meter Values during transaction
    Given the station is booted
    And the station variable "AlignedDataCtrlr.Measurands" is set to "Energy.Active.Import.Register"
    And the station variable "AlignedDataCtrlr.SendDuringIdle" is set to "true"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    And the station variable "AlignedDataCtrlr.Interval" is set to "30"
    Then the station sends no meter values with context "Sample.Clock" over 3 periods of "AlignedDataCtrlr.Interval"
    When the EV is unplugged from connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field     | value |
      | eventType | Ended |
    And the station sends MeterValues for EVSE 1 holding sampled values:
      | measurand                     | context      |
      | Energy.Active.Import.Register | Sample.Clock |

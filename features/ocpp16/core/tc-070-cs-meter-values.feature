Feature: Meter values (Core, charge point under test)
  During a transaction the charge point samples the measurands of MeterValuesSampledData every
  MeterValueSampleInterval seconds, and those of MeterValuesAlignedData on the ClockAlignedDataInterval grid,
  in MeterValues carrying the connector and the transactionId.

  @ocpp16 @TC_070_CS @core @sut:station @fault:meter-values-wrong-interval @fault:transaction-id-ignored
  Scenario: Sampled Meter Values
    Given the station is booted
    And the station has configuration "MeterValuesSampledData" set to "Energy.Active.Import.Register"
    And the station has configuration "MeterValueSampleInterval" set to "60"
    And connector 1 is charging with idTag "${idTag.valid}"
    Then the station sends MeterValues for the transaction on connector 1 every 60 seconds with:
      | field                                | value                         |
      | connectorId                          | 1                             |
      | meterValue[0].timestamp              | <dateTime>                    |
      | meterValue[0].sampledValue[0].value  | /^\d+(\.\d+)?$/               |

  @ocpp16 @TC_071_CS @core @sut:station @fault:clock-aligned-missing @fault:transaction-id-ignored
  Scenario: Clock-aligned Meter Values
    Given the station is booted
    And the station has configuration "MeterValuesAlignedData" set to "Energy.Active.Import.Register"
    And the station has configuration "ClockAlignedDataInterval" set to "60"
    And connector 1 is charging with idTag "${idTag.valid}"
    Then the station sends clock-aligned MeterValues for the transaction on connector 1 every 60 seconds with:
      | field                                 | value           |
      | connectorId                           | 1               |
      | meterValue[0].sampledValue[0].context | Sample.Clock    |
      | meterValue[0].sampledValue[0].value   | /^\d+(\.\d+)?$/ |

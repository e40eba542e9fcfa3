@ocpp201 @block:P @core @sut:csms
Feature: P01 Data transfer and custom data (CSMS under test)
  Vendor-specific data reaches the CSMS in two ways: a DataTransfer message, which a CSMS that does not know
  the vendor or message answers Rejected / UnknownVendorId / UnknownMessageId (never Accepted), and customData
  objects inside standard messages, which the CSMS must accept and ignore when it does not know them.

  @TC_P_02_CSMS @fault:datatransfer-accepts-unknown-vendor
  Scenario: Data Transfer to the CSMS - Rejected / Unknown VendorId / Unknown MessageId
    Given the station is booted
    When the station sends DataTransfer with:
      | field     | value                 |
      | vendorId  | com.unknown-vendor.x  |
      | messageId | UnknownMessage        |
      | data      | some vendor data      |
    Then the CSMS responds with:
      | field  | value                                       |
      | status | one of Rejected, UnknownVendorId, UnknownMessageId |

  @TC_P_03_CSMS @fault:silent @fault:date-time-microseconds
  Scenario: CustomData - Receive custom data
    Given the station is booted
    When the station sends Heartbeat with:
      | field                 | value               |
      | customData.vendorId   | com.unknown-vendor.x |
      | customData.extraField | something extra     |
    Then the CSMS responds with:
      | field       | value    |
      | currentTime | <now±4s> |
    When the station sends StatusNotification with:
      | field                 | value                |
      | timestamp             | <now>                |
      | connectorStatus       | Available            |
      | evseId                | 1                    |
      | connectorId           | 1                    |
      | customData.vendorId   | com.unknown-vendor.x |
      | customData.counter    | 7                    |
    Then the CSMS acknowledges the StatusNotification

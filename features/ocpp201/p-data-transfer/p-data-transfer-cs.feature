@ocpp201 @block:P @core @sut:station
Feature: Data transfer (2.0.1) - DataTransfer and customData, charging station under test
  The harness plays the CSMS. A DataTransfer for a vendor or message the station does not know is answered
  Rejected, UnknownVendorId or UnknownMessageId (never a CALLERROR); a request carrying customData (the
  2.0.1 extension point, allowed in every message) is answered as if it were not there.

  @TC_P_01_CS @fault:silent @fault:datatransfer-accepts-unknown-vendor
  Scenario: Data Transfer to the Charging Station - Rejected / Unknown VendorId / Unknown MessageId
    Given the station is booted
    When the CSMS sends DataTransfer with:
      | field     | value                          |
      | vendorId  | org.example.evc-unknown-vendor |
      | messageId | EvcUnknownMessage              |
      | data      | conformance probe              |
    Then the station responds with:
      | field  | value                                              |
      | status | one of Rejected, UnknownVendorId, UnknownMessageId |

  @TC_P_03_CS @fault:silent @fault:custom-data-rejected
  Scenario: CustomData - Receive custom data
    Given the station is booted
    When the CSMS sends GetVariables with:
      | field                             | value                                        |
      | customData                        | {"vendorId": "org.example.evc", "probe": 1}  |
      | getVariableData[0].customData     | {"vendorId": "org.example.evc", "note": "x"} |
      | getVariableData[0].component.name | OCPPCommCtrlr                                |
      | getVariableData[0].variable.name  | HeartbeatInterval                            |
    Then the station responds with:
      | field                                | value             |
      | getVariableResult[0].attributeStatus | Accepted          |
      | getVariableResult[0].component.name  | OCPPCommCtrlr     |
      | getVariableResult[0].variable.name   | HeartbeatInterval |
      | getVariableResult[0].attributeValue  | /^\d+$/           |

Feature: Data transfer (Core, charge point under test)
  A DataTransfer from the CSMS is answered with a valid status; a vendorId the charge point does not know is
  UnknownVendorId (Rejected is tolerated by OCTT), and no data comes back with it.

  @ocpp16 @TC_062_CS @core @sut:station @fault:sends-null-fields @fault:silent @fault:data-transfer-unknown-vendor-accepted
  Scenario: Data Transfer to a Charge Point
    Given the station is booted
    When the CSMS sends DataTransfer with:
      | field     | value               |
      | vendorId  | org.example.nowhere |
      | messageId | EvcTest             |
      | data      | Hello               |
    Then the station responds with:
      | field  | value                                |
      | status | one of UnknownVendorId, Rejected     |
      | data   | <absent>                             |

@ocpp16 @core @sut:csms
Feature: DataTransfer (central system under test)
  The station sends a vendor-specific DataTransfer for a vendor the central system has no agreement with:
  the central system must answer UnknownVendorId.

  @TC_064_CSMS @fault:datatransfer-accepts-unknown-vendor @fault:sends-null-fields
  Scenario: Data Transfer to a Central System
    Given the station is booted
    When the station sends DataTransfer with:
      | field     | value                    |
      | vendorId  | com.example.evc-unknown  |
      | messageId | EvcTestMessage           |
      | data      | evc-test-payload         |
    Then the CSMS responds with:
      | field  | value           |
      | status | UnknownVendorId |

@ocpp16 @firmware-management @sut:csms
Feature: FirmwareManagement and Diagnostics (central system under test)
  The central system asks the station to update its firmware or upload diagnostics, and takes every status
  notification the station reports on the way, successful or not.

  @TC_044_1_CSMS @fault:firmware-wrong-location @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Firmware Update - Download and Install
    Given the station is booted
    When the CSMS is asked to update the firmware with:
      | field        | value                                   |
      | location     | ftp://firmware.example.com/evc-2.0.bin  |
      | retrieveDate | <now>                                   |
    Then the CSMS sends UpdateFirmware with:
      | field        | value                                   |
      | location     | ftp://firmware.example.com/evc-2.0.bin  |
      | retrieveDate | <now±4s>                                |
    When the station sends FirmwareStatusNotification with:
      | field  | value       |
      | status | Downloading |
    Then the CSMS confirms the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification with:
      | field  | value      |
      | status | Downloaded |
    Then the CSMS confirms the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification with:
      | field  | value      |
      | status | Installing |
    Then the CSMS confirms the FirmwareStatusNotification
    # Installing the firmware reboots the station.
    When the station disconnects from the CSMS
    And the station reconnects to the CSMS
    Then the station is booted
    When the station sends FirmwareStatusNotification with:
      | field  | value     |
      | status | Installed |
    Then the CSMS confirms the FirmwareStatusNotification

  @TC_044_2_CSMS @fault:firmware-wrong-location @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Firmware Update - Download Failed
    Given the station is booted
    When the CSMS is asked to update the firmware with:
      | field        | value                                   |
      | location     | ftp://firmware.example.com/evc-2.0.bin  |
      | retrieveDate | <now>                                   |
    Then the CSMS sends UpdateFirmware with:
      | field        | value                                   |
      | location     | ftp://firmware.example.com/evc-2.0.bin  |
      | retrieveDate | <now±4s>                                |
    When the station sends FirmwareStatusNotification with:
      | field  | value       |
      | status | Downloading |
    Then the CSMS confirms the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification with:
      | field  | value          |
      | status | DownloadFailed |
    Then the CSMS confirms the FirmwareStatusNotification

  @TC_044_3_CSMS @fault:firmware-wrong-location @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Firmware Update - Installation Failed
    Given the station is booted
    When the CSMS is asked to update the firmware with:
      | field        | value                                   |
      | location     | ftp://firmware.example.com/evc-2.0.bin  |
      | retrieveDate | <now>                                   |
    Then the CSMS sends UpdateFirmware with:
      | field        | value                                   |
      | location     | ftp://firmware.example.com/evc-2.0.bin  |
      | retrieveDate | <now±4s>                                |
    When the station sends FirmwareStatusNotification with:
      | field  | value       |
      | status | Downloading |
    Then the CSMS confirms the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification with:
      | field  | value      |
      | status | Downloaded |
    Then the CSMS confirms the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification with:
      | field  | value      |
      | status | Installing |
    Then the CSMS confirms the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification with:
      | field  | value              |
      | status | InstallationFailed |
    Then the CSMS confirms the FirmwareStatusNotification

  @TC_045_1_CSMS @fault:diagnostics-wrong-location @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Get Diagnostics
    Given the station is booted
    When the CSMS is asked to get diagnostics with:
      | field    | value                                 |
      | location | ftp://diagnostics.example.com/upload/ |
    Then the CSMS sends GetDiagnostics with:
      | field    | value                                 |
      | location | ftp://diagnostics.example.com/upload/ |
    When the station sends DiagnosticsStatusNotification with:
      | field  | value     |
      | status | Uploading |
    Then the CSMS confirms the DiagnosticsStatusNotification
    When the station sends DiagnosticsStatusNotification with:
      | field  | value    |
      | status | Uploaded |
    Then the CSMS confirms the DiagnosticsStatusNotification

  @TC_045_2_CSMS @fault:diagnostics-wrong-location @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Get Diagnostics - Upload Failed
    Given the station is booted
    When the CSMS is asked to get diagnostics with:
      | field    | value                                 |
      | location | ftp://diagnostics.example.com/upload/ |
    Then the CSMS sends GetDiagnostics with:
      | field    | value                                 |
      | location | ftp://diagnostics.example.com/upload/ |
    When the station sends DiagnosticsStatusNotification with:
      | field  | value     |
      | status | Uploading |
    Then the CSMS confirms the DiagnosticsStatusNotification
    When the station sends DiagnosticsStatusNotification with:
      | field  | value        |
      | status | UploadFailed |
    Then the CSMS confirms the DiagnosticsStatusNotification

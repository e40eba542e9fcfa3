Feature: Firmware Management (firmware update) - charge point under test
  The harness plays the Central System and asks the charge point to update its firmware; it checks that every
  stage is reported with FirmwareStatusNotification, in order, and that a successful update ends with a reboot
  and the Installed notification.

  @ocpp16 @TC_044_1_CS @firmware-management @sut:station @fault:firmware-status-missing-installed
  Scenario: Firmware Update - Download and Install
    Given the station is booted
    When the CSMS sends UpdateFirmware with:
      | field        | value                                        |
      | location     | https://firmware.example.com/evc-1.0.1.bin   |
      | retrieveDate | <now>                                        |
    Then the station responds with:
      | field | value |
    And the station sends FirmwareStatusNotification with:
      | field  | value       |
      | status | Downloading |
    And the station sends FirmwareStatusNotification with:
      | field  | value      |
      | status | Downloaded |
    And the station sends FirmwareStatusNotification with:
      | field  | value      |
      | status | Installing |
    And the station reboots and sends BootNotification
    And the station sends FirmwareStatusNotification with:
      | field  | value     |
      | status | Installed |

  @ocpp16 @TC_044_2_CS @firmware-management @sut:station @fault:silent @fault:firmware-download-failure-hidden
  Scenario: Firmware Update - Download Failed
    Given the station is booted
    When the CSMS sends UpdateFirmware with:
      | field        | value                                   |
      | location     | https://firmware.invalid/evc-1.0.1.bin  |
      | retrieveDate | <now>                                   |
    Then the station responds with:
      | field | value |
    And the station sends FirmwareStatusNotification with:
      | field  | value       |
      | status | Downloading |
    And the station sends FirmwareStatusNotification with:
      | field  | value          |
      | status | DownloadFailed |
    And the station does not send FirmwareStatusNotification within 1 second

  @ocpp16 @TC_044_3_CS @firmware-management @sut:station @fault:silent @fault:firmware-install-failure-hidden
  Scenario: Firmware Update - Installation Failed
    Given the station is booted
    And firmware installation on the station will fail
    When the CSMS sends UpdateFirmware with:
      | field        | value                                      |
      | location     | https://firmware.example.com/evc-broken.bin |
      | retrieveDate | <now>                                      |
    Then the station responds with:
      | field | value |
    And the station sends FirmwareStatusNotification with:
      | field  | value       |
      | status | Downloading |
    And the station sends FirmwareStatusNotification with:
      | field  | value      |
      | status | Downloaded |
    And the station sends FirmwareStatusNotification with:
      | field  | value      |
      | status | Installing |
    And the station sends FirmwareStatusNotification with:
      | field  | value              |
      | status | InstallationFailed |
    And the station does not send BootNotification within 1 second

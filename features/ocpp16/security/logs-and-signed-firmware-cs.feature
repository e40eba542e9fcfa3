Feature: Security - security log and signed firmware on the charge point
  The harness plays the Central System. It asks for the security log and follows the upload, and it sends a
  signed firmware update (certificate and signature from the run's test PKI), following every stage of the
  update, the reboot, and the security events the charge point must raise.

  @ocpp16 @TC_079_CS @security @sut:station @fault:silent @fault:log-status-wrong-request-id @requires:action:GetLog
  Scenario: Get Security Log
    Given the station is booted
    When the CSMS sends GetLog with:
      | field              | value                             |
      | logType            | SecurityLog                       |
      | requestId          | 7901                              |
      | log.remoteLocation | ftp://logs.example.com/security/  |
    Then the station responds with:
      | field    | value    |
      | status   | Accepted |
      | filename | /.+/     |
    And the station sends LogStatusNotification with:
      | field     | value     |
      | status    | Uploading |
      | requestId | 7901      |
    And the station sends LogStatusNotification with:
      | field     | value    |
      | status    | Uploaded |
      | requestId | 7901     |

  @ocpp16 @TC_080_CS @security @sut:station @fault:firmware-status-missing-installed @requires:action:SignedUpdateFirmware
  Scenario: Secure Firmware Update
    Given the station is booted
    When the CSMS sends SignedUpdateFirmware signed with the test PKI with:
      | field                     | value                                       |
      | requestId                 | 8001                                        |
      | firmware.location         | https://firmware.example.com/evc-1.0.2.bin  |
      | firmware.retrieveDateTime | <now>                                       |
    Then the station responds with status "Accepted"
    And the station sends SignedFirmwareStatusNotification with:
      | field     | value       |
      | status    | Downloading |
      | requestId | 8001        |
    And the station sends SignedFirmwareStatusNotification with:
      | field     | value      |
      | status    | Downloaded |
      | requestId | 8001       |
    And the station sends SignedFirmwareStatusNotification with:
      | field     | value             |
      | status    | SignatureVerified |
      | requestId | 8001              |
    And the station sends SignedFirmwareStatusNotification with:
      | field     | value      |
      | status    | Installing |
      | requestId | 8001       |
    And the station sends SignedFirmwareStatusNotification with:
      | field     | value            |
      | status    | InstallRebooting |
      | requestId | 8001             |
    And the station reboots and sends BootNotification
    And the station sends in any order:
      | action                           | status    | requestId | type            |
      | SignedFirmwareStatusNotification | Installed | 8001      |                 |
      | SecurityEventNotification        |           |           | FirmwareUpdated |

  @ocpp16 @TC_081_CS @security @sut:station @fault:silent @fault:firmware-signature-not-verified @requires:action:SignedUpdateFirmware
  Scenario: Secure Firmware Update - Invalid Signature
    Given the station is booted
    And the firmware image will not match its signature
    When the CSMS sends SignedUpdateFirmware signed with the test PKI with:
      | field                     | value                                       |
      | requestId                 | 8101                                        |
      | firmware.location         | https://firmware.example.com/evc-1.0.2.bin  |
      | firmware.retrieveDateTime | <now>                                       |
    Then the station responds with status "Accepted"
    And the station sends SignedFirmwareStatusNotification with:
      | field     | value       |
      | status    | Downloading |
      | requestId | 8101        |
    And the station sends SignedFirmwareStatusNotification with:
      | field     | value      |
      | status    | Downloaded |
      | requestId | 8101       |
    And the station sends in any order:
      | action                           | status           | requestId | type                     |
      | SignedFirmwareStatusNotification | InvalidSignature | 8101      |                          |
      | SecurityEventNotification        |                  |           | InvalidFirmwareSignature |
    And the station does not send SignedFirmwareStatusNotification within 1 second

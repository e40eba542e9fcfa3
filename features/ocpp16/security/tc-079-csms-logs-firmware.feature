@ocpp16 @security @sut:csms
Feature: Security - security log and signed firmware (central system under test)
  The central system asks for the security log and installs signed firmware; it takes the status
  notifications of each request (matched by requestId) and the security event of a bad signature.

  @TC_079_CSMS @fault:get-log-wrong-type @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Get Security Log
    Given the station is booted
    When the CSMS is asked to get the security log with:
      | field          | value                          |
      | remoteLocation | ftp://logs.example.com/upload/ |
    Then the CSMS sends GetLog with:
      | field              | value                          |
      | logType            | SecurityLog                    |
      | requestId          | <integer>                      |
      | log.remoteLocation | ftp://logs.example.com/upload/ |
    And the message field "requestId" is remembered as "request"
    When the station sends LogStatusNotification with:
      | field     | value     |
      | status    | Uploading |
      | requestId | ${request} |
    Then the CSMS confirms the LogStatusNotification
    When the station sends LogStatusNotification with:
      | field     | value    |
      | status    | Uploaded |
      | requestId | ${request} |
    Then the CSMS confirms the LogStatusNotification

  @TC_080_CSMS @fault:signed-firmware-wrong-location @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Secure Firmware Update
    Given the station is booted
    When the operator asks the CSMS to update the firmware securely from "https://firmware.example.com/evc-2.0.bin"
    Then the CSMS sends SignedUpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.retrieveDateTime   | <now±4s>                                 |
      | firmware.signingCertificate | /^-----BEGIN CERTIFICATE-----/           |
      | firmware.signature          | /^[A-Za-z0-9+/]+=*$/                     |
    And the message field "requestId" is remembered as "request"
    When the station sends SignedFirmwareStatusNotification with:
      | field     | value       |
      | status    | Downloading |
      | requestId | ${request} |
    Then the CSMS confirms the SignedFirmwareStatusNotification
    When the station sends SignedFirmwareStatusNotification with:
      | field     | value      |
      | status    | Downloaded |
      | requestId | ${request} |
    Then the CSMS confirms the SignedFirmwareStatusNotification
    When the station sends SignedFirmwareStatusNotification with:
      | field     | value             |
      | status    | SignatureVerified |
      | requestId | ${request} |
    Then the CSMS confirms the SignedFirmwareStatusNotification
    When the station sends SignedFirmwareStatusNotification with:
      | field     | value      |
      | status    | Installing |
      | requestId | ${request} |
    Then the CSMS confirms the SignedFirmwareStatusNotification
    When the station sends SignedFirmwareStatusNotification with:
      | field     | value            |
      | status    | InstallRebooting |
      | requestId | ${request} |
    Then the CSMS confirms the SignedFirmwareStatusNotification
    When the station disconnects from the CSMS
    And the station reconnects to the CSMS
    Then the station is booted
    When the station sends SignedFirmwareStatusNotification with:
      | field     | value     |
      | status    | Installed |
      | requestId | ${request} |
    Then the CSMS confirms the SignedFirmwareStatusNotification

  @TC_081_CSMS @fault:signed-firmware-wrong-location @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Secure Firmware Update - Invalid Signature
    Given the station is booted
    When the operator asks the CSMS to update the firmware securely from "https://firmware.example.com/evc-2.0.bin"
    Then the CSMS sends SignedUpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.signingCertificate | /^-----BEGIN CERTIFICATE-----/           |
      | firmware.signature          | /^[A-Za-z0-9+/]+=*$/                     |
    And the message field "requestId" is remembered as "request"
    When the station sends SignedFirmwareStatusNotification with:
      | field     | value       |
      | status    | Downloading |
      | requestId | ${request} |
    Then the CSMS confirms the SignedFirmwareStatusNotification
    When the station sends SignedFirmwareStatusNotification with:
      | field     | value      |
      | status    | Downloaded |
      | requestId | ${request} |
    Then the CSMS confirms the SignedFirmwareStatusNotification
    # The downloaded image does not match the signature: the station refuses to install it.
    When the station sends SignedFirmwareStatusNotification with:
      | field     | value            |
      | status    | InvalidSignature |
      | requestId | ${request} |
    Then the CSMS confirms the SignedFirmwareStatusNotification
    When the station sends SecurityEventNotification with:
      | field     | value                    |
      | type      | InvalidFirmwareSignature |
      | timestamp | <now>                    |
    Then the CSMS confirms the SecurityEventNotification

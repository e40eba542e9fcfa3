@ocpp201 @block:L @core @sut:csms
Feature: L01 Secure firmware update (CSMS under test)
  The operator installs new firmware. The CSMS sends UpdateFirmware with a requestId, the location, the time
  to retrieve it, the signing certificate and the firmware signature, and accepts every FirmwareStatusNotification
  the station reports for that requestId (and the security events of a failed check), whatever the outcome:
  installed, scheduled, refused certificate or signature, failed download, verification or installation, or a
  second update that replaces or cannot replace the first.

  @TC_L_01_CSMS @fault:second-concurrent-call @fault:date-time-microseconds @fault:firmware-certificate-not-pem
  Scenario: Secure Firmware Update - Installation successful
    Given the station is booted
    And the firmware "https://firmware.example.com/evc-2.0.bin" signed with the test root is remembered as "fw"
    When the CSMS is asked to update the firmware with:
      | field              | value                    |
      | location           | ${fw.location}           |
      | signingCertificate | ${fw.signingCertificate} |
      | signature          | ${fw.signature}          |
    Then the CSMS sends UpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.retrieveDateTime   | <dateTime>                               |
      | firmware.signingCertificate | /BEGIN CERTIFICATE/                      |
      | firmware.signature          | ${fw.signature}                          |
    And the message field "requestId" is remembered as "requestId"
    When the station sends FirmwareStatusNotification "Downloading" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Downloaded" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "SignatureVerified" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Installing" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "InstallRebooting" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station drops its connection to the CSMS
    And the station opens a new connection to the CSMS
    And the station sends BootNotification with:
      | field                           | value           |
      | reason                          | FirmwareUpdate  |
      | chargingStation.vendorName      | EVC             |
      | chargingStation.model           | Harness-Station |
      | chargingStation.firmwareVersion | 2.0.0           |
    Then the CSMS responds with:
      | field  | value    |
      | status | Accepted |
    When the station sends FirmwareStatusNotification "Installed" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification

  @TC_L_02_CSMS @fault:second-concurrent-call @fault:date-time-microseconds @fault:firmware-certificate-not-pem @fault:firmware-install-time-dropped
  Scenario: Secure Firmware Update - InstallScheduled
    Given the station is booted
    And the firmware "https://firmware.example.com/evc-2.0.bin" signed with the test root is remembered as "fw"
    When the CSMS is asked to update the firmware with:
      | field              | value                    |
      | location           | ${fw.location}           |
      | signingCertificate | ${fw.signingCertificate} |
      | signature          | ${fw.signature}          |
      | installDateTime    | <now+30s>                |
    Then the CSMS sends UpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.retrieveDateTime   | <dateTime>                               |
      | firmware.installDateTime    | <dateTime>                               |
      | firmware.signingCertificate | /BEGIN CERTIFICATE/                      |
      | firmware.signature          | ${fw.signature}                          |
    And the message field "requestId" is remembered as "requestId"
    When the station sends FirmwareStatusNotification "Downloading" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Downloaded" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "SignatureVerified" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "InstallScheduled" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Installing" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Installed" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification

  @TC_L_03_CSMS @fault:second-concurrent-call @fault:date-time-microseconds @fault:firmware-certificate-not-pem
  Scenario: Secure Firmware Update - DownloadScheduled
    Given the station is booted
    And the firmware "https://firmware.example.com/evc-2.0.bin" signed with the test root is remembered as "fw"
    When the CSMS is asked to update the firmware with:
      | field              | value                    |
      | location           | ${fw.location}           |
      | signingCertificate | ${fw.signingCertificate} |
      | signature          | ${fw.signature}          |
      | retrieveDateTime   | <now+30s>                |
    Then the CSMS sends UpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.retrieveDateTime   | <dateTime>                               |
      | firmware.signingCertificate | /BEGIN CERTIFICATE/                      |
      | firmware.signature          | ${fw.signature}                          |
    And the message field "requestId" is remembered as "requestId"
    When the station sends FirmwareStatusNotification "DownloadScheduled" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Downloading" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Downloaded" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "SignatureVerified" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Installing" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Installed" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification

  @TC_L_04_CSMS @fault:second-concurrent-call @fault:date-time-microseconds @fault:firmware-certificate-not-pem
  Scenario: Secure Firmware Update - RevokedCertificate
    Given the station is booted
    And the station will answer UpdateFirmware with:
      | field  | value              |
      | status | RevokedCertificate |
    And the firmware "https://firmware.example.com/evc-2.0.bin" signed with the test root is remembered as "fw"
    When the CSMS is asked to update the firmware with:
      | field              | value                    |
      | location           | ${fw.location}           |
      | signingCertificate | ${fw.signingCertificate} |
      | signature          | ${fw.signature}          |
    Then the CSMS sends UpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.retrieveDateTime   | <dateTime>                               |
      | firmware.signingCertificate | /BEGIN CERTIFICATE/                      |
      | firmware.signature          | ${fw.signature}                          |
    And the message field "requestId" is remembered as "requestId"
    And the CSMS does not send UpdateFirmware within 1 second

  @TC_L_05_CSMS @fault:second-concurrent-call @fault:date-time-microseconds @fault:silent @fault:firmware-certificate-not-pem
  Scenario: Secure Firmware Update - InvalidCertificate
    Given the station is booted
    And the station will answer UpdateFirmware with:
      | field  | value              |
      | status | InvalidCertificate |
    And the firmware "https://firmware.example.com/evc-2.0.bin" signed with the test root is remembered as "fw"
    When the CSMS is asked to update the firmware with:
      | field              | value                    |
      | location           | ${fw.location}           |
      | signingCertificate | ${fw.signingCertificate} |
      | signature          | ${fw.signature}          |
    Then the CSMS sends UpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.retrieveDateTime   | <dateTime>                               |
      | firmware.signingCertificate | /BEGIN CERTIFICATE/                      |
      | firmware.signature          | ${fw.signature}                          |
    And the message field "requestId" is remembered as "requestId"
    When the station sends SecurityEventNotification with:
      | field     | value                             |
      | type      | InvalidFirmwareSigningCertificate |
      | timestamp | <now>                             |
    Then the CSMS acknowledges the SecurityEventNotification

  @TC_L_06_CSMS @fault:second-concurrent-call @fault:date-time-microseconds @fault:silent @fault:firmware-certificate-not-pem
  Scenario: Secure Firmware Update - InvalidSignature
    Given the station is booted
    And the firmware "https://firmware.example.com/evc-2.0.bin" signed with the test root is remembered as "fw"
    When the CSMS is asked to update the firmware with:
      | field              | value                    |
      | location           | ${fw.location}           |
      | signingCertificate | ${fw.signingCertificate} |
      | signature          | ${fw.signature}          |
    Then the CSMS sends UpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.retrieveDateTime   | <dateTime>                               |
      | firmware.signingCertificate | /BEGIN CERTIFICATE/                      |
      | firmware.signature          | ${fw.signature}                          |
    And the message field "requestId" is remembered as "requestId"
    When the station sends FirmwareStatusNotification "Downloading" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Downloaded" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "InvalidSignature" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends SecurityEventNotification with:
      | field     | value                    |
      | type      | InvalidFirmwareSignature |
      | timestamp | <now>                    |
    Then the CSMS acknowledges the SecurityEventNotification

  @TC_L_07_CSMS @fault:second-concurrent-call @fault:date-time-microseconds @fault:firmware-certificate-not-pem
  Scenario: Secure Firmware Update - DownloadFailed
    Given the station is booted
    And the firmware "https://firmware.example.com/evc-2.0.bin" signed with the test root is remembered as "fw"
    When the CSMS is asked to update the firmware with:
      | field              | value                    |
      | location           | ${fw.location}           |
      | signingCertificate | ${fw.signingCertificate} |
      | signature          | ${fw.signature}          |
    Then the CSMS sends UpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.retrieveDateTime   | <dateTime>                               |
      | firmware.signingCertificate | /BEGIN CERTIFICATE/                      |
      | firmware.signature          | ${fw.signature}                          |
    And the message field "requestId" is remembered as "requestId"
    When the station sends FirmwareStatusNotification "Downloading" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "DownloadFailed" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification

  @TC_L_08_CSMS @fault:second-concurrent-call @fault:date-time-microseconds @fault:firmware-certificate-not-pem
  Scenario: Secure Firmware Update - InstallVerificationFailed
    Given the station is booted
    And the firmware "https://firmware.example.com/evc-2.0.bin" signed with the test root is remembered as "fw"
    When the CSMS is asked to update the firmware with:
      | field              | value                    |
      | location           | ${fw.location}           |
      | signingCertificate | ${fw.signingCertificate} |
      | signature          | ${fw.signature}          |
    Then the CSMS sends UpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.retrieveDateTime   | <dateTime>                               |
      | firmware.signingCertificate | /BEGIN CERTIFICATE/                      |
      | firmware.signature          | ${fw.signature}                          |
    And the message field "requestId" is remembered as "requestId"
    When the station sends FirmwareStatusNotification "Downloading" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Downloaded" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "SignatureVerified" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "InstallVerificationFailed" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification

  @TC_L_09_CSMS @fault:second-concurrent-call @fault:date-time-microseconds @fault:firmware-certificate-not-pem
  Scenario: Secure Firmware Update - InstallationFailed
    Given the station is booted
    And the firmware "https://firmware.example.com/evc-2.0.bin" signed with the test root is remembered as "fw"
    When the CSMS is asked to update the firmware with:
      | field              | value                    |
      | location           | ${fw.location}           |
      | signingCertificate | ${fw.signingCertificate} |
      | signature          | ${fw.signature}          |
    Then the CSMS sends UpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.retrieveDateTime   | <dateTime>                               |
      | firmware.signingCertificate | /BEGIN CERTIFICATE/                      |
      | firmware.signature          | ${fw.signature}                          |
    And the message field "requestId" is remembered as "requestId"
    When the station sends FirmwareStatusNotification "Downloading" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Downloaded" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "SignatureVerified" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Installing" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "InstallationFailed" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification

  @TC_L_10_CSMS @fault:second-concurrent-call @fault:date-time-microseconds @fault:firmware-certificate-not-pem @fault:request-id-constant
  Scenario: Secure Firmware Update - AcceptedCanceled
    Given the station is booted
    And the firmware "https://firmware.example.com/evc-2.0.bin" signed with the test root is remembered as "fw"
    When the CSMS is asked to update the firmware with:
      | field              | value                    |
      | location           | ${fw.location}           |
      | signingCertificate | ${fw.signingCertificate} |
      | signature          | ${fw.signature}          |
    Then the CSMS sends UpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.retrieveDateTime   | <dateTime>                               |
      | firmware.signingCertificate | /BEGIN CERTIFICATE/                      |
      | firmware.signature          | ${fw.signature}                          |
    And the message field "requestId" is remembered as "requestId"
    When the station sends FirmwareStatusNotification "Downloading" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    # a second update while the first is downloading: the station cancels the first
    Given the station will answer UpdateFirmware with:
      | field  | value            |
      | status | AcceptedCanceled |
    Given the firmware "https://firmware.example.com/evc-2.1.bin" signed with the test root is remembered as "fw2"
    When the CSMS is asked to update the firmware with:
      | field              | value                     |
      | location           | ${fw2.location}           |
      | signingCertificate | ${fw2.signingCertificate} |
      | signature          | ${fw2.signature}          |
    Then the CSMS sends UpdateFirmware with:
      | field             | value                                    |
      | requestId         | not ${requestId}                         |
      | firmware.location | https://firmware.example.com/evc-2.1.bin |
    And the message field "requestId" is remembered as "requestId"
    When the station sends FirmwareStatusNotification "Downloading" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Downloaded" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "SignatureVerified" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Installing" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Installed" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification

  @TC_L_11_CSMS @fault:second-concurrent-call @fault:date-time-microseconds @fault:firmware-certificate-not-pem @fault:request-id-constant
  Scenario: Secure Firmware Update - Unable to cancel
    Given the station is booted
    And the firmware "https://firmware.example.com/evc-2.0.bin" signed with the test root is remembered as "fw"
    When the CSMS is asked to update the firmware with:
      | field              | value                    |
      | location           | ${fw.location}           |
      | signingCertificate | ${fw.signingCertificate} |
      | signature          | ${fw.signature}          |
    Then the CSMS sends UpdateFirmware with:
      | field                       | value                                    |
      | requestId                   | <integer>                                |
      | firmware.location           | https://firmware.example.com/evc-2.0.bin |
      | firmware.retrieveDateTime   | <dateTime>                               |
      | firmware.signingCertificate | /BEGIN CERTIFICATE/                      |
      | firmware.signature          | ${fw.signature}                          |
    And the message field "requestId" is remembered as "requestId"
    When the station sends FirmwareStatusNotification "Downloading" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Downloaded" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "SignatureVerified" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    When the station sends FirmwareStatusNotification "Installing" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification
    # installing cannot be interrupted: the second update is rejected and the first one completes
    Given the station will answer UpdateFirmware with:
      | field  | value    |
      | status | Rejected |
    Given the firmware "https://firmware.example.com/evc-2.1.bin" signed with the test root is remembered as "fw2"
    When the CSMS is asked to update the firmware with:
      | field              | value                     |
      | location           | ${fw2.location}           |
      | signingCertificate | ${fw2.signingCertificate} |
      | signature          | ${fw2.signature}          |
    Then the CSMS sends UpdateFirmware with:
      | field             | value                                    |
      | requestId         | not ${requestId}                         |
      | firmware.location | https://firmware.example.com/evc-2.1.bin |
    When the station sends FirmwareStatusNotification "Installed" for requestId "${requestId}"
    Then the CSMS acknowledges the FirmwareStatusNotification

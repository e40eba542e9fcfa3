@ocpp201 @block:L @core @sut:station
Feature: Firmware management (2.0.1) - secure firmware update, charging station under test
  The harness plays the CSMS and sends UpdateFirmware with a signing certificate (a certificate of this run's
  test PKI) and a signature. The station reports every stage with FirmwareStatusNotification carrying the
  requestId of the UpdateFirmware, in order; a successful installation ends with a reboot (BootNotification
  reason FirmwareUpdate) and Installed. Invalid certificates and signatures are refused and reported as
  security events.

  # The SecurityEventNotification FirmwareUpdated after the reboot is not asserted: the reference station does
  # not send it yet (see the block's report).
  @TC_L_01_CS @fault:firmware-status-no-request-id @fault:silent
  Scenario: Secure Firmware Update - Installation successful
    Given the station is booted
    And the test PKI certificate "CSMS server" is remembered as "signingCertificate"
    When the CSMS sends UpdateFirmware with:
      | field                       | value                                         |
      | requestId                   | 101                                           |
      | firmware.location           | https://firmware.example.com/evc-fw-2.0.2.bin |
      | firmware.retrieveDateTime   | <now>                                         |
      | firmware.signingCertificate | ${signingCertificate}                         |
      | firmware.signature          | RVZDIGZpcm13YXJlIHNpZ25hdHVyZQ==              |
    Then the station responds with status "Accepted"
    And the station sends FirmwareStatusNotification for requestId 101 with the statuses, in order:
      | status            |
      | Downloading       |
      | Downloaded        |
      | SignatureVerified |
      | Installing        |
    And the station reboots, then sends BootNotification with reason "FirmwareUpdate"
    And the station sends FirmwareStatusNotification for requestId 101 with the statuses, in order:
      | status    |
      | Installed |

  @TC_L_03_CS @fault:firmware-status-no-request-id @fault:silent
  Scenario: Secure Firmware Update - DownloadScheduled
    Given the station is booted
    And the test PKI certificate "CSMS server" is remembered as "signingCertificate"
    When the CSMS sends UpdateFirmware with:
      | field                       | value                                         |
      | requestId                   | 301                                           |
      | firmware.location           | https://firmware.example.com/evc-fw-2.0.2.bin |
      | firmware.retrieveDateTime   | <now+60s>                                     |
      | firmware.signingCertificate | ${signingCertificate}                         |
      | firmware.signature          | RVZDIGZpcm13YXJlIHNpZ25hdHVyZQ==              |
    Then the station responds with status "Accepted"
    And the station sends FirmwareStatusNotification for requestId 301 with the statuses, in order:
      | status            |
      | DownloadScheduled |
      | Downloading       |
      | Downloaded        |
      | SignatureVerified |
      | Installing        |
    And the station reboots, then sends BootNotification with reason "FirmwareUpdate"
    And the station sends FirmwareStatusNotification for requestId 301 with the statuses, in order:
      | status    |
      | Installed |

  @TC_L_05_CS @fault:silent @fault:firmware-cert-no-security-event
  Scenario: Secure Firmware Update - InvalidCertificate
    Given the station is booted
    When the CSMS sends UpdateFirmware with:
      | field                       | value                                                                            |
      | requestId                   | 501                                                                              |
      | firmware.location           | https://firmware.example.com/evc-fw-2.0.2.bin                                    |
      | firmware.retrieveDateTime   | <now>                                                                            |
      | firmware.signingCertificate | -----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE----- |
      | firmware.signature          | RVZDIGZpcm13YXJlIHNpZ25hdHVyZQ==                                                 |
    Then the station responds with status "InvalidCertificate"
    And the station sends SecurityEventNotification with:
      | field     | value                             |
      | type      | InvalidFirmwareSigningCertificate |
      | timestamp | <now±4s>                          |
    And the station does not send FirmwareStatusNotification within 1 second

  @TC_L_06_CS @fault:firmware-status-no-request-id @fault:silent
  Scenario: Secure Firmware Update - InvalidSignature
    Given the station is booted
    And the test PKI certificate "CSMS server" is remembered as "signingCertificate"
    When the CSMS sends UpdateFirmware with:
      | field                       | value                                         |
      | requestId                   | 601                                           |
      | firmware.location           | https://firmware.example.com/evc-fw-2.0.2.bin |
      | firmware.retrieveDateTime   | <now>                                         |
      | firmware.signingCertificate | ${signingCertificate}                         |
      | firmware.signature          | not*a*valid*signature!                        |
    Then the station responds with status "Accepted"
    And the station sends FirmwareStatusNotification for requestId 601 with the statuses, in order:
      | status           |
      | Downloading      |
      | Downloaded       |
      | InvalidSignature |
    And the station sends SecurityEventNotification with:
      | field     | value                    |
      | type      | InvalidFirmwareSignature |
      | timestamp | <now±4s>                 |
    And the station does not send FirmwareStatusNotification matching the following within 1 second:
      | field  | value      |
      | status | Installing |

  @TC_L_07_CS @fault:firmware-status-no-request-id @fault:silent
  Scenario: Secure Firmware Update - DownloadFailed
    Given the station is booted
    And the test PKI certificate "CSMS server" is remembered as "signingCertificate"
    When the CSMS sends UpdateFirmware with:
      | field                       | value                                     |
      | requestId                   | 701                                       |
      | firmware.location           | https://firmware.invalid/evc-fw-2.0.2.bin |
      | firmware.retrieveDateTime   | <now>                                     |
      | firmware.signingCertificate | ${signingCertificate}                     |
      | firmware.signature          | RVZDIGZpcm13YXJlIHNpZ25hdHVyZQ==          |
    Then the station responds with status "Accepted"
    And the station sends FirmwareStatusNotification for requestId 701 with the statuses, in order:
      | status         |
      | Downloading    |
      | DownloadFailed |
    And the station does not send FirmwareStatusNotification matching the following within 1 second:
      | field  | value      |
      | status | Installing |

  @TC_L_08_CS @fault:firmware-status-no-request-id @fault:silent
  Scenario: Secure Firmware Update - InstallVerificationFailed or InstallationFailed
    Given the station is booted
    And the test PKI certificate "CSMS server" is remembered as "signingCertificate"
    And the firmware image will fail to install on the station
    When the CSMS sends UpdateFirmware with:
      | field                       | value                                         |
      | requestId                   | 801                                           |
      | firmware.location           | https://firmware.example.com/evc-fw-2.0.2.bin |
      | firmware.retrieveDateTime   | <now>                                         |
      | firmware.signingCertificate | ${signingCertificate}                         |
      | firmware.signature          | RVZDIGZpcm13YXJlIHNpZ25hdHVyZQ==              |
    Then the station responds with status "Accepted"
    And the station sends FirmwareStatusNotification for requestId 801 with the statuses, in order:
      | status                                               |
      | Downloading                                          |
      | Downloaded                                           |
      | SignatureVerified                                    |
      | Installing                                           |
      | one of InstallVerificationFailed, InstallationFailed |
    And the station does not send FirmwareStatusNotification matching the following within 1 second:
      | field  | value     |
      | status | Installed |

  @TC_L_10_CS @fault:firmware-status-no-request-id @fault:silent
  Scenario: Secure Firmware Update - AcceptedCanceled
    Given the station is booted
    And the test PKI certificate "CSMS server" is remembered as "signingCertificate"
    When the CSMS sends UpdateFirmware with:
      | field                       | value                                         |
      | requestId                   | 1001                                          |
      | firmware.location           | https://firmware.example.com/evc-fw-2.0.2.bin |
      | firmware.retrieveDateTime   | <now+1h>                                      |
      | firmware.signingCertificate | ${signingCertificate}                         |
      | firmware.signature          | RVZDIGZpcm13YXJlIHNpZ25hdHVyZQ==              |
    Then the station responds with status "Accepted"
    And the station sends FirmwareStatusNotification for requestId 1001 with the statuses, in order:
      | status            |
      | DownloadScheduled |
    When the CSMS sends UpdateFirmware with:
      | field                       | value                                         |
      | requestId                   | 1002                                          |
      | firmware.location           | https://firmware.example.com/evc-fw-2.0.2.bin |
      | firmware.retrieveDateTime   | <now>                                         |
      | firmware.signingCertificate | ${signingCertificate}                         |
      | firmware.signature          | RVZDIGZpcm13YXJlIHNpZ25hdHVyZQ==              |
    Then the station responds with status "AcceptedCanceled"
    And the station sends FirmwareStatusNotification for requestId 1002 with the statuses, in order:
      | status            |
      | Downloading       |
      | Downloaded        |
      | SignatureVerified |
      | Installing        |
    And the station reboots, then sends BootNotification with reason "FirmwareUpdate"
    And the station sends FirmwareStatusNotification for requestId 1002 with the statuses, in order:
      | status    |
      | Installed |

  # Precondition AllowNewSessionsPendingFirmwareUpdate = true is not set here: the reference station has no such
  # variable, and behaves as if it were true (see the coverage file and the report).
  @TC_L_14_CS @fault:firmware-status-no-request-id @requires:connectors-2
  Scenario: Secure Firmware Update - Unable to install and activate firmware with ongoing transaction - AllowNewSessionsPendingFirmwareUpdate is true
    Given the station is booted
    And the test PKI certificate "CSMS server" is remembered as "signingCertificate"
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends UpdateFirmware with:
      | field                       | value                                         |
      | requestId                   | 1401                                          |
      | firmware.location           | https://firmware.example.com/evc-fw-2.0.2.bin |
      | firmware.retrieveDateTime   | <now>                                         |
      | firmware.signingCertificate | ${signingCertificate}                         |
      | firmware.signature          | RVZDIGZpcm13YXJlIHNpZ25hdHVyZQ==              |
    Then the station responds with status "Accepted"
    And the station sends FirmwareStatusNotification for requestId 1401 with the statuses, in order:
      | status            |
      | Downloading       |
      | Downloaded        |
      | SignatureVerified |
      | InstallScheduled  |
    Given EVSE 2 is charging with idToken "${idTag.valid2}"
    When the EV is unplugged from connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field     | value |
      | eventType | Ended |
    And the station does not send FirmwareStatusNotification matching the following within 1 second:
      | field  | value      |
      | status | Installing |
    When the EV is unplugged from connector 2
    Then the station sends TransactionEvent for the transaction on EVSE 2 with:
      | field     | value |
      | eventType | Ended |
    And the station sends FirmwareStatusNotification for requestId 1401 with the statuses, in order:
      | status     |
      | Installing |
    And the station reboots, then sends BootNotification with reason "FirmwareUpdate"
    And the station sends FirmwareStatusNotification for requestId 1401 with the statuses, in order:
      | status    |
      | Installed |

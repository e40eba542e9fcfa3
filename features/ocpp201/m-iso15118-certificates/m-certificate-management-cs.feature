@ocpp201 @block:M @core @sut:station
Feature: Certificate management (2.0.1) - install, retrieve and delete CA certificates, charging station under test
  The harness plays the CSMS and manages the CA certificates the station trusts: InstallCertificate of a CSMS
  or manufacturer root (certificates of this run's test PKI), GetInstalledCertificateIds with and without a
  certificateType filter (hash data per RFC 6960: SHA256 of the issuer name and key, serial number) and
  DeleteCertificate of an installed and of an unknown certificate.

  @TC_M_01_CS @fault:silent @fault:install-certificate-not-stored
  Scenario: Install CA certificate - CSMSRootCertificate
    Given the station is booted
    And the test PKI certificate "root CA" is remembered as "csmsRoot"
    When the CSMS sends InstallCertificate with:
      | field           | value               |
      | certificateType | CSMSRootCertificate |
      | certificate     | ${csmsRoot}         |
    Then the station responds with status "Accepted"
    When the CSMS sends GetInstalledCertificateIds with:
      | field           | value                   |
      | certificateType | ["CSMSRootCertificate"] |
    Then the station responds with the remembered certificate "csmsRoot" listed as CSMSRootCertificate

  @TC_M_02_CS @fault:silent @fault:install-certificate-not-stored
  Scenario: Install CA certificate - ManufacturerRootCertificate
    Given the station is booted
    And the test PKI certificate "untrusted root CA" is remembered as "manufacturerRoot"
    When the CSMS sends InstallCertificate with:
      | field           | value                       |
      | certificateType | ManufacturerRootCertificate |
      | certificate     | ${manufacturerRoot}         |
    Then the station responds with status "Accepted"
    When the CSMS sends GetInstalledCertificateIds with:
      | field           | value                           |
      | certificateType | ["ManufacturerRootCertificate"] |
    Then the station responds with the remembered certificate "manufacturerRoot" listed as ManufacturerRootCertificate

  @TC_M_07_CS @fault:silent @fault:install-certificate-no-check
  Scenario: Install CA certificate - Rejected - Certificate invalid
    Given the station is booted
    When the CSMS sends InstallCertificate with:
      | field           | value                                                                            |
      | certificateType | CSMSRootCertificate                                                              |
      | certificate     | -----BEGIN CERTIFICATE-----\nTm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE----- |
    Then the station responds with status "Rejected"

  @TC_M_13_CS @fault:silent @fault:install-certificate-not-stored
  Scenario: Retrieve certificates from Charging Station - ManufacturerRootCertificate
    Given the station is booted
    And the test PKI certificate "untrusted root CA" is remembered as "manufacturerRoot"
    And the CSMS sends InstallCertificate with:
      | field           | value                       |
      | certificateType | ManufacturerRootCertificate |
      | certificate     | ${manufacturerRoot}         |
    And the station responds with status "Accepted"
    When the CSMS sends GetInstalledCertificateIds with:
      | field           | value                           |
      | certificateType | ["ManufacturerRootCertificate"] |
    Then the station responds with status "Accepted"
    And the station responds with the remembered certificate "manufacturerRoot" listed as ManufacturerRootCertificate

  @TC_M_18_CS @fault:silent @fault:certificate-ids-need-filter
  Scenario: Retrieve certificates from Charging Station - All certificateTypes
    Given the station is booted
    And the test PKI certificate "root CA" is remembered as "csmsRoot"
    And the test PKI certificate "untrusted root CA" is remembered as "manufacturerRoot"
    And the CSMS sends InstallCertificate with:
      | field           | value               |
      | certificateType | CSMSRootCertificate |
      | certificate     | ${csmsRoot}         |
    And the station responds with status "Accepted"
    And the CSMS sends InstallCertificate with:
      | field           | value                       |
      | certificateType | ManufacturerRootCertificate |
      | certificate     | ${manufacturerRoot}         |
    And the station responds with status "Accepted"
    When the CSMS sends GetInstalledCertificateIds
    Then the station responds with status "Accepted"
    And the station responds with the remembered certificate "csmsRoot" listed as CSMSRootCertificate
    And the station responds with the remembered certificate "manufacturerRoot" listed as ManufacturerRootCertificate

  @TC_M_19_CS @fault:silent @fault:certificate-ids-empty-accepted
  Scenario: Retrieve certificates from Charging Station - No matching certificate found
    Given the station is booted
    When the CSMS sends GetInstalledCertificateIds with:
      | field           | value                  |
      | certificateType | ["V2GRootCertificate"] |
    Then the station responds with:
      | field                    | value    |
      | status                   | NotFound |
      | certificateHashDataChain | <absent> |

  @TC_M_20_CS @fault:silent @fault:delete-certificate-not-deleted
  Scenario: Delete a certificate from a Charging Station - Success
    Given the station is booted
    And the test PKI certificate "untrusted root CA" is remembered as "manufacturerRoot"
    And the CSMS sends InstallCertificate with:
      | field           | value                       |
      | certificateType | ManufacturerRootCertificate |
      | certificate     | ${manufacturerRoot}         |
    And the station responds with status "Accepted"
    And the CSMS sends GetInstalledCertificateIds with:
      | field           | value                           |
      | certificateType | ["ManufacturerRootCertificate"] |
    And the station responds with status "Accepted"
    And the response field "certificateHashDataChain[0].certificateHashData" is remembered as "installed"
    When the CSMS sends DeleteCertificate with:
      | field               | value        |
      | certificateHashData | ${installed} |
    Then the station responds with status "Accepted"
    When the CSMS sends GetInstalledCertificateIds with:
      | field           | value                           |
      | certificateType | ["ManufacturerRootCertificate"] |
    Then the station responds with status "NotFound"

  @TC_M_22_CS @fault:silent @fault:delete-unknown-certificate-accepted
  Scenario: Delete a certificate from a Charging Station - No matching certificate found
    Given the station is booted
    When the CSMS sends DeleteCertificate with:
      | field                              | value                                                              |
      | certificateHashData.hashAlgorithm  | SHA256                                                             |
      | certificateHashData.issuerNameHash | "0000000000000000000000000000000000000000000000000000000000000000" |
      | certificateHashData.issuerKeyHash  | "1111111111111111111111111111111111111111111111111111111111111111" |
      | certificateHashData.serialNumber   | "7e57"                                                             |
    Then the station responds with status "NotFound"

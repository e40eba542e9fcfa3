Feature: Security - certificate management on the charge point
  The harness plays the Central System with a test PKI generated for the run. It has the charge point create a
  key pair and CSR and signs it, installs and deletes root certificates, and checks that a certificate that was
  not issued for the charge point is refused and reported as a security event.

  @ocpp16 @TC_074_CS @security @sut:station @fault:trigger-message-not-sent
  Scenario: Update Charge Point Certificate by request of Central System
    Given the station is booted
    When the CSMS sends ExtendedTriggerMessage with:
      | field            | value                      |
      | requestedMessage | SignChargePointCertificate |
    Then the station responds with status "Accepted"
    And the station sends SignCertificate with:
      | field | value                                                      |
      | csr   | /-----BEGIN CERTIFICATE REQUEST-----[\s\S]+-----END CERTIFICATE REQUEST-----/ |
    And the CSR is self-signed and names the CPO from configuration key CpoName
    When the CSMS sends CertificateSigned with the station's CSR signed by the test root CA
    Then the station responds with status "Accepted"
    And the station does not send SecurityEventNotification within 1 second

  @ocpp16 @TC_075_1_CS @security @sut:station @fault:silent @fault:certificate-stored-as-other-type
  Scenario: Install a certificate on the Charge Point - ManufacturerRootCertificate
    Given the station is booted
    When the CSMS installs the "other root CA" test certificate as ManufacturerRootCertificate
    Then the station responds with status "Accepted"
    When the CSMS sends GetInstalledCertificateIds with:
      | field           | value                       |
      | certificateType | ManufacturerRootCertificate |
    Then the station lists the "other root CA" test certificate

  @ocpp16 @TC_075_2_CS @security @sut:station @fault:silent @fault:certificate-stored-as-other-type
  Scenario: Install a certificate on the Charge Point - CentralSystemRootCertificate
    Given the station is booted
    When the CSMS installs the "root CA" test certificate as CentralSystemRootCertificate
    Then the station responds with status "Accepted"
    When the CSMS sends GetInstalledCertificateIds with:
      | field           | value                        |
      | certificateType | CentralSystemRootCertificate |
    Then the station lists the "root CA" test certificate

  @ocpp16 @TC_076_CS @security @sut:station @fault:silent @fault:delete-certificate-ignored
  Scenario: Delete a specific certificate from the Charge Point
    Given the station is booted
    And the CSMS installs the "other root CA" test certificate as ManufacturerRootCertificate
    And the station responds with status "Accepted"
    When the CSMS sends GetInstalledCertificateIds with:
      | field           | value                       |
      | certificateType | ManufacturerRootCertificate |
    Then the station lists the "other root CA" test certificate
    When the CSMS sends DeleteCertificate for the listed certificate
    Then the station responds with status "Accepted"
    When the CSMS sends GetInstalledCertificateIds with:
      | field           | value                       |
      | certificateType | ManufacturerRootCertificate |
    Then the station responds with:
      | field              | value    |
      | status             | NotFound |
      | certificateHashData | <absent> |

  @ocpp16 @TC_077_CS @security @sut:station @fault:trigger-message-not-sent
  Scenario: Invalid ChargePointCertificate Security Event
    Given the station is booted
    When the CSMS sends ExtendedTriggerMessage with:
      | field            | value                      |
      | requestedMessage | SignChargePointCertificate |
    Then the station responds with status "Accepted"
    And the station sends SignCertificate with:
      | field | value                               |
      | csr   | /BEGIN CERTIFICATE REQUEST/          |
    When the CSMS sends CertificateSigned with a certificate not issued for the station
    Then the station responds with status "Rejected"
    And the station sends SecurityEventNotification with:
      | field     | value                         |
      | type      | InvalidChargePointCertificate |
      | timestamp | <now±4s>                      |

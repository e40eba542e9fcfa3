@ocpp16 @security @sut:csms
Feature: Security - certificate management (central system under test)
  The central system renews the station's certificate (trigger, sign the CSR, send the chain), installs and
  deletes root certificates on the station, and takes the security events a station raises about
  certificates.

  @TC_074_CSMS @fault:certificate-renewal-wrong-trigger @fault:missing-certificate-signed @fault:wrong-message-id-length
  Scenario: Update Charge Point Certificate by request of Central System
    Given the station is booted
    When the CSMS is asked to renew the station certificate
    Then the CSMS sends ExtendedTriggerMessage with:
      | field            | value                      |
      | requestedMessage | SignChargePointCertificate |
    When the station sends SignCertificate with a signing request for its identity
    Then the CSMS responds with status "Accepted"
    And the CSMS sends CertificateSigned with a certificate issued for that signing request

  @TC_077_CSMS @fault:certificate-renewal-wrong-trigger @fault:missing-certificate-signed @fault:wrong-message-id-length
  Scenario: Invalid ChargePointCertificate Security Event
    Given the station is booted
    # The station finds the chain it receives unusable: it rejects it and raises a security event.
    And the station will answer CertificateSigned with:
      | field  | value    |
      | status | Rejected |
    When the CSMS is asked to renew the station certificate
    Then the CSMS sends ExtendedTriggerMessage with:
      | field            | value                      |
      | requestedMessage | SignChargePointCertificate |
    When the station sends SignCertificate with a signing request for its identity
    Then the CSMS responds with status "Accepted"
    And the CSMS sends CertificateSigned with a certificate issued for that signing request
    When the station sends SecurityEventNotification with:
      | field     | value                         |
      | type      | InvalidChargePointCertificate |
      | timestamp | <now>                         |
    Then the CSMS confirms the SecurityEventNotification

  @TC_075_1_CSMS @fault:install-certificate-wrong-type @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Install a certificate on the Charge Point - ManufacturerRootCertificate
    Given the station is booted
    When the operator asks the CSMS to install the test root certificate as "ManufacturerRootCertificate"
    Then the CSMS sends InstallCertificate with:
      | field           | value                          |
      | certificateType | ManufacturerRootCertificate    |
      | certificate     | /^-----BEGIN CERTIFICATE-----/ |

  @TC_075_2_CSMS @fault:install-certificate-wrong-type @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Install a certificate on the Charge Point - CentralSystemRootCertificate
    Given the station is booted
    When the operator asks the CSMS to install the test root certificate as "CentralSystemRootCertificate"
    Then the CSMS sends InstallCertificate with:
      | field           | value                          |
      | certificateType | CentralSystemRootCertificate   |
      | certificate     | /^-----BEGIN CERTIFICATE-----/ |

  @TC_076_CSMS @fault:certificate-ids-wrong-type @fault:delete-certificate-wrong-serial @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Delete a specific certificate from the Charge Point
    Given the station is booted
    And the station will answer GetInstalledCertificateIds with:
      | field               | value |
      | status              | Accepted |
      | certificateHashData | [{"hashAlgorithm":"SHA256","issuerNameHash":"8a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9","issuerKeyHash":"0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0","serialNumber":"4e1a"}] |
    When the CSMS is asked to list installed certificates with:
      | field           | value                        |
      | certificateType | CentralSystemRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with:
      | field           | value                        |
      | certificateType | CentralSystemRootCertificate |
    Given the station will answer DeleteCertificate with:
      | field  | value    |
      | status | Accepted |
    When the CSMS is asked to delete a certificate with:
      | field                              | value                                                            |
      | certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashData.issuerNameHash | 8a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9 |
      | certificateHashData.issuerKeyHash  | 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0 |
      | certificateHashData.serialNumber   | 4e1a                                                             |
    Then the CSMS sends DeleteCertificate with:
      | field                              | value                                                            |
      | certificateHashData.hashAlgorithm  | SHA256                                                           |
      | certificateHashData.issuerNameHash | 8a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9 |
      | certificateHashData.issuerKeyHash  | 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0 |
      | certificateHashData.serialNumber   | 4e1a                                                             |

  @TC_078_CSMS @fault:silent @fault:boot-rejected
  Scenario: Invalid CentralSystemCertificate Security Event
    Given the station is booted
    # The station could not validate the central system's server certificate on an earlier attempt and
    # reports it once it is connected again.
    When the station sends SecurityEventNotification with:
      | field     | value                                |
      | type      | InvalidCentralSystemCertificate      |
      | timestamp | <now>                                |
      | techInfo  | server certificate not trusted       |
    Then the CSMS confirms the SecurityEventNotification

@ocpp201 @block:M @core @sut:csms
Feature: M03-M05 Install, list and delete certificates on the station (CSMS under test)
  The operator manages the station's root certificates through the CSMS: install a CSMS or manufacturer root
  (InstallCertificate with the certificate type and a PEM certificate), list what is installed
  (GetInstalledCertificateIds, for one type or all) and delete one by its hash data (DeleteCertificate).
  The CSMS copes with each answer the station gives: accepted, failed, nothing found.

  @TC_M_01_CSMS @fault:second-concurrent-call @fault:certificate-type-wrong
  Scenario: Install CA certificate - CSMSRootCertificate
    Given the station is booted
    Given the test root certificate is remembered as "testRoot"
    When the CSMS is asked to install a CA certificate with:
      | field           | value               |
      | certificateType | CSMSRootCertificate |
      | certificate     | ${testRoot}         |
    Then the CSMS sends InstallCertificate with:
      | field           | value                                   |
      | certificateType | CSMSRootCertificate                     |
      | certificate     | /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/ |

  @TC_M_02_CSMS @fault:second-concurrent-call @fault:certificate-type-wrong
  Scenario: Install CA certificate - ManufacturerRootCertificate
    Given the station is booted
    Given the test root certificate is remembered as "testRoot"
    When the CSMS is asked to install a CA certificate with:
      | field           | value                       |
      | certificateType | ManufacturerRootCertificate |
      | certificate     | ${testRoot}                 |
    Then the CSMS sends InstallCertificate with:
      | field           | value                                   |
      | certificateType | ManufacturerRootCertificate             |
      | certificate     | /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----\s*$/ |

  @TC_M_05_CSMS @fault:second-concurrent-call @fault:certificate-type-wrong
  Scenario: Install CA certificate - Failed
    Given the station is booted
    And the station will answer InstallCertificate with:
      | field  | value  |
      | status | Failed |
    Given the test root certificate is remembered as "testRoot"
    When the CSMS is asked to install a CA certificate with:
      | field           | value               |
      | certificateType | CSMSRootCertificate |
      | certificate     | ${testRoot}         |
    Then the CSMS sends InstallCertificate with:
      | field           | value               |
      | certificateType | CSMSRootCertificate |
      | certificate     | /BEGIN CERTIFICATE/ |

  @TC_M_13_CSMS @fault:second-concurrent-call @fault:certificate-type-wrong
  Scenario: Retrieve certificates from Charging Station - ManufacturerRootCertificate
    Given the station is booted
    And the station will answer GetInstalledCertificateIds with the test root as "ManufacturerRootCertificate"
    When the CSMS is asked to list the installed certificates with:
      | field           | value                       |
      | certificateType | ManufacturerRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with:
      | field              | value                       |
      | certificateType[0] | ManufacturerRootCertificate |

  @TC_M_18_CSMS @fault:second-concurrent-call @fault:certificate-type-wrong
  Scenario: Retrieve certificates from Charging Station - All certificateTypes
    Given the station is booted
    And the station will answer GetInstalledCertificateIds with the test root as "CSMSRootCertificate"
    When the CSMS is asked to list the installed certificates
    Then the CSMS sends GetInstalledCertificateIds with:
      | field           | value    |
      | certificateType | <absent> |

  @TC_M_19_CSMS @fault:second-concurrent-call @fault:certificate-type-wrong
  Scenario: Retrieve certificates from Charging Station - No matching certificate found
    Given the station is booted
    And the station will answer GetInstalledCertificateIds with:
      | field  | value    |
      | status | NotFound |
    When the CSMS is asked to list the installed certificates with:
      | field           | value              |
      | certificateType | V2GRootCertificate |
    Then the CSMS sends GetInstalledCertificateIds with:
      | field              | value              |
      | certificateType[0] | V2GRootCertificate |

  @TC_M_20_CSMS @fault:second-concurrent-call @fault:delete-certificate-wrong-hash
  Scenario: Delete a certificate from a Charging Station - Success
    Given the station is booted
    And the station will answer DeleteCertificate with:
      | field  | value    |
      | status | Accepted |
    Given the station will answer GetInstalledCertificateIds with the test root as "CSMSRootCertificate"
    When the CSMS is asked to list the installed certificates
    Then the CSMS sends GetInstalledCertificateIds with:
      | field           | value    |
      | certificateType | <absent> |
    When the CSMS is asked to delete the installed certificate with:
      | field           | value               |
      | certificateType | CSMSRootCertificate |
    Then the CSMS sends DeleteCertificate for the test root

  @TC_M_21_CSMS @fault:second-concurrent-call @fault:delete-certificate-wrong-hash
  Scenario: Delete a certificate from a Charging Station - Failed
    Given the station is booted
    And the station will answer DeleteCertificate with:
      | field  | value  |
      | status | Failed |
    Given the station will answer GetInstalledCertificateIds with the test root as "CSMSRootCertificate"
    When the CSMS is asked to list the installed certificates
    Then the CSMS sends GetInstalledCertificateIds with:
      | field           | value    |
      | certificateType | <absent> |
    When the CSMS is asked to delete the installed certificate with:
      | field           | value               |
      | certificateType | CSMSRootCertificate |
    Then the CSMS sends DeleteCertificate for the test root

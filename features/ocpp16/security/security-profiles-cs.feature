Feature: Security - credentials and security profiles of the charge point
  The harness plays the Central System and checks how the charge point connects under security profiles 1-3
  (HTTP Basic authentication, TLS with the server certificate, mutual TLS), that it takes a new password and a
  higher security profile and reconnects with them, refuses a lower profile, and refuses and reports a Central
  System whose certificate it cannot trust.

  @ocpp16 @TC_073_CS @security @sut:station @fault:silent @fault:password-change-not-applied @requires:sp1
  Scenario: Update Charge Point Password for HTTP Basic Authentication
    Given the security profile is 1
    And the station is booted
    When the CSMS changes the station's AuthorizationKey to "EvcNewPassword456789"
    Then the station responds with status "Accepted"
    And the station reconnects on a new connection
    And the station authenticated with HTTP Basic authentication

  @ocpp16 @TC_083_CS @security @sut:station @fault:silent @fault:security-profile-upgrade-not-applied @requires:sp1 @requires:sp2
  Scenario: Upgrade security profile
    Given the security profile is 1
    And the station is booted
    When the CSMS installs the "root CA" test certificate as CentralSystemRootCertificate
    Then the station responds with status "Accepted"
    When the CSMS sends ChangeConfiguration with:
      | field | value           |
      | key   | SecurityProfile |
      | value | "2"             |
    Then the station responds with status "Accepted"
    When the CSMS endpoint switches to security profile 2
    Then the station reconnects on a new connection
    And the connection is secured with TLS 1.2 or newer
    And the station authenticated with HTTP Basic authentication

  @ocpp16 @TC_084_CS @security @sut:station @fault:silent @fault:security-profile-downgrade-accepted @requires:sp2
  Scenario: Downgrade security profile - Rejected
    Given the security profile is 2
    And the station is booted
    When the CSMS sends ChangeConfiguration with:
      | field | value           |
      | key   | SecurityProfile |
      | value | "1"             |
    Then the station responds with status "Rejected"
    When the CSMS sends GetConfiguration with:
      | field | value               |
      | key   | ["SecurityProfile"] |
    Then the station responds with:
      | field                     | value           |
      | configurationKey[0].key   | SecurityProfile |
      | configurationKey[0].value | "2"             |
    And the connection is secured with TLS 1.2 or newer

  @ocpp16 @TC_085_CS @security @sut:station @fault:no-status-notification @requires:sp1
  Scenario: Basic Authentication - Valid username/password combination
    Given the security profile is 1
    When the station is booted
    Then the station authenticated with HTTP Basic authentication

  @ocpp16 @TC_086_CS @security @sut:station @fault:no-status-notification @requires:sp2
  Scenario: TLS - server-side certificate - Valid certificate
    Given the security profile is 2
    When the station is booted
    Then the connection is secured with TLS 1.2 or newer
    And the station authenticated with HTTP Basic authentication

  @ocpp16 @TC_087_CS @security @sut:station @fault:no-status-notification @requires:sp3
  Scenario: TLS - Client-side certificate - valid certificate
    Given the security profile is 3
    When the station is booted
    Then the connection is secured with TLS 1.2 or newer
    And the station presented its client certificate

  @ocpp16 @TC_078_CS @security @sut:station @fault:accepts-bad-csms-cert @requires:sp2
  Scenario: Invalid CentralSystemCertificate Security Event
    Given the security profile is 2
    And the station is booted
    When the CSMS endpoint presents a server certificate the station does not trust
    Then the station does not connect within 1 second
    When the CSMS endpoint presents its valid server certificate again
    Then the station reconnects on a new connection
    And the station sends SecurityEventNotification with:
      | field | value                           |
      | type  | InvalidCentralSystemCertificate |

@ocpp16 @security @connection-security @sut:csms
Feature: Connection security of a central system under test (OCPP-J, security profiles 1–3)
  The CSMS must refuse what it must not accept, whatever happens to the station it trusts: an unknown
  identity (HTTP 404), wrong or missing Basic credentials, client certificates that do not chain to its CA
  or have expired, and TLS below 1.2. Each check makes a real connection attempt.

  @fault:no-404-for-unknown-identity
  Scenario: An unknown charging station identity is refused with HTTP 404
    Given the station is booted
    Then the CSMS refuses a connection with an unknown identity

  @fault:accepts-bad-password
  Scenario Outline: Wrong or missing Basic-auth credentials are refused (security profile <sp>)
    Given the security profile is <sp>
    And the station is booted
    Then the CSMS refuses a connection with a wrong password
    And the CSMS refuses a connection with no password

    @requires:sp1
    Examples:
      | sp |
      | 1  |

    @requires:sp2
    Examples:
      | sp |
      | 2  |

  @fault:accepts-untrusted-client-cert @requires:sp3
  Scenario: Client certificates that are untrusted or missing are refused (security profile 3)
    Given the security profile is 3
    And the station is booted
    Then the CSMS refuses a connection with an untrusted client certificate
    And the CSMS refuses a connection with no client certificate

  @fault:accepts-tls11 @fault:serves-plain-ws
  Scenario Outline: TLS 1.1 is refused (security profile <sp>)
    Given the security profile is <sp>
    And the station is booted
    Then the CSMS refuses a connection with TLS 1.1

    @requires:sp2
    Examples:
      | sp |
      | 2  |

    @requires:sp3
    Examples:
      | sp |
      | 3  |

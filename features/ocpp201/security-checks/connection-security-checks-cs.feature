@ocpp201 @block:A @connection-security @sut:station
Feature: Connection security of a charging station under test (OCPP-J, security profiles 2–3)
  The station must validate the CSMS's server certificate (chain to its trusted root, validity, host name)
  and refuse TLS below 1.2: it must not open an OCPP connection to a CSMS that fails any of these.

  @fault:accepts-bad-csms-cert
  Scenario Outline: The station refuses a CSMS presenting <certificate> (security profile <sp>)
    Given the security profile is <sp>
    And the CSMS presents <certificate>
    When the station connects to the CSMS
    Then the station refuses to open an OCPP connection within 8 seconds

    @requires:sp2
    @requires:sp2
    Examples:
      | sp | certificate                                |
      | 2  | an expired server certificate              |
      | 2  | a server certificate for another host name |
      | 2  | a server certificate from an untrusted root |

    @requires:sp3
    @requires:sp3
    Examples:
      | sp | certificate                                |
      | 3  | a server certificate from an untrusted root |

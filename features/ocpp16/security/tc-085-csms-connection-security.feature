@ocpp16 @security @sut:csms
Feature: Security - securing the connection (central system under test)
  The station connects with each security profile the central system supports: HTTP Basic authentication
  (profile 1), TLS with a server certificate (profile 2) and mutual TLS (profile 3). The central system
  completes the handshake with the ocpp1.6 subprotocol and accepts the station's boot.

  @TC_085_CSMS @requires:sp1 @fault:no-subprotocol @fault:boot-rejected
  Scenario: Basic Authentication - Valid username/password combination
    Given the security profile is 1
    When the station connects to the CSMS
    Then the station is booted

  @TC_086_CSMS @requires:sp2 @fault:no-subprotocol @fault:boot-rejected @fault:serves-plain-ws @fault:non-ocpp-tls-cipher
  Scenario: TLS - server-side certificate - Valid certificate
    Given the security profile is 2
    When the station connects to the CSMS
    Then the station is booted

  @TC_087_CSMS @requires:sp3 @fault:no-subprotocol @fault:boot-pending-forever @fault:serves-plain-ws
  Scenario: TLS - Client-side certificate - valid certificate
    Given the security profile is 3
    When the station connects to the CSMS
    Then the station is booted

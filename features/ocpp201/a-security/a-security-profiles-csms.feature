@ocpp201 @block:A @core @sut:csms
Feature: A00-A02 Securing the connection (CSMS under test)
  The station connects with HTTP Basic authentication (security profile 1) or over TLS with a server-side
  certificate (profile 2). The CSMS lets in only its known station with the right password and refuses any
  other credentials at the WebSocket upgrade; it refuses TLS versions below 1.2. The operator can change the
  station's Basic password through the device model.

  @TC_A_01_CSMS @fault:boot-rejected @fault:silent
  Scenario: Basic Authentication - Valid username/password combination
    Given the security profile is 1
    When the station connects to the CSMS
    Then the station is booted

  @TC_A_02_CSMS @fault:accepts-bad-password
  Scenario: Basic Authentication - Username does not equal ChargingStationId
    Given the security profile is 1
    When the station connects to the CSMS
    Then the CSMS refuses a connection of the station with username "EVC-SOMEONE-ELSE" and its valid password

  @TC_A_03_CSMS @fault:accepts-bad-password
  Scenario: Basic Authentication - Invalid password
    Given the security profile is 1
    When the station connects to the CSMS
    Then the CSMS refuses a connection of the station with password "NotTheRightPassword01"

  @TC_A_04_CSMS @fault:boot-rejected @fault:boot-pending-forever @fault:serves-plain-ws @fault:non-ocpp-tls-cipher
  Scenario: TLS - server-side certificate - Valid certificate
    Given the security profile is 2
    When the station connects to the CSMS
    Then the station is booted

  @TC_A_06_CSMS @fault:accepts-tls11 @fault:serves-plain-ws
  Scenario: TLS - server-side certificate - TLS version too low
    Given the security profile is 2
    When the station connects to the CSMS
    Then the CSMS refuses a TLS handshake of at most TLS 1.1

  @TC_A_10_CSMS @fault:second-concurrent-call @fault:accepts-bad-password @fault:password-changed-despite-rejected
  Scenario: Update Charging Station Password for HTTP Basic Authentication - Rejected
    Given the security profile is 1
    And the station is booted
    And the station will answer SetVariables with:
      | field                                 | value             |
      | setVariableResult[0].attributeStatus  | Rejected          |
      | setVariableResult[0].component.name   | SecurityCtrlr     |
      | setVariableResult[0].variable.name    | BasicAuthPassword |
    When the CSMS is asked to change the basic auth password
    Then the CSMS sends SetVariables with:
      | field                             | value             |
      | setVariableData[0].component.name | SecurityCtrlr     |
      | setVariableData[0].variable.name  | BasicAuthPassword |
      | setVariableData[0].attributeValue | /^.{16,40}$/      |
    And the message field "setVariableData[0].attributeValue" is remembered as "newPassword"
    # the station kept its password: the CSMS must go on accepting the old one and nothing else
    When the station drops its connection to the CSMS
    And the station opens a new connection to the CSMS
    And the station sends Heartbeat
    Then the CSMS responds with:
      | field       | value    |
      | currentTime | <now±4s> |
    And the CSMS refuses a connection of the station with password "${newPassword}"

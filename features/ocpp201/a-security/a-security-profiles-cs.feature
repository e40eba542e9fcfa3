Feature: Security profiles, HTTP Basic password and TLS of the charging station (A00-A05, charging station under test)
  The harness plays the CSMS. Under security profile 1 the station authenticates its WebSocket upgrade with HTTP
  Basic identity:password; under profile 2 it also requires TLS 1.2 or newer and a CSMS certificate it can
  verify: it refuses an untrusted one, and reports it with an InvalidCsmsCertificate security event once it is
  connected again. A new BasicAuthPassword is used from the next connection on; an invalid one is Rejected. A
  network profile may raise the security profile (with a CSMS root certificate installed), never lower it.

  @ocpp201 @TC_A_01_CS @block:A @core @sut:station @fault:status-notification-missing @requires:sp1
  Scenario: Basic Authentication - Valid username/password combination
    Given the security profile is 1
    When the station is booted
    Then the station authenticated with HTTP Basic authentication

  @ocpp201 @TC_A_04_CS @block:A @core @sut:station @fault:status-notification-missing @requires:sp2
  Scenario: TLS - server-side certificate - Valid certificate
    Given the security profile is 2
    When the station is booted
    Then the connection is secured with TLS 1.2 or newer
    And the station authenticated with HTTP Basic authentication

  @ocpp201 @TC_A_05_CS @block:A @core @sut:station @fault:accepts-bad-csms-cert @fault:no-security-event-on-bad-cert @requires:sp2
  Scenario: TLS - server-side certificate - Invalid certificate
    Given the security profile is 2
    And the station is booted
    When the CSMS endpoint presents a server certificate the station does not trust
    Then the station does not connect within 1 second
    When the CSMS endpoint presents its valid server certificate again
    Then the station reconnects on a new connection
    And the station sends SecurityEventNotification with:
      | field     | value                  |
      | type      | InvalidCsmsCertificate |
      | timestamp | <now±4s>               |

  @ocpp201 @TC_A_06_CS @block:A @core @sut:station @fault:accepts-tls11 @requires:sp2
  Scenario: TLS - server-side certificate - TLS version too low
    Given the security profile is 2
    And the CSMS presents only TLS 1.1
    When the station connects to the CSMS
    Then the station aborts the TLS handshake and stays unconnected for 1 second

  @ocpp201 @TC_A_09_CS @block:A @core @sut:station @fault:silent @fault:password-change-ignored @requires:sp1
  Scenario: Update Charging Station Password for HTTP Basic Authentication - Accepted
    Given the security profile is 1
    And the station is booted
    When the CSMS sets the station's BasicAuthPassword to "EvcNewPassword456789"
    Then the station responds with:
      | field                                | value             |
      | setVariableResult[0].attributeStatus | Accepted          |
      | setVariableResult[0].variable.name   | BasicAuthPassword |
    And the station reconnects on a new connection
    And the station authenticated with HTTP Basic authentication

  @ocpp201 @TC_A_10_CS @block:A @core @sut:station @fault:silent @fault:short-password-accepted @requires:sp1
  Scenario: Update Charging Station Password for HTTP Basic Authentication - Rejected
    Given the security profile is 1
    And the station is booted
    When the CSMS sends SetVariables with:
      | field                             | value             |
      | setVariableData[0].component.name | SecurityCtrlr     |
      | setVariableData[0].variable.name  | BasicAuthPassword |
      | setVariableData[0].attributeValue | short             |
    Then the station responds with:
      | field                                | value    |
      | setVariableResult[0].attributeStatus | Rejected |
    And the station does not send BootNotification within 500 ms
    When the CSMS sends GetVariables with:
      | field                             | value             |
      | getVariableData[0].component.name | OCPPCommCtrlr     |
      | getVariableData[0].variable.name  | HeartbeatInterval |
    Then the station responds with:
      | field                                | value    |
      | getVariableResult[0].attributeStatus | Accepted |
    And the station authenticated with HTTP Basic authentication

  @ocpp201 @TC_A_19_CS @block:A @core @sut:station @fault:silent @fault:network-priority-ignored @requires:sp1 @requires:sp2
  Scenario: Upgrade Charging Station Security Profile - Accepted
    Given the security profile is 1
    And the station is booted
    When the CSMS installs the "root CA" test certificate as CSMSRootCertificate
    Then the station responds with status "Accepted"
    Given the current CSMS URL at security profile 2 is remembered as "sp2Url"
    When the CSMS sends SetNetworkProfile with:
      | field                          | value     |
      | configurationSlot              | 1         |
      | connectionData.ocppVersion     | OCPP20    |
      | connectionData.ocppTransport   | JSON      |
      | connectionData.ocppCsmsUrl     | ${sp2Url} |
      | connectionData.messageTimeout  | 30        |
      | connectionData.securityProfile | 2         |
      | connectionData.ocppInterface   | Wired0    |
    Then the station responds with status "Accepted"
    When the CSMS sends SetVariables with:
      | field                             | value                        |
      | setVariableData[0].component.name | OCPPCommCtrlr                |
      | setVariableData[0].variable.name  | NetworkConfigurationPriority |
      | setVariableData[0].attributeValue | "1"                          |
    Then the station responds with:
      | field                                | value          |
      | setVariableResult[0].attributeStatus | RebootRequired |
    When the CSMS sends Reset with:
      | field | value     |
      | type  | Immediate |
    Then the station responds with status "Accepted"
    When the CSMS endpoint switches to security profile 2
    Then the station reboots with BootNotification reason "RemoteReset"
    And the connection is secured with TLS 1.2 or newer
    And the station authenticated with HTTP Basic authentication
    When the CSMS sends GetVariables with:
      | field                             | value           |
      | getVariableData[0].component.name | SecurityCtrlr   |
      | getVariableData[0].variable.name  | SecurityProfile |
    Then the station responds with:
      | field                               | value |
      | getVariableResult[0].attributeValue | "2"   |

  @ocpp201 @TC_A_20_CS @block:A @core @sut:station @fault:silent @fault:tls-without-csms-root-accepted @requires:sp1 @requires:sp2
  Scenario: Upgrade Charging Station Security Profile - No valid CSMSRootCertificate installed
    Given the security profile is 1
    And the station is booted
    And the current CSMS URL at security profile 2 is remembered as "sp2Url"
    When the CSMS sends SetNetworkProfile with:
      | field                          | value     |
      | configurationSlot              | 1         |
      | connectionData.ocppVersion     | OCPP20    |
      | connectionData.ocppTransport   | JSON      |
      | connectionData.ocppCsmsUrl     | ${sp2Url} |
      | connectionData.messageTimeout  | 30        |
      | connectionData.securityProfile | 2         |
      | connectionData.ocppInterface   | Wired0    |
    Then the station responds with status "Rejected"

  @ocpp201 @TC_A_22_CS @block:A @core @sut:station @fault:silent @fault:security-downgrade-accepted @requires:sp1 @requires:sp2
  Scenario: Upgrade Charging Station Security Profile - Downgrade security profile - Rejected
    Given the security profile is 2
    And the station is booted
    And the current CSMS URL at security profile 1 is remembered as "sp1Url"
    When the CSMS sends SetNetworkProfile with:
      | field                          | value     |
      | configurationSlot              | 1         |
      | connectionData.ocppVersion     | OCPP20    |
      | connectionData.ocppTransport   | JSON      |
      | connectionData.ocppCsmsUrl     | ${sp1Url} |
      | connectionData.messageTimeout  | 30        |
      | connectionData.securityProfile | 1         |
      | connectionData.ocppInterface   | Wired0    |
    Then the station responds with status "Rejected"
    When the CSMS sends GetVariables with:
      | field                             | value           |
      | getVariableData[0].component.name | SecurityCtrlr   |
      | getVariableData[0].variable.name  | SecurityProfile |
    Then the station responds with:
      | field                               | value |
      | getVariableResult[0].attributeValue | "2"   |

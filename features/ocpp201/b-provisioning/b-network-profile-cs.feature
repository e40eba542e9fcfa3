Feature: Network connection profiles (B09-B10, charging station under test)
  The harness plays the CSMS. SetNetworkProfile stores connection data in a configuration slot; a slot the
  station cannot use is Rejected. After NetworkConfigurationPriority is changed (RebootRequired) and the
  station is reset, it connects with the first profile of the list: to a new CSMS endpoint, over TLS with the
  same or a newly installed CSMS root certificate. When the first profile cannot be reached, it falls back to
  the next one of the list.

  @ocpp201 @TC_B_43_CS @block:B @core @sut:station @fault:silent @fault:network-profile-any-slot-accepted
  Scenario: Set new NetworkConnectionProfile - Rejected
    Given the station is booted
    And the current CSMS URL at security profile 0 is remembered as "url"
    When the CSMS sends SetNetworkProfile with:
      | field                         | value  |
      | configurationSlot             | 9      |
      | connectionData.ocppVersion    | OCPP20 |
      | connectionData.ocppTransport  | JSON   |
      | connectionData.ocppCsmsUrl    | ${url} |
      | connectionData.messageTimeout | 30     |
      | connectionData.securityProfile | 0     |
      | connectionData.ocppInterface  | Wired0 |
    Then the station responds with status "Rejected"

  @ocpp201 @TC_B_45_CS @block:B @core @sut:station @fault:silent @fault:network-priority-ignored @requires:sp2
  Scenario: Migrate to new ConnectionProfile - Success - Same CSMS Root
    Given the security profile is 2
    And the station is booted
    And a second CSMS endpoint with security profile 2 and the same CSMS root is started, its URL remembered as "newUrl"
    When the CSMS sends SetNetworkProfile with:
      | field                          | value     |
      | configurationSlot              | 1         |
      | connectionData.ocppVersion     | OCPP20    |
      | connectionData.ocppTransport   | JSON      |
      | connectionData.ocppCsmsUrl     | ${newUrl} |
      | connectionData.messageTimeout  | 30        |
      | connectionData.securityProfile | 2         |
      | connectionData.ocppInterface   | Wired0    |
    Then the station responds with status "Accepted"
    When the CSMS sends SetVariables with:
      | field                             | value                        |
      | setVariableData[0].component.name | OCPPCommCtrlr                |
      | setVariableData[0].variable.name  | NetworkConfigurationPriority |
      | setVariableData[0].attributeValue | 1,0                          |
    Then the station responds with:
      | field                                | value          |
      | setVariableResult[0].attributeStatus | RebootRequired |
    When the CSMS sends Reset with:
      | field | value     |
      | type  | Immediate |
    Then the station responds with status "Accepted"
    And the station connects to the second CSMS endpoint
    And the station sends BootNotification as its first message with:
      | field  | value       |
      | reason | RemoteReset |
    And the connection is secured with TLS 1.2 or newer
    And the station authenticated with HTTP Basic authentication

  @ocpp201 @TC_B_46_CS @block:B @core @sut:station @fault:silent @fault:no-network-fallback @requires:sp2
  Scenario: Migrate to new ConnectionProfile - Fallback mechanism - Same CSMS Root
    Given the security profile is 2
    And the station is booted
    And an unreachable CSMS URL is remembered as "deadUrl"
    When the CSMS sends SetNetworkProfile with:
      | field                          | value      |
      | configurationSlot              | 1          |
      | connectionData.ocppVersion     | OCPP20     |
      | connectionData.ocppTransport   | JSON       |
      | connectionData.ocppCsmsUrl     | ${deadUrl} |
      | connectionData.messageTimeout  | 30         |
      | connectionData.securityProfile | 2          |
      | connectionData.ocppInterface   | Wired0     |
    Then the station responds with status "Accepted"
    When the CSMS sends SetVariables with:
      | field                             | value                            |
      | setVariableData[0].component.name | OCPPCommCtrlr                    |
      | setVariableData[0].variable.name  | NetworkProfileConnectionAttempts |
      | setVariableData[0].attributeValue | "2"                              |
      | setVariableData[1].component.name | OCPPCommCtrlr                    |
      | setVariableData[1].variable.name  | NetworkConfigurationPriority     |
      | setVariableData[1].attributeValue | 1,0                              |
    Then the station responds with:
      | field                                | value          |
      | setVariableResult[0].attributeStatus | Accepted       |
      | setVariableResult[1].attributeStatus | RebootRequired |
    When the CSMS sends Reset with:
      | field | value     |
      | type  | Immediate |
    Then the station responds with status "Accepted"
    And the station reboots with BootNotification reason "RemoteReset"
    And the connection is secured with TLS 1.2 or newer

  @ocpp201 @TC_B_50_CS @block:B @core @sut:station @fault:silent @fault:network-priority-ignored @requires:sp2
  Scenario: Migrate to new ConnectionProfile - Success - New CSMS Root - New CSMS
    Given the security profile is 2
    And the station is booted
    And a second CSMS endpoint with security profile 2 and a new CSMS root is started, its URL remembered as "newUrl"
    When the CSMS installs the "other root CA" test certificate as CSMSRootCertificate
    Then the station responds with status "Accepted"
    When the CSMS sends SetNetworkProfile with:
      | field                          | value     |
      | configurationSlot              | 1         |
      | connectionData.ocppVersion     | OCPP20    |
      | connectionData.ocppTransport   | JSON      |
      | connectionData.ocppCsmsUrl     | ${newUrl} |
      | connectionData.messageTimeout  | 30        |
      | connectionData.securityProfile | 2         |
      | connectionData.ocppInterface   | Wired0    |
    Then the station responds with status "Accepted"
    When the CSMS sends SetVariables with:
      | field                             | value                        |
      | setVariableData[0].component.name | OCPPCommCtrlr                |
      | setVariableData[0].variable.name  | NetworkConfigurationPriority |
      | setVariableData[0].attributeValue | 1,0                          |
    Then the station responds with:
      | field                                | value          |
      | setVariableResult[0].attributeStatus | RebootRequired |
    When the CSMS sends Reset with:
      | field | value     |
      | type  | Immediate |
    Then the station responds with status "Accepted"
    And the station connects to the second CSMS endpoint
    And the station sends BootNotification as its first message with:
      | field  | value       |
      | reason | RemoteReset |
    And the connection is secured with TLS 1.2 or newer

  @ocpp201 @TC_B_47_CS @block:B @core @sut:station @fault:silent @fault:network-priority-ignored @requires:sp2
  Scenario: Migrate to new ConnectionProfile - Fallback after NetworkProfileConnectionAttempts per
    Given the security profile is 2
    And the station is booted
    And a second CSMS endpoint with security profile 2 and the same CSMS root is started, its URL remembered as "newUrl"
    When the CSMS sends SetNetworkProfile with:
      | field                          | value     |
      | configurationSlot              | 1         |
      | connectionData.ocppVersion     | OCPP20    |
      | connectionData.ocppTransport   | JSON      |
      | connectionData.ocppCsmsUrl     | ${newUrl} |
      | connectionData.messageTimeout  | 30        |
      | connectionData.securityProfile | 2         |
      | connectionData.ocppInterface   | Wired0    |
    Then the station responds with status "Accepted"
    When the CSMS sends SetVariables with:
      | field                             | value                            |
      | setVariableData[0].component.name | OCPPCommCtrlr                    |
      | setVariableData[0].variable.name  | NetworkProfileConnectionAttempts |
      | setVariableData[0].attributeValue | "2"                              |
      | setVariableData[1].component.name | OCPPCommCtrlr                    |
      | setVariableData[1].variable.name  | NetworkConfigurationPriority     |
      | setVariableData[1].attributeValue | 1,0                              |
    Then the station responds with:
      | field                                | value          |
      | setVariableResult[0].attributeStatus | Accepted       |
      | setVariableResult[1].attributeStatus | RebootRequired |
    When the CSMS sends Reset with:
      | field | value     |
      | type  | Immediate |
    Then the station responds with status "Accepted"
    And the station connects to the second CSMS endpoint
    And the station sends BootNotification as its first message with:
      | field  | value       |
      | reason | RemoteReset |
    When the second CSMS endpoint goes down
    Then the station reconnects on a new connection
    And the connection is secured with TLS 1.2 or newer
    When the CSMS sends GetVariables with:
      | field                             | value             |
      | getVariableData[0].component.name | OCPPCommCtrlr     |
      | getVariableData[0].variable.name  | HeartbeatInterval |
    Then the station responds with:
      | field                                | value    |
      | getVariableResult[0].attributeStatus | Accepted |

@ocpp201 @block:B @core @sut:csms
Feature: B09 Set a new network connection profile (CSMS under test)
  The operator gives the station a new network connection profile. The CSMS sends SetNetworkProfile with a
  configuration slot and complete connection data; the station accepts it or reports that it failed.

  @TC_B_42_CSMS @fault:second-concurrent-call @fault:network-profile-wrong-slot
  Scenario: Set new NetworkConnectionProfile - Accepted
    Given the station is booted
    When the CSMS is asked to set a network profile and make it preferred with:
      | field             | value                       |
      | configurationSlot | 2                           |
      | ocppCsmsUrl       | wss://csms.example.com/ocpp |
      | securityProfile   | 2                           |
      | ocppInterface     | Wired0                      |
    Then the CSMS sends SetNetworkProfile with:
      | field                          | value                       |
      | configurationSlot              | 2                           |
      | connectionData.ocppVersion     | OCPP20                      |
      | connectionData.ocppTransport   | JSON                        |
      | connectionData.ocppCsmsUrl     | wss://csms.example.com/ocpp |
      | connectionData.messageTimeout  | <integer>                   |
      | connectionData.securityProfile | 2                           |
      | connectionData.ocppInterface   | Wired0                      |
    Then the CSMS sends SetVariables with:
      | field                             | value                        |
      | setVariableData[0].component.name | OCPPCommCtrlr                |
      | setVariableData[0].variable.name  | NetworkConfigurationPriority |
      | setVariableData[0].attributeValue | /^2(,\d+)*$/                 |

  @TC_B_44_CSMS @fault:second-concurrent-call @fault:network-priority-after-failed
  Scenario: Set new NetworkConnectionProfile - Failed
    Given the station is booted
    And the station will answer SetNetworkProfile with:
      | field  | value  |
      | status | Failed |
    When the CSMS is asked to set a network profile and make it preferred with:
      | field             | value                       |
      | configurationSlot | 2                           |
      | ocppCsmsUrl       | wss://csms.example.com/ocpp |
      | securityProfile   | 2                           |
      | ocppInterface     | Wired0                      |
    Then the CSMS sends SetNetworkProfile with:
      | field                        | value                       |
      | configurationSlot            | 2                           |
      | connectionData.ocppCsmsUrl   | wss://csms.example.com/ocpp |
    # the profile was not stored: the CSMS must not make it the preferred one
    And the CSMS does not send SetVariables within 1 second

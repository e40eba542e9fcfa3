Feature: Local Authorization List - charge point under test
  The harness plays the Central System. It reads and replaces the charge point's local authorization list
  and checks the version bookkeeping, the refusals the profile defines, and that an id on the list starts a
  session without asking the Central System first.

  @ocpp16 @TC_042_1_CS @local-auth-list @sut:station @fault:silent @fault:local-list-enabled-ignored
  Scenario: Get Local List Version (not supported)
    Given the station is booted
    And the station has configuration "LocalAuthListEnabled" set to "false"
    When the CSMS sends GetLocalListVersion
    Then the station responds with:
      | field       | value |
      | listVersion | -1    |

  @ocpp16 @TC_042_2_CS @local-auth-list @sut:station @fault:rejects-valid-local-list
  Scenario: Get Local List Version (empty)
    Given the station is booted
    When the CSMS sends SendLocalList with:
      | field       | value |
      | listVersion | 1     |
      | updateType  | Full  |
    Then the station responds with status "Accepted"
    When the CSMS sends GetLocalListVersion
    Then the station responds with:
      | field       | value |
      | listVersion | 0     |

  @ocpp16 @TC_043_CS @local-auth-list @sut:station @fault:rejects-valid-local-list
  Scenario: Send Local Authorization List
    Given the station is booted
    When the CSMS sends SendLocalList with:
      | field                  | value                                                                                                                  |
      | listVersion            | 1                                                                                                                      |
      | updateType             | Full                                                                                                                   |
      | localAuthorizationList | [{"idTag":"${idTag.valid}","idTagInfo":{"status":"Accepted"}},{"idTag":"${idTag.blocked}","idTagInfo":{"status":"Blocked"}}] |
    Then the station responds with status "Accepted"
    When the CSMS sends GetLocalListVersion
    Then the station responds with:
      | field       | value |
      | listVersion | 1     |
    When the CSMS sends SendLocalList with:
      | field                  | value                                                                                 |
      | listVersion            | 2                                                                                     |
      | updateType             | Differential                                                                          |
      | localAuthorizationList | [{"idTag":"${idTag.valid2}","idTagInfo":{"status":"Accepted"}},{"idTag":"${idTag.blocked}"}] |
    Then the station responds with status "Accepted"
    When the CSMS sends GetLocalListVersion
    Then the station responds with:
      | field       | value |
      | listVersion | 2     |

  @ocpp16 @TC_043_1_CS @local-auth-list @sut:station @fault:silent @fault:local-list-enabled-ignored
  Scenario: Send Local Authorization List - NotSupported
    Given the station is booted
    And the station has configuration "LocalAuthListEnabled" set to "false"
    When the CSMS sends SendLocalList with:
      | field                  | value                                                         |
      | listVersion            | 1                                                             |
      | updateType             | Full                                                          |
      | localAuthorizationList | [{"idTag":"${idTag.valid}","idTagInfo":{"status":"Accepted"}}] |
    Then the station responds with status "NotSupported"

  @ocpp16 @TC_043_2_CS @local-auth-list @sut:station @fault:rejects-valid-local-list
  Scenario: Send Local Authorization List - VersionMismatch
    Given the station is booted
    When the CSMS sends SendLocalList with:
      | field                  | value                                                         |
      | listVersion            | 5                                                             |
      | updateType             | Full                                                          |
      | localAuthorizationList | [{"idTag":"${idTag.valid}","idTagInfo":{"status":"Accepted"}}] |
    Then the station responds with status "Accepted"
    When the CSMS sends SendLocalList with:
      | field                  | value                                                         |
      | listVersion            | 3                                                             |
      | updateType             | Differential                                                  |
      | localAuthorizationList | [{"idTag":"${idTag.valid2}","idTagInfo":{"status":"Accepted"}}] |
    Then the station responds with status "VersionMismatch"
    When the CSMS sends GetLocalListVersion
    Then the station responds with:
      | field       | value |
      | listVersion | 5     |

  @ocpp16 @TC_043_3_CS @local-auth-list @sut:station @fault:silent @fault:local-list-max-length-ignored
  Scenario: Send Local Authorization List - Failed
    Given the station is booted
    When the CSMS sends a Full SendLocalList longer than the station's SendLocalListMaxLength
    Then the station responds with status "Failed"

  @ocpp16 @TC_008_CS @local-auth-list @sut:station @fault:rejects-valid-local-list
  Scenario: Regular Start Charging Session – Id in Local Authorization List
    Given the station is booted
    And the station has configuration "LocalPreAuthorize" set to "true"
    When the CSMS sends SendLocalList with:
      | field                  | value                                                         |
      | listVersion            | 1                                                             |
      | updateType             | Full                                                          |
      | localAuthorizationList | [{"idTag":"${idTag.valid}","idTagInfo":{"status":"Accepted"}}] |
    Then the station responds with status "Accepted"
    When the EV is plugged in at connector 1
    Then the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends in any order:
      | action             | connectorId | idTag         | status   |
      | StartTransaction   | 1           | ${idTag.valid} |          |
      | StatusNotification | 1           |               | Charging |
    And the station does not send Authorize within 1 second

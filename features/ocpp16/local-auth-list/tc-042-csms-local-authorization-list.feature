@ocpp16 @local-auth-list @sut:csms
Feature: Local Authorization List (central system under test)
  The central system reads the version of the station's local list and sends it full and differential
  updates, and copes with a station that does not support, or fails to store, the list.

  @TC_042_1_CSMS @fault:local-list-version-from-configuration @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Get Local List Version (not supported)
    Given the station is booted
    # A station without local list support answers listVersion -1.
    And the station will answer GetLocalListVersion with:
      | field       | value |
      | listVersion | -1    |
    When the CSMS is asked to get the local list version
    Then the CSMS sends GetLocalListVersion

  @TC_042_2_CSMS @fault:local-list-version-from-configuration @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Get Local List Version (empty)
    Given the station is booted
    And the station will answer GetLocalListVersion with:
      | field       | value |
      | listVersion | 0     |
    When the CSMS is asked to get the local list version
    Then the CSMS sends GetLocalListVersion

  @TC_043_1_CSMS @fault:local-list-without-id-tag-info @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Send Local Authorization List - NotSupported
    Given the station is booted
    And the station will answer SendLocalList with:
      | field  | value        |
      | status | NotSupported |
    When the CSMS is asked to send a local authorization list with:
      | field      | value |
      | updateType | Full |
      | idTags     | ["${idTag.valid}"] |
    Then the CSMS sends SendLocalList with:
      | field                                      | value          |
      | listVersion                                | >= 1           |
      | updateType                                 | Full           |
      | localAuthorizationList[0].idTag            | ${idTag.valid} |
      | localAuthorizationList[0].idTagInfo.status | Accepted       |

  @TC_043_3_CSMS @fault:local-list-without-id-tag-info @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Send Local Authorization List - Failed
    Given the station is booted
    And the station will answer SendLocalList with:
      | field  | value  |
      | status | Failed |
    When the CSMS is asked to send a local authorization list with:
      | field      | value |
      | updateType | Full |
      | idTags     | ["${idTag.valid}"] |
    Then the CSMS sends SendLocalList with:
      | field                                      | value          |
      | listVersion                                | >= 1           |
      | updateType                                 | Full           |
      | localAuthorizationList[0].idTag            | ${idTag.valid} |
      | localAuthorizationList[0].idTagInfo.status | Accepted       |

  @TC_043_4_CSMS @fault:local-list-without-id-tag-info @fault:local-list-version-from-configuration @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Send Local Authorization List - Full
    Given the station is booted
    When the CSMS is asked to send a local authorization list with:
      | field      | value |
      | updateType | Full |
      | idTags     | ["${idTag.valid}","${idTag.blocked}"] |
    Then the CSMS sends SendLocalList with:
      | field                                      | value          |
      | listVersion                                | >= 1           |
      | updateType                                 | Full           |
      | localAuthorizationList[0].idTag            | ${idTag.valid}  |
      | localAuthorizationList[0].idTagInfo.status | Accepted       |
      | localAuthorizationList[1].idTag            | ${idTag.blocked} |
      | localAuthorizationList[1].idTagInfo.status | Blocked        |
    When the CSMS is asked to get the local list version
    Then the CSMS sends GetLocalListVersion

  @TC_043_5_CSMS @fault:local-list-version-not-incremented @fault:local-list-without-id-tag-info @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Send Local Authorization List - Differential
    Given the station is booted
    When the CSMS is asked to send a local authorization list with:
      | field      | value |
      | updateType | Full |
      | idTags     | ["${idTag.valid}"] |
    Then the CSMS sends SendLocalList with:
      | field                                      | value          |
      | listVersion                                | >= 1           |
      | updateType                                 | Full           |
      | localAuthorizationList[0].idTag            | ${idTag.valid} |
      | localAuthorizationList[0].idTagInfo.status | Accepted       |
    And the message field "listVersion" is remembered as "fullVersion"
    # The differential update (a new list version) adds one card and removes another (an entry without idTagInfo).
    When the CSMS is asked to send a local authorization list with:
      | field      | value |
      | updateType | Differential |
      | idTags     | ["${idTag.valid2}"] |
      | remove     | ["${idTag.valid}"] |
    Then the CSMS sends SendLocalList with:
      | field                                      | value         |
      | listVersion                                | not ${fullVersion} |
      | updateType                                 | Differential  |
      | localAuthorizationList[0].idTag            | ${idTag.valid2} |
      | localAuthorizationList[0].idTagInfo.status | Accepted      |
      | localAuthorizationList[1].idTag            | ${idTag.valid} |
      | localAuthorizationList[1].idTagInfo        | <absent>      |

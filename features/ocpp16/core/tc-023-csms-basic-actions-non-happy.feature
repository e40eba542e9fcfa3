@ocpp16 @core @sut:csms
Feature: Core Profile - Basic Actions Non-happy flow (central system under test)
  Cards the central system must not accept (unknown, expired, blocked) get the matching idTagInfo status,
  and a connector lock failure is reported to it as a fault.

  @TC_023_1_CSMS @fault:authorize-accepts-unknown @fault:silent
  Scenario: Start Charging Session – Authorize invalid
    Given the station is booted
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    When the station sends Authorize with:
      | field | value          |
      | idTag | ${idTag.unknown} |
    Then the CSMS responds with:
      | field            | value   |
      | idTagInfo.status | Invalid |

  @TC_023_2_CSMS @fault:ignores-expiry-date @fault:silent
  Scenario: Start Charging Session – Authorize expired
    Given the station is booted
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    When the station sends Authorize with:
      | field | value          |
      | idTag | ${idTag.expired} |
    Then the CSMS responds with:
      | field            | value   |
      | idTagInfo.status | Expired |

  @TC_023_3_CSMS @fault:blocked-reported-invalid @fault:sends-null-fields @fault:silent
  Scenario: Start Charging Session – Authorize blocked
    Given the station is booted
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    When the station sends Authorize with:
      | field | value          |
      | idTag | ${idTag.blocked} |
    Then the CSMS responds with:
      | field            | value   |
      | idTagInfo.status | Blocked |

  @TC_024_CSMS @fault:status-error-code-refused @fault:sends-null-fields @fault:silent
  Scenario: Start Charging Session Lock Failure
    Given the station is booted
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    When the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    Then the CSMS responds with:
      | field            | value    |
      | idTagInfo.status | Accepted |
    # The connector cannot be locked: no transaction starts, the station reports the fault instead.
    When the station reports connector 1 as "Faulted" with error code "ConnectorLockFailure"
    Then the CSMS confirms the StatusNotification

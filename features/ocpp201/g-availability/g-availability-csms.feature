@ocpp201 @block:G @core @sut:csms
Feature: G03-G04 Change availability of the station, an EVSE or a connector (CSMS under test)
  The operator takes the whole station, one EVSE or one connector out of service and back. The CSMS sends
  ChangeAvailability with the operational status and the right scope (no evse for the station, evse.id for an
  EVSE, evse.id with connectorId for a connector) and accepts the StatusNotifications that follow. With a
  transaction running the station schedules the change until the transaction has ended.

  @TC_G_03_CSMS @fault:second-concurrent-call @fault:silent @fault:availability-wrong-scope
  Scenario: Change Availability EVSE - Operative to inoperative
    Given the station is booted
    When the CSMS is asked to change availability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evseId            | 1           |
    Then the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | <absent>    |
    When the station reports EVSE 1 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification

  @TC_G_04_CSMS @fault:second-concurrent-call @fault:silent @fault:availability-wrong-scope
  Scenario: Change Availability EVSE - Inoperative to operative
    Given the station is booted
    When the station reports EVSE 1 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification
    When the CSMS is asked to change availability with:
      | field             | value     |
      | operationalStatus | Operative |
      | evseId            | 1         |
    Then the CSMS sends ChangeAvailability with:
      | field             | value     |
      | operationalStatus | Operative |
      | evse.id           | 1         |
      | evse.connectorId  | <absent>  |
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification

  @TC_G_05_CSMS @fault:second-concurrent-call @fault:silent @fault:availability-wrong-scope
  Scenario: Change Availability Charging Station - Operative to inoperative
    Given the station is booted
    When the CSMS is asked to change availability with:
      | field             | value       |
      | operationalStatus | Inoperative |
    Then the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evse              | <absent>    |
    When the station reports EVSE 1 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification
    When the station reports EVSE 2 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification

  @TC_G_06_CSMS @fault:second-concurrent-call @fault:silent @fault:availability-wrong-scope
  Scenario: Change Availability Charging Station - Inoperative to operative
    Given the station is booted
    When the station reports EVSE 1 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification
    When the station reports EVSE 2 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification
    When the CSMS is asked to change availability with:
      | field             | value     |
      | operationalStatus | Operative |
    Then the CSMS sends ChangeAvailability with:
      | field             | value     |
      | operationalStatus | Operative |
      | evse              | <absent>  |
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification
    When the station reports EVSE 2 as "Available"
    Then the CSMS acknowledges the StatusNotification

  @TC_G_07_CSMS @fault:second-concurrent-call @fault:silent @fault:availability-wrong-scope
  Scenario: Change Availability Connector - Operative to inoperative
    Given the station is booted
    When the CSMS is asked to change availability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evseId            | 1           |
      | connectorId       | 1           |
    Then the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    When the station reports EVSE 1 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification

  @TC_G_08_CSMS @fault:second-concurrent-call @fault:silent @fault:availability-wrong-scope
  Scenario: Change Availability Connector - Inoperative to operative
    Given the station is booted
    When the station reports EVSE 1 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification
    When the CSMS is asked to change availability with:
      | field             | value     |
      | operationalStatus | Operative |
      | evseId            | 1         |
      | connectorId       | 1         |
    Then the CSMS sends ChangeAvailability with:
      | field             | value     |
      | operationalStatus | Operative |
      | evse.id           | 1         |
      | evse.connectorId  | 1         |
    When the station reports EVSE 1 as "Available"
    Then the CSMS acknowledges the StatusNotification

  @TC_G_11_CSMS @fault:second-concurrent-call @fault:no-id-token-info @fault:availability-wrong-scope
  Scenario: Change Availability EVSE - With ongoing transaction
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    And the station will answer ChangeAvailability with:
      | field  | value     |
      | status | Scheduled |
    When the CSMS is asked to change availability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evseId            | 1           |
    Then the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.valid}  |
      | transactionInfo.stoppedReason | Local          |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station reports EVSE 1 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification

  @TC_G_14_CSMS @fault:second-concurrent-call @fault:no-id-token-info @fault:availability-wrong-scope
  Scenario: Change Availability Charging Station - With ongoing transaction
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    And the station will answer ChangeAvailability with:
      | field  | value     |
      | status | Scheduled |
    When the CSMS is asked to change availability with:
      | field             | value       |
      | operationalStatus | Inoperative |
    Then the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evse              | <absent>    |
    # the idle EVSE goes out of service at once, the busy one after its transaction
    When the station reports EVSE 2 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.valid}  |
      | transactionInfo.stoppedReason | Local          |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station reports EVSE 1 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification

  @TC_G_17_CSMS @fault:second-concurrent-call @fault:no-id-token-info @fault:availability-wrong-scope
  Scenario: Change Availability Connector - With ongoing transaction
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    And the station will answer ChangeAvailability with:
      | field  | value     |
      | status | Scheduled |
    When the CSMS is asked to change availability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evseId            | 1           |
      | connectorId       | 1           |
    Then the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                         | value          |
      | eventType                     | Ended          |
      | triggerReason                 | StopAuthorized |
      | idToken.idToken               | ${idTag.valid}  |
      | transactionInfo.stoppedReason | Local          |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station reports EVSE 1 as "Unavailable"
    Then the CSMS acknowledges the StatusNotification

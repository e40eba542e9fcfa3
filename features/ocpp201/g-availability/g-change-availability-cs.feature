@ocpp201 @block:G @core @sut:station
Feature: Availability (2.0.1) - ChangeAvailability of an EVSE, a connector and the whole station
  The harness plays the CSMS and sends ChangeAvailability. A change to a new state is Accepted and reported
  with StatusNotification for every connector it affects; a change to the current state is Accepted and
  reports nothing; making an EVSE in use Inoperative is Scheduled and takes effect when its transaction ends.

  @TC_G_03_CS @fault:ignores-change-availability @fault:status-notification-missing
  Scenario: Change Availability EVSE - Operative to inoperative
    Given the station is booted
    When the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field           | value       |
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
      | timestamp       | <now±4s>    |
    And the station does not send StatusNotification within 1 second

  @TC_G_04_CS @fault:ignores-change-availability @fault:status-notification-missing
  Scenario: Change Availability EVSE - Inoperative to operative
    Given the station is booted
    And EVSE 1 is unavailable
    When the CSMS sends ChangeAvailability with:
      | field             | value     |
      | operationalStatus | Operative |
      | evse.id           | 1         |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field           | value     |
      | evseId          | 1         |
      | connectorId     | 1         |
      | connectorStatus | Available |
      | timestamp       | <now±4s>  |

  @TC_G_05_CS @fault:ignores-change-availability @fault:status-notification-missing @requires:connectors-2
  Scenario: Change Availability Charging Station - Operative to inoperative
    Given the station is booted
    When the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
    Then the station responds with status "Accepted"
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus | timestamp |
      | StatusNotification | 1      | 1           | Unavailable     | <now±4s>  |
      | StatusNotification | 2      | 1           | Unavailable     | <now±4s>  |

  @TC_G_06_CS @fault:ignores-change-availability @fault:status-notification-missing @requires:connectors-2
  Scenario: Change Availability Charging Station - Inoperative to operative
    Given the station is booted
    And the whole charging station is unavailable
    When the CSMS sends ChangeAvailability with:
      | field             | value     |
      | operationalStatus | Operative |
    Then the station responds with status "Accepted"
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus | timestamp |
      | StatusNotification | 1      | 1           | Available       | <now±4s>  |
      | StatusNotification | 2      | 1           | Available       | <now±4s>  |

  @TC_G_07_CS @fault:ignores-change-availability @fault:connector-id-global @requires:connectors-2
  Scenario: Change Availability Connector - Operative to inoperative
    Given the station is booted
    When the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evse.id           | 2           |
      | evse.connectorId  | 1           |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field           | value       |
      | evseId          | 2           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |
      | timestamp       | <now±4s>    |
    And the station does not send StatusNotification within 1 second

  @TC_G_08_CS @fault:ignores-change-availability @fault:connector-id-global @requires:connectors-2
  Scenario: Change Availability Connector - Inoperative to operative
    Given the station is booted
    And connector 1 of EVSE 2 is unavailable
    When the CSMS sends ChangeAvailability with:
      | field             | value     |
      | operationalStatus | Operative |
      | evse.id           | 2         |
      | evse.connectorId  | 1         |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field           | value     |
      | evseId          | 2         |
      | connectorId     | 1         |
      | connectorStatus | Available |
      | timestamp       | <now±4s>  |

  @TC_G_09_CS @fault:silent @fault:same-availability-resends-status
  Scenario: Change Availability EVSE - Operative to operative
    Given the station is booted
    When the CSMS sends ChangeAvailability with:
      | field             | value     |
      | operationalStatus | Operative |
      | evse.id           | 1         |
    Then the station responds with status "Accepted"
    And the station does not send StatusNotification within 1 second

  @TC_G_10_CS @fault:silent @fault:same-availability-resends-status
  Scenario: Change Availability EVSE - Inoperative to inoperative
    Given the station is booted
    And EVSE 1 is unavailable
    When the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
    Then the station responds with status "Accepted"
    And the station does not send StatusNotification within 1 second

  @TC_G_11_CS @fault:ignores-change-availability
  Scenario: Change Availability EVSE - With ongoing transaction
    Given the station is booted
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
    Then the station responds with status "Scheduled"
    And the station does not send StatusNotification matching the following within 1 second:
      | field           | value       |
      | connectorStatus | Unavailable |
    When the EV is unplugged from connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field     | value |
      | eventType | Ended |
    And the station sends StatusNotification with:
      | field           | value       |
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |

  @TC_G_12_CS @fault:silent @fault:same-availability-resends-status
  Scenario: Change Availability Charging Station - Operative to operative
    Given the station is booted
    When the CSMS sends ChangeAvailability with:
      | field             | value     |
      | operationalStatus | Operative |
    Then the station responds with status "Accepted"
    And the station does not send StatusNotification within 1 second

  @TC_G_13_CS @fault:silent @fault:same-availability-resends-status
  Scenario: Change Availability Charging Station - Inoperative to inoperative
    Given the station is booted
    And the whole charging station is unavailable
    When the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
    Then the station responds with status "Accepted"
    And the station does not send StatusNotification within 1 second

  @TC_G_14_CS @fault:ignores-change-availability @requires:connectors-2
  Scenario: Change Availability Charging Station - With ongoing transaction
    Given the station is booted
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
    Then the station responds with status "Scheduled"
    And the station does not send StatusNotification matching the following within 1 second:
      | field           | value       |
      | evseId          | 1           |
      | connectorStatus | Unavailable |
    When the EV is unplugged from connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field     | value |
      | eventType | Ended |
    And the station sends in any order:
      | action             | evseId | connectorId | connectorStatus |
      | StatusNotification | 1      | 1           | Unavailable     |
      | StatusNotification | 2      | 1           | Unavailable     |

  @TC_G_15_CS @fault:silent @fault:same-availability-resends-status
  Scenario: Change Availability Connector - Operative to operative
    Given the station is booted
    When the CSMS sends ChangeAvailability with:
      | field             | value     |
      | operationalStatus | Operative |
      | evse.id           | 1         |
      | evse.connectorId  | 1         |
    Then the station responds with status "Accepted"
    And the station does not send StatusNotification within 1 second

  @TC_G_16_CS @fault:silent @fault:same-availability-resends-status
  Scenario: Change Availability Connector - Inoperative to inoperative
    Given the station is booted
    And connector 1 of EVSE 1 is unavailable
    When the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    Then the station responds with status "Accepted"
    And the station does not send StatusNotification within 1 second

  @TC_G_17_CS @fault:ignores-change-availability
  Scenario: Change Availability Connector - With ongoing transaction
    Given the station is booted
    And EVSE 1 is charging with idToken "${idTag.valid}"
    When the CSMS sends ChangeAvailability with:
      | field             | value       |
      | operationalStatus | Inoperative |
      | evse.id           | 1           |
      | evse.connectorId  | 1           |
    Then the station responds with status "Scheduled"
    And the station does not send StatusNotification matching the following within 1 second:
      | field           | value       |
      | connectorStatus | Unavailable |
    When the EV is unplugged from connector 1
    Then the station sends TransactionEvent for the transaction on EVSE 1 with:
      | field     | value |
      | eventType | Ended |
    And the station sends StatusNotification with:
      | field           | value       |
      | evseId          | 1           |
      | connectorId     | 1           |
      | connectorStatus | Unavailable |

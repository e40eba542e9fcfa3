@ocpp16 @reservation @sut:csms
Feature: Reservation (central system under test)
  The central system reserves a connector (or the whole station) for a card, cancels reservations, copes
  with every refusal, and accepts the transaction that uses the reservation.

  @TC_046_CSMS @fault:reserve-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call @fault:sends-null-fields
  Scenario: Reservation of a Connector - Transaction
    Given the station is booted
    When the CSMS is asked to reserve a connector with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
    Then the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <dateTime>    |
      | idTag         | ${idTag.valid} |
      | reservationId | <integer>    |
    And the message field "reservationId" is remembered as "reservation"
    When the station reports connector 1 as "Reserved"
    Then the CSMS confirms the StatusNotification
    When the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    Then the CSMS responds with:
      | field            | value    |
      | idTagInfo.status | Accepted |
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    When the station sends StartTransaction for connector 1 with idTag "${idTag.valid}" and reservation "${reservation}"
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Accepted  |
      | transactionId    | <integer> |
    When the station reports connector 1 as "Charging"
    Then the CSMS confirms the StatusNotification

  @TC_047_CSMS @fault:reserve-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Reservation of a Connector - Expire
    Given the station is booted
    When the CSMS is asked to reserve a connector with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+5s>      |
      | idTag         | ${idTag.valid} |
    Then the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <dateTime>    |
      | idTag         | ${idTag.valid} |
      | reservationId | <integer>    |
    And the message field "reservationId" is remembered as "reservation"
    When the station reports connector 1 as "Reserved"
    Then the CSMS confirms the StatusNotification
    # Nobody comes before expiryDate: the station ends the reservation and frees the connector.
    When the station reports connector 1 as "Available"
    Then the CSMS confirms the StatusNotification

  @TC_048_1_CSMS @fault:reserve-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Reservation of a Connector - Faulted
    Given the station is booted
    When the station reports connector 1 as "Faulted" with error code "GroundFailure"
    Then the CSMS confirms the StatusNotification
    And the station will answer ReserveNow with:
      | field  | value   |
      | status | Faulted |
    When the CSMS is asked to reserve a connector with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
    Then the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | idTag         | ${idTag.valid} |
      | reservationId | <integer>   |
    And the message field "reservationId" is remembered as "reservation"

  @TC_048_2_CSMS @fault:reserve-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call @fault:sends-null-fields
  Scenario: Reservation of a Connector - Occupied
    Given the station is charging on connector 1 with idTag "${idTag.valid}"
    And the station will answer ReserveNow with:
      | field  | value    |
      | status | Occupied |
    When the CSMS is asked to reserve a connector with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid2} |
    Then the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | idTag         | ${idTag.valid2} |
      | reservationId | <integer>   |
    And the message field "reservationId" is remembered as "reservation"

  @TC_048_3_CSMS @fault:reserve-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Reservation of a Connector - Unavailable
    Given the station is booted
    When the station reports connector 1 as "Unavailable"
    Then the CSMS confirms the StatusNotification
    And the station will answer ReserveNow with:
      | field  | value       |
      | status | Unavailable |
    When the CSMS is asked to reserve a connector with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
    Then the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | idTag         | ${idTag.valid} |
      | reservationId | <integer>   |
    And the message field "reservationId" is remembered as "reservation"

  @TC_048_4_CSMS @fault:reserve-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Reservation of a Connector - Rejected
    Given the station is booted
    # The station is configured not to accept reservations.
    And the station will answer ReserveNow with:
      | field  | value    |
      | status | Rejected |
    When the CSMS is asked to reserve a connector with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
    Then the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | idTag         | ${idTag.valid} |
      | reservationId | <integer>   |
    And the message field "reservationId" is remembered as "reservation"

  @TC_049_CSMS @fault:reserve-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call @fault:sends-null-fields
  Scenario: Reservation of a Charge Point - Transaction
    Given the station is booted
    When the CSMS is asked to reserve a connector with:
      | field         | value         |
      | connectorId   | 0             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
    Then the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 0             |
      | expiryDate    | <dateTime>    |
      | idTag         | ${idTag.valid} |
      | reservationId | <integer>    |
    And the message field "reservationId" is remembered as "reservation"
    When the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    Then the CSMS responds with:
      | field            | value    |
      | idTagInfo.status | Accepted |
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    When the station sends StartTransaction for connector 1 with idTag "${idTag.valid}" and reservation "${reservation}"
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Accepted  |
      | transactionId    | <integer> |
    When the station reports connector 1 as "Charging"
    Then the CSMS confirms the StatusNotification

  @TC_051_CSMS @fault:cancel-reservation-wrong-id @fault:reserve-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call @fault:silent
  Scenario: Cancel Reservation
    Given the station is booted
    When the CSMS is asked to reserve a connector with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
    Then the CSMS sends ReserveNow with:
      | field         | value |
      | connectorId   | 1     |
      | reservationId | <integer> |
    And the message field "reservationId" is remembered as "reservation"
    When the station reports connector 1 as "Reserved"
    Then the CSMS confirms the StatusNotification
    When the CSMS is asked to cancel a reservation with:
      | field         | value          |
      | reservationId | ${reservation} |
    Then the CSMS sends CancelReservation with:
      | field         | value          |
      | reservationId | ${reservation} |
    When the station reports connector 1 as "Available"
    Then the CSMS confirms the StatusNotification

  @TC_052_CSMS @fault:cancel-reservation-wrong-id @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Cancel Reservation - Rejected
    Given the station is booted
    # The station holds no reservation 52: it answers Rejected.
    When the CSMS is asked to cancel a reservation with:
      | field         | value |
      | reservationId | 52    |
    Then the CSMS sends CancelReservation with:
      | field         | value |
      | reservationId | 52    |

  @TC_053_CSMS @fault:reserve-without-parent-id-tag @fault:ignores-parent-id-tag @fault:wrong-message-id-length
  Scenario: Use a reserved Connector with parentIdTag
    Given the station is booted
    When the CSMS is asked to reserve a connector with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.child1} |
    Then the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | idTag         | ${idTag.child1} |
      | parentIdTag   | ${idTag.parent} |
      | reservationId | <integer>    |
    And the message field "reservationId" is remembered as "reservation"
    When the station reports connector 1 as "Reserved"
    Then the CSMS confirms the StatusNotification
    # Another card of the same group arrives: the station only learns its parentIdTag from the CSMS.
    When the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.child2} |
    Then the CSMS responds with:
      | field                 | value         |
      | idTagInfo.status      | Accepted      |
      | idTagInfo.parentIdTag | ${idTag.parent} |
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    When the station sends StartTransaction for connector 1 with idTag "${idTag.child2}" and reservation "${reservation}"
    Then the CSMS responds with:
      | field                 | value         |
      | idTagInfo.status      | Accepted      |
      | idTagInfo.parentIdTag | ${idTag.parent} |
      | transactionId         | <integer>     |
    When the station reports connector 1 as "Charging"
    Then the CSMS confirms the StatusNotification

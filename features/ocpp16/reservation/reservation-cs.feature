Feature: Reservation - charge point under test
  The harness plays the Central System. It reserves a connector or the whole charge point, checks that the
  reservation is shown and honoured (only the reserved id, or one with the same parent, may start; the
  StartTransaction carries the reservationId), that it expires or can be cancelled, and that the charge
  point refuses a reservation it cannot honour with the status the profile defines.

  @ocpp16 @TC_046_1_CS @reservation @sut:station @fault:reservation-ignored
  Scenario: Reservation of a Connector - Local start transaction
    Given the station is booted
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
      | reservationId | 4601          |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field       | value    |
      | connectorId | 1        |
      | status      | Reserved |
    When idTag "${idTag.valid}" is presented
    Then the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    When the EV is plugged in at connector 1
    Then the station sends in any order:
      | action             | connectorId | idTag         | reservationId | status   |
      | StartTransaction   | 1           | ${idTag.valid} | 4601          |          |
      | StatusNotification | 1           |               |               | Charging |

  @ocpp16 @TC_046_2_CS @reservation @sut:station @fault:reservation-ignored
  Scenario: Reservation of a Connector - Remote start transaction
    Given the station is booted
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
      | reservationId | 4602          |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field       | value    |
      | connectorId | 1        |
      | status      | Reserved |
    When the CSMS sends RemoteStartTransaction with:
      | field       | value         |
      | connectorId | 1             |
      | idTag       | ${idTag.valid} |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    When the EV is plugged in at connector 1
    Then the station sends in any order:
      | action             | connectorId | idTag         | reservationId | status   |
      | StartTransaction   | 1           | ${idTag.valid} | 4602          |          |
      | StatusNotification | 1           |               |               | Charging |

  @ocpp16 @TC_047_CS @reservation @sut:station @fault:reservation-ignored
  Scenario: Reservation of a Connector - Expire
    Given the station is booted
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+30s>     |
      | idTag         | ${idTag.valid} |
      | reservationId | 4701          |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field       | value    |
      | connectorId | 1        |
      | status      | Reserved |
    And after about 30 seconds the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |

  @ocpp16 @TC_048_1_CS @reservation @sut:station @fault:silent @fault:reserve-faulted-accepted
  Scenario: Reservation of a Connector - Faulted
    Given the station is booted
    And connector 1 is faulted with errorCode "GroundFailure"
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
      | reservationId | 4801          |
    Then the station responds with status "Faulted"
    And the station does not send StatusNotification within 1 second

  @ocpp16 @TC_048_2_CS @reservation @sut:station @fault:silent @fault:reserve-occupied-accepted
  Scenario: Reservation of a Connector - Occupied
    Given the station is booted
    And connector 1 is charging with idTag "${idTag.valid2}"
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
      | reservationId | 4802          |
    Then the station responds with status "Occupied"

  @ocpp16 @TC_048_3_CS @reservation @sut:station @fault:ignores-change-availability
  Scenario: Reservation of a Connector - Unavailable
    Given the station is booted
    And connector 1 is unavailable
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
      | reservationId | 4803          |
    Then the station responds with status "Unavailable"
    And the station does not send StatusNotification within 1 second

  @ocpp16 @TC_048_4_CS @reservation @sut:station @fault:silent @fault:reserve-ignores-operator-disable
  Scenario: Reservation of a Connector - Rejected
    Given the station is booted
    And the station operator has disabled reservations
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
      | reservationId | 4804          |
    Then the station responds with status "Rejected"
    And the station does not send StatusNotification within 1 second

  @ocpp16 @TC_049_CS @reservation @sut:station @fault:reservation-ignored @requires:reserveConnectorZero
  Scenario: Reservation of a Charge Point - Transaction
    Given the station is booted
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 0             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
      | reservationId | 4901          |
    Then the station responds with status "Accepted"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.valid} |
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    When the EV is plugged in at connector 1
    Then the station sends in any order:
      | action             | connectorId | idTag         | reservationId | status   |
      | StartTransaction   | 1           | ${idTag.valid} | 4901          |          |
      | StatusNotification | 1           |               |               | Charging |

  @ocpp16 @TC_050_1_CS @reservation @sut:station @fault:silent @fault:reserve-faulted-accepted @requires:reserveConnectorZero
  Scenario: Reservation of a Charge Point - Faulted
    Given the station is booted
    And connector 0 is faulted with errorCode "OtherError"
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 0             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
      | reservationId | 5001          |
    Then the station responds with status "Faulted"

  @ocpp16 @TC_050_2_CS @reservation @sut:station @fault:silent @fault:reserve-occupied-accepted @requires:connectors-2 @requires:reserveConnectorZero
  Scenario: Reservation of a Charge Point - Occupied
    Given the station is booted
    And connector 1 is charging with idTag "${idTag.valid}"
    And connector 2 is charging with idTag "${idTag.valid2}"
    And every connector above connector 2 is preparing
    When the CSMS sends ReserveNow with:
      | field         | value          |
      | connectorId   | 0              |
      | expiryDate    | <now+1h>       |
      | idTag         | ${idTag.child1}  |
      | reservationId | 5002           |
    Then the station responds with status "Occupied"

  @ocpp16 @TC_050_3_CS @reservation @sut:station @fault:ignores-change-availability @requires:connectors-2 @requires:reserveConnectorZero
  Scenario: Reservation of a Charge Point - Unavailable
    Given the station is booted
    When the CSMS sends ChangeAvailability with:
      | field       | value       |
      | connectorId | 0           |
      | type        | Inoperative |
    Then the station responds with status "Accepted"
    And the station sends in any order:
      | action             | connectorId | status      |
      | StatusNotification | 0           | Unavailable |
      | StatusNotification | 1           | Unavailable |
      | StatusNotification | 2           | Unavailable |
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 0             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
      | reservationId | 5003          |
    Then the station responds with status "Unavailable"

  @ocpp16 @TC_050_4_CS @reservation @sut:station @fault:silent @fault:reserve-ignores-operator-disable @requires:reserveConnectorZero
  Scenario: Reservation of a Charge Point - Rejected
    Given the station is booted
    And the station operator has disabled reservations
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 0             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
      | reservationId | 5004          |
    Then the station responds with status "Rejected"

  @ocpp16 @TC_051_CS @reservation @sut:station @fault:reservation-ignored
  Scenario: Cancel Reservation
    Given the station is booted
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.valid} |
      | reservationId | 5101          |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field       | value    |
      | connectorId | 1        |
      | status      | Reserved |
    When the CSMS sends CancelReservation with:
      | field         | value |
      | reservationId | 5101  |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |

  @ocpp16 @TC_052_CS @reservation @sut:station @fault:silent @fault:cancel-unknown-reservation-accepted
  Scenario: Cancel Reservation - Rejected
    Given the station is booted
    When the CSMS sends CancelReservation with:
      | field         | value |
      | reservationId | 5201  |
    Then the station responds with status "Rejected"

  @ocpp16 @TC_053_CS @reservation @sut:station @fault:reservation-ignored
  Scenario: Use a reserved Connector with parentIdTag
    Given the station is booted
    When the CSMS sends ReserveNow with:
      | field         | value         |
      | connectorId   | 1             |
      | expiryDate    | <now+1h>      |
      | idTag         | ${idTag.child1} |
      | parentIdTag   | ${idTag.parent} |
      | reservationId | 5301          |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field       | value    |
      | connectorId | 1        |
      | status      | Reserved |
    When idTag "${idTag.child2}" is presented at connector 1
    Then the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.child2} |
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    When the EV is plugged in at connector 1
    Then the station sends in any order:
      | action             | connectorId | idTag         | reservationId | status   |
      | StartTransaction   | 1           | ${idTag.child2} | 5301          |          |
      | StatusNotification | 1           |               |               | Charging |

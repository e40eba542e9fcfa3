Feature: Stop a charging session (Core, charge point under test)
  A session ends when the idTag that started it (or one of the same group, by parentIdTag) is presented again,
  or when the EV side is disconnected and StopTransactionOnEVSideDisconnect is true. StopTransaction carries the
  transaction's id, the idTag that stopped it, a meterStop not below meterStart and the reason.

  @ocpp16 @TC_068_CS @core @sut:station @fault:transaction-id-ignored @fault:meter-stop-below-start @fault:stop-without-meter-stop
  Scenario: Stop transaction - IdTag in StopTransaction matches IdTag in StartTransaction
    Given connector 1 is charging with idTag "${idTag.valid}"
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends StopTransaction for the transaction on connector 1 and StatusNotification "Finishing" in any order, with:
      | field | value         |
      | idTag | ${idTag.valid} |
    When the EV is unplugged from connector 1
    Then the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |

  @ocpp16 @TC_069_CS @core @sut:station @fault:transaction-id-ignored @fault:meter-stop-below-start
  Scenario: Stop transaction - ParentIdTag in StopTransaction matches ParentIdTag in StartTransaction
    Given connector 1 is charging with idTag "${idTag.child1}"
    When idTag "${idTag.child2}" is presented at connector 1
    Then the station sends Authorize with:
      | field | value         |
      | idTag | ${idTag.child2} |
    And the station sends StopTransaction for the transaction on connector 1 and StatusNotification "Finishing" in any order, with:
      | field  | value         |
      | idTag  | ${idTag.child2} |
      | reason | Local         |

  @ocpp16 @TC_005_1_CS @core @sut:station @fault:transaction-id-ignored @fault:meter-stop-below-start
  Scenario: EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = true
    Given the station is booted
    And the station has configuration "StopTransactionOnEVSideDisconnect" set to "true"
    And the station has configuration "UnlockConnectorOnEVSideDisconnect" set to "true"
    And connector 1 is charging with idTag "${idTag.valid}"
    When the EV is unplugged from connector 1
    Then the station sends StopTransaction for the transaction on connector 1 and StatusNotification "Available" in any order, with:
      | field  | value          |
      | reason | EVDisconnected |

  @ocpp16 @TC_005_2_CS @core @sut:station @fault:transaction-id-ignored @fault:meter-stop-below-start
  Scenario: EV Side Disconnected - StopTransactionOnEVSideDisconnect = true - UnlockConnectorOnEVSideDisconnect = false
    Given the station is booted
    And the station has configuration "StopTransactionOnEVSideDisconnect" set to "true"
    And the station has configuration "UnlockConnectorOnEVSideDisconnect" set to "false"
    And connector 1 is charging with idTag "${idTag.valid}"
    When the EV is unplugged from connector 1
    Then the station sends StopTransaction for the transaction on connector 1 and StatusNotification "Finishing" in any order, with:
      | field  | value          |
      | reason | EVDisconnected |
    When idTag "${idTag.valid}" is presented at connector 1
    Then the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Available |

  @ocpp16 @TC_005_3_CS @core @sut:station @fault:no-status-notification
  Scenario: EV Side Disconnected - StopTransactionOnEVSideDisconnect = false - UnlockConnectorOnEVSideDisconnect = false
    Given the station is booted
    And the station has configuration "StopTransactionOnEVSideDisconnect" set to "false"
    And the station has configuration "UnlockConnectorOnEVSideDisconnect" set to "false"
    And connector 1 is charging with idTag "${idTag.valid}"
    When the EV is unplugged from connector 1
    Then the station sends StatusNotification with:
      | field       | value       |
      | connectorId | 1           |
      | status      | SuspendedEV |
    And the station does not send StopTransaction within 1 second
    When the EV is plugged in at connector 1
    Then the station sends StatusNotification with:
      | field       | value    |
      | connectorId | 1        |
      | status      | Charging |

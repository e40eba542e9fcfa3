@ocpp16 @core @sut:csms
Feature: Core Profile - Unlocking (central system under test)
  The central system asks the station to unlock a connector, with and without a session running, and copes
  with every answer the station may give.

  @TC_017_1_CSMS @fault:unlock-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Unlock connector - no charging session running (Not fixed cable)
    Given the station is booted
    When the CSMS is asked to unlock a connector with:
      | field       | value |
      | connectorId | 1     |
    Then the CSMS sends UnlockConnector with:
      | field       | value |
      | connectorId | 1     |

  @TC_017_2_CSMS @fault:unlock-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Unlock connector - no charging session running (Fixed cable)
    Given the station is booted
    And the station will answer UnlockConnector with:
      | field  | value        |
      | status | NotSupported |
    When the CSMS is asked to unlock a connector with:
      | field       | value |
      | connectorId | 1     |
    Then the CSMS sends UnlockConnector with:
      | field       | value |
      | connectorId | 1     |

  @TC_018_1_CSMS @fault:unlock-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call @fault:sends-null-fields
  Scenario: Unlock Connector - With Charging Session (Not fixed cable)
    Given the station is charging on connector 1 with idTag "${idTag.valid}"
    When the CSMS is asked to unlock a connector with:
      | field       | value |
      | connectorId | 1     |
    Then the CSMS sends UnlockConnector with:
      | field       | value |
      | connectorId | 1     |
    # Unlocking ends the session: the station stops the transaction and frees the connector.
    When the station sends StopTransaction for connector 1 with reason "UnlockCommand"
    Then the CSMS confirms the StopTransaction
    When the station reports connector 1 as "Finishing"
    Then the CSMS confirms the StatusNotification
    When the station reports connector 1 as "Available"
    Then the CSMS confirms the StatusNotification

  @TC_030_CSMS @fault:unlock-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Unlock Connector – Unlock Failure
    Given the station is booted
    And the station will answer UnlockConnector with:
      | field  | value        |
      | status | UnlockFailed |
    When the CSMS is asked to unlock a connector with:
      | field       | value |
      | connectorId | 1     |
    Then the CSMS sends UnlockConnector with:
      | field       | value |
      | connectorId | 1     |

  @TC_031_CSMS @fault:unlock-wrong-connector @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Unlock Connector – Unknown Connector
    Given the station is booted
    # The station has two connectors: connector 9 does not exist and it answers NotSupported.
    When the CSMS is asked to unlock a connector with:
      | field       | value |
      | connectorId | 9     |
    Then the CSMS sends UnlockConnector with:
      | field       | value |
      | connectorId | 9     |

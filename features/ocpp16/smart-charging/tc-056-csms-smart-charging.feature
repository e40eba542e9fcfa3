@ocpp16 @smart-charging @sut:csms
Feature: SmartCharging (central system under test)
  The central system sets default and transaction charging profiles, starts a transaction with a profile,
  asks for the composite schedule and clears profiles.

  @TC_056_CSMS @fault:charging-rate-unit-wrong @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Central Smart Charging - TxDefaultProfile
    Given the station is booted
    When the CSMS is asked to set a charging profile with:
      | field                                                   | value                             |
      | connectorId                                             | 1                                 |
      | csChargingProfiles.chargingProfileId                    | 56                                |
      | csChargingProfiles.stackLevel                           | 0                                 |
      | csChargingProfiles.chargingProfilePurpose               | TxDefaultProfile                  |
      | csChargingProfiles.chargingProfileKind                  | Absolute                          |
      | csChargingProfiles.chargingSchedule.startSchedule       | <now>                             |
      | csChargingProfiles.chargingSchedule.chargingRateUnit    | A                                 |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":16.0}] |
    Then the CSMS sends SetChargingProfile with:
      | field                                                   | value                             |
      | connectorId                                             | 1                                 |
      | csChargingProfiles.chargingProfileId                    | 56                                |
      | csChargingProfiles.stackLevel                           | 0                                 |
      | csChargingProfiles.chargingProfilePurpose               | TxDefaultProfile                  |
      | csChargingProfiles.chargingProfileKind                  | Absolute                          |
      | csChargingProfiles.chargingSchedule.startSchedule       | <now±4s>                          |
      | csChargingProfiles.chargingSchedule.chargingRateUnit    | A                                 |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":16}] |
      | csChargingProfiles.transactionId                        | <absent>                          |

  @TC_057_CSMS @fault:tx-profile-without-transaction-id @fault:charging-rate-unit-wrong @fault:wrong-message-id-length @fault:second-concurrent-call @fault:sends-null-fields
  Scenario: Central Smart Charging - TxProfile
    Given the station is charging on connector 1 with idTag "${idTag.valid}"
    When the CSMS is asked to set a charging profile with:
      | field                                                   | value                            |
      | connectorId                                             | 1                                |
      | csChargingProfiles.chargingProfileId                    | 57                               |
      | csChargingProfiles.stackLevel                           | 0                                |
      | csChargingProfiles.chargingProfilePurpose               | TxProfile                        |
      | csChargingProfiles.chargingProfileKind                  | Relative                         |
      | csChargingProfiles.chargingSchedule.chargingRateUnit    | W                                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":6000}] |
    Then the CSMS sends SetChargingProfile naming the transaction on connector 1 with:
      | field                                                   | value                            |
      | connectorId                                             | 1                                |
      | csChargingProfiles.chargingProfileId                    | 57                               |
      | csChargingProfiles.chargingProfilePurpose               | TxProfile                        |
      | csChargingProfiles.chargingProfileKind                  | Relative                         |
      | csChargingProfiles.chargingSchedule.chargingRateUnit    | W                                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":6000}] |

  @TC_066_CSMS @fault:charging-rate-unit-wrong @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Get Composite Schedule
    Given the station is booted
    And the station will answer GetCompositeSchedule with:
      | field                                   | value                           |
      | status                                  | Accepted                        |
      | connectorId                             | 1                               |
      | scheduleStart                           | <now>                           |
      | chargingSchedule.duration               | 3600                            |
      | chargingSchedule.chargingRateUnit       | A                               |
      | chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":16}]  |
    When the CSMS is asked to get the composite schedule with:
      | field            | value |
      | connectorId      | 1     |
      | duration         | 3600  |
      | chargingRateUnit | A     |
    Then the CSMS sends GetCompositeSchedule with:
      | field            | value |
      | connectorId      | 1     |
      | duration         | 3600  |
      | chargingRateUnit | A     |

  @TC_067_CSMS @fault:clear-charging-profile-clears-all @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Clear Charging Profile
    Given the station is booted
    When the CSMS is asked to set a charging profile with:
      | field                                                   | value                            |
      | connectorId                                             | 1                                |
      | csChargingProfiles.chargingProfileId                    | 67                               |
      | csChargingProfiles.stackLevel                           | 0                                |
      | csChargingProfiles.chargingProfilePurpose               | TxDefaultProfile                 |
      | csChargingProfiles.chargingProfileKind                  | Relative                         |
      | csChargingProfiles.chargingSchedule.chargingRateUnit    | A                                |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":10}] |
    Then the CSMS sends SetChargingProfile with:
      | field                                | value |
      | csChargingProfiles.chargingProfileId | 67    |
    When the CSMS is asked to clear a charging profile with:
      | field | value |
      | id    | 67    |
    Then the CSMS sends ClearChargingProfile with:
      | field | value |
      | id    | 67    |

  @TC_059_CSMS @fault:charging-rate-unit-wrong @fault:remote-start-without-connector @fault:wrong-message-id-length @fault:second-concurrent-call @fault:sends-null-fields
  Scenario: Remote Start Transaction with Charging Profile
    Given the station is booted
    When the CSMS is asked to remotely start a transaction with:
      | field                                            | value                            |
      | connectorId                                      | 1                                |
      | idTag                                            | ${idTag.valid}                    |
      | chargingProfile.chargingProfileId                | 59                               |
      | chargingProfile.stackLevel                       | 0                                |
      | chargingProfile.chargingProfilePurpose           | TxProfile                        |
      | chargingProfile.chargingProfileKind              | Relative                         |
      | chargingProfile.chargingSchedule.chargingRateUnit | A                               |
      | chargingProfile.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":16}] |
    Then the CSMS sends RemoteStartTransaction with:
      | field                                            | value                            |
      | connectorId                                      | 1                                |
      | idTag                                            | ${idTag.valid}                    |
      | chargingProfile.chargingProfileId                | 59                               |
      | chargingProfile.chargingProfilePurpose           | TxProfile                        |
      | chargingProfile.transactionId                    | <absent>                         |
      | chargingProfile.chargingSchedule.chargingRateUnit | A                               |
      | chargingProfile.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":16}] |
    When the station reports connector 1 as "Preparing"
    Then the CSMS confirms the StatusNotification
    When the station sends StartTransaction for connector 1 with idTag "${idTag.valid}"
    Then the CSMS responds with:
      | field            | value     |
      | idTagInfo.status | Accepted  |
      | transactionId    | <integer> |
    When the station reports connector 1 as "Charging"
    Then the CSMS confirms the StatusNotification

Feature: Smart Charging - charge point under test
  The harness plays the Central System. It installs, stacks and clears charging profiles, checks which ones
  the charge point must refuse, asks for the composite schedule, and checks in the station's own meter values
  that a limit is really applied to the energy the EV draws.

  Background:
    Given the station is booted
    And the station has configuration "MeterValuesSampledData" set to "Energy.Active.Import.Register,Power.Active.Import"
    And the station has configuration "MeterValueSampleInterval" set to "10"

  @ocpp16 @TC_056_CS @smart-charging @sut:station @fault:ignores-charging-profile-limit
  Scenario: Central Smart Charging - TxDefaultProfile
    When the CSMS sends SetChargingProfile with:
      | field                                                      | value                         |
      | connectorId                                                | 0                             |
      | csChargingProfiles.chargingProfileId                       | 5601                          |
      | csChargingProfiles.stackLevel                              | 0                             |
      | csChargingProfiles.chargingProfilePurpose                  | TxDefaultProfile              |
      | csChargingProfiles.chargingProfileKind                     | Relative                      |
      | csChargingProfiles.chargingSchedule.chargingRateUnit       | A                             |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":6}] |
    Then the station responds with status "Accepted"
    When connector 1 is charging with idTag "${idTag.valid}"
    Then the station meters at most 4140 W Power.Active.Import on connector 1

  @ocpp16 @TC_057_CS @smart-charging @sut:station @fault:ignores-charging-profile-limit
  Scenario: Central Smart Charging - TxProfile
    Given connector 1 is charging with idTag "${idTag.valid}"
    When the CSMS sets a charging profile for the transaction on connector 1 with:
      | field                                                      | value                         |
      | csChargingProfiles.chargingProfileId                       | 5701                          |
      | csChargingProfiles.stackLevel                              | 0                             |
      | csChargingProfiles.chargingProfilePurpose                  | TxProfile                     |
      | csChargingProfiles.chargingProfileKind                     | Relative                      |
      | csChargingProfiles.chargingSchedule.chargingRateUnit       | A                             |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":8}] |
    Then the station responds with status "Accepted"
    And the station meters at most 5520 W Power.Active.Import on connector 1

  @ocpp16 @TC_058_1_CS @smart-charging @sut:station @fault:silent @fault:tx-profile-unchecked
  Scenario: Central Smart Charging - No ongoing transaction
    When the CSMS sends SetChargingProfile with:
      | field                                                      | value                         |
      | connectorId                                                | 1                             |
      | csChargingProfiles.chargingProfileId                       | 5801                          |
      | csChargingProfiles.transactionId                           | 1                             |
      | csChargingProfiles.stackLevel                              | 0                             |
      | csChargingProfiles.chargingProfilePurpose                  | TxProfile                     |
      | csChargingProfiles.chargingProfileKind                     | Relative                      |
      | csChargingProfiles.chargingSchedule.chargingRateUnit       | A                             |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":8}] |
    Then the station responds with status "Rejected"

  @ocpp16 @TC_058_2_CS @smart-charging @sut:station @fault:silent @fault:tx-profile-unchecked
  Scenario: Central Smart Charging - Wrong transactionId
    Given connector 1 is charging with idTag "${idTag.valid}"
    When the CSMS sets a charging profile for another transaction than the one on connector 1 with:
      | field                                                      | value                         |
      | csChargingProfiles.chargingProfileId                       | 5802                          |
      | csChargingProfiles.stackLevel                              | 0                             |
      | csChargingProfiles.chargingProfilePurpose                  | TxProfile                     |
      | csChargingProfiles.chargingProfileKind                     | Relative                      |
      | csChargingProfiles.chargingSchedule.chargingRateUnit       | A                             |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":8}] |
    Then the station responds with status "Rejected"

  @ocpp16 @TC_082_CS @smart-charging @sut:station @fault:ignores-charging-profile-limit
  Scenario: Central Smart Charging - TxDefaultProfile - with ongoing transaction
    Given connector 1 is charging with idTag "${idTag.valid}"
    When the CSMS sends SetChargingProfile with:
      | field                                                      | value                          |
      | connectorId                                                | 1                              |
      | csChargingProfiles.chargingProfileId                       | 8201                           |
      | csChargingProfiles.stackLevel                              | 0                              |
      | csChargingProfiles.chargingProfilePurpose                  | TxDefaultProfile               |
      | csChargingProfiles.chargingProfileKind                     | Relative                       |
      | csChargingProfiles.chargingSchedule.chargingRateUnit       | W                              |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":3000}] |
    Then the station responds with status "Accepted"
    And the station meters at most 3000 W Power.Active.Import on connector 1

  @ocpp16 @TC_066_CS @smart-charging @sut:station @fault:silent @fault:composite-ignores-charge-point-max
  Scenario: Get Composite Schedule
    When the CSMS sends SetChargingProfile with:
      | field                                                      | value                          |
      | connectorId                                                | 0                              |
      | csChargingProfiles.chargingProfileId                       | 6601                           |
      | csChargingProfiles.stackLevel                              | 0                              |
      | csChargingProfiles.chargingProfilePurpose                  | ChargePointMaxProfile          |
      | csChargingProfiles.chargingProfileKind                     | Absolute                       |
      | csChargingProfiles.chargingSchedule.startSchedule          | <now-1h>                       |
      | csChargingProfiles.chargingSchedule.chargingRateUnit       | A                              |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":20}] |
    Then the station responds with status "Accepted"
    When the CSMS sends SetChargingProfile with:
      | field                                                      | value                                                                                     |
      | connectorId                                                | 1                                                                                         |
      | csChargingProfiles.chargingProfileId                       | 6602                                                                                      |
      | csChargingProfiles.stackLevel                              | 0                                                                                         |
      | csChargingProfiles.chargingProfilePurpose                  | TxDefaultProfile                                                                          |
      | csChargingProfiles.chargingProfileKind                     | Absolute                                                                                  |
      | csChargingProfiles.chargingSchedule.startSchedule          | <now-60s>                                                                                 |
      | csChargingProfiles.chargingSchedule.chargingRateUnit       | A                                                                                         |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":16},{"startPeriod":120,"limit":10},{"startPeriod":240,"limit":25}] |
    Then the station responds with status "Accepted"
    When the CSMS sends GetCompositeSchedule with:
      | field            | value |
      | connectorId      | 1     |
      | duration         | 300   |
      | chargingRateUnit | A     |
    Then the station responds with:
      | field         | value    |
      | status        | Accepted |
      | connectorId   | 1        |
      | scheduleStart | <now±4s> |
    And the station responds with a composite schedule in A of:
      | startPeriod | limit |
      | 0           | 16    |
      | 60          | 10    |
      | 180         | 20    |
    And the composite schedule for connector 1 agrees with the charging profiles the station accepted

  @ocpp16 @TC_067_CS @smart-charging @sut:station @fault:silent @fault:clear-charging-profile-ignored
  Scenario: Clear Charging Profile
    When the CSMS sends SetChargingProfile with:
      | field                                                      | value                          |
      | connectorId                                                | 1                              |
      | csChargingProfiles.chargingProfileId                       | 6701                           |
      | csChargingProfiles.stackLevel                              | 0                              |
      | csChargingProfiles.chargingProfilePurpose                  | TxDefaultProfile               |
      | csChargingProfiles.chargingProfileKind                     | Relative                       |
      | csChargingProfiles.chargingSchedule.chargingRateUnit       | A                              |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":10}] |
    Then the station responds with status "Accepted"
    When the CSMS sends ClearChargingProfile with:
      | field | value |
      | id    | 6701  |
    Then the station responds with status "Accepted"
    When the CSMS sends ClearChargingProfile with:
      | field | value |
      | id    | 6701  |
    Then the station responds with status "Unknown"

  @ocpp16 @TC_072_CS @smart-charging @sut:station @fault:silent @fault:stack-level-inverted
  Scenario: Stacking Charging Profiles
    When the CSMS sends SetChargingProfile with:
      | field                                                      | value                          |
      | connectorId                                                | 1                              |
      | csChargingProfiles.chargingProfileId                       | 7201                           |
      | csChargingProfiles.stackLevel                              | 0                              |
      | csChargingProfiles.chargingProfilePurpose                  | TxDefaultProfile               |
      | csChargingProfiles.chargingProfileKind                     | Absolute                       |
      | csChargingProfiles.chargingSchedule.startSchedule          | <now-1h>                       |
      | csChargingProfiles.chargingSchedule.chargingRateUnit       | A                              |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":16}] |
    Then the station responds with status "Accepted"
    When the CSMS sends SetChargingProfile with:
      | field                                                      | value                         |
      | connectorId                                                | 1                             |
      | csChargingProfiles.chargingProfileId                       | 7202                          |
      | csChargingProfiles.stackLevel                              | 1                             |
      | csChargingProfiles.chargingProfilePurpose                  | TxDefaultProfile              |
      | csChargingProfiles.chargingProfileKind                     | Absolute                      |
      | csChargingProfiles.chargingSchedule.startSchedule          | <now-60s>                     |
      | csChargingProfiles.chargingSchedule.duration               | 180                           |
      | csChargingProfiles.chargingSchedule.chargingRateUnit       | A                             |
      | csChargingProfiles.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":8}] |
    Then the station responds with status "Accepted"
    When the CSMS sends GetCompositeSchedule with:
      | field            | value |
      | connectorId      | 1     |
      | duration         | 300   |
      | chargingRateUnit | A     |
    Then the station responds with a composite schedule in A of:
      | startPeriod | limit |
      | 0           | 8     |
      | 120         | 16    |
    And the composite schedule for connector 1 agrees with the charging profiles the station accepted

  @ocpp16 @TC_059_CS @smart-charging @sut:station @fault:ignores-charging-profile-limit
  Scenario: Remote Start Transaction with Charging Profile
    When the CSMS sends RemoteStartTransaction with:
      | field                                              | value                         |
      | connectorId                                        | 1                             |
      | idTag                                              | ${idTag.valid}                 |
      | chargingProfile.chargingProfileId                  | 5901                          |
      | chargingProfile.stackLevel                         | 0                             |
      | chargingProfile.chargingProfilePurpose             | TxProfile                     |
      | chargingProfile.chargingProfileKind                | Relative                      |
      | chargingProfile.chargingSchedule.chargingRateUnit  | A                             |
      | chargingProfile.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":6}] |
    Then the station responds with status "Accepted"
    And the station sends StatusNotification with:
      | field       | value     |
      | connectorId | 1         |
      | status      | Preparing |
    When the EV is plugged in at connector 1
    Then the station starts a transaction on connector 1 with idTag "${idTag.valid}"
    And the station meters at most 4140 W Power.Active.Import on connector 1

  @ocpp16 @TC_060_CS @smart-charging @sut:station @fault:silent @fault:remote-start-profile-unchecked
  Scenario: Remote Start Transaction with Charging Profile - Rejected
    When the CSMS sends RemoteStartTransaction with:
      | field                                              | value                         |
      | connectorId                                        | 1                             |
      | idTag                                              | ${idTag.valid}                 |
      | chargingProfile.chargingProfileId                  | 6001                          |
      | chargingProfile.stackLevel                         | 0                             |
      | chargingProfile.chargingProfilePurpose             | TxDefaultProfile              |
      | chargingProfile.chargingProfileKind                | Relative                      |
      | chargingProfile.chargingSchedule.chargingRateUnit  | A                             |
      | chargingProfile.chargingSchedule.chargingSchedulePeriod | [{"startPeriod":0,"limit":6}] |
    Then the station responds with status "Rejected"
    And the station does not send StatusNotification within 1 second

@ocpp16 @core @sut:csms
Feature: Core Profile - Resetting Happy Flow (central system under test)
  The central system resets the station; the station accepts, reboots and boots again. The central system
  must accept the new BootNotification and the connectors' status.

  @TC_013_CSMS @fault:reset-wrong-type @fault:wrong-message-id-length @fault:second-concurrent-call @fault:boot-rejected
  Scenario: Hard Reset
    Given the station is booted
    When the CSMS is asked to reset the station with:
      | field | value |
      | type  | Hard  |
    Then the CSMS sends Reset with:
      | field | value |
      | type  | Hard  |
    When the station disconnects from the CSMS
    And the station reconnects to the CSMS
    Then the station is booted

  @TC_014_CSMS @fault:reset-wrong-type @fault:wrong-message-id-length @fault:second-concurrent-call @fault:boot-pending-forever
  Scenario: Soft Reset
    Given the station is booted
    When the CSMS is asked to reset the station with:
      | field | value |
      | type  | Soft  |
    Then the CSMS sends Reset with:
      | field | value |
      | type  | Soft  |
    When the station disconnects from the CSMS
    And the station reconnects to the CSMS
    Then the station is booted

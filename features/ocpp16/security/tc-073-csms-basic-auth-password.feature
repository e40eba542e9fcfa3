@ocpp16 @security @sut:csms
Feature: Security - updating the Basic authentication password (central system under test)
  Under security profile 1 the central system gives the station a new AuthorizationKey. Once the station
  has accepted it, the central system authenticates the station with the new key only.

  @TC_073_CSMS @requires:sp1 @fault:change-configuration-wrong-value @fault:accepts-bad-password @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Update Charge Point Password for HTTP Basic Authentication
    Given the security profile is 1
    And the station is booted
    And the station will answer ChangeConfiguration with:
      | field  | value    |
      | status | Accepted |
    When the CSMS is asked to change a configuration key with:
      | field | value               |
      | key   | AuthorizationKey    |
      | value | EvcNewPassword-0073 |
    Then the CSMS sends ChangeConfiguration with:
      | field | value               |
      | key   | AuthorizationKey    |
      | value | EvcNewPassword-0073 |
    # The station drops its connection and comes back with the new key.
    When the station disconnects from the CSMS
    And the station reconnects to the CSMS with AuthorizationKey "EvcNewPassword-0073"
    And the station sends Heartbeat
    Then the CSMS responds with:
      | field       | value    |
      | currentTime | <now±4s> |
    And the CSMS refuses a connection of the station with its previous AuthorizationKey

@ocpp16 @core @sut:csms
Feature: Core Profile - Configuration (central system under test)
  The central system reads the station's configuration (all keys or one) and changes keys, and copes with
  keys the station does not know or values it refuses.

  @TC_019_1_CSMS @fault:get-configuration-wrong-keys @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Retrieve all configuration keys
    Given the station is booted
    When the CSMS is asked to get the configuration
    Then the CSMS sends GetConfiguration for all keys

  @TC_019_2_CSMS @fault:get-configuration-wrong-keys @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Retrieve specific configuration key
    Given the station is booted
    When the CSMS is asked to get the configuration with:
      | field | value                        |
      | key   | ["MeterValueSampleInterval"] |
    Then the CSMS sends GetConfiguration with:
      | field | value                        |
      | key   | ["MeterValueSampleInterval"] |

  @TC_021_CSMS @fault:change-configuration-wrong-value @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Change/set Configuration
    Given the station is booted
    When the CSMS is asked to change a configuration key with:
      | field | value                    |
      | key   | MeterValueSampleInterval |
      | value | "30"                     |
    Then the CSMS sends ChangeConfiguration with:
      | field | value                    |
      | key   | MeterValueSampleInterval |
      | value | "30"                     |

  @TC_040_1_CSMS @fault:change-configuration-wrong-value @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Configuration keys
    Given the station is booted
    # A key the station does not know: it answers NotSupported.
    When the CSMS is asked to change a configuration key with:
      | field | value            |
      | key   | EvcNoSuchKey     |
      | value | "1"              |
    Then the CSMS sends ChangeConfiguration with:
      | field | value        |
      | key   | EvcNoSuchKey |
      | value | "1"          |

  @TC_040_2_CSMS @fault:change-configuration-wrong-value @fault:wrong-message-id-length @fault:second-concurrent-call
  Scenario: Configuration keys
    Given the station is booted
    # A value the station cannot use: it answers Rejected.
    And the station will answer ChangeConfiguration with:
      | field  | value    |
      | status | Rejected |
    When the CSMS is asked to change a configuration key with:
      | field | value                    |
      | key   | MeterValueSampleInterval |
      | value | "-1"                     |
    Then the CSMS sends ChangeConfiguration with:
      | field | value                    |
      | key   | MeterValueSampleInterval |
      | value | "-1"                     |

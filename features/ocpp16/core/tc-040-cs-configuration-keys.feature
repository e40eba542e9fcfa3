Feature: Configuration keys, non-happy flow (Core, charge point under test)
  ChangeConfiguration of a key the charge point does not know is NotSupported; a value the key cannot take is
  Rejected and leaves the key unchanged.

  @ocpp16 @TC_040_1_CS @core @sut:station @fault:silent @fault:disconnects-on-call @fault:unknown-key-rejected
  Scenario: Configuration key - NotSupported
    Given the station is booted
    When the CSMS sends ChangeConfiguration with:
      | field | value         |
      | key   | EVC_NoSuchKey |
      | value | "1"           |
    Then the station responds with status "NotSupported"

  @ocpp16 @TC_040_2_CS @core @sut:station @fault:silent @fault:disconnects-on-call @fault:invalid-config-value-accepted
  Scenario: Configuratoin key - Invalid value
    Given the station is booted
    When the CSMS sends GetConfiguration with:
      | field | value                        |
      | key   | ["MeterValueSampleInterval"] |
    Then the response field "configurationKey[0].value" is remembered as "before"
    When the CSMS sends ChangeConfiguration with:
      | field | value                    |
      | key   | MeterValueSampleInterval |
      | value | "-5"                     |
    Then the station responds with status "Rejected"
    When the CSMS sends GetConfiguration with:
      | field | value                        |
      | key   | ["MeterValueSampleInterval"] |
    Then the station responds with:
      | field                     | value                    |
      | configurationKey[0].key   | MeterValueSampleInterval |
      | configurationKey[0].value | "${before}"              |

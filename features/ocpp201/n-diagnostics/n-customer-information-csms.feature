@ocpp201 @block:N @core @sut:csms
Feature: N09-N10 Get and clear customer information (CSMS under test)
  The operator asks what the station keeps about a customer, identified by an id token or a customer
  identifier, and may have it cleared. The CSMS sends CustomerInformation with a requestId, the report and
  clear flags and exactly one way of naming the customer, and accepts the NotifyCustomerInformation messages
  that report the data (seqNo from 0, tbc false on the last).

  @TC_N_27_CSMS @requires:action:CustomerInformation @fault:second-concurrent-call @fault:silent @fault:customer-information-wrong-flags
  Scenario: Get Customer Information - Accepted + data
    Given the station is booted
    When the CSMS is asked to get customer information with:
      | field   | value          |
      | idToken | ${idTag.valid} |
    Then the CSMS sends CustomerInformation with:
      | field           | value         |
      | requestId       | <integer>     |
      | report          | true          |
      | clear           | false         |
      | idToken.idToken | ${idTag.valid} |
    And the message field "requestId" is remembered as "requestId"
    When the station sends NotifyCustomerInformation with:
      | field       | value                                         |
      | data        | idToken ${idTag.valid}: 2 transactions, 3.1 kWh |
      | seqNo       | 0                                             |
      | tbc         | false                                         |
      | generatedAt | <now>                                         |
      | requestId   | ${requestId}                                  |
    Then the CSMS acknowledges the NotifyCustomerInformation

  @TC_N_28_CSMS @requires:action:CustomerInformation @fault:second-concurrent-call @fault:silent @fault:customer-information-wrong-flags
  Scenario: Get Customer Information - Accepted + no data
    Given the station is booted
    When the CSMS is asked to get customer information with:
      | field   | value            |
      | idToken | ${idTag.unknown} |
    Then the CSMS sends CustomerInformation with:
      | field           | value          |
      | requestId       | <integer>      |
      | report          | true           |
      | clear           | false          |
      | idToken.idToken | ${idTag.unknown} |
    And the message field "requestId" is remembered as "requestId"
    When the station sends NotifyCustomerInformation with:
      | field       | value        |
      | data        | No data      |
      | seqNo       | 0            |
      | tbc         | false        |
      | generatedAt | <now>        |
      | requestId   | ${requestId} |
    Then the CSMS acknowledges the NotifyCustomerInformation

  @TC_N_30_CSMS @requires:action:CustomerInformation @fault:second-concurrent-call @fault:silent @fault:customer-information-wrong-flags
  Scenario: Clear Customer Information - Clear and report + data
    Given the station is booted
    When the CSMS is asked to clear customer information with:
      | field   | value          |
      | report  | true           |
      | idToken | ${idTag.valid} |
    Then the CSMS sends CustomerInformation with:
      | field           | value         |
      | requestId       | <integer>     |
      | report          | true          |
      | clear           | true          |
      | idToken.idToken | ${idTag.valid} |
    And the message field "requestId" is remembered as "requestId"
    When the station sends NotifyCustomerInformation with:
      | field       | value                                            |
      | data        | idToken ${idTag.valid}: cache entry (now cleared) |
      | seqNo       | 0                                                |
      | tbc         | false                                            |
      | generatedAt | <now>                                            |
      | requestId   | ${requestId}                                     |
    Then the CSMS acknowledges the NotifyCustomerInformation

  @TC_N_31_CSMS @requires:action:CustomerInformation @fault:second-concurrent-call @fault:silent @fault:customer-information-wrong-flags
  Scenario: Clear Customer Information - Clear and report + no data
    Given the station is booted
    When the CSMS is asked to clear customer information with:
      | field   | value            |
      | report  | true             |
      | idToken | ${idTag.unknown} |
    Then the CSMS sends CustomerInformation with:
      | field           | value          |
      | requestId       | <integer>      |
      | report          | true           |
      | clear           | true           |
      | idToken.idToken | ${idTag.unknown} |
    And the message field "requestId" is remembered as "requestId"
    When the station sends NotifyCustomerInformation with:
      | field       | value        |
      | data        | No data      |
      | seqNo       | 0            |
      | tbc         | false        |
      | generatedAt | <now>        |
      | requestId   | ${requestId} |
    Then the CSMS acknowledges the NotifyCustomerInformation

  @TC_N_32_CSMS @requires:action:CustomerInformation @fault:second-concurrent-call @fault:customer-information-wrong-flags
  Scenario: Clear Customer Information - Clear and no report
    Given the station is booted
    When the CSMS is asked to clear customer information with:
      | field   | value          |
      | report  | false          |
      | idToken | ${idTag.valid} |
    Then the CSMS sends CustomerInformation with:
      | field                | value         |
      | requestId            | <integer>     |
      | report               | false         |
      | clear                | true          |
      | idToken.idToken      | ${idTag.valid} |
      | customerIdentifier   | <absent>      |
      | customerCertificate  | <absent>      |

  @TC_N_62_CSMS @requires:action:CustomerInformation @fault:second-concurrent-call @fault:silent @fault:customer-information-wrong-flags
  Scenario: Clear Customer Information - Clear and report - customerIdentifier
    Given the station is booted
    When the CSMS is asked to clear customer information with:
      | field              | value            |
      | report             | true             |
      | customerIdentifier | EVC-CUSTOMER-042 |
    Then the CSMS sends CustomerInformation with:
      | field              | value            |
      | requestId          | <integer>        |
      | report             | true             |
      | clear              | true             |
      | customerIdentifier | EVC-CUSTOMER-042 |
      | idToken            | <absent>         |
    And the message field "requestId" is remembered as "requestId"
    When the station sends NotifyCustomerInformation with:
      | field       | value                                  |
      | data        | customer EVC-CUSTOMER-042: 1 contract   |
      | seqNo       | 0                                      |
      | tbc         | false                                  |
      | generatedAt | <now>                                  |
      | requestId   | ${requestId}                           |
    Then the CSMS acknowledges the NotifyCustomerInformation

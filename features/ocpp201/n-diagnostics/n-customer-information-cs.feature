@ocpp201 @block:N @core @sut:station
Feature: Diagnostics (2.0.1) - CustomerInformation, charging station under test
  The harness plays the CSMS and asks for (and/or clears) what the station keeps about a customer, named by
  idToken or customerIdentifier. The station answers Accepted and, when a report is asked for, sends
  NotifyCustomerInformation with the same requestId, seqNo 0 and tbc false for a single part.

  @TC_N_27_CS @fault:date-time-no-offset @fault:silent @requires:action:CustomerInformation
  Scenario: Get Customer Information - Accepted + data
    Given the station is booted
    And EVSE 1 is authorized with idToken "${idTag.valid}"
    When the CSMS sends CustomerInformation with:
      | field           | value         |
      | requestId       | 2701          |
      | report          | true          |
      | clear           | false         |
      | idToken.idToken | ${idTag.valid} |
      | idToken.type    | ISO14443      |
    Then the station responds with status "Accepted"
    And the station sends NotifyCustomerInformation with:
      | field       | value    |
      | requestId   | 2701     |
      | seqNo       | 0        |
      | tbc         | false    |
      | generatedAt | <now±4s> |
      | data        | /\S/     |

  @TC_N_28_CS @fault:date-time-no-offset @fault:silent @requires:action:CustomerInformation
  Scenario: Get Customer Information - Accepted + no data
    Given the station is booted
    When the CSMS sends CustomerInformation with:
      | field           | value          |
      | requestId       | 2801           |
      | report          | true           |
      | clear           | false          |
      | idToken.idToken | ${idTag.unknown} |
      | idToken.type    | ISO14443       |
    Then the station responds with status "Accepted"
    And the station sends NotifyCustomerInformation with:
      | field       | value    |
      | requestId   | 2801     |
      | seqNo       | 0        |
      | tbc         | false    |
      | generatedAt | <now±4s> |
      | data        | <string> |

  @TC_N_30_CS @fault:date-time-no-offset @fault:silent @requires:action:CustomerInformation
  Scenario: Clear Customer Information - Clear and report + data
    Given the station is booted
    And EVSE 1 is authorized with idToken "${idTag.valid}"
    When the CSMS sends CustomerInformation with:
      | field           | value         |
      | requestId       | 3001          |
      | report          | true          |
      | clear           | true          |
      | idToken.idToken | ${idTag.valid} |
      | idToken.type    | ISO14443      |
    Then the station responds with status "Accepted"
    And the station sends NotifyCustomerInformation with:
      | field       | value    |
      | requestId   | 3001     |
      | seqNo       | 0        |
      | tbc         | false    |
      | generatedAt | <now±4s> |
      | data        | /\S/     |

  @TC_N_31_CS @fault:date-time-no-offset @fault:silent @requires:action:CustomerInformation
  Scenario: Clear Customer Information - Clear and report + no data
    Given the station is booted
    When the CSMS sends CustomerInformation with:
      | field           | value          |
      | requestId       | 3101           |
      | report          | true           |
      | clear           | true           |
      | idToken.idToken | ${idTag.unknown} |
      | idToken.type    | ISO14443       |
    Then the station responds with status "Accepted"
    And the station sends NotifyCustomerInformation with:
      | field       | value    |
      | requestId   | 3101     |
      | seqNo       | 0        |
      | tbc         | false    |
      | generatedAt | <now±4s> |
      | data        | <string> |

  @TC_N_32_CS @fault:silent @requires:action:CustomerInformation @fault:customer-information-reports-always
  Scenario: Clear Customer Information - Clear and no report
    Given the station is booted
    And EVSE 1 is authorized with idToken "${idTag.valid}"
    When the CSMS sends CustomerInformation with:
      | field           | value         |
      | requestId       | 3201          |
      | report          | false         |
      | clear           | true          |
      | idToken.idToken | ${idTag.valid} |
      | idToken.type    | ISO14443      |
    Then the station responds with status "Accepted"
    And the station does not send NotifyCustomerInformation within 1 second

  @TC_N_62_CS @fault:date-time-no-offset @fault:silent @requires:action:CustomerInformation
  Scenario: Clear Customer Information - Clear and report - customerIdentifier
    Given the station is booted
    When the CSMS sends CustomerInformation with:
      | field              | value           |
      | requestId          | 6201            |
      | report             | true            |
      | clear              | true            |
      | customerIdentifier | EVC-CUSTOMER-62 |
    Then the station responds with status "Accepted"
    And the station sends NotifyCustomerInformation with:
      | field       | value    |
      | requestId   | 6201     |
      | seqNo       | 0        |
      | tbc         | false    |
      | generatedAt | <now±4s> |
      | data        | <string> |

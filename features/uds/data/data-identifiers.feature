@uds @sut:ecu @data
Feature: Reading and writing data identifiers, DTCs and memory (ISO 14229-1 §11, §12)

  @fault:late-p2
  Scenario: The VIN is readable in the default session
    When the tester sends "22 F1 90"
    Then the response is "62 F1 90 57 45 56 43 30 4E 46 30 52 4D 41 4E 43 45 30 30 31"

  @fault:late-p2
  Scenario: An unknown DID is out of range
    When the tester sends "22 F1 99"
    Then the ECU answers with NRC "0x31"

  @fault:late-p2
  Scenario: Writing a DID needs the extended session and the right length
    When the tester sends "2E 01 01 00 00 00 01"
    Then the ECU answers with NRC "0x31"
    Given the ECU is in the extended session
    When the tester sends "2E 01 01 00 01"
    Then the ECU answers with NRC "0x13"
    When the tester sends "2E 01 01 00 00 00 07"
    Then the response is "6E 01 01"

  @fault:late-p2
  Scenario: DTCs by status mask
    When the tester sends "19 02 08"
    Then the response is "59 02 FF 12 34 56 2F 0A 1B 2C 08"
    When the tester sends "19 01 01"
    Then the response is "59 01 FF 01 00 01"

  @fault:late-p2
  Scenario: Reading memory inside and outside a defined area
    When the tester sends "23 14 00 00 10 00 04"
    Then the response is "63 00 11 22 33"
    When the tester sends "23 14 00 00 30 00 04"
    Then the ECU answers with NRC "0x31"

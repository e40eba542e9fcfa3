@uds @sut:ecu @data
Feature: Reading and writing data identifiers, DTCs and memory (ISO 14229-1 §11, §12)
  Expected values come from the SUT's ECU description (the rig's uds.ecu): its VIN, DIDs, DTCs and memory.

  @fault:late-p2
  Scenario: The VIN is readable in the default session
    Given the ECU is in the default session
    When the tester sends "22 F1 90"
    Then the response is "62 F1 90 ${ecu.did.F190}"

  @fault:wrong-did-value
  Scenario: Every described identification DID reads its described value or pattern
    Given the ECU is in the default session
    Then every described DID readable in the default session reads its described value or pattern

  @fault:late-p2
  Scenario: An unknown DID is out of range
    Given the ECU is in the default session
    When the tester sends "22 ${ecu.absentDid}"
    Then the ECU answers with NRC "0x31"

  @fault:late-p2
  Scenario: Writing a DID needs the extended session and the right length
    Given the ECU is in the default session
    When the tester sends "2E ${ecu.writableDid} ${ecu.writableDid.value}"
    Then the ECU answers with NRC "0x31"
    Given the ECU is in the extended session
    When the tester sends "2E ${ecu.writableDid} ${ecu.writableDid.short}"
    Then the ECU answers with NRC "0x13"
    When the tester sends "2E ${ecu.writableDid} ${ecu.writableDid.value}"
    Then the response is "6E ${ecu.writableDid}"

  @fault:late-p2
  Scenario: DTCs by status mask
    Given the ECU is in the default session
    When the tester sends "19 02 08"
    Then the response lists the described DTCs matching status mask "08"
    When the tester sends "19 01 01"
    Then the response counts the described DTCs matching status mask "01"

  @fault:late-p2
  Scenario: Reading memory inside and outside a defined area
    Given the ECU is in the default session
    When the tester sends "23 14 ${ecu.memory.address} 04"
    Then the response is "63 ${ecu.memory.data4}"
    When the tester sends "23 14 ${ecu.memory.outside} 04"
    Then the ECU answers with NRC "0x31"

@uds @sut:ecu @vcan @isotp
Feature: UDS over ISO-TP on SocketCAN (ISO 15765-2)
  Multi-frame responses must carry consecutive frame sequence numbers 1, 2, … and respect the STmin the
  tester announces in its flow control. CAN ids and expected values come from the SUT's ECU description.

  @fault:isotp-wrong-sequence
  Scenario: The VIN arrives as a correct multi-frame response
    Given the ECU is in the default session
    When the tester sends "22 F1 90"
    Then the response is "62 F1 90 ${ecu.did.F190}"
    And the ISO-TP layer saw no violation

  @fault:isotp-ignores-stmin
  Scenario: A long response respects the tester's STmin
    Given the ECU is in the default session
    When the tester sends "22 ${ecu.longRead}"
    Then the ECU answers positively within P2
    And the ISO-TP layer saw no violation

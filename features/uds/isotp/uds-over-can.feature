@uds @sut:ecu @vcan @isotp
Feature: UDS over ISO-TP on SocketCAN (ISO 15765-2)
  Multi-frame responses must carry consecutive frame sequence numbers 1, 2, … and respect the STmin the
  tester announces in its flow control.

  @fault:isotp-wrong-sequence
  Scenario: The VIN arrives as a correct multi-frame response
    When the tester sends "22 F1 90"
    Then the response is "62 F1 90 57 45 56 43 30 4E 46 30 52 4D 41 4E 43 45 30 30 31"
    And the ISO-TP layer saw no violation

  @fault:isotp-ignores-stmin
  Scenario: A long response respects the tester's STmin
    When the tester sends "22 F1 90 F1 8C F1 95"
    Then the ECU answers positively within P2
    And the ISO-TP layer saw no violation

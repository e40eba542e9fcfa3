@doip @sut:ecu
Feature: DoIP entity: identification, routing activation, header handling, diagnostic messages (ISO 13400-2)
  VIN, logical address and tester addresses come from the SUT's ECU description.

  @fault:doip-wrong-inverse-version
  Scenario: Vehicle identification over UDP
    Then the entity identifies as VIN "${ecu.vin}" with logical address "${ecu.logicalAddress}"

  @fault:doip-routing-wrong-code
  Scenario: Routing activation from an unknown source address is refused and the socket closed
    Then routing activation from "${ecu.doip.unknownTester}" is answered with code "0x00"
    And routing activation of type "0x42" is answered with code "0x06"
    And routing activation from "${ecu.doip.tester}" is answered with code "0x10"

  @fault:doip-nack-wrong-payload-type
  Scenario: Header errors are answered with the right generic NACK
    Then the bytes "02 FD 12 34 00 00 00 00" are answered with generic NACK "0x01"
    And the bytes "02 FD 00 08 00 00 00 05 0E 00 00 00 00" are answered with generic NACK "0x04"
    And the bytes "02 02 00 05 00 00 00 07 0E 00 00 00 00 00 00" are answered with generic NACK "0x00"

  @fault:doip-no-diag-ack @fault:late-p2
  Scenario: A diagnostic message is acknowledged and answered
    Given the ECU is in the default session
    When the tester sends "22 F1 90"
    Then the response is "62 F1 90 ${ecu.did.F190}"
    When the tester sends "3E 00" functionally
    Then the response is "7E 00"

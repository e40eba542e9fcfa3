@doip @sut:ecu
Feature: DoIP entity: identification, routing activation, header handling, diagnostic messages (ISO 13400-2)

  @fault:doip-wrong-inverse-version
  Scenario: Vehicle identification over UDP
    Then the entity identifies as VIN "WEVC0NF0RMANCE001" with logical address "0x0010"

  @fault:doip-routing-wrong-code
  Scenario: Routing activation from an unknown source address is refused and the socket closed
    Then routing activation from "0x0F00" is answered with code "0x00"
    And routing activation of type "0x42" is answered with code "0x06"
    And routing activation from "0x0E00" is answered with code "0x10"

  @fault:doip-nack-wrong-payload-type
  Scenario: Header errors are answered with the right generic NACK
    Then the bytes "02 FD 12 34 00 00 00 00" are answered with generic NACK "0x01"
    And the bytes "02 FD 00 08 00 00 00 05 0E 00 00 00 00" are answered with generic NACK "0x04"
    And the bytes "02 02 00 05 00 00 00 07 0E 00 00 00 00 00 00" are answered with generic NACK "0x00"

  @fault:doip-no-diag-ack @fault:late-p2
  Scenario: A diagnostic message is acknowledged and answered
    When the tester sends "22 F1 90"
    Then the response is "62 F1 90 57 45 56 43 30 4E 46 30 52 4D 41 4E 43 45 30 30 31"
    When the tester sends "3E 00" functionally
    Then the response is "7E 00"

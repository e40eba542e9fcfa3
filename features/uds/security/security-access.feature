@uds @sut:ecu @security
Feature: Security access with attempt counter and delay timer (ISO 14229-1 §10.4)
  A seed is released in the extended session; the right key unlocks the level; wrong keys count as failed
  attempts, and exceeding the maximum answers exceededNumberOfAttempts and starts the delay timer, during
  which seeds are refused with requiredTimeDelayNotExpired.

  @fault:late-p2
  Scenario: A valid key unlocks level 1 and a locked DID becomes readable
    Given the ECU is in the extended session
    When the tester sends "22 02 00"
    Then the ECU answers with NRC "0x33"
    Given security level 1 is unlocked
    When the tester sends "22 02 00"
    Then the response is "62 02 00 DE AD BE EF"

  @fault:late-p2
  Scenario: A key without a seed is a request sequence error
    Given the ECU is in the extended session
    When the tester sends "27 02 01 02 03 04"
    Then the ECU answers with NRC "0x24"

  @fault:security-no-delay
  Scenario: Exceeding the allowed attempts starts the delay timer
    Given the ECU is in the extended session
    When the tester sends 3 wrong keys for level 1
    Then the wrong keys are answered with NRCs "35 35 36"
    When the tester sends "27 01"
    Then the ECU answers with NRC "0x37"

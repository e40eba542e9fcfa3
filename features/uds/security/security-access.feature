@uds @sut:ecu @security
Feature: Security access with attempt counter and delay timer (ISO 14229-1 §10.4)
  A seed is released in the extended session; the right key unlocks the level; wrong keys count as failed
  attempts, and exceeding the maximum answers exceededNumberOfAttempts and starts the delay timer, during
  which seeds are refused with requiredTimeDelayNotExpired. The key comes from the ECU description's seed/key
  module, the attempt limit from its security.maxAttempts.

  @fault:late-p2
  Scenario: A valid key unlocks level 1 and a locked DID becomes readable
    Given the ECU is in the default session
    And the ECU is in the extended session
    When the tester sends "22 ${ecu.lockedDid}"
    Then the ECU answers with NRC "0x33"
    Given security level 1 is unlocked
    When the tester sends "22 ${ecu.lockedDid}"
    Then the response is "62 ${ecu.lockedDid} ${ecu.lockedDid.value}"

  @fault:late-p2
  Scenario: A key without a seed is a request sequence error
    Given the ECU is in the default session
    And the ECU is in the extended session
    When the tester sends a key for level 1 without asking for a seed
    Then the ECU answers with NRC "0x24"

  @fault:security-no-delay
  Scenario: Exceeding the allowed attempts starts the delay timer
    Given the ECU is in the default session
    And the ECU is in the extended session
    When the tester sends wrong keys for level 1 up to the described attempt limit
    Then each wrong key is answered invalidKey and the last exceededNumberOfAttempts
    When the tester sends "27 01"
    Then the ECU answers with NRC "0x37"

@uds @sut:tester
Feature: A diagnostic tester under test (harness = ECU)
  The harness plays the reference ECU; the tester under test runs a job against it. The tester must keep
  non-default sessions alive with suppressed TesterPresent, compute valid keys, wait for the final response
  after responsePending, and number TransferData blocks from 01.

  @fault:tester-no-keepalive @fault:tester-no-suppress
  Scenario: The tester holds the extended session with TesterPresent
    When the tester under test runs the job "hold-extended-session"
    Then the tester job succeeds
    And the tester kept the session alive
    And the tester present requests suppress the positive response

  @fault:tester-wrong-key
  Scenario: The tester unlocks security level 1
    When the tester under test runs the job "unlock"
    Then the tester sent only valid keys
    And the tester job succeeds

  @fault:tester-ignores-response-pending @fault:tester-wrong-block-counter
  Scenario: The tester flashes the ECU
    When the tester under test runs the job "flash"
    Then the tester waited for every final response
    And the TransferData block counters run from 01 in sequence
    And the tester job succeeds

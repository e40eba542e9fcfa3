@uds @sut:ecu @session
Feature: Diagnostic session control, tester present and the S3 timer (ISO 14229-1 §10.2, §10.5; ISO 14229-2 S3)
  The ECU changes sessions on request, reports its P2/P2* timing in the positive response, honours the
  suppressPosRsp bit, rejects unknown services with serviceNotSupported and falls back to the default session
  when the tester stays silent for longer than S3. Each scenario starts in the default session; timings come
  from the SUT's ECU description.

  @fault:wrong-session-timing @fault:late-p2
  Scenario: Entering the extended session reports the session timing
    Given the ECU is in the default session
    When the tester sends "10 03"
    Then the ECU answers positively within P2
    And the ECU reports P2 "${ecu.session.extended.p2}" ms and P2* "${ecu.session.extended.p2Star}" ms
    And the active session is extended

  @fault:wrong-nrc-unknown-service
  Scenario: An unsupported service is rejected with serviceNotSupported
    Given the ECU is in the default session
    When the tester sends "BA 01"
    Then the ECU answers with NRC "0x11"

  @fault:ignores-suppress-pos-rsp
  Scenario: The suppressPosRsp bit suppresses the positive response
    Given the ECU is in the default session
    When the tester sends "10 83"
    Then the ECU sends no positive response
    And the active session is extended

  @fault:late-p2
  Scenario: Tester present is answered, and silently accepted with suppressPosRsp
    Given the ECU is in the default session
    When the tester sends "3E 00"
    Then the response is "7E 00"
    When the tester sends "3E 80" functionally
    Then the ECU sends no response at all

  @fault:no-s3-timeout
  Scenario: Without tester present the ECU returns to the default session after S3
    Given the ECU is in the default session
    And the ECU is in the extended session
    When the tester stays silent for longer than S3
    Then the active session is default

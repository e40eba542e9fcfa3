@iso15118-2 @sut:evcc
Feature: ISO 15118-2 EVCC: SECC discovery (SDP)
  Plugged in, the EVCC sees 5 % duty and sends SDP requests (V2GTP 0x01/0xFE, payload type 0x9000): when one
  is not answered it repeats it, no sooner than sdpRetryInterval after the previous one, up to sdpRetries
  requests. New test cases (the public ISO 15118-4 IDs list no EVCC SDP cases), written from ISO 15118-2
  as FACTS.md summarises it.

  @TC_EVCC_CMN_VTB_SDP_001 @fault:wrong-v2gtp-version
  Scenario: The EVCC sends a well-formed SDP request after plug-in
    Given the SECC is ready for the EVCC
    Then the EVCC discovers the SECC within evccCommunicationSetup

  @TC_EVCC_CMN_VTB_SDP_002 @fault:sdp-retry-too-fast @fault:no-sdp-retry
  Scenario: An unanswered SDP request is repeated, no sooner than sdpRetryInterval
    Given the SECC ignores the first 2 SDP requests
    And the SECC is ready for the EVCC
    Then the EVCC retries SDP every sdpRetryInterval

  @TC_EVCC_CMN_VTB_SDP_003 @fault:no-sdp-retry
  Scenario: The EVCC keeps repeating unanswered SDP requests (sdpRetries allows 50)
    Given the SECC ignores the first 6 SDP requests
    And the SECC is ready for the EVCC
    Then the EVCC retries SDP every sdpRetryInterval

  @TC_EVCC_CMN_VTB_SDP_004 @fault:sdp-too-many-retries
  Scenario: The EVCC gives SDP up after at most sdpRetries unanswered requests
    Given the SECC ignores every SDP request
    And the SECC is ready for the EVCC
    Then the EVCC gives SDP up after at most sdpRetries requests

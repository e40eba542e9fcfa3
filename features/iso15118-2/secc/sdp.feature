@iso15118-2 @sut:secc
Feature: ISO 15118-2 SECC: SECC discovery (SDP)
  The EVCC multicasts an SDP request (V2GTP payload type 0x9000: security 0x00 TLS / 0x10 no TLS, transport
  0x00 TCP) and the SECC answers (0x9001) with the IPv6 address and TCP port it listens on, with the security
  it will speak: TLS when TLS was asked and it offers TLS. The EVCC then opens its TCP/TLS connection there.
  ISO 15118-4 test purposes are not public: these scenarios check the requirement each ID's context names
  (ISO 15118-2 V2G SDP, as FACTS.md summarises it).

  @TC_SECC_CMN_VTB_SDP_001 @fault:no-sdp-response
  Scenario: The SECC answers an SDP request without TLS
    Given the EVCC has discovered the SECC

  @TC_SECC_CMN_VTB_SDP_002 @fault:sdp-wrong-port
  Scenario: The SDP response names the port the SECC accepts the V2G session on
    Given a V2G session is set up

  @tls @TC_SECC_CMN_VTB_SDP_003 @fault:sdp-ignores-security
  Scenario: A TLS SDP request is answered with security TLS
    Given the EVCC has discovered the SECC

  @tls @TC_SECC_CMN_VTB_SDP_004 @fault:sdp-ignores-security @fault:sdp-wrong-port
  Scenario: The TLS port of the SDP response accepts a TLS session
    Given a V2G session is set up

  # Raw SDP requests (ISO 15118-2 V2GTP header and SDP rules): a SECC discards a datagram whose V2GTP header does
  # not make it an SDP request (version 0x01, inverse 0xFE, payload type 0x9000, payload length 2) and announces
  # no address for a security or transport protocol it does not know; it goes on answering well-formed requests,
  # each of them, however often they come. The ISO 15118-4 purposes of these IDs are not public: each purpose
  # is ours, written from those rules.

  @TC_SECC_CMN_VTB_SDP_005 @fault:sdp-answers-unknown-security
  Scenario: An SDP request with a reserved security byte is not answered, the next well-formed one is
    When the EVCC sends the raw SDP request "01fe9000000000022000"
    Then the SECC does not answer it within sdpRetryInterval
    And the SECC answers the next well-formed SDP request

  @TC_SECC_CMN_VTB_SDP_006 @fault:sdp-answers-unknown-transport
  Scenario: An SDP request with a transport protocol other than TCP is not answered, the next well-formed one is
    When the EVCC sends the raw SDP request "01fe9000000000021010"
    Then the SECC does not answer it within sdpRetryInterval
    And the SECC answers the next well-formed SDP request

  @TC_SECC_CMN_VTB_SDP_007 @fault:sdp-answers-once-only
  Scenario: Repeated SDP requests are each answered
    When the EVCC sends 3 well-formed SDP requests in a row
    Then the SECC answers each of them

  @TC_SECC_CMN_VTB_V2GTPSDP_002 @fault:sdp-answers-bad-version
  Scenario: An SDP request with V2GTP version 0x02 is not answered, the next well-formed one is
    When the EVCC sends the raw SDP request "02fd9000000000021000"
    Then the SECC does not answer it within sdpRetryInterval
    And the SECC answers the next well-formed SDP request

  @TC_SECC_CMN_VTB_V2GTPSDP_003 @fault:sdp-answers-bad-version
  Scenario: An SDP request whose inverse version is not 0xFE is not answered, the next well-formed one is
    When the EVCC sends the raw SDP request "01ff9000000000021000"
    Then the SECC does not answer it within sdpRetryInterval
    And the SECC answers the next well-formed SDP request

  @TC_SECC_CMN_VTB_V2GTPSDP_004 @fault:sdp-answers-wrong-payload-type
  Scenario: An SDP request with payload type 0x8001 instead of 0x9000 is not answered, the next well-formed one is
    When the EVCC sends the raw SDP request "01fe8001000000021000"
    Then the SECC does not answer it within sdpRetryInterval
    And the SECC answers the next well-formed SDP request

  @TC_SECC_CMN_VTB_V2GTPSDP_005 @fault:sdp-crashes-on-short-payload
  Scenario: An SDP request shorter than its payload length is not answered, the next well-formed one is
    When the EVCC sends the raw SDP request "01fe90000000000210"
    Then the SECC does not answer it within sdpRetryInterval
    And the SECC answers the next well-formed SDP request

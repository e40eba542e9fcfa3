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

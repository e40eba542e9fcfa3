@iso15118-2 @sut:secc
Feature: ISO 15118-2 SECC: V2G Transfer Protocol header handling
  Every V2GTP frame starts with version 0x01, inverse version 0xFE, a payload type and the payload length. A
  SECC receiving a frame with a wrong version or inverse, a payload type it does not expect or an EXI payload it
  cannot decode sends no answer and closes the TCP connection; its own frames (SDP and TCP) carry a correct
  header and the payload type of the negotiated protocol (0x8001 for ISO 15118-2). After a response with a
  FAILED code the SECC closes the TCP connection. Test purposes written from ISO 15118-2 as FACTS.md
  summarises it (the ISO 15118-4 purposes are not public).

  @TC_SECC_CMN_VTB_V2GTPSDP_001 @fault:wrong-v2gtp-version
  Scenario: The SDP response carries V2GTP version 0x01 and inverse 0xFE
    Given the EVCC has discovered the SECC

  @TC_SECC_CMN_VTB_V2GTPSessionSetup_001 @fault:accepts-malformed-frame
  Scenario: A frame with V2GTP version 0x02 is not answered and the connection is closed
    Given a V2G session is set up
    When the EVCC sends the raw frame "02fd80010000000e809802004080c1014181c211f000"
    Then the SECC closes the TCP connection without an answer

  @TC_SECC_CMN_VTB_V2GTPSessionSetup_002 @fault:accepts-malformed-frame
  Scenario: A frame whose inverse version is not 0xFE is not answered and the connection is closed
    Given a V2G session is set up
    When the EVCC sends the raw frame "01ff80010000000e809802004080c1014181c211f000"
    Then the SECC closes the TCP connection without an answer

  @TC_SECC_CMN_VTB_V2GTPSessionSetup_003 @fault:accepts-malformed-frame
  Scenario: A frame with an unknown payload type is not answered and the connection is closed
    Given a V2G session is set up
    When the EVCC sends the raw frame "01fe99990000000e809802004080c1014181c211f000"
    Then the SECC closes the TCP connection without an answer

  @TC_SECC_CMN_VTB_V2GTPSessionSetup_004 @fault:accepts-malformed-frame
  Scenario: A frame with truncated EXI is not answered and the connection is closed
    Given a V2G session is set up
    When the EVCC sends the raw frame "01fe8001000000028098"
    Then the SECC closes the TCP connection without an answer

  @TC_SECC_CMN_VTB_V2GTPSessionSetup_005 @fault:wrong-v2gtp-version @fault:wrong-payload-type
  Scenario: The SECC's handshake and SessionSetup responses carry a correct header and payload type 0x8001
    Given a V2G session is set up
    Then the SECC answers with ResponseCode "OK_NewSessionEstablished"

  @TC_SECC_CMN_VTB_V2GTPSessionSetup_006 @fault:no-tcp-close-after-failed
  Scenario: After a response with a FAILED code the SECC closes the TCP connection
    Given a V2G session is set up
    When the EVCC sends "ServiceDiscoveryReq" with:
      | field            | value            |
      | Header.SessionID | 0A0B0C0D0E0F1011 |
    Then the SECC answers with a ResponseCode starting with "FAILED"
    And the SECC closes the TCP connection within evccMessage

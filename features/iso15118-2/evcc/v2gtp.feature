@iso15118-2 @sut:evcc
Feature: ISO 15118-2 EVCC: V2G Transfer Protocol and connection handling
  The EVCC's frames carry V2GTP version 0x01 / inverse 0xFE and payload type 0x8001; after a response with a
  FAILED code it stops (closes the TCP connection); after SessionStopRes it closes the TCP connection. New test
  cases (the public ISO 15118-4 IDs list no EVCC V2GTP cases), written from ISO 15118-2
  The close is bounded by evccMessage (a SECC's view of a prompt close; the standard names no EVCC timer).

  @TC_EVCC_CMN_VTB_V2GTPSessionSetup_001 @fault:wrong-v2gtp-version
  Scenario: The EVCC's SessionSetupReq is a well-formed V2GTP frame
    Given the SECC is ready for the EVCC
    When the session runs through "SessionSetupReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_CMN_VTB_V2GTPSessionSetup_002 @fault:ignores-failed-response
  Scenario: After SessionSetupRes with FAILED the EVCC closes the TCP connection
    Given the SECC is ready for the EVCC
    When the SECC answers "SessionSetupReq" with ResponseCode "FAILED"
    And the session runs through "SessionSetupReq"
    Then the EVCC closes the TCP connection within evccMessage

  @TC_EVCC_CMN_VTB_V2GTPSessionSetup_003 @fault:no-tcp-close-after-stop
  Scenario: After SessionStopRes the EVCC closes the TCP connection
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then the EVCC closes the TCP connection within evccMessage

@iso15118-2 @sut:secc @eim
Feature: ISO 15118-2 SECC: SessionStop(Pause) and resuming the paused session
  After PowerDelivery(Stop) (DC: and WeldingDetection) the EV may pause the session: SessionStopReq with
  ChargingSession=Pause is answered OK and the SECC closes the TCP connection. The EV resumes as it started
  (5 % duty, SDP, a new TCP connection, the app-protocol handshake) and sends SessionSetupReq with the paused
  session's SessionID: the SECC answers OK_OldSessionJoined with that same SessionID, and the session goes on
  from ServiceDiscovery to its end (the harness repeats the whole sequence after the joined SessionSetup).

  @ac @TC_SECC_AC_VTB_SessionStop_003 @fault:iso2-pause-keeps-connection
  Scenario: AC: SessionStop(Pause) is answered OK and the SECC closes the TCP connection
    Given a V2G session is set up
    When the EVCC pauses the session
    Then the SECC answers with ResponseCode "OK"
    And the SECC closes the TCP connection within evccMessage

  @ac @TC_SECC_AC_VTB_SessionStop_004 @fault:iso2-ignores-pause
  Scenario: AC: a paused session resumed with its SessionID is joined and charges again to its end
    Given a V2G session is set up
    When the EVCC pauses the session
    And the EVCC resumes the paused session
    Then the SECC answers with ResponseCode "OK_OldSessionJoined"
    When the EVCC completes the session

  @dc @TC_SECC_DC_VTB_SessionStop_003 @fault:iso2-pause-keeps-connection
  Scenario: DC: SessionStop(Pause) after WeldingDetection is answered OK and the SECC closes the TCP connection
    Given a V2G session is set up
    When the EVCC pauses the session
    Then the SECC answers with ResponseCode "OK"
    And the SECC closes the TCP connection within evccMessage

  @dc @TC_SECC_DC_VTB_SessionStop_004 @fault:iso2-ignores-pause
  Scenario: DC: a paused session resumed with its SessionID is joined and charges again to its end
    Given a V2G session is set up
    When the EVCC pauses the session
    And the EVCC resumes the paused session
    Then the SECC answers with ResponseCode "OK_OldSessionJoined"
    When the EVCC completes the session

  # [V2G2-741] (as the open stacks EVerest and Josev implement it): the resumed session runs the whole sequence
  # again, and the SECC offers in it only the payment option selected before the pause and the SAScheduleTuple
  # agreed before it. The standard does not say the EVCC may skip ServiceDetail or PaymentDetails on resume:
  # the harness runs the full sequence. ServiceDiscovery_005 is a new number (the public IDs end at 004).
  @TC_SECC_CMN_VTB_ServiceDiscovery_005 @fault:iso2-resume-offers-other-payments @fault:iso2-resume-new-schedule
  Scenario: The resumed session offers only the paused session's payment option and schedule
    Given a V2G session is set up
    When the EVCC pauses the session
    And the EVCC resumes the paused session
    And the EVCC runs the session up to "AuthorizationReq"
    And the EVCC completes the session

@iso15118-2 @sut:evcc @eim
Feature: ISO 15118-2 EVCC: SessionStop(Pause) and resuming the paused session
  An EV that pauses ends its charge with PowerDelivery(Stop) (DC: and WeldingDetection), sends SessionStopReq
  with ChargingSession=Pause and closes the TCP connection after SessionStopRes. It resumes as it started
  (SDP, a new TCP connection, the app-protocol handshake) with a SessionSetupReq carrying the paused session's
  SessionID (a new or zero SessionID is a finding), is answered OK_OldSessionJoined and charges again to its end.
  The EV must pause by itself: the reference EVCC is told to, a real EV declares it (PICS v2g.values.pausesSession).

  @ac @TC_EVCC_AC_VTB_SessionStop_001 @fault:iso2-resume-with-new-session
  Scenario: AC: the EVCC pauses, closes the connection and resumes with the paused SessionID
    Given the EV pauses its session once
    And the SECC is ready for the EVCC
    When the session runs through "SessionStopReq"
    Then the EVCC closes the TCP connection within evccMessage
    And the EVCC resumes the paused session with its SessionID
    When the session runs to the end

  @dc @TC_EVCC_DC_VTB_SessionStop_001 @fault:iso2-resume-with-new-session
  Scenario: DC: the EVCC pauses after WeldingDetection, closes the connection and resumes with the paused SessionID
    Given the EV pauses its session once
    And the SECC is ready for the EVCC
    When the session runs through "SessionStopReq"
    Then the EVCC closes the TCP connection within evccMessage
    And the EVCC resumes the paused session with its SessionID
    When the session runs to the end

  # [V2G2-741] (as the open stacks EVerest and Josev implement it): in the resumed session the SECC offers only
  # the payment option selected before the pause, and the EVCC selects it again. The standard does not say the
  # EVCC skips ServiceDetail or PaymentDetails on resume: the harness SECC accepts the full sequence.
  # PaymentServiceSelection_003 is a new EVCC test case (the public IDs list no EVCC cases).
  @TC_EVCC_CMN_VTB_PaymentServiceSelection_003 @fault:iso2-resume-changes-payment
  Scenario: The resumed session selects the payment option the paused session selected
    Given the EV pauses its session once
    And the SECC is ready for the EVCC
    When the session runs through "SessionStopReq"
    Then the EVCC resumes the paused session with its SessionID
    When the session runs through "PaymentServiceSelectionReq"
    And the session runs to the end

@din70121 @sut:evcc @dc @eim
Feature: DIN 70121 EVCC: a whole session, session id, SessionStop and the request timing
  The harness plays the SECC (EVSE values from the PICS `v2g.values`) and checks every request of the EVCC:
  in the DIN sequence, with the session's SessionID, within seccSequence of the last answer, and its values
  (targets within the EV's own limits, PreCharge current at most 2 A, PowerDelivery only after PreCharge
  converged). After SessionStopRes the EVCC closes the TCP connection (data/catalogues/v2g-din70121.csv).

  @TC_EVCC_DC_VTB_DIN_SessionSetup_001 @fault:din-skips-precharge @fault:din-skips-cablecheck
  Scenario: A whole DIN DC session (EIM) runs from SessionSetup to SessionStop, every request well-formed
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_DIN_SessionSetup_002 @fault:din-wrong-session-id
  Scenario: After SessionSetup every request carries the SessionID the SECC assigned
    Given the SECC is ready for the EVCC
    When the session runs through "ContractAuthenticationReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_DIN_SessionStop_001 @fault:no-tcp-close-after-stop
  Scenario: After SessionStopRes the EVCC closes the TCP connection
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then the EVCC closes the TCP connection within evccMessage

  @TC_EVCC_DC_VTB_DIN_SessionStop_002 @fault:ignores-failed-response
  Scenario: Answered FAILED, the EVCC stops the session and closes the TCP connection
    Given the SECC is ready for the EVCC
    When the session runs through "ServiceDiscoveryReq"
    And the SECC answers "ServicePaymentSelectionReq" with ResponseCode "FAILED"
    And the session runs through "ServicePaymentSelectionReq"
    Then the EVCC closes the TCP connection within evccMessage

  @TC_EVCC_DC_VTB_DIN_CurrentDemand_005 @fault:din-late-request
  Scenario: Each request comes within seccSequence of the SECC's last answer
    Given the SECC is ready for the EVCC
    When the session runs to the end

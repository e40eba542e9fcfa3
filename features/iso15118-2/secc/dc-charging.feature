@iso15118-2 @sut:secc @eim @dc
Feature: ISO 15118-2 SECC, DC: CableCheck, PreCharge, PowerDelivery, CurrentDemand, WeldingDetection, SessionStop
  CableCheck finishes within evccCableCheck with the isolation Valid (or Warning); PreCharge brings the EVSE's
  voltage to the EV's target within evccPreCharge without passing the EV's maximum; PowerDelivery(Start) is
  answered within evccMessageLong and the SECC energises only once the EV is in state C; an unknown schedule or a
  profile above the schedule is refused; every CurrentDemandRes comes within evccCurrentDemand with a present
  current not above the EV's limits and the session's EVSEID and SAScheduleTupleID; WeldingDetection and
  SessionStop are answered OK. Out of sequence: FAILED_SequenceError; another SessionID: FAILED_UnknownSession.

  @TC_SECC_DC_VTB_CableCheck_001 @fault:iso2-isolation-invalid
  Scenario: CableCheck finishes with the isolation Valid
    Given a V2G session is set up
    When the EVCC runs the session up to "PreChargeReq"
    Then the SECC answers with ResponseCode "OK"
    And the response field "EVSEProcessing" is "Finished"

  @TC_SECC_DC_VTB_CableCheck_002 @fault:iso2-cablecheck-forever
  Scenario: The SECC finishes CableCheck within the EVCC's CableCheck timeout
    Given a V2G session is set up
    When the EVCC runs the session up to "PreChargeReq"
    Then the SECC answers with a ResponseCode starting with "OK"

  @TC_SECC_DC_VTB_CableCheck_003 @fault:iso2-no-sequence-error
  Scenario: CableCheckReq before ChargeParameterDiscovery is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "CableCheckReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_DC_VTB_CableCheck_004 @fault:iso2-accepts-wrong-session-id
  Scenario: CableCheckReq with another SessionID is answered FAILED_UnknownSession
    Given a V2G session is set up
    When the EVCC runs the session up to "CableCheckReq"
    And the EVCC sends "CableCheckReq" with:
      | field            | value            |
      | Header.SessionID | 0102030405060708 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

  @TC_SECC_DC_VTB_PreCharge_001 @fault:iso2-precharge-never-converges
  Scenario: PreCharge reaches the EV's target voltage within the EVCC's PreCharge timeout
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_PreCharge_002 @fault:iso2-precharge-overvoltage
  Scenario: PreCharge never puts more than the EV's maximum voltage on the cable
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    Then the response content is as ISO 15118-2 requires

  @TC_SECC_DC_VTB_PreCharge_003 @fault:iso2-no-sequence-error
  Scenario: PreChargeReq before CableCheck is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "CableCheckReq"
    And the EVCC sends "PreChargeReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_DC_VTB_PreCharge_004 @fault:iso2-accepts-wrong-session-id
  Scenario: PreChargeReq with another SessionID is answered FAILED_UnknownSession
    Given a V2G session is set up
    When the EVCC runs the session up to "PreChargeReq"
    And the EVCC sends "PreChargeReq" with:
      | field            | value            |
      | Header.SessionID | 0102030405060708 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

  @TC_SECC_DC_VTB_PowerDelivery_001 @fault:iso2-energises-before-c
  Scenario: The SECC runs the cable check and energises only once the EV is in state C
    Given a V2G session is set up
    And the EVCC keeps the pilot in state B
    When the EVCC runs the session up to "CableCheckReq"
    And the EVCC sends "CableCheckReq"
    Then the SECC answers with ResponseCode "OK"
    And the response field "EVSEProcessing" is "Ongoing"
    And the SECC energises only after the EVCC switched to state C

  @TC_SECC_DC_VTB_PowerDelivery_002 @fault:iso2-late-power-delivery
  Scenario: The SECC answers PowerDeliveryReq within evccMessageLong
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "PowerDeliveryReq"
    Then the SECC answers with a ResponseCode starting with "OK"

  @TC_SECC_DC_VTB_PowerDelivery_003 @fault:iso2-accepts-unknown-schedule
  Scenario: PowerDelivery(Start) naming a schedule the SECC never offered is refused
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "PowerDeliveryReq" with:
      | field             | value |
      | SAScheduleTupleID | 200   |
    Then the SECC answers with a ResponseCode starting with "FAILED"

  @TC_SECC_DC_VTB_PowerDelivery_004 @fault:iso2-accepts-profile-above-schedule
  Scenario: PowerDelivery(Start) with a charging profile above the schedule's PMax is refused
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "PowerDeliveryReq" with:
      | field                       | value |
      | ChargingProfile.ProfileEntry | [{"ChargingProfileEntryStart": 0, "ChargingProfileEntryMaxPower": {"Multiplier": 3, "Unit": "W", "Value": 30000}}] |
    Then the SECC answers with a ResponseCode starting with "FAILED"

  @TC_SECC_DC_VTB_PowerDelivery_005 @fault:iso2-no-sequence-error
  Scenario: PowerDeliveryReq before PreCharge is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "PreChargeReq"
    And the EVCC sends "PowerDeliveryReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_DC_VTB_PowerDelivery_006 @fault:iso2-wrong-evse-status-type
  Scenario: PowerDeliveryRes carries the DC EVSE status
    Given a V2G session is set up
    When the EVCC runs the session up to "CurrentDemandReq"
    Then the response content is as ISO 15118-2 requires

  @TC_SECC_DC_VTB_CurrentDemand_001 @fault:iso2-current-above-ev-limit
  Scenario: The SECC never delivers more current than the EV's maximum
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_CurrentDemand_002 @fault:iso2-late-current-demand
  Scenario: Every CurrentDemandRes comes within evccCurrentDemand
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_CurrentDemand_003 @fault:iso2-wrong-evseid-in-status
  Scenario: CurrentDemandRes carries the EVSEID of SessionSetupRes
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_CurrentDemand_004 @fault:iso2-wrong-schedule-id
  Scenario: CurrentDemandRes carries the SAScheduleTupleID the EV chose
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_CurrentDemand_005 @fault:iso2-no-sequence-error
  Scenario: CurrentDemandReq before PowerDelivery(Start) is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "CurrentDemandReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_DC_VTB_WeldingDetection_001 @fault:iso2-welding-fails
  Scenario: WeldingDetection after PowerDelivery(Stop) is answered OK
    Given a V2G session is set up
    When the EVCC runs the session up to "SessionStopReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_WeldingDetection_002 @fault:iso2-no-sequence-error
  Scenario: WeldingDetectionReq while energy flows is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "CurrentDemandReq"
    And the EVCC sends "WeldingDetectionReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_DC_VTB_SessionStop_001 @fault:iso2-session-stop-fails
  Scenario: SessionStop(Terminate) after WeldingDetection is answered OK
    Given a V2G session is set up
    When the EVCC runs the session up to "SessionStopReq"
    And the EVCC sends "SessionStopReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_SessionStop_002 @fault:iso2-accepts-wrong-session-id
  Scenario: SessionStopReq with another SessionID is answered FAILED_UnknownSession
    Given a V2G session is set up
    When the EVCC runs the session up to "SessionStopReq"
    And the EVCC sends "SessionStopReq" with:
      | field            | value            |
      | Header.SessionID | 0102030405060708 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

  @TC_SECC_DC_VTB_Abnormal_001 @fault:iso2-no-sequence-error
  Scenario: An AC ChargingStatusReq in a DC charge loop is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "CurrentDemandReq"
    And the EVCC sends "ChargingStatusReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

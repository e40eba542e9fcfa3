@iso15118-2 @sut:secc @eim @ac
Feature: ISO 15118-2 SECC, AC: PowerDelivery, ChargingStatus, SessionStop
  PowerDelivery(Start) is answered within evccMessageLong with the AC EVSE status and the SECC energises only
  once the EV is in state C; an unknown schedule or a profile above the schedule's PMax is refused; every
  ChargingStatusRes comes within evccMessage with the session's EVSEID and SAScheduleTupleID; SessionStop is
  answered OK. Out of sequence: FAILED_SequenceError; another SessionID: FAILED_UnknownSession.

  @TC_SECC_AC_VTB_PowerDelivery_001 @fault:iso2-energises-before-c
  Scenario: After PowerDelivery(Start) the SECC energises only once the EV is in state C
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "PowerDeliveryReq"
    Then the SECC answers with ResponseCode "OK"
    And the SECC energises only after the EVCC switched to state C

  @TC_SECC_AC_VTB_PowerDelivery_002 @fault:iso2-late-power-delivery
  Scenario: The SECC answers PowerDeliveryReq within evccMessageLong
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "PowerDeliveryReq"
    Then the SECC answers with a ResponseCode starting with "OK"

  @TC_SECC_AC_VTB_PowerDelivery_003 @fault:iso2-accepts-unknown-schedule
  Scenario: PowerDelivery(Start) naming a schedule the SECC never offered is refused
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "PowerDeliveryReq" with:
      | field             | value |
      | SAScheduleTupleID | 200   |
    Then the SECC answers with a ResponseCode starting with "FAILED"

  @TC_SECC_AC_VTB_PowerDelivery_004 @fault:iso2-accepts-profile-above-schedule
  Scenario: PowerDelivery(Start) with a charging profile above the schedule's PMax is refused
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "PowerDeliveryReq" with:
      | field                       | value |
      | ChargingProfile.ProfileEntry | [{"ChargingProfileEntryStart": 0, "ChargingProfileEntryMaxPower": {"Multiplier": 3, "Unit": "W", "Value": 30000}}] |
    Then the SECC answers with a ResponseCode starting with "FAILED"

  @TC_SECC_AC_VTB_PowerDelivery_005 @fault:iso2-no-sequence-error
  Scenario: PowerDeliveryReq before ChargeParameterDiscovery is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "PowerDeliveryReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_AC_VTB_PowerDelivery_006 @fault:iso2-wrong-evse-status-type
  Scenario: PowerDeliveryRes carries the AC EVSE status
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargingStatusReq"
    Then the response content is as ISO 15118-2 requires

  @TC_SECC_AC_VTB_ChargingStatus_001 @fault:iso2-wrong-evseid-in-status
  Scenario: ChargingStatusRes carries the EVSEID of SessionSetupRes
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_AC_VTB_ChargingStatus_002 @fault:iso2-wrong-schedule-id
  Scenario: ChargingStatusRes carries the SAScheduleTupleID the EV chose
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_AC_VTB_ChargingStatus_003 @fault:iso2-late-charging-status
  Scenario: Every ChargingStatusRes comes within evccMessage
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_AC_VTB_ChargingStatus_004 @fault:iso2-no-sequence-error
  Scenario: ChargingStatusReq before PowerDelivery(Start) is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "ChargingStatusReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_AC_VTB_SessionStop_001 @fault:iso2-session-stop-fails
  Scenario: SessionStop(Terminate) after PowerDelivery(Stop) is answered OK
    Given a V2G session is set up
    When the EVCC runs the session up to "SessionStopReq"
    And the EVCC sends "SessionStopReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_AC_VTB_SessionStop_002 @fault:iso2-accepts-wrong-session-id
  Scenario: SessionStopReq with another SessionID is answered FAILED_UnknownSession
    Given a V2G session is set up
    When the EVCC runs the session up to "SessionStopReq"
    And the EVCC sends "SessionStopReq" with:
      | field            | value            |
      | Header.SessionID | 0102030405060708 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

  @TC_SECC_AC_VTB_Abnormal_001 @fault:iso2-no-sequence-error
  Scenario: A DC CurrentDemandReq in an AC charge loop is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargingStatusReq"
    And the EVCC sends "CurrentDemandReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

@iso15118-20 @sut:secc @eim @dc
Feature: ISO 15118-20 SECC: DC charge parameters, schedule, cable check, pre-charge and the DC charge loop
  DC messages travel as V2GTP payload type 0x8004 and decode only with the DC schema; ScheduleExchange and
  DC_CableCheck finish within evccOngoing / evccCableCheck; DC_PreCharge brings the present voltage to the
  EV's target within preCharge20; the SECC runs the cable check and energises only after the EV switched to
  state C (the EV closes S2 before DC_CableCheck); every DC_ChargeLoopRes comes within seccChargeLoop20 (performance) and evccChargeLoop20
  (the EV's timeout) with a present current within the EV's limits.

  @TC_SECC_DC_VTB_V20_ChargeParameterDiscovery_001 @fault:iso20-wrong-payload-type
  Scenario: DC_ChargeParameterDiscoveryRes travels as payload type 0x8004 and decodes with the DC schema
    Given a V2G session is set up
    When the EVCC runs the session up to "ScheduleExchangeReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_V20_ScheduleExchange_001 @fault:iso20-schedule-ongoing-forever
  Scenario: ScheduleExchange (Scheduled) finishes within evccOngoing with a schedule tuple
    Given a V2G session is set up
    When the EVCC runs the session up to "DC_CableCheckReq"
    Then the response field "EVSEProcessing" is "Finished"

  @TC_SECC_DC_VTB_V20_CableCheck_001 @fault:iso20-cablecheck-ongoing-forever
  Scenario: DC_CableCheck finishes within evccCableCheck
    Given a V2G session is set up
    When the EVCC runs the session up to "DC_PreChargeReq"
    Then the response field "EVSEProcessing" is "Finished"

  @TC_SECC_DC_VTB_V20_CableCheck_002 @fault:iso20-no-sequence-error
  Scenario: DC_CableCheckReq before ScheduleExchange is a sequence error
    Given a V2G session is set up
    When the EVCC runs the session up to "ScheduleExchangeReq"
    And the EVCC sends "DC_CableCheckReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @TC_SECC_DC_VTB_V20_PreCharge_001 @fault:iso20-precharge-never-converges
  Scenario: DC_PreCharge brings the present voltage to the EV's target
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_V20_PreCharge_002 @fault:iso20-slow-precharge
  Scenario: DC_PreCharge converges within preCharge20 (a SECC just over it fails)
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_V20_PowerDelivery_002 @fault:iso20-energises-before-c
  Scenario: The SECC runs the cable check and energises only once the EV is in state C
    Given a V2G session is set up
    And the EVCC keeps the pilot in state B
    When the EVCC runs the session up to "DC_CableCheckReq"
    And the EVCC sends "DC_CableCheckReq"
    Then the response field "EVSEProcessing" is "Ongoing"
    And the SECC energises only after the EVCC switched to state C

  @TC_SECC_DC_VTB_V20_ChargeLoop_001 @fault:iso20-current-above-ev-limit
  Scenario: A full DC session: the present current never exceeds the EV's maximum or target current
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_V20_ChargeLoop_002 @fault:iso20-late-charge-loop
  Scenario: Every DC_ChargeLoopRes comes within evccChargeLoop20
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_V20_ChargeLoop_003 @fault:iso20-slow-charge-loop
  Scenario: DC_ChargeLoopRes comes within the SECC performance time seccChargeLoop20
    Given a V2G session is set up
    When the EVCC runs the session up to "DC_ChargeLoopReq"
    And the EVCC sends "DC_ChargeLoopReq"
    Then the SECC answered within seccChargeLoop20

  @TC_SECC_DC_VTB_V20_ChargeLoop_004 @fault:iso20-no-sequence-error
  Scenario: DC_ChargeLoopReq before PowerDelivery(Start) is a sequence error
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "DC_ChargeLoopReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

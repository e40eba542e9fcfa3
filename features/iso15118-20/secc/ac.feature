@iso15118-20 @sut:secc @eim @ac
Feature: ISO 15118-20 SECC: AC charge parameters, schedule, power delivery and the AC charge loop
  AC messages travel as V2GTP payload type 0x8003 and decode only with the AC schema; ScheduleExchange
  finishes within evccOngoing; the SECC energises only after the EV switched to state C after
  PowerDelivery(Start); every AC_ChargeLoopRes comes within seccChargeLoop20 and evccChargeLoop20 and never
  sets a target active power above the EV's EVMaximumChargePower.

  @TC_SECC_AC_VTB_V20_ChargeParameterDiscovery_001 @fault:iso20-wrong-payload-type
  Scenario: AC_ChargeParameterDiscoveryRes travels as payload type 0x8003 and decodes with the AC schema
    Given a V2G session is set up
    When the EVCC runs the session up to "ScheduleExchangeReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_AC_VTB_V20_ScheduleExchange_001 @fault:iso20-schedule-ongoing-forever
  Scenario: ScheduleExchange (Scheduled) finishes within evccOngoing
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    Then the response field "EVSEProcessing" is "Finished"

  @TC_SECC_AC_VTB_V20_PowerDelivery_001 @fault:iso20-energises-before-c
  Scenario: After PowerDelivery(Start) the SECC closes its contactor only once the EV is in state C
    Given a V2G session is set up
    When the EVCC runs the session up to "AC_ChargeLoopReq"
    And the EVCC sends "AC_ChargeLoopReq"
    Then the SECC energises only after the EVCC switched to state C

  @TC_SECC_AC_VTB_V20_ChargeLoop_001 @fault:iso20-current-above-ev-limit
  Scenario: A full AC session: the target active power never exceeds the EV's maximum
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_AC_VTB_V20_ChargeLoop_002 @fault:iso20-late-charge-loop
  Scenario: Every AC_ChargeLoopRes comes within evccChargeLoop20
    Given a V2G session is set up
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_AC_VTB_V20_ChargeLoop_003 @fault:iso20-slow-charge-loop
  Scenario: AC_ChargeLoopRes comes within the SECC performance time seccChargeLoop20
    Given a V2G session is set up
    When the EVCC runs the session up to "AC_ChargeLoopReq"
    And the EVCC sends "AC_ChargeLoopReq"
    Then the SECC answered within seccChargeLoop20

  @TC_SECC_AC_VTB_V20_ChargeLoop_004 @fault:iso20-no-sequence-error
  Scenario: AC_ChargeLoopReq before PowerDelivery(Start) is a sequence error
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "AC_ChargeLoopReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

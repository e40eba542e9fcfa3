@iso15118-20 @sut:evcc @eim @dc
Feature: ISO 15118-20 EVCC: DC charge parameters, cable check, pre-charge, state C and the DC charge loop
  The EVCC sends the DC ChargeParameterDiscovery of the DC service it selected (payload type 0x8004), checks
  the cable (in state C: S2 closed before DC_CableCheck) before pre-charge, gives up a pre-charge that does not
  converge within preCharge20, asks for no more current
  than its own and the EVSE's maximum, and gives up a DC_ChargeLoopRes later than evccChargeLoop20.

  @TC_EVCC_DC_VTB_V20_ChargeParameterDiscovery_001 @fault:iso20-wrong-energy-family @fault:iso20-wrong-payload-type
  Scenario: After selecting DC the EVCC sends DC_ChargeParameterDiscoveryReq as payload type 0x8004
    Given the SECC is ready for the EVCC
    When the session runs through "ServiceSelectionReq"
    Then the EVCC sends "DC_ChargeParameterDiscoveryReq"

  @TC_EVCC_DC_VTB_V20_CableCheck_001 @fault:iso20-skips-cablecheck
  Scenario: After ScheduleExchange the EVCC checks the cable before pre-charge
    Given the SECC is ready for the EVCC
    When the session runs through "ScheduleExchangeReq"
    Then the EVCC sends "DC_CableCheckReq"

  @TC_EVCC_DC_VTB_V20_PreCharge_001 @fault:iso20-precharge-forever
  Scenario: The EVCC gives up a pre-charge that does not reach its target within preCharge20
    Given the SECC is ready for the EVCC
    When the session runs through "DC_CableCheckReq"
    And the SECC holds the PreCharge present voltage at 0 V
    Then the EVCC gives up PreCharge within preCharge20

  @TC_EVCC_DC_VTB_V20_PowerDelivery_001 @fault:no-state-c @fault:late-state-c
  Scenario: The EVCC is in state C from DC_CableCheck on, so at PowerDeliveryRes(Start)
    Given the SECC is ready for the EVCC
    When the session runs through "DC_CableCheckReq"
    Then the EVCC was in state C when it sent "DC_CableCheckReq"
    When the session runs through "PowerDeliveryReq"
    Then the EVCC switches the pilot to state C within cpStateCAfterPowerDelivery

  @TC_EVCC_DC_VTB_V20_ChargeLoop_001 @fault:iso20-target-above-max
  Scenario: A full DC session: the target current never exceeds the EV's own maximum
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_V20_ChargeLoop_002 @fault:iso20-target-above-evse-max
  Scenario: A full DC session: the target current never exceeds the EVSE's maximum
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_V20_ChargeLoop_003 @fault:iso20-ignores-response-timeout
  Scenario: The EVCC gives up when DC_ChargeLoopRes comes later than evccChargeLoop20
    Given the SECC is ready for the EVCC
    When the session runs through "PowerDeliveryReq"
    Then the EVCC gives up when the SECC answers "DC_ChargeLoopReq" after evccChargeLoop20

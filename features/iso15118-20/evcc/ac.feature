@iso15118-20 @sut:evcc @eim @ac
Feature: ISO 15118-20 EVCC: AC charge parameters, state C and the AC charge loop
  The EVCC sends the AC ChargeParameterDiscovery of the AC service it selected (payload type 0x8003),
  switches the pilot to state C within cpStateCAfterPowerDelivery after PowerDeliveryRes(Start), draws no more
  active power than its own and the EVSE's maximum, and gives up an AC_ChargeLoopRes later than evccChargeLoop20.

  @TC_EVCC_AC_VTB_V20_ChargeParameterDiscovery_001 @fault:iso20-wrong-energy-family @fault:iso20-wrong-payload-type
  Scenario: After selecting AC the EVCC sends AC_ChargeParameterDiscoveryReq as payload type 0x8003
    Given the SECC is ready for the EVCC
    When the session runs through "ServiceSelectionReq"
    Then the EVCC sends "AC_ChargeParameterDiscoveryReq"

  @TC_EVCC_AC_VTB_V20_PowerDelivery_001 @fault:no-state-c @fault:late-state-c
  Scenario: After PowerDeliveryRes(Start) the EVCC switches the pilot to state C within cpStateCAfterPowerDelivery
    Given the SECC is ready for the EVCC
    When the session runs through "PowerDeliveryReq"
    Then the EVCC switches the pilot to state C within cpStateCAfterPowerDelivery

  @TC_EVCC_AC_VTB_V20_ChargeLoop_001 @fault:iso20-target-above-max
  Scenario: A full AC session: the active power never exceeds the EV's own maximum
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then every request of the EVCC was well-formed

  @TC_EVCC_AC_VTB_V20_ChargeLoop_002 @fault:iso20-target-above-evse-max
  Scenario: A full AC session: the active power never exceeds the EVSE's maximum
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then every request of the EVCC was well-formed

  @TC_EVCC_AC_VTB_V20_ChargeLoop_003 @fault:iso20-ignores-response-timeout
  Scenario: The EVCC gives up when AC_ChargeLoopRes comes later than evccChargeLoop20
    Given the SECC is ready for the EVCC
    When the session runs through "PowerDeliveryReq"
    Then the EVCC gives up when the SECC answers "AC_ChargeLoopReq" after evccChargeLoop20

@din70121 @sut:secc @dc @eim
Feature: DIN 70121 SECC: ContractAuthentication, ChargeParameterDiscovery, CableCheck and PreCharge
  Each loop ends within the EVCC's timer (Ongoing loops within evccOngoing, CableCheck within evccCableCheck,
  PreCharge within evccPreCharge: the harness EVCC times the whole loop from its first request). The finished
  ChargeParameterDiscoveryRes carries the DC EVSE limits and a schedule; CableCheck finishes with a valid
  isolation status; the PreCharge voltage converges to the EV's target without overshooting it
  (data/catalogues/v2g-din70121.csv).

  @TC_SECC_DC_VTB_DIN_ContractAuthentication_001 @fault:din-ongoing-forever
  Scenario: The ContractAuthentication loop (EIM) is finished within evccOngoing
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"

  @TC_SECC_DC_VTB_DIN_ChargeParameterDiscovery_001 @fault:din-missing-evse-limits @fault:din-no-schedule
  Scenario: The finished ChargeParameterDiscoveryRes carries the DC EVSE limits and a schedule
    Given a V2G session is set up
    When the EVCC runs the session up to "CableCheckReq"

  @TC_SECC_DC_VTB_DIN_ChargeParameterDiscovery_002 @fault:din-cpd-ongoing-too-long
  Scenario: The ChargeParameterDiscovery loop is finished within evccOngoing
    Given a V2G session is set up
    When the EVCC runs the session up to "CableCheckReq"

  @TC_SECC_DC_VTB_DIN_ChargeParameterDiscovery_003 @fault:din-accepts-ac-request
  Scenario: ChargeParameterDiscoveryReq asking for an AC energy transfer is refused
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq" with:
      | field                         | value               |
      | EVRequestedEnergyTransferType | AC_three_phase_core |
    Then the SECC answers with ResponseCode "FAILED_WrongEnergyTransferType"

  @TC_SECC_DC_VTB_DIN_CableCheck_001 @fault:din-cablecheck-never-finishes @fault:din-cablecheck-too-long
  Scenario: The CableCheck loop is finished within evccCableCheck
    Given a V2G session is set up
    When the EVCC runs the session up to "PreChargeReq"

  @TC_SECC_DC_VTB_DIN_CableCheck_002 @fault:din-cablecheck-isolation-invalid
  Scenario: CableCheck finishes with a valid isolation status
    Given a V2G session is set up
    When the EVCC runs the session up to "PreChargeReq"

  @TC_SECC_DC_VTB_DIN_PreCharge_001 @fault:din-precharge-never-converges @fault:din-precharge-too-slow
  Scenario: The PreCharge voltage reaches the EV's target within evccPreCharge
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"

  @TC_SECC_DC_VTB_DIN_PreCharge_002 @fault:din-precharge-overshoot
  Scenario: The PreCharge voltage does not overshoot the EV's target
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"

  @TC_SECC_DC_VTB_DIN_ContractAuthentication_003 @fault:din-ongoing-over-secc-limit
  Scenario: The SECC ends its ContractAuthentication Ongoing loop within seccOngoing
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    Then the SECC finished the "ContractAuthenticationReq" loop within seccOngoing

  @TC_SECC_DC_VTB_DIN_CableCheck_004 @fault:din-cablecheck-over-secc-limit
  Scenario: The SECC finishes CableCheck within seccCableCheck
    Given a V2G session is set up
    When the EVCC runs the session up to "PreChargeReq"
    Then the SECC finished the "CableCheckReq" loop within seccCableCheck

  @TC_SECC_DC_VTB_DIN_PreCharge_004 @fault:din-precharge-over-secc-limit
  Scenario: The PreCharge voltage reaches the EV's target within seccPreCharge
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    Then the SECC finished the "PreChargeReq" loop within seccPreCharge

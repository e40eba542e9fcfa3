@iso15118-2 @sut:evcc @eim @dc
Feature: ISO 15118-2 EVCC, DC: ChargeParameterDiscovery, CableCheck, PreCharge, PowerDelivery, CurrentDemand
  The EVCC requests an offered DC mode, repeats ChargeParameterDiscovery and CableCheck while Ongoing, runs
  CableCheck before PreCharge and PreCharge (at most 2 A) before PowerDelivery(Start), keeps its profile inside
  the schedule, is in state C from CableCheck on (S2 closed before it) so at PowerDeliveryRes(Start), asks no more
  current than its own maximum, answers StopCharging with PowerDelivery(Stop) and stops the loop with
  PowerDelivery(Stop) before WeldingDetection and SessionStop.

  @TC_EVCC_DC_VTB_ChargeParameterDiscovery_001 @fault:iso2-wrong-energy-mode
  Scenario: The EVCC requests a DC energy transfer mode the SECC offered
    Given the SECC is ready for the EVCC
    When the session runs through "ChargeParameterDiscoveryReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_ChargeParameterDiscovery_002 @fault:iso2-ignores-ongoing
  Scenario: The EVCC repeats ChargeParameterDiscoveryReq while the SECC answers Ongoing
    Given the SECC is ready for the EVCC
    When the session runs through "AuthorizationReq"
    And the SECC answers "ChargeParameterDiscoveryReq" with:
      | field          | value   |
      | EVSEProcessing | Ongoing |
    Then the EVCC sends "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq"

  @TC_EVCC_DC_VTB_CableCheck_001 @fault:iso2-skips-cable-check
  Scenario: After ChargeParameterDiscovery the EVCC asks for the cable check
    Given the SECC is ready for the EVCC
    When the session runs through "ChargeParameterDiscoveryReq"
    Then the EVCC sends "CableCheckReq"

  @TC_EVCC_DC_VTB_CableCheck_002 @fault:iso2-ignores-ongoing
  Scenario: The EVCC repeats CableCheckReq while the SECC answers Ongoing
    Given the SECC is ready for the EVCC
    When the session runs through "ChargeParameterDiscoveryReq"
    And the SECC answers "CableCheckReq" with:
      | field          | value   |
      | EVSEProcessing | Ongoing |
    Then the EVCC sends "CableCheckReq"
    And the EVCC sends "CableCheckReq"

  @TC_EVCC_DC_VTB_PreCharge_001 @fault:iso2-skips-precharge
  Scenario: After the cable check the EVCC pre-charges
    Given the SECC is ready for the EVCC
    When the session runs through "CableCheckReq"
    Then the EVCC sends "PreChargeReq"

  @TC_EVCC_DC_VTB_PreCharge_002 @fault:iso2-precharge-overcurrent
  Scenario: The EVCC asks at most 2 A during PreCharge
    Given the SECC is ready for the EVCC
    When the session runs through "PreChargeReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_PowerDelivery_001 @fault:iso2-exceeds-schedule
  Scenario: The EVCC's charging profile stays inside the schedule's PMax
    Given the SECC is ready for the EVCC
    When the session runs through "PowerDeliveryReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_PowerDelivery_002 @fault:iso2-late-state-c
  Scenario: The EVCC is in state C from CableCheck on, so at PowerDeliveryRes(Start)
    Given the SECC is ready for the EVCC
    When the session runs through "CableCheckReq"
    Then the EVCC was in state C when it sent "CableCheckReq"
    When the session runs through "PowerDeliveryReq"
    Then the EVCC switches the pilot to state C within cpStateCAfterPowerDelivery

  @TC_EVCC_DC_VTB_CurrentDemand_001 @fault:iso2-target-above-max
  Scenario: The EVCC never asks more current than its own maximum
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_CurrentDemand_002 @fault:iso2-ignores-stop-charging
  Scenario: On an EVSE StopCharging notification the EVCC stops with PowerDeliveryReq
    Given the SECC is ready for the EVCC
    When the session runs through "PowerDeliveryReq"
    And the SECC answers "CurrentDemandReq" with:
      | field                            | value        |
      | DC_EVSEStatus.EVSENotification | StopCharging |
    Then the EVCC sends "CurrentDemandReq"
    And the EVCC sends "PowerDeliveryReq"

  @TC_EVCC_DC_VTB_CurrentDemand_003 @fault:iso2-no-power-delivery-stop
  Scenario: The EVCC ends the charge loop with PowerDelivery(Stop), then WeldingDetection and SessionStop
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then every request of the EVCC was well-formed

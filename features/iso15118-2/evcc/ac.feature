@iso15118-2 @sut:evcc @eim @ac
Feature: ISO 15118-2 EVCC, AC: ChargeParameterDiscovery, PowerDelivery, ChargingStatus, stop
  The EVCC requests an offered AC energy transfer mode with EVMinCurrent not above EVMaxCurrent, repeats
  ChargeParameterDiscoveryReq while Ongoing, keeps its charging profile inside the schedule's PMax, switches to
  state C within cpStateCAfterPowerDelivery after PowerDeliveryRes(Start), answers an EVSE StopCharging
  notification with PowerDelivery(Stop) and ends the charge loop with PowerDelivery(Stop) before SessionStop.

  @TC_EVCC_AC_VTB_ChargeParameterDiscovery_001 @fault:iso2-wrong-energy-mode
  Scenario: The EVCC requests an AC energy transfer mode the SECC offered
    Given the SECC is ready for the EVCC
    When the session runs through "ChargeParameterDiscoveryReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_AC_VTB_ChargeParameterDiscovery_002 @fault:iso2-min-above-max
  Scenario: The EVCC's EVMinCurrent is not above its EVMaxCurrent
    Given the SECC is ready for the EVCC
    When the session runs through "ChargeParameterDiscoveryReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_AC_VTB_ChargeParameterDiscovery_003 @fault:iso2-ignores-ongoing
  Scenario: The EVCC repeats ChargeParameterDiscoveryReq while the SECC answers Ongoing
    Given the SECC is ready for the EVCC
    When the session runs through "AuthorizationReq"
    And the SECC answers "ChargeParameterDiscoveryReq" with:
      | field          | value   |
      | EVSEProcessing | Ongoing |
    Then the EVCC sends "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq"

  @TC_EVCC_AC_VTB_PowerDelivery_001 @fault:iso2-exceeds-schedule
  Scenario: The EVCC's charging profile stays inside the schedule's PMax
    Given the SECC is ready for the EVCC
    When the session runs through "PowerDeliveryReq"
    Then every request of the EVCC was well-formed

  @TC_EVCC_AC_VTB_PowerDelivery_002 @fault:iso2-late-state-c
  Scenario: The EVCC switches to state C within cpStateCAfterPowerDelivery after PowerDeliveryRes(Start)
    Given the SECC is ready for the EVCC
    When the session runs through "PowerDeliveryReq"
    Then the EVCC switches the pilot to state C within cpStateCAfterPowerDelivery

  @TC_EVCC_AC_VTB_ChargingStatus_001 @fault:iso2-no-power-delivery-stop
  Scenario: The EVCC ends the charge loop with PowerDelivery(Stop) before SessionStop
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then every request of the EVCC was well-formed

  @TC_EVCC_AC_VTB_ChargingStatus_002 @fault:iso2-ignores-stop-charging
  Scenario: On an EVSE StopCharging notification the EVCC stops with PowerDeliveryReq
    Given the SECC is ready for the EVCC
    When the session runs through "PowerDeliveryReq"
    And the SECC answers "ChargingStatusReq" with:
      | field                            | value        |
      | AC_EVSEStatus.EVSENotification | StopCharging |
    Then the EVCC sends "ChargingStatusReq"
    And the EVCC sends "PowerDeliveryReq"

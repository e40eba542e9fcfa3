@din70121 @sut:evcc @dc @eim
Feature: DIN 70121 EVCC: PowerDelivery, the pilot, CurrentDemand and WeldingDetection
  The EV closes S2 (state C) before CableCheck (DC: the insulation test needs it) and is in state C at
  PowerDeliveryRes(Start); its
  CurrentDemand targets stay within its own maximum limits; asked to stop (EVSENotification StopCharging) it
  ends the loop with PowerDelivery(Stop); it gives up a CurrentDemandRes later than evccCurrentDemand and a
  PowerDeliveryRes later than dinPowerDelivery (closes the TCP connection); after PowerDelivery(Stop) it runs
  WeldingDetection (data/catalogues/v2g-din70121.csv).

  @TC_EVCC_DC_VTB_DIN_PowerDelivery_001 @fault:no-state-c @fault:late-state-c
  Scenario: The EV is in state C from CableCheck on, so at PowerDeliveryRes(Start)
    Given the SECC is ready for the EVCC
    When the session runs through "CableCheckReq"
    Then the EVCC was in state C when it sent "CableCheckReq"
    When the session runs through "PowerDeliveryReq"
    Then the EVCC switches the pilot to state C within cpStateCAfterPowerDelivery

  @TC_EVCC_DC_VTB_DIN_PowerDelivery_002 @fault:din-ignores-timeout
  Scenario: PowerDeliveryRes later than dinPowerDelivery: the EVCC closes the TCP connection
    Given the SECC is ready for the EVCC
    When the session runs through "PreChargeReq"
    And the SECC answers "PowerDeliveryReq" after dinPowerDelivery
    And the session runs through "PowerDeliveryReq"
    Then the EVCC closes the TCP connection within dinPowerDelivery

  @TC_EVCC_DC_VTB_DIN_CurrentDemand_001 @fault:din-target-above-max
  Scenario: The EVCC's target current stays within its own maximum current limit
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_DIN_CurrentDemand_002 @fault:din-voltage-target-above-max
  Scenario: The EVCC's target voltage stays within its own maximum voltage limit
    Given the SECC is ready for the EVCC
    When the session runs to the end
    Then every request of the EVCC was well-formed

  @TC_EVCC_DC_VTB_DIN_CurrentDemand_003 @fault:din-ignores-evse-stop
  Scenario: Asked to stop (EVSENotification StopCharging), the EVCC ends the loop with PowerDelivery
    Given the SECC is ready for the EVCC
    When the session runs through "CurrentDemandReq"
    And the SECC answers "CurrentDemandReq" with:
      | field                             | value        |
      | DC_EVSEStatus.EVSENotification    | StopCharging |
    And the session runs through "CurrentDemandReq"
    Then the EVCC sends "PowerDeliveryReq"

  @TC_EVCC_DC_VTB_DIN_CurrentDemand_004 @fault:din-ignores-timeout
  Scenario: CurrentDemandRes later than evccCurrentDemand: the EVCC closes the TCP connection
    Given the SECC is ready for the EVCC
    When the session runs through "CurrentDemandReq"
    And the SECC answers "CurrentDemandReq" after evccCurrentDemand
    And the session runs through "CurrentDemandReq"
    Then the EVCC closes the TCP connection within evccCurrentDemand

  # WeldingDetection is optional for a DIN 70121 EVCC: an EVCC whose PICS says v2g.din.weldingDetection: false
  # is not tested on it (not applicable)
  @TC_EVCC_DC_VTB_DIN_WeldingDetection_001 @requires:din-welding-detection @fault:din-no-welding-detection
  Scenario: After PowerDelivery(Stop) the EVCC runs WeldingDetection
    Given the SECC is ready for the EVCC
    When the session runs through "PowerDeliveryReq"
    And the session runs through "PowerDeliveryReq"
    Then the EVCC sends "WeldingDetectionReq"

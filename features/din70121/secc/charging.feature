@din70121 @sut:secc @dc @eim
Feature: DIN 70121 SECC: PowerDelivery, CurrentDemand, WeldingDetection and the pilot
  PowerDeliveryRes comes within dinPowerDelivery; the SECC runs the cable check and energises only once the EV is in
  state C (the EV closes S2 before CableCheck, DC); each
  CurrentDemandRes comes within evccCurrentDemand with a present current and voltage within the EV's limits;
  after PowerDelivery(Stop) the output goes off (WeldingDetection sees the voltage fall) (data/catalogues/v2g-din70121.csv).

  @TC_SECC_DC_VTB_DIN_PowerDelivery_001 @fault:din-late-power-delivery
  Scenario: The SECC answers PowerDeliveryReq(ReadyToChargeState=true) within dinPowerDelivery
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    And the EVCC sends "PowerDeliveryReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_DIN_PowerDelivery_002 @fault:din-energises-before-c
  Scenario: The SECC runs the cable check and energises only once the EV is in state C
    Given a V2G session is set up
    And the EVCC keeps the pilot in state B
    When the EVCC runs the session up to "CableCheckReq"
    And the EVCC sends "CableCheckReq"
    Then the response field "EVSEProcessing" is "Ongoing"
    And the SECC energises only after the EVCC switched to state C

  @TC_SECC_DC_VTB_DIN_CurrentDemand_001 @fault:din-late-current-demand
  Scenario: Every CurrentDemandRes comes within evccCurrentDemand
    Given a V2G session is set up
    When the EVCC runs the session up to "CurrentDemandReq"
    And the EVCC sends "CurrentDemandReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_DC_VTB_DIN_CurrentDemand_002 @fault:din-current-above-ev-limit
  Scenario: The present current stays within the EV's maximum current limit
    Given a V2G session is set up
    When the EVCC completes the session

  @TC_SECC_DC_VTB_DIN_CurrentDemand_003 @fault:din-voltage-above-ev-limit
  Scenario: The present voltage stays within the EV's maximum voltage limit
    Given a V2G session is set up
    When the EVCC completes the session

  @TC_SECC_DC_VTB_DIN_WeldingDetection_001 @fault:din-no-power-off
  Scenario: After PowerDelivery(Stop) the output goes off: WeldingDetection sees the voltage fall
    Given a V2G session is set up
    When the EVCC completes the session

  @TC_SECC_DC_VTB_DIN_CurrentDemand_005 @fault:din-late-current-demand
  Scenario: The SECC answers CurrentDemandReq within its performance time seccCurrentDemand
    Given a V2G session is set up
    When the EVCC runs the session up to "CurrentDemandReq"
    And the EVCC sends "CurrentDemandReq"
    Then the SECC answered within seccCurrentDemand

@iso15118-2 @sut:secc @eim
Feature: ISO 15118-2 SECC: ChargeParameterDiscovery (AC and DC)
  The EVCC requests an offered energy transfer mode with its charge parameters; the SECC repeats Ongoing at most
  for evccOngoing and, once Finished, gives an SAScheduleList (at least one SAScheduleTuple, its first
  PMaxScheduleEntry starting at 0, no more entries than MaxEntriesSAScheduleTuple) and the EVSE charge
  parameters of the session's kind (AC_EVSEChargeParameter / DC_EVSEChargeParameter), within evccMessage. A
  mode the SECC did not offer is refused; out of sequence: FAILED_SequenceError; another SessionID:
  FAILED_UnknownSession.

  @ac @TC_SECC_AC_VTB_ChargeParameterDiscovery_001 @fault:iso2-no-sascheduletuple
  Scenario: A finished AC ChargeParameterDiscoveryRes carries an SAScheduleList with a tuple
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    Then the SECC answers with ResponseCode "OK"
    And the response field "EVSEProcessing" is "Finished"

  @ac @TC_SECC_AC_VTB_ChargeParameterDiscovery_002 @fault:iso2-cpd-ongoing-forever
  Scenario: The SECC finishes the AC ChargeParameterDiscovery within the Ongoing timeout
    Given a V2G session is set up
    When the EVCC runs the session up to "PowerDeliveryReq"
    Then the SECC answers with a ResponseCode starting with "OK"

  @ac @TC_SECC_AC_VTB_ChargeParameterDiscovery_003 @fault:iso2-accepts-wrong-energy-mode
  Scenario: An AC request for an energy transfer mode the SECC did not offer is refused
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq" with:
      | field                       | value |
      | RequestedEnergyTransferMode | DC_unique |
    Then the SECC answers with a ResponseCode starting with "FAILED"

  @ac @TC_SECC_AC_VTB_ChargeParameterDiscovery_004 @fault:iso2-no-sequence-error
  Scenario: An AC ChargeParameterDiscoveryReq before Authorization is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "AuthorizationReq"
    And the EVCC sends "ChargeParameterDiscoveryReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @ac @TC_SECC_AC_VTB_ChargeParameterDiscovery_005 @fault:iso2-late-charge-parameter
  Scenario: The SECC answers an AC ChargeParameterDiscoveryReq within the EVCC message timeout
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq"
    Then the SECC answers with a ResponseCode starting with "OK"

  @ac @TC_SECC_AC_VTB_ChargeParameterDiscovery_006 @fault:iso2-wrong-charge-parameter-type
  Scenario: ChargeParameterDiscoveryRes carries AC_EVSEChargeParameter for an AC request
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq"
    Then the SECC answers with a ResponseCode starting with "OK"
    And the response content is as ISO 15118-2 requires

  @ac @TC_SECC_AC_VTB_ChargeParameterDiscovery_007 @fault:iso2-accepts-wrong-session-id
  Scenario: An AC ChargeParameterDiscoveryReq with another SessionID is answered FAILED_UnknownSession
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq" with:
      | field            | value            |
      | Header.SessionID | 0102030405060708 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

  @dc @TC_SECC_DC_VTB_ChargeParameterDiscovery_001 @fault:iso2-no-sascheduletuple
  Scenario: A finished DC ChargeParameterDiscoveryRes carries an SAScheduleList with a tuple
    Given a V2G session is set up
    When the EVCC runs the session up to "CableCheckReq"
    Then the SECC answers with ResponseCode "OK"
    And the response field "EVSEProcessing" is "Finished"

  @dc @TC_SECC_DC_VTB_ChargeParameterDiscovery_002 @fault:iso2-cpd-ongoing-forever
  Scenario: The SECC finishes the DC ChargeParameterDiscovery within the Ongoing timeout
    Given a V2G session is set up
    When the EVCC runs the session up to "CableCheckReq"
    Then the SECC answers with a ResponseCode starting with "OK"

  @dc @TC_SECC_DC_VTB_ChargeParameterDiscovery_003 @fault:iso2-accepts-wrong-energy-mode
  Scenario: A DC request for an energy transfer mode the SECC did not offer is refused
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq" with:
      | field                       | value |
      | RequestedEnergyTransferMode | AC_single_phase_core |
    Then the SECC answers with a ResponseCode starting with "FAILED"

  @dc @TC_SECC_DC_VTB_ChargeParameterDiscovery_004 @fault:iso2-no-sequence-error
  Scenario: A DC ChargeParameterDiscoveryReq before Authorization is answered FAILED_SequenceError
    Given a V2G session is set up
    When the EVCC runs the session up to "AuthorizationReq"
    And the EVCC sends "ChargeParameterDiscoveryReq"
    Then the SECC answers with ResponseCode "FAILED_SequenceError"

  @dc @TC_SECC_DC_VTB_ChargeParameterDiscovery_005 @fault:iso2-late-charge-parameter
  Scenario: The SECC answers a DC ChargeParameterDiscoveryReq within the EVCC message timeout
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq"
    Then the SECC answers with a ResponseCode starting with "OK"

  @dc @TC_SECC_DC_VTB_ChargeParameterDiscovery_006 @fault:iso2-wrong-charge-parameter-type
  Scenario: ChargeParameterDiscoveryRes carries DC_EVSEChargeParameter for a DC request
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq"
    Then the SECC answers with a ResponseCode starting with "OK"
    And the response content is as ISO 15118-2 requires

  @dc @TC_SECC_DC_VTB_ChargeParameterDiscovery_007 @fault:iso2-accepts-wrong-session-id
  Scenario: A DC ChargeParameterDiscoveryReq with another SessionID is answered FAILED_UnknownSession
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq" with:
      | field            | value            |
      | Header.SessionID | 0102030405060708 |
    Then the SECC answers with ResponseCode "FAILED_UnknownSession"

  @TC_SECC_CMN_VTB_ChargeParameterDiscovery_001 @fault:iso2-ignores-max-entries
  Scenario: The SECC keeps to MaxEntriesSAScheduleTuple
    Given a V2G session is set up
    When the EVCC runs the session up to "ChargeParameterDiscoveryReq"
    And the EVCC sends "ChargeParameterDiscoveryReq" with:
      | field                      | value |
      | MaxEntriesSAScheduleTuple | 1     |
    Then the SECC answers with a ResponseCode starting with "OK"
    And the response content is as ISO 15118-2 requires

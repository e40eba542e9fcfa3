@ocpp16 @core @rpc @sut:station
Feature: OCPP-J RPC framework — station under test
  How the station's RPC layer treats calls it cannot accept: the CALLERROR it answers with, spelled the way
  OCPP 1.6 spells it (FormationViolation, OccurenceConstraintViolation), answered in time, one call at a time.

  Background:
    Given the station is booted

  @fault:wrong-error-code-spelling @fault:silent
  Scenario: A call missing a required field is answered with OccurenceConstraintViolation
    When the CSMS sends the raw frame:
      """
      [2,"evc-missing-field","ChangeAvailability",{"connectorId":1}]
      """
    Then the station responds with error "OccurrenceConstraintViolation" spelled as its OCPP version requires

  @fault:silent @fault:disconnects-on-call
  Scenario: A call with a field of the wrong type is answered with TypeConstraintViolation
    When the CSMS sends the raw frame:
      """
      [2,"evc-wrong-type","ChangeAvailability",{"connectorId":"one","type":"Inoperative"}]
      """
    Then the station responds with error "TypeConstraintViolation"

  @fault:silent @fault:disconnects-on-call
  Scenario: An unknown action is answered with NotImplemented
    When the CSMS sends the raw frame:
      """
      [2,"evc-unknown-action","MakeCoffee",{}]
      """
    Then the station responds with error "NotImplemented"

  @fault:silent @fault:slow-response
  Scenario: The station answers a call within the response timeout
    When the CSMS sends ClearCache
    Then the station responds with status "Accepted"

  @fault:second-concurrent-call @fault:silent
  Scenario: The station keeps one CALL outstanding while it reports a session
    When the EV is plugged in at connector 1
    And idTag "EVC-VALID-001" is presented at connector 1
    Then the station sends Authorize
    And the station sends StartTransaction

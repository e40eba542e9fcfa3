@ocpp16 @core @rpc @sut:station
Feature: OCPP-J RPC framework — station under test
  How the station's RPC layer answers: a call it cannot accept gets the CALLERROR spelled the way OCPP 1.6
  spells it (OccurenceConstraintViolation, FormationViolation); a call it accepts is answered in time.

  Background:
    Given the station is booted

  @fault:wrong-error-code-spelling
  Scenario: A call missing a required field is answered with OccurenceConstraintViolation
    When the CSMS sends the raw frame:
      """
      [2,"evc-missing-field","ChangeAvailability",{"connectorId":1}]
      """
    Then the station responds with error "OccurrenceConstraintViolation" spelled as its OCPP version requires

  @fault:silent @fault:slow-response @fault:slow-clear-cache
  Scenario: The station answers a call within the response timeout
    When the CSMS sends ClearCache
    Then the station responds with status "Accepted"

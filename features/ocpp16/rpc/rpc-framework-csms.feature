@ocpp16 @core @rpc @sut:csms
Feature: OCPP-J RPC framework — CSMS under test
  How the central system's RPC layer treats calls it cannot accept: the CALLERROR code (and its 1.6
  spelling), an answer in time, and the HTTP status of an unknown identity.

  @fault:wrong-error-code-spelling
  Scenario: A BootNotification missing a required field is answered with OccurenceConstraintViolation
    When the station sends the raw frame:
      """
      [2,"evc-missing-field","BootNotification",{"chargePointVendor":"EVC"}]
      """
    Then the CSMS responds with error "OccurrenceConstraintViolation" spelled as its OCPP version requires

  @fault:type-error-as-formation-violation @fault:silent
  Scenario: A StatusNotification with a field of the wrong type is answered with TypeConstraintViolation
    Given the station is booted
    When the station sends the raw frame:
      """
      [2,"evc-wrong-type","StatusNotification",{"connectorId":"one","errorCode":"NoError","status":"Available"}]
      """
    Then the CSMS responds with error "TypeConstraintViolation"

  @fault:heartbeat-answered-late @fault:silent @fault:slow-response
  Scenario: The CSMS answers a Heartbeat within the response timeout
    Given the station is booted
    When the station sends Heartbeat
    Then the CSMS responds with:
      | field       | value    |
      | currentTime | <now±4s> |

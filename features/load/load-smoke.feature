@load @ocpp16 @sut:csms
Feature: Load smoke (the CSMS holds a small fleet)
  A swarm of lean stations boots against the CSMS over a few seconds and keeps heartbeating at a 1 s interval.
  The CSMS must answer every call with the id of the call it answers, promptly, and keep every station
  connected and accepted. On a reference rig the CSMS is the lean load CSMS (catalogue load-csms); on another
  rig the CSMS at ocpp.csms.url (a rig without one: not applicable).

  @fault:slow-heartbeat @fault:wrong-response-id @fault:silent
  Scenario: Three hundred stations heartbeat and every call is answered promptly
    Given 300 stations boot over 3 s
    When they run for 5 s
    Then the p99 latency of Heartbeat is below 500 ms
    And every call was answered with a matching id

  @fault:drops-connections @fault:rejects-boot
  Scenario: Three hundred stations stay connected and accepted
    Given 300 stations boot over 3 s
    When they run for 4 s
    Then every station was accepted
    And no station was disconnected
    And every call was answered with a matching id

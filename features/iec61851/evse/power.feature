@iec61851 @sut:evse
Feature: Power on and off with the EV's state (IEC 61851-1 Annex A seq 2.2, 4, 8.1)
  The EVSE closes its contactor within 3 s of the EV closing S2 (B2 → C2, seq 4) and opens it within 100 ms of
  the EV opening S2 (C2 → B2, seq 8.1) or of an unplug under load (seq 2.2: unplugged, the EV cannot see the
  contactor, so it plugs in again once the limit has passed and its inlet must be dead). With ventilation
  requested (state D) an EVSE that declares ventilation support charges as in C. Times are measured from the
  stamp of the harness's actuation to the stamp of the observation, on one monotonic clock; the limits are
  scaled by the pilot time scale of the rig (data/catalogues/iec61851-evse.csv).

  @IEC61851-EVSE-011 @fault:contactor-closes-late
  Scenario: B2 → C2: the EVSE supplies power within 3 s of S2 closing
    Given the EV is plugged in and offered current
    When the EV closes S2
    Then the line shows state C
    And the EVSE supplies power within powerOnAfterC

  @IEC61851-EVSE-012 @fault:contactor-opens-late
  Scenario: C2 → B2: the EVSE removes power within 100 ms of S2 opening
    Given the EV is charging
    When the EV opens S2
    Then the EVSE removes power within powerOffAfterB

  @IEC61851-EVSE-013 @fault:contactor-opens-late
  Scenario: Unplugged under load: the EVSE removes power within 100 ms
    Given the EV is charging
    When the EV is unplugged
    Then the inlet is dead when the EV plugs in again powerOffAfterUnplug after

  @IEC61851-EVSE-014 @fault:closes-in-state-b @fault:contactor-closes-late
  Scenario: A pause in B2 keeps power off, and C2 again brings power back within 3 s
    Given the EV is charging
    When the EV opens S2
    Then the EVSE removes power within powerOffAfterB
    And the EVSE supplies no power for powerOnAfterC
    When the EV closes S2
    Then the EVSE supplies power within powerOnAfterC

  @IEC61851-EVSE-015 @fault:wrong-duty-for-current
  Scenario: While charging in C2 the duty cycle still encodes the declared current
    Given the EV is charging
    Then the duty cycle offers the declared current

  @IEC61851-EVSE-016 @requires:ventilation @fault:no-power-in-d
  Scenario: State D: an EVSE with ventilation supplies power within 3 s and keeps it on
    Given the EV is plugged in and offered current
    When the EV closes S2 asking for ventilation
    Then the line shows state D
    And the EVSE supplies power within powerOnAfterC
    And the EVSE keeps power on for powerOnAfterC

  @IEC61851-EVSE-017 @requires:ventilation @fault:contactor-opens-late @fault:no-power-in-d
  Scenario: D2 → B2: the EVSE removes power within 100 ms of S2 opening
    Given the EV is charging with ventilation
    When the EV opens S2
    Then the EVSE removes power within powerOffAfterB

@obd @sut:ecu
Feature: OBD-II services for a scan tool (SAE J1979 modes 01, 03, 04, 09)
  Expected values are the SUT's ECU description's obd data, scaled as J1979 defines.

  @fault:obd-wrong-pid-bitmap
  Scenario: The supported-PID bitmap tells the truth
    Then the mode 01 PID bitmap is truthful for PIDs "04 05 0C 0D 0F 11 42"

  @fault:late-p2
  Scenario: Current data is scaled as J1979 defines
    Then PID "0C" reads "${ecu.obd.pid.0C}"
    And PID "0D" reads "${ecu.obd.pid.0D}"
    And PID "05" reads "${ecu.obd.pid.05}"
    And PID "42" reads "${ecu.obd.pid.42}"

  @fault:late-p2
  Scenario: Stored DTCs are reported and cleared
    Then the stored DTCs are "${ecu.obd.dtcs}"
    When the scan tool clears the DTCs
    Then the stored DTCs are ""

  @fault:late-p2
  Scenario: The VIN is available in mode 09
    Then the VIN reads "${ecu.obd.vin}"

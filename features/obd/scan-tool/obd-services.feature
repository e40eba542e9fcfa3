@obd @sut:ecu
Feature: OBD-II services for a scan tool (SAE J1979 modes 01, 03, 04, 09)

  @fault:obd-wrong-pid-bitmap
  Scenario: The supported-PID bitmap tells the truth
    Then the mode 01 PID bitmap is truthful for PIDs "04 05 0C 0D 0F 11 42"

  @fault:late-p2
  Scenario: Current data is scaled as J1979 defines
    Then PID "0C" reads "1726 rpm"
    And PID "0D" reads "50 km/h"
    And PID "05" reads "50 °C"
    And PID "42" reads "13.288 V"

  @fault:late-p2
  Scenario: Stored DTCs are reported and cleared
    Then the stored DTCs are "P0133 P0420"
    When the scan tool clears the DTCs
    Then the stored DTCs are ""

  @fault:late-p2
  Scenario: The VIN is available in mode 09
    Then the VIN reads "WEVC0NF0RMANCE001"

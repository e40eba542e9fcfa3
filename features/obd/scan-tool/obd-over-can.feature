@obd @sut:ecu @vcan @isotp
Feature: OBD-II on CAN (ISO 15765-4): functional requests on 0x7DF, physical answers from 0x7E8

  @fault:obd-wrong-pid-bitmap
  Scenario: A scan tool reads the PID bitmap, engine speed and the multi-frame VIN over CAN
    Then the mode 01 PID bitmap is truthful for PIDs "0C 0D"
    And PID "0C" reads "${ecu.obd.pid.0C}"
    And the VIN reads "${ecu.obd.vin}"
    And the ISO-TP layer saw no violation

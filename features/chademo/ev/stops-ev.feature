@vcan @chademo @sut:ev
Feature: CHAdeMO EV under test: stops the EV triggers itself (harness = charger)
  The EV's operator (the reference EV's control API; on a real rig a person or a driver, else not automatable)
  triggers each EV stop: the driver's stop (102.5.0 cleared), the shift lever out of park (102.5.1), a
  charging-system fault (102.5.2), each 102.4 fault, the battery full. The EV shows it in 0x102 within silenceMs,
  the test charger ramps to 0 A at once, the EV opens its contactors only once the current is ≤ 5 A, reports
  welding detection (102.5.3) within weldingDetectionMs and opens k within kAfterD1Ms of d1 off.
  Cases: data/chademo/check-sheet-ev.csv.

  Scenario Outline: The EV stops with <trigger> while charging: it opens its contactors only at ≤ 5 A and reports welding detection
    Given the EV under test is plugged in to the test charger
    And the EV under test is charging
    When the EV under test stops with "<trigger>"
    Then the EV under test shows "<trigger>" in 0x102
    And the EV under test reports welding detection within weldingDetectionMs
    And the test charger ends the sequence and the EV under test opens k within kAfterD1Ms

    @CHADEMO-E-STOP-20 @fault:opens-contactors-under-load @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: driver stop while charging
      | trigger |
      | driver stop |

    @CHADEMO-E-STOP-21 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: shift lever out of park while charging
      | trigger |
      | shift lever out of park |

    @CHADEMO-E-STOP-22 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: charging-system fault while charging
      | trigger |
      | charging-system fault |

    @CHADEMO-E-STOP-23 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: overvoltage while charging
      | trigger |
      | overvoltage |

    @CHADEMO-E-STOP-24 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: undervoltage while charging
      | trigger |
      | undervoltage |

    @CHADEMO-E-STOP-25 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: current deviation while charging
      | trigger |
      | current deviation |

    @CHADEMO-E-STOP-26 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: high temperature while charging
      | trigger |
      | high temperature |

    @CHADEMO-E-STOP-27 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: voltage deviation while charging
      | trigger |
      | voltage deviation |

    @CHADEMO-E-STOP-28 @fault:opens-contactors-under-load @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: battery full while charging
      | trigger |
      | battery full |


  Scenario Outline: The EV stops with <trigger> in phase <phase> (contactors closed, not yet charging)
    Given the EV under test is plugged in to the test charger
    And the charge sequence has reached phase <phase>
    When the EV under test stops with "<trigger>"
    Then the EV under test shows "<trigger>" in 0x102
    And the EV under test reports welding detection within weldingDetectionMs
    And the test charger ends the sequence and the EV under test opens k within kAfterD1Ms

    @CHADEMO-E-STOP-30 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: driver stop in phase PRE
      | trigger | phase |
      | driver stop | PRE |

    @CHADEMO-E-STOP-31 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: shift lever out of park in phase PRE
      | trigger | phase |
      | shift lever out of park | PRE |

    @CHADEMO-E-STOP-32 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: charging-system fault in phase PRE
      | trigger | phase |
      | charging-system fault | PRE |

    @CHADEMO-E-STOP-33 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: overvoltage in phase PRE
      | trigger | phase |
      | overvoltage | PRE |

    @CHADEMO-E-STOP-38 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: undervoltage in phase PRE
      | trigger | phase |
      | undervoltage | PRE |

    @CHADEMO-E-STOP-39 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: current deviation in phase PRE
      | trigger | phase |
      | current deviation | PRE |

    @CHADEMO-E-STOP-40 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: high temperature in phase PRE
      | trigger | phase |
      | high temperature | PRE |

    @CHADEMO-E-STOP-41 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: voltage deviation in phase PRE
      | trigger | phase |
      | voltage deviation | PRE |


  Scenario Outline: The EV stops with <trigger> during the insulation test: it shows the stop and opens k at the end
    Given the EV under test is plugged in to the test charger
    And the charge sequence has reached phase INS
    When the EV under test stops with "<trigger>"
    Then the EV under test shows "<trigger>" in 0x102
    And the test charger ends the sequence and the EV under test opens k within kAfterD1Ms

    @CHADEMO-E-STOP-35 @fault:k-stays-closed
    Examples: driver stop during the insulation test
      | trigger |
      | driver stop |

    @CHADEMO-E-STOP-36 @fault:k-stays-closed
    Examples: shift lever out of park during the insulation test
      | trigger |
      | shift lever out of park |

    @CHADEMO-E-STOP-37 @fault:k-stays-closed
    Examples: charging-system fault during the insulation test
      | trigger |
      | charging-system fault |

    @CHADEMO-E-STOP-42 @fault:k-stays-closed
    Examples: overvoltage during the insulation test
      | trigger |
      | overvoltage |

    @CHADEMO-E-STOP-43 @fault:k-stays-closed
    Examples: undervoltage during the insulation test
      | trigger |
      | undervoltage |

    @CHADEMO-E-STOP-44 @fault:k-stays-closed
    Examples: current deviation during the insulation test
      | trigger |
      | current deviation |

    @CHADEMO-E-STOP-45 @fault:k-stays-closed
    Examples: high temperature during the insulation test
      | trigger |
      | high temperature |

    @CHADEMO-E-STOP-46 @fault:k-stays-closed
    Examples: voltage deviation during the insulation test
      | trigger |
      | voltage deviation |

@vcan @chademo @sut:ev
Feature: CHAdeMO EV under test: stops triggered by the charger, in every phase (harness = charger)
  The test charger stops the sequence with each of its triggers: charger malfunction (109.5.1 with the output at
  0 A; 109.5.0 stays until the EV reacts), stop control (109.5.0 cleared, 109.5.5 set), battery incompatible
  (109.5.3), CAN silence (no 0x108/0x109), d2 or d1 dropped. The EV withdraws its request and 102.5.0 within
  rampDownMs (+ one cycle for the charger's frame, + silenceMs after CAN silence), reports welding detection
  (102.5.3, 1.0+) within weldingDetectionMs once its contactors were closed, and opens k within kAfterD1Ms of
  d1 off. Cases: data/chademo/check-sheet-ev.csv.

  Scenario Outline: The test charger stops with <trigger> in phase <phase>: the EV withdraws and opens k at the end
    Given the EV under test is plugged in to the test charger
    And the charge sequence has reached phase <phase>
    When the test charger stops with "<trigger>"
    Then the EV under test withdraws its request and 102.5.0 within rampDownMs
    And the test charger ends the sequence and the EV under test opens k within kAfterD1Ms

    @CHADEMO-E-STOP-01 @fault:ev-ignores-charger-malfunction
    Examples: charger malfunction (109.5.1) in phase INIT
      | trigger | phase |
      | charger malfunction (109.5.1) | INIT |

    @CHADEMO-E-STOP-02 @fault:ev-ignores-charger-malfunction @fault:k-stays-closed
    Examples: charger malfunction (109.5.1) in phase INS
      | trigger | phase |
      | charger malfunction (109.5.1) | INS |

    @CHADEMO-E-STOP-03 @fault:ev-ignores-charger-malfunction @fault:k-stays-closed
    Examples: charger malfunction (109.5.1) in phase PRE
      | trigger | phase |
      | charger malfunction (109.5.1) | PRE |

    @CHADEMO-E-STOP-04 @fault:ev-ignores-charger-malfunction @fault:k-stays-closed
    Examples: charger malfunction (109.5.1) in phase CHG
      | trigger | phase |
      | charger malfunction (109.5.1) | CHG |

    @CHADEMO-E-STOP-05 @fault:ev-ignores-stop-control @fault:k-stays-closed
    Examples: stop control (109.5.5) in phase CHG
      | trigger | phase |
      | stop control (109.5.5) | CHG |

    @CHADEMO-E-STOP-06 @fault:k-stays-closed
    Examples: battery incompatible (109.5.3) in phase INS
      | trigger | phase |
      | battery incompatible (109.5.3) | INS |

    @CHADEMO-E-STOP-07 @fault:k-stays-closed
    Examples: battery incompatible (109.5.3) in phase PRE
      | trigger | phase |
      | battery incompatible (109.5.3) | PRE |

    @CHADEMO-E-STOP-08 @fault:k-stays-closed
    Examples: CAN silence in phase INS
      | trigger | phase |
      | CAN silence | INS |

    @CHADEMO-E-STOP-09 @fault:k-stays-closed
    Examples: CAN silence in phase PRE
      | trigger | phase |
      | CAN silence | PRE |

    @CHADEMO-E-STOP-10 @fault:k-stays-closed
    Examples: CAN silence in phase CHG
      | trigger | phase |
      | CAN silence | CHG |


  Scenario Outline: After <trigger> in phase <phase> the EV reports welding detection within weldingDetectionMs
    Given the EV under test is plugged in to the test charger
    And the charge sequence has reached phase <phase>
    When the test charger stops with "<trigger>"
    Then the EV under test withdraws its request and 102.5.0 within rampDownMs
    And the EV under test reports welding detection within weldingDetectionMs
    And the test charger ends the sequence and the EV under test opens k within kAfterD1Ms

    @CHADEMO-E-STOP-11 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: d2 drop in phase PRE
      | trigger | phase |
      | d2 drop | PRE |

    @CHADEMO-E-STOP-12 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: d2 drop in phase CHG
      | trigger | phase |
      | d2 drop | CHG |

    @CHADEMO-E-STOP-13 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: charger malfunction (109.5.1) in phase CHG
      | trigger | phase |
      | charger malfunction (109.5.1) | CHG |

    @CHADEMO-E-STOP-14 @fault:no-welding-detection @fault:late-welding-detection @fault:k-stays-closed
    Examples: stop control (109.5.5) in phase CHG
      | trigger | phase |
      | stop control (109.5.5) | CHG |


  Scenario Outline: d1 drops in phase <phase>: the EV opens k within kAfterD1Ms
    Given the EV under test is plugged in to the test charger
    And the charge sequence has reached phase <phase>
    When the test charger stops with "d1 drop"
    Then the EV under test opens k within kAfterD1Ms of d1 off

    @CHADEMO-E-STOP-15 @fault:k-stays-closed
    Examples: d1 drop in phase INS
      | phase |
      | INS |

    @CHADEMO-E-STOP-16 @fault:k-stays-closed
    Examples: d1 drop in phase PRE
      | phase |
      | PRE |

    @CHADEMO-E-STOP-17 @fault:k-stays-closed
    Examples: d1 drop in phase CHG
      | phase |
      | CHG |

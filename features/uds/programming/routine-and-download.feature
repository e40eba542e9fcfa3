@uds @sut:ecu @programming
Feature: Routines and download in the programming session (ISO 14229-1 §13, §14)
  A slow routine is answered with responsePending (NRC 0x78) inside P2, then positively inside P2*. A download
  is RequestDownload, TransferData blocks with a block sequence counter starting at 01, RequestTransferExit.

  Background:
    Given the ECU is in the default session
    And the ECU is in the extended session
    And the ECU is in the programming session
    And security level 1 is unlocked

  @fault:no-response-pending
  Scenario: Erasing memory takes longer than P2 and is announced with response pending
    When the tester sends "31 01 ${ecu.slowRoutine}"
    Then the ECU answers response pending before the final positive response
    When the tester sends "31 03 ${ecu.slowRoutine}"
    Then the response is "71 03 ${ecu.slowRoutine} ${ecu.slowRoutine.result}"

  @fault:late-p2
  Scenario: A download completes in blocks of the announced maximum length
    Then the ECU accepts a download of 700 bytes

  @fault:wrong-block-counter
  Scenario: A TransferData block with the wrong sequence counter is rejected
    When a download of 16 bytes is requested
    And the tester sends "36 02 00 01 02 03"
    Then the ECU answers with NRC "0x73"
    When the tester sends "36 01 00 01 02 03"
    Then the response is "76 01"

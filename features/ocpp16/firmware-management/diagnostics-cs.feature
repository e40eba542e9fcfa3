Feature: Firmware Management (diagnostics) - charge point under test
  The harness plays the Central System and asks the charge point to upload its diagnostics; it checks the
  file name in the answer and the upload progress reported with DiagnosticsStatusNotification.

  @ocpp16 @TC_045_1_CS @firmware-management @sut:station @fault:silent @fault:diagnostics-status-missing
  Scenario: Get Diagnostics
    Given the station is booted
    When the CSMS sends GetDiagnostics with:
      | field    | value                                   |
      | location | ftp://diagnostics.example.com/uploads/  |
    Then the station responds with:
      | field    | value |
      | fileName | /.+/  |
    And the station sends DiagnosticsStatusNotification with:
      | field  | value     |
      | status | Uploading |
    And the station sends DiagnosticsStatusNotification with:
      | field  | value    |
      | status | Uploaded |

  @ocpp16 @TC_045_2_CS @firmware-management @sut:station @fault:silent @fault:diagnostics-upload-failure-hidden
  Scenario: Get Diagnostics - Upload Failed
    Given the station is booted
    When the CSMS sends GetDiagnostics with:
      | field    | value                              |
      | location | ftp://diagnostics.invalid/uploads/ |
    Then the station responds with:
      | field    | value     |
      | fileName | <present> |
    And the station sends DiagnosticsStatusNotification with:
      | field  | value        |
      | status | UploadFailed |

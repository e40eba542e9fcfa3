@ocpp201 @block:N @core @sut:station
Feature: Diagnostics (2.0.1) - GetLog and LogStatusNotification, charging station under test
  The harness plays the CSMS and asks for a diagnostics or security log. The station answers with the file
  name it will upload and reports the upload with LogStatusNotification, each carrying the requestId of the
  GetLog it belongs to.

  @TC_N_25_CS @fault:silent @requires:action:GetLog @fault:log-status-no-request-id
  Scenario: Retrieve Log Information - Diagnostics Log - Success
    Given the station is booted
    When the CSMS sends GetLog with:
      | field              | value                               |
      | logType            | DiagnosticsLog                      |
      | requestId          | 2501                                |
      | log.remoteLocation | https://logs.example.com/upload/evc |
    Then the station responds with:
      | field    | value        |
      | status   | Accepted     |
      | filename | /^.{1,255}$/ |
    And the station sends LogStatusNotification with:
      | field     | value     |
      | status    | Uploading |
      | requestId | 2501      |
    And the station sends LogStatusNotification with:
      | field     | value    |
      | status    | Uploaded |
      | requestId | 2501     |

  @TC_N_26_CS @fault:silent @requires:action:GetLog @fault:log-upload-failure-hidden
  Scenario: Retrieve Log Information - Diagnostics Log - Upload failed
    Given the station is booted
    When the CSMS sends GetLog with:
      | field              | value                           |
      | logType            | DiagnosticsLog                  |
      | requestId          | 2601                            |
      | retries            | 0                               |
      | log.remoteLocation | https://logs.invalid/upload/evc |
    Then the station responds with status "Accepted"
    And the station sends LogStatusNotification with:
      | field     | value     |
      | status    | Uploading |
      | requestId | 2601      |
    And the station sends LogStatusNotification with:
      | field     | value         |
      | status    | UploadFailure |
      | requestId | 2601          |
    And the station does not send LogStatusNotification matching the following within 1 second:
      | field  | value    |
      | status | Uploaded |

  @TC_N_35_CS @fault:silent @requires:action:GetLog @fault:log-status-no-request-id
  Scenario: Retrieve Log Information - Security Log - Success
    Given the station is booted
    When the CSMS sends GetLog with:
      | field              | value                               |
      | logType            | SecurityLog                         |
      | requestId          | 3501                                |
      | log.remoteLocation | https://logs.example.com/upload/evc |
    Then the station responds with:
      | field    | value        |
      | status   | Accepted     |
      | filename | /^.{1,255}$/ |
    And the station sends LogStatusNotification with:
      | field     | value     |
      | status    | Uploading |
      | requestId | 3501      |
    And the station sends LogStatusNotification with:
      | field     | value    |
      | status    | Uploaded |
      | requestId | 3501     |

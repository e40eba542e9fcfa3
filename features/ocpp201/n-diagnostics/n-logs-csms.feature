@ocpp201 @block:N @core @sut:csms
Feature: N01 Retrieve log information (CSMS under test)
  The operator asks the station to upload a diagnostics or security log. The CSMS sends GetLog with the log
  type, a requestId and the upload location, and accepts the LogStatusNotifications the station reports for
  that requestId; a second request while the first is uploading cancels the first.

  @TC_N_25_CSMS @requires:action:GetLog @fault:second-concurrent-call @fault:silent @fault:log-wrong-type
  Scenario: Retrieve Log Information - Diagnostics Log - Success
    Given the station is booted
    When the CSMS is asked to retrieve a log with:
      | field          | value                           |
      | logType        | DiagnosticsLog                  |
      | remoteLocation | https://logs.example.com/upload |
    Then the CSMS sends GetLog with:
      | field              | value                           |
      | logType            | DiagnosticsLog                  |
      | requestId          | <integer>                       |
      | log.remoteLocation | https://logs.example.com/upload |
    And the message field "requestId" is remembered as "requestId"
    When the station sends LogStatusNotification "Uploading" for requestId "${requestId}"
    Then the CSMS acknowledges the LogStatusNotification
    When the station sends LogStatusNotification "Uploaded" for requestId "${requestId}"
    Then the CSMS acknowledges the LogStatusNotification

  @TC_N_35_CSMS @requires:action:GetLog @fault:second-concurrent-call @fault:silent @fault:log-wrong-type
  Scenario: Retrieve Log Information - Security Log - Success
    Given the station is booted
    When the CSMS is asked to retrieve a log with:
      | field          | value                           |
      | logType        | SecurityLog                     |
      | remoteLocation | https://logs.example.com/upload |
    Then the CSMS sends GetLog with:
      | field              | value                           |
      | logType            | SecurityLog                     |
      | requestId          | <integer>                       |
      | log.remoteLocation | https://logs.example.com/upload |
    And the message field "requestId" is remembered as "requestId"
    When the station sends LogStatusNotification "Uploading" for requestId "${requestId}"
    Then the CSMS acknowledges the LogStatusNotification
    When the station sends LogStatusNotification "Uploaded" for requestId "${requestId}"
    Then the CSMS acknowledges the LogStatusNotification

  @TC_N_36_CSMS @requires:action:GetLog @fault:second-concurrent-call @fault:silent @fault:log-wrong-type @fault:request-id-constant
  Scenario: Retrieve Log Information - Second Request
    Given the station is booted
    When the CSMS is asked to retrieve a log with:
      | field          | value                           |
      | logType        | DiagnosticsLog                  |
      | remoteLocation | https://logs.example.com/upload |
    Then the CSMS sends GetLog with:
      | field     | value          |
      | logType   | DiagnosticsLog |
      | requestId | <integer>      |
    And the message field "requestId" is remembered as "firstRequestId"
    When the station sends LogStatusNotification "Uploading" for requestId "${firstRequestId}"
    Then the CSMS acknowledges the LogStatusNotification
    Given the station will answer GetLog with:
      | field    | value            |
      | status   | AcceptedCanceled |
      | filename | diagnostics.log  |
    When the CSMS is asked to retrieve a log with:
      | field          | value                           |
      | logType        | DiagnosticsLog                  |
      | remoteLocation | https://logs.example.com/upload |
    Then the CSMS sends GetLog with:
      | field     | value                  |
      | logType   | DiagnosticsLog         |
      | requestId | not ${firstRequestId}  |
    And the message field "requestId" is remembered as "requestId"
    When the station sends LogStatusNotification "AcceptedCanceled" for requestId "${firstRequestId}"
    Then the CSMS acknowledges the LogStatusNotification
    When the station sends LogStatusNotification "Uploading" for requestId "${requestId}"
    Then the CSMS acknowledges the LogStatusNotification
    When the station sends LogStatusNotification "Uploaded" for requestId "${requestId}"
    Then the CSMS acknowledges the LogStatusNotification

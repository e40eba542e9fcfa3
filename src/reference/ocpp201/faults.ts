import { ConfigError } from '../../core/errors';

/**
 * Named misbehaviours of the reference OCPP 2.0.1 SUTs, each one seen in real 2.0.1 stacks. Every fault changes
 * what crosses the wire as its description says, so a scenario meant to catch it can be shown to fail
 * (`npm run verify:faults`, catalogues `ocpp201-station` / `ocpp201-csms`).
 */
export const STATION_FAULTS: Record<string, string> = {
  'seqno-gap': 'TransactionEvent seqNo skips a number after Started (0, 2, 3, …)',
  'seqno-restarts': 'TransactionEvent seqNo restarts at 0 for every message of a transaction',
  'first-event-not-started': 'The first TransactionEvent of a transaction has eventType Updated instead of Started',
  'remote-start-id-missing': 'TransactionEvent after RequestStartTransaction omits remoteStartId',
  'wrong-trigger-reason': 'TransactionEvent triggerReason is a plausible but wrong one (RemoteStart→Authorized, CablePluggedIn→EVDetected, EVCommunicationLost→EVDeparted, StopAuthorized→Deauthorized, Trigger→MeterValuePeriodic, …)',
  'connector-id-global': 'connectorId is numbered station-wide (EVSE n reports connector n) instead of within its EVSE (1)',
  'date-time-microseconds': 'Timestamps carry 6 fractional digits (RFC 3339 allows at most 3 in OCPP 2.0.1)',
  'date-time-no-offset': 'Timestamps have no UTC offset (e.g. 2024-01-01T12:00:00.000)',
  'notify-report-no-tbc': 'NotifyReport sends the whole report in one message, ignoring ItemsPerMessage, and that message says tbc=true (the report never completes)',
  'notify-report-seqno-wrong': 'NotifyReport seqNo starts at 1 instead of 0',
  'set-variables-readonly-accepted': 'SetVariables of a ReadOnly variable answers Accepted (and changes it)',
  'get-variables-unknown-accepted': 'GetVariables of an unknown component/variable answers Accepted with an empty value',
  'ignores-heartbeat-interval': 'Heartbeats at its built-in 300 s, whatever BootNotification interval or HeartbeatInterval say',
  'fixed-heartbeat-interval': 'Heartbeats every 100 s whatever BootNotification interval or HeartbeatInterval say (and reports the value it was told): passes any check that happens to use 100 s',
  'status-before-boot': 'Sends StatusNotification for every connector before its BootNotification',
  'calls-while-pending': 'Sends StatusNotification and Heartbeat while its BootNotification is Pending',
  'boot-on-reconnect': 'Sends a new BootNotification on every reconnect, even though nothing changed',
  'no-security-event-on-bad-cert': 'Refuses a bad CSMS certificate but never reports the InvalidCsmsCertificate security event',
  'accepts-bad-csms-cert': 'SP2/SP3: does not verify the CSMS certificate (untrusted, expired, wrong name all connect)',
  'accepts-tls11': 'SP2/SP3: connects to a CSMS that only offers TLS 1.0/1.1',
  'wrong-error-code-spelling': 'CALLERRORs use the 1.6 spellings FormationViolation / OccurenceConstraintViolation',
  'second-concurrent-call': 'Sends its next CALLs without waiting for the previous CALLRESULT',
  silent: 'Never answers CALLs from the CSMS',
  'slow-response': 'Answers CALLs from the CSMS only after the call timeout (35 s x timeScale, at least 2.5 s; call timeouts are at least 2 s)',
  'disconnects-on-call': 'Drops the WebSocket connection when a CALL arrives',
  'invalid-json': 'Sends a truncated, unparsable frame in place of every Heartbeat',
  'rpc-error-without-minus-one': 'Answers an unreadable frame with a CALLERROR whose message id is null instead of "-1"',
  'offline-flag-missing': 'TransactionEvents queued while offline are replayed without offline=true',
  'firmware-status-no-request-id': 'FirmwareStatusNotification omits the requestId of UpdateFirmware',
  'reset-without-ending-transaction': 'Reboots on Reset without sending TransactionEvent Ended for the running transaction',
  'ignores-change-availability': 'Answers ChangeAvailability Accepted but never changes the EVSE/connector status',
  'unlock-wrong-status': 'UnlockConnector answers Unlocked even for an unknown connector or an ongoing authorized transaction',
  'reservation-ignored': 'Answers ReserveNow Accepted but never reserves the EVSE (no Reserved status, anyone may start)',
  'trigger-message-not-sent': 'Answers TriggerMessage Accepted but never sends the requested message',
  'ignores-charging-profile-limit': 'Accepts charging profiles but keeps drawing full power regardless of the limit',
  'ignores-tx-updated-interval': 'Sends periodic meter values (MeterValuePeriodic) at twice SampledDataCtrlr.TxUpdatedInterval',
  'no-reboot-after-reset': 'Answers Reset Accepted but never reboots (no new BootNotification)',
  'status-notification-missing': 'Never sends StatusNotification',
  'transaction-id-too-long': 'transactionId has 41 characters (at most 36 allowed)',
  'meter-value-as-string': 'sampledValue value is a JSON string ("1234") instead of a number (a 1.6 habit)',
  'ended-sent-twice': 'Sends TransactionEvent Ended twice (same seqNo), as stacks do that resend after a lost CALLRESULT',
  'sends-null-fields': 'Optional top-level fields that have no value are sent as null instead of being omitted',
};

export const CSMS_FAULTS: Record<string, string> = {
  'wrong-heartbeat-interval': 'BootNotificationResponse interval is in minutes instead of seconds',
  'boot-rejected': 'Answers every BootNotification with Rejected',
  'boot-pending-forever': 'Answers every BootNotification with Pending',
  'authorize-accepts-unknown': 'Answers Accepted for id tokens it does not know',
  'ignores-group-id-token': 'Omits groupIdToken from idTokenInfo, even for tokens that belong to a group',
  'no-id-token-info': 'TransactionEventResponse never carries idTokenInfo, even when the request has an idToken',
  'no-security-error-before-boot': 'Answers calls from a station that is not Accepted normally instead of with SecurityError',
  'no-404-for-unknown-identity': 'Accepts the WebSocket upgrade for identities it does not know',
  'accepts-bad-password': 'SP1/SP2: accepts any (or no) Basic auth password',
  'accepts-untrusted-client-cert': 'SP3: accepts client certificates that do not chain to its CA (or none at all)',
  'accepts-tls11': 'SP2/SP3: accepts TLS 1.0/1.1 handshakes',
  'serves-plain-ws': 'SP2/SP3: serves its endpoint over plain WebSocket (ws://, no TLS)',
  'non-ocpp-tls-cipher': 'SP2/SP3: TLS 1.2 only, with CBC cipher suites OCPP does not list (AES128-SHA256 family)',
  'date-time-microseconds': 'currentTime and other timestamps carry 6 fractional digits (at most 3 allowed)',
  'wrong-error-code-spelling': 'CALLERRORs use the 1.6 spellings FormationViolation / OccurenceConstraintViolation',
  'rpc-error-without-minus-one': 'Answers an unreadable frame with a CALLERROR whose message id is null instead of "-1"',
  'second-concurrent-call': 'Every CSMS-initiated CALL is accompanied by a second CALL (GetVariables) before the first is answered',
  silent: 'Never answers CALLs from the station',
  'slow-response': 'Answers CALLs from the station only after the call timeout (35 s x timeScale, at least 2.5 s; call timeouts are at least 2 s)',
  'no-deflate': 'Refuses the permessage-deflate extension (a 2.0.1 CSMS shall support RFC 7692)',
  'missing-certificate-signed': 'Answers SignCertificate Accepted but never sends CertificateSigned',
  'datatransfer-accepts-unknown-vendor': 'DataTransfer from an unknown vendorId is Accepted instead of UnknownVendorId',
  'no-cache-expiry': 'idTokenInfo never carries cacheExpiryDateTime, even for tokens with an expiry date',
  'constant-heartbeat-interval': 'BootNotificationResponse interval is its built-in 60 s, whatever heartbeat interval it is configured with',
  'meter-values-evse0-rejected': "Answers MeterValues for evseId 0 (the station's main meter) with a PropertyConstraintViolation CALLERROR",
  'auth-status-collapsed': 'idTokenInfo reports every refused token (Blocked, Expired, Invalid …) as Invalid',
  // the operator's intents (CsmsSutControl.perform): the CSMS builds the message wrongly
  'remote-start-id-reused': 'RequestStartTransaction carries the same remoteStartId every time',
  'stop-wrong-transaction-id': "RequestStopTransaction carries the CSMS's own transaction number instead of the station's transactionId",
  'transaction-status-wrong-scope': 'GetTransactionStatus names the running transaction when asked about none, and none when asked about one',
  'reset-wrong-type': 'Reset has the other type (OnIdle ↔ Immediate) than the operator asked for',
  'reset-ignores-evse': 'Reset of one EVSE omits evseId (the whole station resets)',
  'availability-wrong-scope': 'ChangeAvailability for the station names EVSE 1, for an EVSE names none, for a connector omits connectorId',
  'trigger-message-wrong-message': 'TriggerMessage asks for a related but different message (LogStatusNotification ↔ FirmwareStatusNotification, MeterValues → TransactionEvent …)',
  'trigger-message-wrong-target': 'TriggerMessage for one EVSE omits evse, and for all EVSEs names EVSE 1',
  'variables-wrong-component': "Get/SetVariables name each component without its 'Ctrlr' suffix (OCPPCommCtrlr → OCPPComm)",
  'password-changed-despite-rejected': 'Switches to the new Basic auth password as soon as it sends it, even when the station rejects the change',
  'base-report-wrong-type': 'GetBaseReport asks for another report base than the operator chose (FullInventory ↔ ConfigurationInventory)',
  'request-id-constant': 'Every requestId it allocates (GetBaseReport, GetLog, CustomerInformation, UpdateFirmware) is 1',
  'network-profile-wrong-slot': 'SetNetworkProfile always writes configurationSlot 1 (the running profile), whatever slot was chosen',
  'network-priority-after-failed': 'Makes the new network profile preferred (SetVariables NetworkConfigurationPriority) even when SetNetworkProfile failed',
  'clear-cache-not-sent': "Takes the operator's request to clear the authorization cache but never sends ClearCache",
  'certificate-type-wrong': 'InstallCertificate / GetInstalledCertificateIds use the wrong certificate type (CSMSRoot ↔ V2GRoot, ManufacturerRoot ↔ MORoot); listing all types asks for CSMSRootCertificate only',
  'delete-certificate-wrong-hash': 'DeleteCertificate swaps issuerNameHash and issuerKeyHash of the certificate the station listed',
  'customer-information-wrong-flags': 'CustomerInformation: a request for a report also clears; a clear inverts the report flag',
  'firmware-certificate-not-pem': 'UpdateFirmware carries the signing certificate as bare base64 DER, without the PEM armour',
  'firmware-install-time-dropped': "UpdateFirmware leaves out the installDateTime the operator chose (the station installs at once)",
  'log-wrong-type': 'GetLog asks for the other log (DiagnosticsLog ↔ SecurityLog)',
};

/** Checks fault names against a catalogue; unknown names are a ConfigError naming the known ones. */
export function checkFaults(faults: readonly string[], catalogue: Record<string, string>, field = 'faults'): Set<string> {
  for (const name of faults) {
    if (!Object.prototype.hasOwnProperty.call(catalogue, name)) {
      throw new ConfigError(field, '', `unknown fault '${name}' (known: ${Object.keys(catalogue).join(', ')})`);
    }
  }
  return new Set(faults);
}

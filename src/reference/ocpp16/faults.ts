import { ConfigError } from '../../core/errors';

/**
 * Named misbehaviours of the reference OCPP 1.6 SUTs. Each one changes what crosses the wire in the way its
 * description says, so a scenario meant to catch it can be shown to fail (`npm run verify:faults`).
 */
export const STATION_FAULTS: Record<string, string> = {
  'ignores-heartbeat-interval': 'Heartbeats at its built-in 300 s, whatever BootNotification.conf interval or HeartbeatInterval say',
  'fixed-heartbeat-interval': 'Heartbeats every 60 s whatever BootNotification.conf interval or HeartbeatInterval say (and reports the value it was told)',
  'flood-heartbeat': 'Sends a Heartbeat every 20 ms (unscaled) instead of at the heartbeat interval',
  'no-status-notification': 'Never sends StatusNotification',
  'status-before-boot': 'Sends StatusNotification for every connector before its BootNotification',
  'misordered-status-notification': 'Holds Preparing back and reports it after the next status (Charging before Preparing)',
  'boot-ignores-pending': 'Treats BootNotification Pending/Rejected as Accepted (sends StatusNotification and Heartbeat)',
  'stop-without-meter-stop': 'StopTransaction omits the required meterStop',
  'meter-stop-below-start': 'StopTransaction meterStop is lower than the meterStart of the transaction',
  'transaction-id-ignored': 'StopTransaction and MeterValues carry transactionId 0 instead of the one the CSMS assigned',
  'stop-sent-twice-after-reconnect': 'After a reconnect, replays the last StopTransaction even though it was confirmed',
  'offline-queue-dropped': 'Transaction messages created while offline are discarded instead of sent on reconnect',
  'no-stop-on-invalid-id': 'Ignores StopTransactionOnInvalidId=true: keeps charging when StartTransaction.conf is not Accepted',
  'ignores-change-availability': 'Answers ChangeAvailability Accepted but never changes the connector status',
  'wrong-error-code-spelling': 'CALLERRORs use the 2.0.1 spellings FormatViolation / OccurrenceConstraintViolation',
  'second-concurrent-call': 'Sends its next CALLs without waiting for the previous CALLRESULT',
  'invalid-date-time': 'Timestamps are local time without a UTC offset (e.g. 2024-01-01T12:00:00)',
  'sends-null-fields': 'Optional fields that have no value are sent as null instead of being omitted',
  'wrong-message-id-length': 'Uses 40-character message IDs (limit is 36)',
  'invalid-json': 'Sends a truncated, unparsable frame in place of every Heartbeat',
  'rejects-valid-local-list': 'Answers every SendLocalList with Failed',
  'authorize-cache-ignored': 'Never fills or consults the authorization cache (cached ids are unknown offline)',
  'ignores-charging-profile-limit': 'Accepts charging profiles but keeps drawing full power regardless of the limit',
  'accepts-bad-csms-cert': 'SP2/SP3: does not verify the CSMS certificate and raises no InvalidCentralSystemCertificate event',
  'no-reboot-after-reset': 'Answers Reset Accepted but never reboots (no new BootNotification)',
  'reset-without-stopping-transaction': 'Reboots on Reset without sending StopTransaction for the running transaction',
  'remote-start-ignores-authorize': 'Starts remote transactions without Authorize even when AuthorizeRemoteTxRequests=true',
  'meter-values-wrong-interval': 'Samples meter values at twice the MeterValueSampleInterval',
  'clock-aligned-missing': 'Never sends clock-aligned meter values, whatever ClockAlignedDataInterval says',
  'reservation-ignored': 'Answers ReserveNow Accepted but never reserves the connector (no Reserved status, anyone may start)',
  'trigger-message-not-sent': 'Answers TriggerMessage Accepted but never sends the requested message',
  'get-configuration-unknown-missing': 'GetConfiguration.conf omits unknownKey for keys it does not know',
  'readonly-key-changed': 'ChangeConfiguration of a read-only key answers Accepted (and changes it)',
  'unlock-wrong-status': 'UnlockConnector answers Unlocked even for an unknown connector or a failed unlock',
  'firmware-status-missing-installed': 'Firmware update never reports FirmwareStatusNotification Installed',
  'silent': 'Never answers CALLs from the CSMS',
  'slow-response': 'Answers CALLs from the CSMS only after the call timeout (35 s x timeScale, at least 6 s)',
  'disconnects-on-call': 'Drops the WebSocket connection when a CALL arrives',
};

export const CSMS_FAULTS: Record<string, string> = {
  'wrong-heartbeat-interval': 'BootNotification.conf interval is in minutes instead of seconds',
  'boot-rejected': 'Answers every BootNotification with Rejected',
  'boot-pending-forever': 'Answers every BootNotification with Pending',
  'authorize-accepts-unknown': 'Answers Accepted for id tags it does not know',
  'ignores-expiry-date': 'Reports expired id tags as Accepted and omits expiryDate',
  'ignores-parent-id-tag': 'Omits parentIdTag from idTagInfo',
  'transaction-id-reused': 'Every StartTransaction.conf carries transactionId 1',
  'start-transaction-no-concurrent-check': 'Never answers ConcurrentTx for an id tag that already has a transaction',
  'datatransfer-accepts-unknown-vendor': 'DataTransfer from an unknown vendorId is Accepted instead of UnknownVendorId',
  'heartbeat-time-invalid': 'Heartbeat.conf currentTime is not a valid date-time',
  'sends-null-fields': 'Optional fields that have no value are sent as null instead of being omitted',
  'wrong-error-code-spelling': 'CALLERRORs use the 2.0.1 spellings FormatViolation / OccurrenceConstraintViolation',
  'wrong-message-id-length': 'CSMS-initiated CALLs use 40-character message IDs (limit is 36)',
  'second-concurrent-call': 'Every CSMS-initiated CALL is accompanied by a second CALL (GetConfiguration) before the first is answered',
  'invalid-json': 'Answers Heartbeat with a truncated, unparsable frame',
  'no-404-for-unknown-identity': 'Accepts the WebSocket upgrade for identities it does not know',
  'accepts-bad-password': 'SP1/SP2: accepts any (or no) Basic auth password',
  'accepts-untrusted-client-cert': 'SP3: accepts client certificates that do not chain to its CA (or none at all)',
  'accepts-tls11': 'SP2/SP3: accepts TLS 1.0/1.1 handshakes',
  'no-subprotocol': 'Completes the WebSocket handshake without a Sec-WebSocket-Protocol header',
  'missing-certificate-signed': 'Answers SignCertificate Accepted but never sends CertificateSigned',
  'silent': 'Never answers CALLs from the station',
  'slow-response': 'Answers CALLs from the station only after the call timeout (35 s x timeScale, at least 6 s)',
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

/**
 * The reference charge point's second compliant configuration (`variant: 'alt'`): different choices the
 * OCPP 1.6 specification allows. A scenario that passes against the default reference but fails here fits
 * our reference, not the standard. What it leaves out is declared absent in
 * fixtures/pics/reference-alt/ocpp16-station.json, so the scenarios that need it are not applicable.
 */

/** Optional configuration keys (OCPP 1.6 §9) the alt station does not implement: unknown to Get/ChangeConfiguration. */
export const ALT_UNSUPPORTED_KEYS = [
  'AllowOfflineTxForUnknownId',
  'BlinkRepeat',
  'ConnectorPhaseRotationMaxLength',
  'LightIntensity',
  'MaxEnergyOnInvalidId',
  'MeterValuesAlignedDataMaxLength',
  'MeterValuesSampledDataMaxLength',
  'MinimumStatusDuration',
  'StopTxnAlignedDataMaxLength',
  'StopTxnSampledDataMaxLength',
  'SupportedFeatureProfilesMaxLength',
  'WebSocketPingInterval',
] as const;

/** Optional actions (security extension: logging, signed firmware) it does not implement: CALLERROR NotImplemented. */
export const ALT_UNSUPPORTED_ACTIONS = ['GetLog', 'SignedUpdateFirmware'] as const;

/** Its own defaults for keys it does implement. */
export const ALT_DEFAULTS: Record<string, string> = {
  HeartbeatInterval: '600',
  MeterValueSampleInterval: '30',
  ConnectionTimeOut: '90',
  TransactionMessageRetryInterval: '30',
};

/** Every answer to a CSMS call takes this long (wall-clock ms): slow, well within any response timeout. */
export const ALT_ANSWER_DELAY_MS = 300;

/** The energy register of a connector at power-up (Wh): a meter that has been in service (never starts at 0). */
export const altMeterStartWh = (connectorId: number): number => 1_250_000 + connectorId * 10_000;

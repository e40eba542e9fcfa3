/**
 * The compliant configurations of the reference OCPP 2.0.1 station. `default` is the one most scenarios were
 * written against; `alt` makes other choices the standard equally allows, so a scenario that passes only
 * against `default` fits our reference rather than OCPP 2.0.1:
 * - its own HeartbeatInterval and other device-model defaults (a scenario must read or set what it relies on);
 * - optional variables it does not implement (GetVariables/SetVariables answer UnknownVariable, reports omit
 *   them) and optional actions it does not implement (CALLERROR NotImplemented) — both declared absent in
 *   fixtures/pics/reference-alt/ocpp201-station.json;
 * - transactionIds that are not UUIDs (site prefix, counter, time in base 36; at most 36 characters);
 * - answers a few hundred milliseconds slower (at the reference time scale), within the response timeout.
 * The EVSE count comes from the rig (3 in rigs/reference-alt.json).
 */
import { newTransactionId } from '../util';

export interface StationVariant {
  name: 'default' | 'alt';
  /** Device-model defaults that differ from the built-in ones ('Component.Variable[instance]' → value). */
  defaults: Record<string, string>;
  /** Optional variables not implemented ('Component.Variable'). */
  absentVariables: string[];
  /** Optional CSMS-initiated actions not implemented (answered with CALLERROR NotImplemented). */
  absentActions: string[];
  /** Extra delay before each answer to the CSMS, [min, max] ms at timeScale 0.01 (scaled with it, capped). */
  answerDelayMs: [number, number];
  /** A new transactionId. */
  transactionId(): string;
}

let altCounter = 0;

export const DEFAULT_VARIANT: StationVariant = {
  name: 'default',
  defaults: {},
  absentVariables: [],
  absentActions: [],
  answerDelayMs: [0, 0],
  transactionId: newTransactionId,
};

export const ALT_VARIANT: StationVariant = {
  name: 'alt',
  defaults: {
    'OCPPCommCtrlr.HeartbeatInterval': '240',
    'OCPPCommCtrlr.OfflineThreshold': '90',
    'OCPPCommCtrlr.MessageAttempts[TransactionEvent]': '4',
    'OCPPCommCtrlr.MessageAttemptInterval[TransactionEvent]': '12',
    'OCPPCommCtrlr.RetryBackOffWaitMinimum': '4',
    'DeviceDataCtrlr.ItemsPerMessage[GetReport]': '6',
    'DeviceDataCtrlr.ItemsPerMessage[GetVariables]': '12',
    'DeviceDataCtrlr.ItemsPerMessage[SetVariables]': '12',
    'TxCtrlr.EVConnectionTimeOut': '90',
    'AuthCacheCtrlr.Policy': 'FIFO',
    'SmartChargingCtrlr.LimitChangeSignificance': '5',
  },
  absentVariables: ['AuthCtrlr.MasterPassGroupId', 'AlignedDataCtrlr.SendDuringIdle', 'TxCtrlr.MaxEnergyOnInvalidId'],
  absentActions: ['GetLog', 'CustomerInformation'],
  answerDelayMs: [150, 350],
  transactionId: () => {
    altCounter = (altCounter + 1) % 1_000_000;
    return `ALT7-${String(altCounter).padStart(6, '0')}-${Date.now().toString(36).toUpperCase()}`;
  },
};

export function stationVariant(name: 'default' | 'alt' | undefined): StationVariant {
  return name === 'alt' ? ALT_VARIANT : DEFAULT_VARIANT;
}

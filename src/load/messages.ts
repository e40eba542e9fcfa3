/**
 * What a load station says and answers, per OCPP version: the request payloads of its message mix (by action
 * code, so a station's queue is a list of small integers) and the default answers to CSMS-initiated calls.
 */
import type { OcppVersion } from '../ocpp/version';
import type { AnswerSpec } from './profile';

export const A_BOOT = 0;
export const A_HEARTBEAT = 1;
export const A_STATUS = 2;
export const A_AUTHORIZE = 3;
export const A_START = 4;
export const A_METER = 5;
export const A_STOP = 6;

export const ACTION_NAMES = ['BootNotification', 'Heartbeat', 'StatusNotification', 'Authorize', 'StartTransaction', 'MeterValues', 'StopTransaction'] as const;
/** OCPP 2.0.1 / 2.1: a transaction's start, meter samples and end are all TransactionEvent (Started/Updated/Ended). */
const ACTION_NAMES_201 = ['BootNotification', 'Heartbeat', 'StatusNotification', 'Authorize', 'TransactionEvent', 'TransactionEvent', 'TransactionEvent'] as const;

/** The action a packed call's code is sent as, in this version. */
export function actionName(version: OcppVersion, code: number): string {
  return (version === '1.6' ? ACTION_NAMES : ACTION_NAMES_201)[code];
}

export const ST_AVAILABLE = 0;
export const ST_CHARGING = 1;
const STATUS_16 = ['Available', 'Charging'];
const STATUS_201 = ['Available', 'Occupied'];

/** A queued call: action code, connector and status packed in one number. */
export function packCall(action: number, connector = 0, status = 0): number {
  return action | (connector << 4) | (status << 12);
}

/** What a station's request payload needs to know about it. */
export interface RequestContext {
  vendor: string;
  model: string;
  idTag: string;
  txId: number;
  meterWh: number;
  /** OCPP 2.0.1: the station's own transaction id and the event's sequence number. */
  txRef?: string;
  seqNo?: number;
}

/** The request payload for a packed call. */
export function requestPayload(version: OcppVersion, packed: number, s: RequestContext): Record<string, unknown> {
  const action = packed & 15;
  const connector = (packed >> 4) & 255;
  const status = packed >> 12;
  const now = new Date().toISOString();
  if (version !== '1.6') {
    switch (action) {
      case A_BOOT:
        return { reason: 'PowerUp', chargingStation: { model: s.model, vendorName: s.vendor } };
      case A_STATUS:
        return { timestamp: now, connectorStatus: STATUS_201[status] ?? 'Available', evseId: Math.max(1, connector), connectorId: 1 };
      case A_AUTHORIZE:
        return { idToken: { idToken: s.idTag, type: 'ISO14443' } };
      case A_START:
      case A_METER:
      case A_STOP: {
        const eventType = action === A_START ? 'Started' : action === A_METER ? 'Updated' : 'Ended';
        const triggerReason = action === A_START ? 'Authorized' : action === A_METER ? 'MeterValuePeriodic' : 'StopAuthorized';
        const meterValue = [{ timestamp: now, sampledValue: [{ value: s.meterWh, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }] }];
        return {
          eventType,
          timestamp: now,
          triggerReason,
          seqNo: s.seqNo ?? 0,
          transactionInfo: { transactionId: s.txRef ?? '', ...(action === A_STOP ? { stoppedReason: 'Local' } : {}) },
          ...(action === A_START ? { idToken: { idToken: s.idTag, type: 'ISO14443' }, evse: { id: 1, connectorId: 1 } } : {}),
          meterValue,
        };
      }
      default:
        return {};
    }
  }
  switch (action) {
    case A_BOOT:
      return { chargePointVendor: s.vendor, chargePointModel: s.model };
    case A_STATUS:
      return { connectorId: connector, errorCode: 'NoError', status: STATUS_16[status] ?? 'Available', timestamp: now };
    case A_AUTHORIZE:
      return { idTag: s.idTag };
    case A_START:
      return { connectorId: 1, idTag: s.idTag, meterStart: s.meterWh, timestamp: now };
    case A_METER:
      return { connectorId: 1, transactionId: s.txId, meterValue: [{ timestamp: now, sampledValue: [{ value: String(s.meterWh), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }] };
    case A_STOP:
      return { transactionId: s.txId, meterStop: s.meterWh, timestamp: now, reason: 'Local' };
    default:
      return {};
  }
}

const ACCEPTED = { status: 'Accepted' };

/** Default answers to CSMS-initiated calls (an action not listed gets CALLERROR NotImplemented). */
const DEFAULT_ANSWERS: Record<string, Record<string, AnswerSpec>> = {
  '1.6': {
    Reset: ACCEPTED,
    ChangeConfiguration: ACCEPTED,
    GetConfiguration: { configurationKey: [], unknownKey: [] },
    ChangeAvailability: ACCEPTED,
    ClearCache: ACCEPTED,
    TriggerMessage: ACCEPTED,
    ExtendedTriggerMessage: ACCEPTED,
    RemoteStartTransaction: { status: 'Rejected' },
    RemoteStopTransaction: { status: 'Rejected' },
    UnlockConnector: { status: 'NotSupported' },
    DataTransfer: { status: 'UnknownVendorId' },
    GetLocalListVersion: { listVersion: -1 },
    SendLocalList: { status: 'NotSupported' },
    ReserveNow: { status: 'Rejected' },
    CancelReservation: { status: 'Rejected' },
    SetChargingProfile: { status: 'NotSupported' },
    ClearChargingProfile: { status: 'Unknown' },
    GetCompositeSchedule: { status: 'Rejected' },
    GetDiagnostics: {},
    UpdateFirmware: {},
  },
  '2.0.1': {
    Reset: ACCEPTED,
    ChangeAvailability: ACCEPTED,
    ClearCache: ACCEPTED,
    TriggerMessage: ACCEPTED,
    SetVariables: { setVariableResult: [] },
    GetVariables: { getVariableResult: [] },
    RequestStartTransaction: { status: 'Rejected' },
    RequestStopTransaction: { status: 'Rejected' },
    UnlockConnector: { status: 'UnknownConnector' },
    DataTransfer: { status: 'UnknownVendorId' },
    GetLocalListVersion: { versionNumber: 0 },
  },
};

/** The answer to a CSMS call: a payload, or the CALLERROR code (NotImplemented, NotSupported). */
export function answerFor(version: OcppVersion, action: string, overrides: Record<string, AnswerSpec>): Record<string, unknown> | string {
  const a = overrides[action] ?? DEFAULT_ANSWERS[version]?.[action];
  if (a === undefined) return 'NotImplemented';
  return a;
}

/** A TriggerMessage's requested message as a packed call (undefined: nothing the lean station sends). */
export function triggered(version: OcppVersion, payload: Record<string, unknown>): number | undefined {
  const what = String(payload.requestedMessage ?? '');
  const connector = typeof payload.connectorId === 'number' ? payload.connectorId : 0;
  if (what === 'Heartbeat') return packCall(A_HEARTBEAT);
  if (what === 'BootNotification') return packCall(A_BOOT);
  if (what === 'StatusNotification') return packCall(A_STATUS, version === '1.6' ? connector : 1, ST_AVAILABLE);
  return undefined;
}

/**
 * UDS (ISO 14229-1) service identifiers, negative response codes and the NRCs each service may answer with.
 * The allowed-NRC sets come from /work/shared/reference/can/FACTS.md (paraphrased from open implementations);
 * 0x10/0x11/0x7F/0x78/0x21/0x7E are accepted for every service because the standard's general NRC handling
 * allows them (general reject, service not supported, not supported in active session, response pending,
 * busy-repeat-request, sub-function not supported in active session).
 */

export const SID = {
  DiagnosticSessionControl: 0x10,
  EcuReset: 0x11,
  ClearDiagnosticInformation: 0x14,
  ReadDtcInformation: 0x19,
  ReadDataByIdentifier: 0x22,
  ReadMemoryByAddress: 0x23,
  SecurityAccess: 0x27,
  CommunicationControl: 0x28,
  WriteDataByIdentifier: 0x2e,
  RoutineControl: 0x31,
  RequestDownload: 0x34,
  TransferData: 0x36,
  RequestTransferExit: 0x37,
  TesterPresent: 0x3e,
  ControlDtcSetting: 0x85,
} as const;

export const SERVICE_NAMES: Record<number, string> = {
  0x10: 'DiagnosticSessionControl',
  0x11: 'ECUReset',
  0x14: 'ClearDiagnosticInformation',
  0x19: 'ReadDTCInformation',
  0x22: 'ReadDataByIdentifier',
  0x23: 'ReadMemoryByAddress',
  0x27: 'SecurityAccess',
  0x28: 'CommunicationControl',
  0x2e: 'WriteDataByIdentifier',
  0x31: 'RoutineControl',
  0x34: 'RequestDownload',
  0x36: 'TransferData',
  0x37: 'RequestTransferExit',
  0x3e: 'TesterPresent',
  0x85: 'ControlDTCSetting',
};

export const NRC = {
  generalReject: 0x10,
  serviceNotSupported: 0x11,
  subFunctionNotSupported: 0x12,
  incorrectMessageLengthOrInvalidFormat: 0x13,
  responseTooLong: 0x14,
  busyRepeatRequest: 0x21,
  conditionsNotCorrect: 0x22,
  requestSequenceError: 0x24,
  noResponseFromSubnetComponent: 0x25,
  failurePreventsExecutionOfRequestedAction: 0x26,
  requestOutOfRange: 0x31,
  securityAccessDenied: 0x33,
  invalidKey: 0x35,
  exceededNumberOfAttempts: 0x36,
  requiredTimeDelayNotExpired: 0x37,
  uploadDownloadNotAccepted: 0x70,
  transferDataSuspended: 0x71,
  generalProgrammingFailure: 0x72,
  wrongBlockSequenceCounter: 0x73,
  responsePending: 0x78,
  subFunctionNotSupportedInActiveSession: 0x7e,
  serviceNotSupportedInActiveSession: 0x7f,
  voltageTooHigh: 0x92,
  voltageTooLow: 0x93,
} as const;

export const NRC_NAMES: Record<number, string> = Object.fromEntries(Object.entries(NRC).map(([k, v]) => [v, k]));

export function nrcName(code: number): string {
  return NRC_NAMES[code] ?? `ISOSAEReserved/vehicleManufacturerSpecific`;
}

/** `0x31 requestOutOfRange` */
export function describeNrc(code: number): string {
  return `0x${code.toString(16).padStart(2, '0').toUpperCase()} ${nrcName(code)}`;
}

export function serviceName(sid: number): string {
  return SERVICE_NAMES[sid] ?? `service 0x${sid.toString(16).padStart(2, '0').toUpperCase()}`;
}

/** NRCs any service may return (general handling). */
export const GENERAL_NRCS: readonly number[] = [0x10, 0x11, 0x21, 0x78, 0x7e, 0x7f];

/** Service-specific NRCs (FACTS.md table). */
export const SERVICE_NRCS: Record<number, readonly number[]> = {
  0x10: [0x12, 0x13, 0x22, 0x7e],
  0x11: [0x12, 0x13, 0x22, 0x33],
  0x14: [0x13, 0x22, 0x31, 0x72],
  0x19: [0x12, 0x13, 0x31],
  0x22: [0x13, 0x14, 0x22, 0x31, 0x33],
  0x23: [0x13, 0x22, 0x31, 0x33],
  0x27: [0x12, 0x13, 0x22, 0x24, 0x31, 0x35, 0x36, 0x37],
  0x28: [0x12, 0x13, 0x22, 0x31],
  0x2e: [0x13, 0x22, 0x31, 0x33, 0x72],
  0x31: [0x12, 0x13, 0x22, 0x24, 0x31, 0x33, 0x72],
  0x34: [0x13, 0x22, 0x31, 0x33, 0x70],
  0x36: [0x13, 0x24, 0x31, 0x71, 0x72, 0x73, 0x92, 0x93],
  0x37: [0x13, 0x24, 0x31, 0x72],
  0x3e: [0x12, 0x13],
  0x85: [0x12, 0x13, 0x22, 0x31],
};

/** Whether `nrc` is a permitted negative response code for service `sid`. Unknown services allow only 0x11/0x7F. */
export function isNrcAllowed(sid: number, nrc: number): boolean {
  const specific = SERVICE_NRCS[sid];
  if (!specific) return nrc === 0x11 || nrc === 0x7f || nrc === 0x78 || nrc === 0x21 || nrc === 0x10;
  return GENERAL_NRCS.includes(nrc) || specific.includes(nrc);
}

/** Services whose first request byte after the SID is a sub-function (bit 7 = suppressPosRspMsgIndicationBit). */
export const SUBFUNCTION_SERVICES: ReadonlySet<number> = new Set([0x10, 0x11, 0x19, 0x27, 0x28, 0x31, 0x3e, 0x85]);

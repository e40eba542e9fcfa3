/**
 * Per-service UDS codecs (ISO 14229-1): request and positive-response encoders/decoders for services
 * 10 11 14 19 22 23 27 28 2E 31 34 36 37 3E 85. Decoders throw CodecError on malformed input.
 */
import { CodecError } from '../core/errors';
import { be16, concat, hex, readUint, requireLength, SUPPRESS_BIT, u16, u24, writeUint } from './codec';

const spr = (sub: number, suppress?: boolean): number => (sub & 0x7f) | (suppress ? SUPPRESS_BIT : 0);

function expectSid(pdu: Uint8Array, sid: number, what: string): void {
  requireLength(pdu, 1, what);
  if (pdu[0] !== sid) throw new CodecError(`${what}: SID 0x${sid.toString(16)} expected, got ${hex(pdu.subarray(0, 1))} (${hex(pdu)})`);
}

function exactLength(pdu: Uint8Array, n: number, what: string): void {
  if (pdu.length !== n) throw new CodecError(`${what}: ${n} bytes expected, got ${pdu.length} (${hex(pdu)})`);
}

// ---- 0x10 DiagnosticSessionControl -------------------------------------------------------------------
export const SESSION = { default: 0x01, programming: 0x02, extended: 0x03, safetySystem: 0x04 } as const;

export function encodeSessionRequest(sessionType: number, suppress = false): Uint8Array {
  return Uint8Array.of(0x10, spr(sessionType, suppress));
}
export function decodeSessionRequest(pdu: Uint8Array): { sessionType: number; suppress: boolean } {
  expectSid(pdu, 0x10, 'DiagnosticSessionControl request');
  exactLength(pdu, 2, 'DiagnosticSessionControl request');
  return { sessionType: pdu[1] & 0x7f, suppress: (pdu[1] & SUPPRESS_BIT) !== 0 };
}
export interface SessionResponse {
  sessionType: number;
  /** P2server_max in ms (1 ms resolution on the wire). */
  p2Ms: number;
  /** P2*server_max in ms (10 ms resolution on the wire). */
  p2StarMs: number;
}
export function encodeSessionResponse(r: SessionResponse): Uint8Array {
  return Uint8Array.of(0x50, r.sessionType, ...be16(r.p2Ms), ...be16(Math.round(r.p2StarMs / 10)));
}
export function decodeSessionResponse(pdu: Uint8Array): SessionResponse {
  expectSid(pdu, 0x50, 'DiagnosticSessionControl response');
  exactLength(pdu, 6, 'DiagnosticSessionControl response');
  return { sessionType: pdu[1], p2Ms: u16(pdu, 2), p2StarMs: u16(pdu, 4) * 10 };
}

// ---- 0x11 ECUReset ---------------------------------------------------------------------------------------
export function encodeResetRequest(resetType: number, suppress = false): Uint8Array {
  return Uint8Array.of(0x11, spr(resetType, suppress));
}
export function decodeResetRequest(pdu: Uint8Array): { resetType: number; suppress: boolean } {
  expectSid(pdu, 0x11, 'ECUReset request');
  exactLength(pdu, 2, 'ECUReset request');
  return { resetType: pdu[1] & 0x7f, suppress: (pdu[1] & SUPPRESS_BIT) !== 0 };
}
export function encodeResetResponse(resetType: number, powerDownTime?: number): Uint8Array {
  return powerDownTime === undefined ? Uint8Array.of(0x51, resetType) : Uint8Array.of(0x51, resetType, powerDownTime);
}
export function decodeResetResponse(pdu: Uint8Array): { resetType: number; powerDownTime?: number } {
  expectSid(pdu, 0x51, 'ECUReset response');
  if (pdu.length !== 2 && pdu.length !== 3) throw new CodecError(`ECUReset response: 2 or 3 bytes expected, got ${pdu.length} (${hex(pdu)})`);
  return pdu.length === 3 ? { resetType: pdu[1], powerDownTime: pdu[2] } : { resetType: pdu[1] };
}

// ---- 0x14 ClearDiagnosticInformation ------------------------------------------------------------------------
export function encodeClearDtcRequest(groupOfDtc = 0xffffff): Uint8Array {
  return Uint8Array.of(0x14, ...writeUint(groupOfDtc, 3));
}
export function decodeClearDtcRequest(pdu: Uint8Array): { groupOfDtc: number } {
  expectSid(pdu, 0x14, 'ClearDiagnosticInformation request');
  exactLength(pdu, 4, 'ClearDiagnosticInformation request');
  return { groupOfDtc: u24(pdu, 1) };
}

// ---- 0x19 ReadDTCInformation (01 count by mask, 02 by mask, 0A supported) ---------------------------------------
export interface DtcRecord {
  code: number;
  status: number;
}
export function encodeReadDtcRequest(subFunction: number, statusMask?: number): Uint8Array {
  return statusMask === undefined ? Uint8Array.of(0x19, subFunction) : Uint8Array.of(0x19, subFunction, statusMask);
}
export function decodeReadDtcRequest(pdu: Uint8Array): { subFunction: number; statusMask?: number; suppress: boolean } {
  expectSid(pdu, 0x19, 'ReadDTCInformation request');
  requireLength(pdu, 2, 'ReadDTCInformation request');
  const sub = pdu[1] & 0x7f;
  const suppress = (pdu[1] & SUPPRESS_BIT) !== 0;
  if (sub === 0x01 || sub === 0x02) {
    exactLength(pdu, 3, `ReadDTCInformation 0x${sub.toString(16).padStart(2, '0')} request`);
    return { subFunction: sub, statusMask: pdu[2], suppress };
  }
  if (sub === 0x0a) exactLength(pdu, 2, 'ReadDTCInformation 0x0A request');
  return { subFunction: sub, suppress };
}
export type ReadDtcResponse =
  | { subFunction: 0x01; availabilityMask: number; formatIdentifier: number; count: number }
  | { subFunction: 0x02 | 0x0a; availabilityMask: number; dtcs: DtcRecord[] };
export function encodeReadDtcResponse(r: ReadDtcResponse): Uint8Array {
  if (r.subFunction === 0x01) return Uint8Array.of(0x59, 0x01, r.availabilityMask, r.formatIdentifier, ...be16(r.count));
  return concat([0x59, r.subFunction, r.availabilityMask], ...r.dtcs.map((d) => [...writeUint(d.code, 3), d.status]));
}
export function decodeReadDtcResponse(pdu: Uint8Array): ReadDtcResponse {
  expectSid(pdu, 0x59, 'ReadDTCInformation response');
  requireLength(pdu, 3, 'ReadDTCInformation response');
  const sub = pdu[1];
  if (sub === 0x01) {
    exactLength(pdu, 6, 'ReadDTCInformation 0x01 response');
    return { subFunction: 0x01, availabilityMask: pdu[2], formatIdentifier: pdu[3], count: u16(pdu, 4) };
  }
  if (sub === 0x02 || sub === 0x0a) {
    if ((pdu.length - 3) % 4 !== 0) throw new CodecError(`ReadDTCInformation response: DTC records are 4 bytes each, ${pdu.length - 3} byte(s) left (${hex(pdu)})`);
    const dtcs: DtcRecord[] = [];
    for (let o = 3; o < pdu.length; o += 4) dtcs.push({ code: u24(pdu, o), status: pdu[o + 3] });
    return { subFunction: sub, availabilityMask: pdu[2], dtcs };
  }
  throw new CodecError(`ReadDTCInformation response: sub-function 0x${sub.toString(16)} not decoded (${hex(pdu)})`);
}

// ---- 0x22 ReadDataByIdentifier / 0x2E WriteDataByIdentifier ---------------------------------------------------
export function encodeReadDidRequest(...dids: number[]): Uint8Array {
  return concat([0x22], ...dids.map((d) => be16(d)));
}
export function decodeReadDidRequest(pdu: Uint8Array): { dids: number[] } {
  expectSid(pdu, 0x22, 'ReadDataByIdentifier request');
  if (pdu.length < 3 || (pdu.length - 1) % 2 !== 0) throw new CodecError(`ReadDataByIdentifier request: odd or missing DID bytes (${hex(pdu)})`);
  const dids: number[] = [];
  for (let o = 1; o < pdu.length; o += 2) dids.push(u16(pdu, o));
  return { dids };
}
export interface DidRecord {
  did: number;
  data: Uint8Array;
}
export function encodeReadDidResponse(records: DidRecord[]): Uint8Array {
  return concat([0x62], ...records.flatMap((r) => [be16(r.did), r.data]));
}
/**
 * Decodes a 0x62 response. With several DIDs the record boundaries need the data lengths (`lengths`);
 * without them the response must carry exactly one DID.
 */
export function decodeReadDidResponse(pdu: Uint8Array, lengths: Record<number, number> = {}): DidRecord[] {
  expectSid(pdu, 0x62, 'ReadDataByIdentifier response');
  requireLength(pdu, 3, 'ReadDataByIdentifier response');
  const out: DidRecord[] = [];
  let o = 1;
  while (o < pdu.length) {
    if (pdu.length - o < 2) throw new CodecError(`ReadDataByIdentifier response: truncated DID at byte ${o} (${hex(pdu)})`);
    const did = u16(pdu, o);
    const len = lengths[did];
    const end = len === undefined ? pdu.length : o + 2 + len;
    if (end > pdu.length) throw new CodecError(`ReadDataByIdentifier response: DID 0x${did.toString(16)} needs ${len} data bytes (${hex(pdu)})`);
    out.push({ did, data: pdu.slice(o + 2, end) });
    o = end;
  }
  return out;
}
export function encodeWriteDidRequest(did: number, data: Uint8Array | readonly number[]): Uint8Array {
  return concat([0x2e], be16(did), data);
}
export function decodeWriteDidRequest(pdu: Uint8Array): DidRecord {
  expectSid(pdu, 0x2e, 'WriteDataByIdentifier request');
  requireLength(pdu, 4, 'WriteDataByIdentifier request');
  return { did: u16(pdu, 1), data: pdu.slice(3) };
}
export function encodeWriteDidResponse(did: number): Uint8Array {
  return Uint8Array.of(0x6e, ...be16(did));
}
export function decodeWriteDidResponse(pdu: Uint8Array): { did: number } {
  expectSid(pdu, 0x6e, 'WriteDataByIdentifier response');
  exactLength(pdu, 3, 'WriteDataByIdentifier response');
  return { did: u16(pdu, 1) };
}

// ---- addressAndLengthFormatIdentifier (0x23, 0x34) ----------------------------------------------------------------
export interface MemoryRange {
  address: number;
  size: number;
  /** Bytes used on the wire (ALFID high nibble = size bytes, low nibble = address bytes). */
  addressBytes?: number;
  sizeBytes?: number;
}
function encodeAlfid(r: MemoryRange): number[] {
  const ab = r.addressBytes ?? 4;
  const sb = r.sizeBytes ?? 4;
  return [(sb << 4) | ab, ...writeUint(r.address, ab), ...writeUint(r.size, sb)];
}
function decodeAlfid(pdu: Uint8Array, offset: number, what: string): MemoryRange {
  requireLength(pdu, offset + 1, what);
  const alfid = pdu[offset];
  const ab = alfid & 0x0f;
  const sb = alfid >> 4;
  if (ab < 1 || ab > 5 || sb < 1 || sb > 4) throw new CodecError(`${what}: invalid addressAndLengthFormatIdentifier 0x${alfid.toString(16).padStart(2, '0')}`);
  exactLength(pdu, offset + 1 + ab + sb, what);
  return { address: readUint(pdu, offset + 1, ab), size: readUint(pdu, offset + 1 + ab, sb), addressBytes: ab, sizeBytes: sb };
}

// ---- 0x23 ReadMemoryByAddress ------------------------------------------------------------------------------------------
export function encodeReadMemoryRequest(r: MemoryRange): Uint8Array {
  return Uint8Array.of(0x23, ...encodeAlfid(r));
}
export function decodeReadMemoryRequest(pdu: Uint8Array): MemoryRange {
  expectSid(pdu, 0x23, 'ReadMemoryByAddress request');
  return decodeAlfid(pdu, 1, 'ReadMemoryByAddress request');
}
export function encodeReadMemoryResponse(data: Uint8Array): Uint8Array {
  return concat([0x63], data);
}
export function decodeReadMemoryResponse(pdu: Uint8Array): { data: Uint8Array } {
  expectSid(pdu, 0x63, 'ReadMemoryByAddress response');
  requireLength(pdu, 2, 'ReadMemoryByAddress response');
  return { data: pdu.slice(1) };
}

// ---- 0x27 SecurityAccess -----------------------------------------------------------------------------------------------
export function encodeSeedRequest(level: number, suppress = false): Uint8Array {
  return Uint8Array.of(0x27, spr(level, suppress));
}
export function encodeKeyRequest(level: number, key: Uint8Array | readonly number[]): Uint8Array {
  return concat([0x27, level & 0x7f], key);
}
export interface SecurityRequest {
  subFunction: number;
  kind: 'seed' | 'key';
  /** Security level = the odd requestSeed sub-function (key requests report subFunction - 1). */
  level: number;
  data: Uint8Array;
  suppress: boolean;
}
export function decodeSecurityRequest(pdu: Uint8Array): SecurityRequest {
  expectSid(pdu, 0x27, 'SecurityAccess request');
  requireLength(pdu, 2, 'SecurityAccess request');
  const sub = pdu[1] & 0x7f;
  const kind = sub % 2 === 1 ? 'seed' : 'key';
  return { subFunction: sub, kind, level: kind === 'seed' ? sub : sub - 1, data: pdu.slice(2), suppress: (pdu[1] & SUPPRESS_BIT) !== 0 };
}
export function encodeSecurityResponse(subFunction: number, seed: Uint8Array | readonly number[] = []): Uint8Array {
  return concat([0x67, subFunction], seed);
}
export function decodeSecurityResponse(pdu: Uint8Array): { subFunction: number; seed: Uint8Array } {
  expectSid(pdu, 0x67, 'SecurityAccess response');
  requireLength(pdu, 2, 'SecurityAccess response');
  return { subFunction: pdu[1], seed: pdu.slice(2) };
}

// ---- 0x28 CommunicationControl -----------------------------------------------------------------------------------------
export function encodeCommControlRequest(controlType: number, communicationType: number, suppress = false): Uint8Array {
  return Uint8Array.of(0x28, spr(controlType, suppress), communicationType);
}
export function decodeCommControlRequest(pdu: Uint8Array): { controlType: number; communicationType: number; suppress: boolean } {
  expectSid(pdu, 0x28, 'CommunicationControl request');
  if (pdu.length !== 3 && pdu.length !== 5) throw new CodecError(`CommunicationControl request: 3 or 5 bytes expected, got ${pdu.length} (${hex(pdu)})`);
  return { controlType: pdu[1] & 0x7f, communicationType: pdu[2], suppress: (pdu[1] & SUPPRESS_BIT) !== 0 };
}
export function encodeCommControlResponse(controlType: number): Uint8Array {
  return Uint8Array.of(0x68, controlType);
}

// ---- 0x31 RoutineControl -------------------------------------------------------------------------------------------------
export const ROUTINE = { start: 0x01, stop: 0x02, results: 0x03 } as const;
export interface RoutineRequest {
  controlType: number;
  routineId: number;
  option: Uint8Array;
  suppress: boolean;
}
export function encodeRoutineRequest(controlType: number, routineId: number, option: Uint8Array | readonly number[] = [], suppress = false): Uint8Array {
  return concat([0x31, spr(controlType, suppress)], be16(routineId), option);
}
export function decodeRoutineRequest(pdu: Uint8Array): RoutineRequest {
  expectSid(pdu, 0x31, 'RoutineControl request');
  requireLength(pdu, 4, 'RoutineControl request');
  return { controlType: pdu[1] & 0x7f, routineId: u16(pdu, 2), option: pdu.slice(4), suppress: (pdu[1] & SUPPRESS_BIT) !== 0 };
}
export function encodeRoutineResponse(controlType: number, routineId: number, status: Uint8Array | readonly number[] = []): Uint8Array {
  return concat([0x71, controlType], be16(routineId), status);
}
export function decodeRoutineResponse(pdu: Uint8Array): { controlType: number; routineId: number; status: Uint8Array } {
  expectSid(pdu, 0x71, 'RoutineControl response');
  requireLength(pdu, 4, 'RoutineControl response');
  return { controlType: pdu[1], routineId: u16(pdu, 2), status: pdu.slice(4) };
}

// ---- 0x34 RequestDownload / 0x36 TransferData / 0x37 RequestTransferExit --------------------------------------------------
export interface DownloadRequest extends MemoryRange {
  dataFormat: number;
}
export function encodeDownloadRequest(r: DownloadRequest): Uint8Array {
  return Uint8Array.of(0x34, r.dataFormat, ...encodeAlfid(r));
}
export function decodeDownloadRequest(pdu: Uint8Array): DownloadRequest {
  expectSid(pdu, 0x34, 'RequestDownload request');
  requireLength(pdu, 3, 'RequestDownload request');
  return { dataFormat: pdu[1], ...decodeAlfid(pdu, 2, 'RequestDownload request') };
}
/** maxNumberOfBlockLength counts the whole 0x36 request (SID + counter + data). */
export function encodeDownloadResponse(maxBlockLength: number, lengthBytes = 2): Uint8Array {
  return Uint8Array.of(0x74, lengthBytes << 4, ...writeUint(maxBlockLength, lengthBytes));
}
export function decodeDownloadResponse(pdu: Uint8Array): { maxBlockLength: number } {
  expectSid(pdu, 0x74, 'RequestDownload response');
  requireLength(pdu, 2, 'RequestDownload response');
  const n = pdu[1] >> 4;
  if (n < 1 || n > 4) throw new CodecError(`RequestDownload response: lengthFormatIdentifier 0x${pdu[1].toString(16)} invalid`);
  exactLength(pdu, 2 + n, 'RequestDownload response');
  return { maxBlockLength: readUint(pdu, 2, n) };
}
export function encodeTransferDataRequest(counter: number, data: Uint8Array | readonly number[]): Uint8Array {
  return concat([0x36, counter & 0xff], data);
}
export function decodeTransferDataRequest(pdu: Uint8Array): { counter: number; data: Uint8Array } {
  expectSid(pdu, 0x36, 'TransferData request');
  requireLength(pdu, 2, 'TransferData request');
  return { counter: pdu[1], data: pdu.slice(2) };
}
export function encodeTransferDataResponse(counter: number): Uint8Array {
  return Uint8Array.of(0x76, counter & 0xff);
}
export function decodeTransferDataResponse(pdu: Uint8Array): { counter: number } {
  expectSid(pdu, 0x76, 'TransferData response');
  requireLength(pdu, 2, 'TransferData response');
  return { counter: pdu[1] };
}
/** Next block sequence counter: starts at 0x01, wraps 0xFF → 0x00. */
export function nextBlockCounter(counter: number): number {
  return (counter + 1) & 0xff;
}
export function encodeTransferExitRequest(data: Uint8Array | readonly number[] = []): Uint8Array {
  return concat([0x37], data);
}
export function encodeTransferExitResponse(data: Uint8Array | readonly number[] = []): Uint8Array {
  return concat([0x77], data);
}

// ---- 0x3E TesterPresent / 0x85 ControlDTCSetting ------------------------------------------------------------------------
export function encodeTesterPresent(suppress = true): Uint8Array {
  return Uint8Array.of(0x3e, spr(0x00, suppress));
}
export function decodeTesterPresentRequest(pdu: Uint8Array): { subFunction: number; suppress: boolean } {
  expectSid(pdu, 0x3e, 'TesterPresent request');
  exactLength(pdu, 2, 'TesterPresent request');
  return { subFunction: pdu[1] & 0x7f, suppress: (pdu[1] & SUPPRESS_BIT) !== 0 };
}
export const DTC_SETTING = { on: 0x01, off: 0x02 } as const;
export function encodeDtcSettingRequest(settingType: number, suppress = false): Uint8Array {
  return Uint8Array.of(0x85, spr(settingType, suppress));
}
export function decodeDtcSettingRequest(pdu: Uint8Array): { settingType: number; suppress: boolean } {
  expectSid(pdu, 0x85, 'ControlDTCSetting request');
  requireLength(pdu, 2, 'ControlDTCSetting request');
  return { settingType: pdu[1] & 0x7f, suppress: (pdu[1] & SUPPRESS_BIT) !== 0 };
}

/** Decodes a positive response into a plain object for traces; undefined when the service is not covered. */
export function decodePositive(pdu: Uint8Array): unknown {
  switch (pdu[0]) {
    case 0x50:
      return decodeSessionResponse(pdu);
    case 0x51:
      return decodeResetResponse(pdu);
    case 0x59:
      return decodeReadDtcResponse(pdu);
    case 0x62:
      return decodeReadDidResponse(pdu).map((r) => ({ did: r.did, data: hex(r.data) }));
    case 0x63:
      return { data: hex(decodeReadMemoryResponse(pdu).data) };
    case 0x67: {
      const r = decodeSecurityResponse(pdu);
      return { subFunction: r.subFunction, seed: hex(r.seed) };
    }
    case 0x6e:
      return decodeWriteDidResponse(pdu);
    case 0x71: {
      const r = decodeRoutineResponse(pdu);
      return { controlType: r.controlType, routineId: r.routineId, status: hex(r.status) };
    }
    case 0x74:
      return decodeDownloadResponse(pdu);
    case 0x76:
      return decodeTransferDataResponse(pdu);
    default:
      return undefined;
  }
}

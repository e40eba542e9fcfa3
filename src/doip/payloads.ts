/**
 * DoIP payload codecs: vehicle identification (request by EID/VIN, response/announcement), routing
 * activation request/response with all response codes, alive check, entity status, power mode, diagnostic
 * message with ACK/NACK codes, generic NACK. Decoders throw CodecError on wrong lengths.
 */
import { CodecError } from '../core/errors';
import { be16, concat, hex, u16 } from '../uds/codec';
import { GENERIC_NACK_NAMES, payloadTypeName, PT } from './header';

function need(p: Uint8Array, min: number, max: number, what: string): void {
  if (p.length < min || p.length > max) throw new CodecError(`DoIP ${what}: payload length ${p.length}, expected ${min === max ? min : `${min}..${max}`} (${hex(p)})`);
}

// ---- vehicle identification -----------------------------------------------------------------------------------
export interface VehicleIdentification {
  vin: string;
  logicalAddress: number;
  eid: Uint8Array;
  gid: Uint8Array;
  /** 0x00 no further action, 0x10 routing activation required for central security. */
  furtherAction: number;
  syncStatus?: number;
}

export function encodeVehicleIdentification(v: VehicleIdentification): Uint8Array {
  const vin = Buffer.alloc(17, 0x30);
  Buffer.from(v.vin, 'latin1').copy(vin, 0, 0, 17);
  return concat(vin, be16(v.logicalAddress), v.eid.subarray(0, 6), v.gid.subarray(0, 6), [v.furtherAction], v.syncStatus === undefined ? [] : [v.syncStatus]);
}

export function decodeVehicleIdentification(p: Uint8Array): VehicleIdentification {
  need(p, 32, 33, 'vehicle identification response');
  return {
    vin: Buffer.from(p.subarray(0, 17)).toString('latin1'),
    logicalAddress: u16(p, 17),
    eid: p.slice(19, 25),
    gid: p.slice(25, 31),
    furtherAction: p[31],
    syncStatus: p.length === 33 ? p[32] : undefined,
  };
}

export function encodeVinRequest(vin: string): Uint8Array {
  if (vin.length !== 17) throw new CodecError(`VIN must be 17 characters, got ${vin.length}`);
  return Uint8Array.from(Buffer.from(vin, 'latin1'));
}

// ---- routing activation ----------------------------------------------------------------------------------------
export const ACTIVATION_TYPE = { default: 0x00, whoIsRegulatory: 0x01, centralSecurity: 0xe0 } as const;

export const ROUTING_CODE = {
  unknownSourceAddress: 0x00,
  noFreeSocket: 0x01,
  sourceAddressMismatch: 0x02,
  sourceAddressAlreadyRegistered: 0x03,
  missingAuthentication: 0x04,
  rejectedConfirmation: 0x05,
  unsupportedActivationType: 0x06,
  tlsRequired: 0x07,
  success: 0x10,
  confirmationRequired: 0x11,
} as const;
export const ROUTING_CODE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(ROUTING_CODE).map(([k, v]) => [v, k]));

/** Codes after which the entity closes the socket. */
export const ROUTING_CODES_CLOSING: ReadonlySet<number> = new Set([0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]);

export interface RoutingActivationRequest {
  sourceAddress: number;
  activationType: number;
  oem?: Uint8Array;
}
export function encodeRoutingActivationRequest(r: RoutingActivationRequest): Uint8Array {
  return concat(be16(r.sourceAddress), [r.activationType, 0, 0, 0, 0], r.oem ?? []);
}
export function decodeRoutingActivationRequest(p: Uint8Array): RoutingActivationRequest {
  need(p, 7, 11, 'routing activation request');
  if (p.length !== 7 && p.length !== 11) throw new CodecError(`DoIP routing activation request: 7 or 11 bytes, got ${p.length}`);
  return { sourceAddress: u16(p, 0), activationType: p[2], oem: p.length === 11 ? p.slice(7) : undefined };
}

export interface RoutingActivationResponse {
  testerAddress: number;
  entityAddress: number;
  code: number;
  oem?: Uint8Array;
}
export function encodeRoutingActivationResponse(r: RoutingActivationResponse): Uint8Array {
  return concat(be16(r.testerAddress), be16(r.entityAddress), [r.code, 0, 0, 0, 0], r.oem ?? []);
}
export function decodeRoutingActivationResponse(p: Uint8Array): RoutingActivationResponse {
  need(p, 9, 13, 'routing activation response');
  if (p.length !== 9 && p.length !== 13) throw new CodecError(`DoIP routing activation response: 9 or 13 bytes, got ${p.length}`);
  return { testerAddress: u16(p, 0), entityAddress: u16(p, 2), code: p[4], oem: p.length === 13 ? p.slice(9) : undefined };
}

// ---- alive check, entity status, power mode -----------------------------------------------------------------------
export function encodeAliveCheckResponse(sourceAddress: number): Uint8Array {
  return Uint8Array.from(be16(sourceAddress));
}
export function decodeAliveCheckResponse(p: Uint8Array): { sourceAddress: number } {
  need(p, 2, 2, 'alive check response');
  return { sourceAddress: u16(p, 0) };
}

export interface EntityStatus {
  /** 0x00 gateway, 0x01 node. */
  nodeType: number;
  maxSockets: number;
  openSockets: number;
  maxDataSize?: number;
}
export function encodeEntityStatus(s: EntityStatus): Uint8Array {
  const size = s.maxDataSize === undefined ? [] : [(s.maxDataSize >>> 24) & 0xff, (s.maxDataSize >>> 16) & 0xff, (s.maxDataSize >>> 8) & 0xff, s.maxDataSize & 0xff];
  return Uint8Array.of(s.nodeType, s.maxSockets, s.openSockets, ...size);
}
export function decodeEntityStatus(p: Uint8Array): EntityStatus {
  if (p.length !== 3 && p.length !== 7) throw new CodecError(`DoIP entity status response: 3 or 7 bytes, got ${p.length}`);
  return { nodeType: p[0], maxSockets: p[1], openSockets: p[2], maxDataSize: p.length === 7 ? new DataView(p.buffer, p.byteOffset).getUint32(3) : undefined };
}

export const POWER_MODE = { notReady: 0x00, ready: 0x01, notSupported: 0x02 } as const;

// ---- diagnostic messages ---------------------------------------------------------------------------------------------
export const DIAG_NACK = {
  invalidSourceAddress: 0x02,
  unknownTargetAddress: 0x03,
  messageTooLarge: 0x04,
  outOfMemory: 0x05,
  targetUnreachable: 0x06,
  unknownNetwork: 0x07,
  transportProtocolError: 0x08,
} as const;
export const DIAG_NACK_NAMES: Record<number, string> = Object.fromEntries(Object.entries(DIAG_NACK).map(([k, v]) => [v, k]));

export interface DiagnosticMessage {
  sourceAddress: number;
  targetAddress: number;
  data: Uint8Array;
}
export function encodeDiagnosticMessage(m: DiagnosticMessage): Uint8Array {
  return concat(be16(m.sourceAddress), be16(m.targetAddress), m.data);
}
export function decodeDiagnosticMessage(p: Uint8Array): DiagnosticMessage {
  if (p.length < 5) throw new CodecError(`DoIP diagnostic message: at least 5 bytes, got ${p.length} (${hex(p)})`);
  return { sourceAddress: u16(p, 0), targetAddress: u16(p, 2), data: p.slice(4) };
}

export interface DiagnosticAck {
  sourceAddress: number;
  targetAddress: number;
  /** ACK: 0x00; NACK: DIAG_NACK codes. */
  code: number;
  previous: Uint8Array;
}
export function encodeDiagnosticAck(a: DiagnosticAck): Uint8Array {
  return concat(be16(a.sourceAddress), be16(a.targetAddress), [a.code], a.previous);
}
export function decodeDiagnosticAck(p: Uint8Array): DiagnosticAck {
  if (p.length < 5) throw new CodecError(`DoIP diagnostic ACK/NACK: at least 5 bytes, got ${p.length} (${hex(p)})`);
  return { sourceAddress: u16(p, 0), targetAddress: u16(p, 2), code: p[4], previous: p.slice(5) };
}

/** Decodes a payload into a plain object and a one-line summary (traces, CLI). */
export function describePayload(payloadType: number, p: Uint8Array): { decoded: unknown; summary: string } {
  const name = payloadTypeName(payloadType);
  try {
    switch (payloadType) {
      case PT.genericNack:
        return { decoded: { code: p[0] }, summary: `${name} 0x${hex([p[0]])} ${GENERIC_NACK_NAMES[p[0]] ?? 'reserved'}` };
      case PT.vehicleAnnouncement: {
        const v = decodeVehicleIdentification(p);
        return { decoded: { ...v, eid: hex(v.eid), gid: hex(v.gid) }, summary: `${name} VIN ${v.vin} LA 0x${v.logicalAddress.toString(16).padStart(4, '0')}` };
      }
      case PT.routingActivationRequest: {
        const r = decodeRoutingActivationRequest(p);
        return { decoded: r, summary: `${name} SA 0x${r.sourceAddress.toString(16).padStart(4, '0')} type 0x${hex([r.activationType])}` };
      }
      case PT.routingActivationResponse: {
        const r = decodeRoutingActivationResponse(p);
        return { decoded: r, summary: `${name} code 0x${hex([r.code])} ${ROUTING_CODE_NAMES[r.code] ?? 'reserved'}` };
      }
      case PT.diagnosticMessage: {
        const m = decodeDiagnosticMessage(p);
        return { decoded: { ...m, data: hex(m.data) }, summary: `${name} 0x${m.sourceAddress.toString(16).padStart(4, '0')}→0x${m.targetAddress.toString(16).padStart(4, '0')} ${hex(m.data.subarray(0, 8))}${m.data.length > 8 ? '…' : ''}` };
      }
      case PT.diagnosticAck:
      case PT.diagnosticNack: {
        const a = decodeDiagnosticAck(p);
        const codeName = payloadType === PT.diagnosticNack ? ` ${DIAG_NACK_NAMES[a.code] ?? 'reserved'}` : '';
        return { decoded: { ...a, previous: hex(a.previous) }, summary: `${name} code 0x${hex([a.code])}${codeName}` };
      }
      case PT.entityStatusResponse:
        return { decoded: decodeEntityStatus(p), summary: name };
      default:
        return { decoded: p.length ? { payload: hex(p) } : undefined, summary: name };
    }
  } catch (e) {
    return { decoded: { malformed: (e as Error).message }, summary: `${name} (malformed)` };
  }
}

/**
 * The reference shells' own SupportedAppProtocol handling (schema set `apphand`), written apart from the
 * harness's src/v2g/messages/sap.ts: the EVCC lists protocols with SchemaID and Priority (1 = most wanted),
 * the SECC answers the SchemaID of the highest-priority entry it supports (major version equal; a different
 * minor version is OK_SuccessfulNegotiationWithMinorDeviation) or Failed_NoNegotiation.
 */
import { CodecError } from '../../core/errors';
import { decodeExi, encodeExi } from '../../exi';
import type { RefStandard } from './types';

export interface RefAppProtocol {
  namespace: string;
  major: number;
  minor: number;
}

export interface RefSapEntry extends RefAppProtocol {
  schemaId: number;
  priority: number;
}

export type RefSapCode = 'OK_SuccessfulNegotiation' | 'OK_SuccessfulNegotiationWithMinorDeviation' | 'Failed_NoNegotiation';

/** The app protocol of a standard; -20 names its energy family in the namespace (DIN and -2 have one). */
export function refAppProtocol(standard: RefStandard, energy: 'AC' | 'DC'): RefAppProtocol {
  switch (standard) {
    case 'din70121':
      return { namespace: 'urn:din:70121:2012:MsgDef', major: 2, minor: 0 };
    case 'iso15118-2':
      return { namespace: 'urn:iso:15118:2:2013:MsgDef', major: 2, minor: 0 };
    default:
      return { namespace: `urn:iso:std:iso:15118:-20:${energy}`, major: 1, minor: 0 };
  }
}

export function encodeRefSapReq(entries: readonly RefSapEntry[]): Uint8Array {
  return encodeExi('apphand', {
    supportedAppProtocolReq: {
      AppProtocol: entries.map((e) => ({ ProtocolNamespace: e.namespace, VersionNumberMajor: e.major, VersionNumberMinor: e.minor, SchemaID: e.schemaId, Priority: e.priority })),
    },
  });
}

export function encodeRefSapRes(code: RefSapCode, schemaId?: number): Uint8Array {
  return encodeExi('apphand', { supportedAppProtocolRes: schemaId === undefined ? { ResponseCode: code } : { ResponseCode: code, SchemaID: schemaId } });
}

/** The entries of a supportedAppProtocolReq; throws CodecError (undecodable, or another root element). */
export function decodeRefSapReq(exi: Uint8Array): RefSapEntry[] {
  const doc = decodeExi('apphand', exi) as { supportedAppProtocolReq?: { AppProtocol: { ProtocolNamespace: string; VersionNumberMajor: number; VersionNumberMinor: number; SchemaID: number; Priority: number }[] } };
  if (!doc.supportedAppProtocolReq) throw new CodecError(`app-protocol handshake: expected supportedAppProtocolReq, got ${Object.keys(doc)[0]}`);
  return doc.supportedAppProtocolReq.AppProtocol.map((a) => ({
    namespace: a.ProtocolNamespace, major: a.VersionNumberMajor, minor: a.VersionNumberMinor, schemaId: a.SchemaID, priority: a.Priority,
  }));
}

export function decodeRefSapRes(exi: Uint8Array): { code: string; schemaId?: number } {
  const doc = decodeExi('apphand', exi) as { supportedAppProtocolRes?: { ResponseCode: string; SchemaID?: number } };
  if (!doc.supportedAppProtocolRes) throw new CodecError(`app-protocol handshake: expected supportedAppProtocolRes, got ${Object.keys(doc)[0]}`);
  return { code: doc.supportedAppProtocolRes.ResponseCode, schemaId: doc.supportedAppProtocolRes.SchemaID };
}

export interface RefSapChoice {
  code: RefSapCode;
  schemaId?: number;
  standard?: RefStandard;
}

/**
 * The SECC's pick among the offered entries: those it supports (namespace and major version), by priority
 * (1 first; `lowestPriority` for the fault that ignores it). Nothing supported → Failed_NoNegotiation.
 */
export function chooseRefAppProtocol(offer: readonly RefSapEntry[], supported: readonly { standard: RefStandard; protocol: RefAppProtocol }[], lowestPriority = false): RefSapChoice {
  const matches = offer
    .map((e) => ({ e, s: supported.find((s) => s.protocol.namespace === e.namespace && s.protocol.major === e.major) }))
    .filter((m): m is { e: RefSapEntry; s: { standard: RefStandard; protocol: RefAppProtocol } } => m.s !== undefined)
    .sort((a, b) => (lowestPriority ? b.e.priority - a.e.priority : a.e.priority - b.e.priority));
  const best = matches[0];
  if (!best) return { code: 'Failed_NoNegotiation' };
  const code = best.e.minor === best.s.protocol.minor ? 'OK_SuccessfulNegotiation' : 'OK_SuccessfulNegotiationWithMinorDeviation';
  return { code, schemaId: best.e.schemaId, standard: best.s.standard };
}

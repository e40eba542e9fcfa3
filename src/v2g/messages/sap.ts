/**
 * SupportedAppProtocol (the V2G handshake before any standard's message, schema set `apphand`, V2GTP payload
 * type 0x8001): the EVCC lists the protocols it speaks with a SchemaID and a priority (1 = most preferred), the
 * SECC picks one it supports and answers its SchemaID. Namespaces and versions of the three standards as
 * FACTS.md names them; -20 has one namespace per energy service family (DC, AC).
 */
import { CodecError } from '../../core/errors';
import { decodeExiJson, encodeExiJson } from '../../exi';
import type { AppProtocol, EnergyMode, V2gStandard } from './types';

export const SAP_REQ = 'supportedAppProtocolReq';
export const SAP_RES = 'supportedAppProtocolRes';

export type SapResponseCode = 'OK_SuccessfulNegotiation' | 'OK_SuccessfulNegotiationWithMinorDeviation' | 'Failed_NoNegotiation';

/** One AppProtocol entry of a supportedAppProtocolReq. */
export interface SapEntry {
  namespace: string;
  major: number;
  minor: number;
  schemaId: number;
  priority: number;
}

export interface SapResponse {
  code: SapResponseCode;
  schemaId?: number;
}

/** The app protocol of a standard (-20: the namespace of the energy family; DIN and -2 have one for both). */
export function appProtocolOf(standard: V2gStandard, energy: EnergyMode = 'DC'): AppProtocol {
  if (standard === 'din70121') return { namespace: 'urn:din:70121:2012:MsgDef', major: 2, minor: 0 };
  if (standard === 'iso15118-2') return { namespace: 'urn:iso:15118:2:2013:MsgDef', major: 2, minor: 0 };
  return { namespace: `urn:iso:std:iso:15118:-20:${energy}`, major: 1, minor: 0 };
}

/** The standard a namespace names, or undefined for one the harness does not know. */
export function standardOfNamespace(namespace: string): V2gStandard | undefined {
  if (namespace === 'urn:din:70121:2012:MsgDef') return 'din70121';
  if (namespace === 'urn:iso:15118:2:2013:MsgDef') return 'iso15118-2';
  if (/^urn:iso:std:iso:15118:-20:(DC|AC|WPT|ACDP)$/.test(namespace)) return 'iso15118-20';
  return undefined;
}

/**
 * The entries an EVCC offers for the listed standards: SchemaIDs 1, 2, … in priority order (a DIN-only offer
 * is SchemaID 1, priority 1, as the DIN DC session vector has it).
 */
export function sapOffer(list: readonly { standard: V2gStandard; priority: number }[], energy: EnergyMode): SapEntry[] {
  return [...list]
    .sort((a, b) => a.priority - b.priority)
    .map((o, i) => ({ ...appProtocolOf(o.standard, energy), schemaId: i + 1, priority: o.priority }));
}

export function encodeSapReq(entries: readonly SapEntry[]): Uint8Array {
  const AppProtocol = entries.map((e) => ({ ProtocolNamespace: e.namespace, VersionNumberMajor: e.major, VersionNumberMinor: e.minor, SchemaID: e.schemaId, Priority: e.priority }));
  return encodeExiJson('apphand', { [SAP_REQ]: { AppProtocol } });
}

/** The supportedAppProtocolRes body as the schema names its fields. */
export function sapBody(res: SapResponse): Record<string, unknown> {
  return res.schemaId !== undefined ? { ResponseCode: res.code, SchemaID: res.schemaId } : { ResponseCode: res.code };
}

export function encodeSapRes(res: SapResponse): Uint8Array {
  return encodeExiJson('apphand', { [SAP_RES]: sapBody(res) });
}

/** Decodes a handshake payload; the name says whether it is the request or the response. Throws CodecError. */
export function decodeSap(exi: Uint8Array): { name: typeof SAP_REQ | typeof SAP_RES; body: Record<string, unknown> } {
  const doc = decodeExiJson('apphand', exi);
  const name = Object.keys(doc)[0];
  if (name !== SAP_REQ && name !== SAP_RES) throw new CodecError(`SupportedAppProtocol: root element ${name ?? '(none)'} is neither ${SAP_REQ} nor ${SAP_RES}`);
  return { name, body: doc[name] as Record<string, unknown> };
}

export function parseSapReq(exi: Uint8Array): SapEntry[] {
  const d = decodeSap(exi);
  if (d.name !== SAP_REQ) throw new CodecError(`SupportedAppProtocol: expected ${SAP_REQ}, got ${d.name}`);
  const list = (d.body.AppProtocol as Record<string, unknown>[] | undefined) ?? [];
  return list.map((a) => ({ namespace: String(a.ProtocolNamespace), major: Number(a.VersionNumberMajor), minor: Number(a.VersionNumberMinor), schemaId: Number(a.SchemaID), priority: Number(a.Priority) }));
}

export function parseSapRes(exi: Uint8Array): SapResponse {
  const d = decodeSap(exi);
  if (d.name !== SAP_RES) throw new CodecError(`SupportedAppProtocol: expected ${SAP_RES}, got ${d.name}`);
  const out: SapResponse = { code: d.body.ResponseCode as SapResponseCode };
  if (d.body.SchemaID !== undefined) out.schemaId = Number(d.body.SchemaID);
  return out;
}

/**
 * The SECC's choice (ISO 15118-2 [V2G2-172..177], DIN [V2G-DC-168..]): among the offered entries whose
 * namespace and major version it supports, the one with the best (lowest) priority; same minor →
 * OK_SuccessfulNegotiation, another minor → OK_SuccessfulNegotiationWithMinorDeviation; none →
 * Failed_NoNegotiation (no SchemaID).
 */
export function selectAppProtocol(offered: readonly SapEntry[], supported: readonly AppProtocol[]): SapResponse & { entry?: SapEntry } {
  const candidates = offered
    .map((e) => ({ e, s: supported.find((p) => p.namespace === e.namespace && p.major === e.major) }))
    .filter((c) => c.s !== undefined)
    .sort((a, b) => a.e.priority - b.e.priority);
  const best = candidates[0];
  if (!best) return { code: 'Failed_NoNegotiation' };
  return { code: best.s!.minor === best.e.minor ? 'OK_SuccessfulNegotiation' : 'OK_SuccessfulNegotiationWithMinorDeviation', schemaId: best.e.schemaId, entry: best.e };
}

/** What is wrong with a SECC's answer to an offer (empty: nothing): a SchemaID the EVCC did not offer, or one on a failure. */
export function checkSapAnswer(offered: readonly SapEntry[], res: SapResponse): string[] {
  if (res.code === 'Failed_NoNegotiation') return res.schemaId !== undefined ? [`Failed_NoNegotiation carries SchemaID ${res.schemaId}`] : [];
  if (!offered.some((e) => e.schemaId === res.schemaId)) {
    return [`SchemaID ${res.schemaId ?? '(none)'} is not one the EVCC offered (offered: ${offered.map((e) => e.schemaId).join(', ')})`];
  }
  return [];
}

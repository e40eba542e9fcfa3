/**
 * What the shells need to know of a standard's message without its module: which schema set a payload type
 * selects, the message name, its ResponseCode, and which EVCC message timer bounds its response
 * (src/v2g/timers.ts names). EXI is not self-describing: always decoded with the negotiated standard's set.
 */
import { CodecError } from '../../core/errors';
import { type SchemaSetName, decodeExiJson } from '../../exi';
import { PT_EXI } from './shell-net';
import type { RefStandard } from './types';

const ISO20_SETS: Readonly<Record<number, SchemaSetName>> = { 0x8002: 'iso20', 0x8003: 'iso20ac', 0x8004: 'iso20dc', 0x8005: 'iso20acdp', 0x8006: 'iso20wpt' };

/** The schema set of a payload type after the handshake, or undefined when the standard does not use that type. */
export function schemaSetOf(standard: RefStandard, payloadType: number): SchemaSetName | undefined {
  if (standard === 'iso15118-20') return ISO20_SETS[payloadType];
  if (payloadType !== PT_EXI) return undefined;
  return standard === 'din70121' ? 'din' : 'iso2';
}

export interface RefView {
  name: string;
  responseCode?: string;
}

/** Decodes with the standard's set for the payload type; throws CodecError (unknown type, undecodable EXI). */
export function viewMessage(standard: RefStandard, payloadType: number, exi: Uint8Array): RefView {
  const set = schemaSetOf(standard, payloadType);
  if (!set) throw new CodecError(`payload type 0x${payloadType.toString(16)} is not one ${standard} uses`);
  const doc = decodeExiJson(set, exi);
  const root = Object.keys(doc)[0];
  let name = root;
  let body = doc[root] as Record<string, unknown> | undefined;
  if (root === 'V2G_Message') {
    const b = (body?.Body ?? {}) as Record<string, unknown>;
    name = Object.keys(b)[0] ?? '(empty Body)';
    body = b[name] as Record<string, unknown> | undefined;
  }
  const code = body && typeof body.ResponseCode === 'string' ? body.ResponseCode : undefined;
  return code === undefined ? { name } : { name, responseCode: code };
}

const LONG_ISO2 = new Set(['ServiceDetail', 'PaymentDetails', 'PowerDelivery', 'CertificateInstallation', 'CertificateUpdate']);
const LONG_ISO20 = new Set(['ServiceDetail', 'CertificateInstallation']);

/** The EVCC message timer that bounds the response to a request (or of a response) of this name. */
export function evccTimerOf(standard: RefStandard, name: string): string {
  const base = name.replace(/(Req|Res)$/, '');
  if (base === 'supportedAppProtocol') return 'evccMessage';
  if (standard === 'iso15118-20') {
    if (base === 'AC_ChargeLoop' || base === 'DC_ChargeLoop') return 'evccChargeLoop20';
    return LONG_ISO20.has(base) ? 'evccMessageLong' : 'evccMessage';
  }
  if (base === 'CurrentDemand') return 'evccCurrentDemand';
  if (standard === 'din70121') return base === 'PowerDelivery' ? 'dinPowerDelivery' : 'evccMessage';
  return LONG_ISO2.has(base) ? 'evccMessageLong' : 'evccMessage';
}

/** A FAILED ResponseCode (DIN/-2 `FAILED…`, -20 `FAILED…`, handshake `Failed_NoNegotiation`). */
export function isFailedCode(code: string | undefined): boolean {
  return code !== undefined && /^failed/i.test(code);
}

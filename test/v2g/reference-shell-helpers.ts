/**
 * Helpers of the reference-shell tests: tiny ISO 15118-2 protocol modules (SessionSetup, SessionStop) that stand
 * in for the standard's modules, and the shells' options with short limits. The harness side of each test uses
 * the project's transport (src/v2g/transport), independent of the shells' own socket glue.
 */
import { decodeExiJson, encodeExiJson } from '../../src/exi';
import type { ReferenceEvccOptions, ReferenceSeccOptions } from '../../src/reference/v2g';
import { refEvccConfig, refSeccConfig } from '../../src/reference/v2g/config';
import type { RefEvccProtocol, RefSeccProtocol } from '../../src/reference/v2g/types';

export const ISO2_NS = 'urn:iso:15118:2:2013:MsgDef';
export const DIN_NS = 'urn:din:70121:2012:MsgDef';
export const SESSION = '0102030405060708';

export const LIMITS: Readonly<Record<string, number>> = {
  seccSequence: 600, evccMessage: 300, evccMessageLong: 500, sdpRetryInterval: 100, sdpRetries: 4, evccCommunicationSetup: 2_000, cpStateCAfterPowerDelivery: 250,
};
export const limitMs = (t: string): number => LIMITS[t] ?? 400;

export function iso2Doc(name: string, body: Record<string, unknown>, sessionId = SESSION): Uint8Array {
  return encodeExiJson('iso2', { V2G_Message: { Header: { SessionID: sessionId }, Body: { [name]: body } } });
}

export function iso2Read(exi: Uint8Array): { name: string; body: Record<string, unknown>; sessionId: string } {
  const m = decodeExiJson('iso2', exi).V2G_Message as { Header: { SessionID: string }; Body: Record<string, Record<string, unknown>> };
  const name = Object.keys(m.Body)[0];
  return { name, body: m.Body[name], sessionId: m.Header.SessionID.toUpperCase() };
}

/** SessionSetupReq → OK_NewSessionEstablished; SessionStopReq → OK (FAILED_UnknownSession for another session id). */
export function tinySecc(): RefSeccProtocol {
  return {
    standard: 'iso15118-2', namespace: ISO2_NS, major: 2, minor: 0,
    async onRequest(_pt, exi) {
      const r = iso2Read(exi);
      if (r.name === 'SessionSetupReq') return { payloadType: 0x8001, exi: iso2Doc('SessionSetupRes', { ResponseCode: 'OK_NewSessionEstablished', EVSEID: 'DE*EVC*E0000001*1' }) };
      if (r.name === 'SessionStopReq') {
        const ok = r.sessionId === SESSION;
        return { payloadType: 0x8001, exi: iso2Doc('SessionStopRes', { ResponseCode: ok ? 'OK' : 'FAILED_UnknownSession' }), closeAfter: true };
      }
      return { close: true };
    },
  };
}

/** SessionSetupReq, then (after the module asked for S2 closed) SessionStopReq, done after SessionStopRes. */
export function tinyEvcc(): RefEvccProtocol {
  return {
    standard: 'iso15118-2', namespace: ISO2_NS, major: 2, minor: 0,
    async start() {
      return { payloadType: 0x8001, exi: iso2Doc('SessionSetupReq', { EVCCID: '020000000001' }, '00') };
    },
    async onResponse(_pt, exi, ctx) {
      const r = iso2Read(exi);
      if (r.name === 'SessionSetupRes') {
        if (ctx.pilot) await ctx.pilot.actuate({ s2: true }, 'test module: state C');
        // closeAfter as the standard modules mark their last request: the shell still waits for its response
        return { payloadType: 0x8001, exi: iso2Doc('SessionStopReq', { ChargingSession: 'Terminate' }, r.sessionId), closeAfter: true };
      }
      return { done: true, reason: `session complete (${r.name} ${String(r.body.ResponseCode)})` };
    },
  };
}

export function seccOptions(over: Partial<ReferenceSeccOptions> = {}): ReferenceSeccOptions {
  return { standards: ['iso15118-2', 'din70121'], config: refSeccConfig('default'), tls: 'none', faults: [], variant: 'default', limitMs, modules: { 'iso15118-2': tinySecc }, ...over };
}

export function evccOptions(sdpPort: number, over: Partial<ReferenceEvccOptions> = {}): ReferenceEvccOptions {
  return {
    sdp: { address: '::1', port: sdpPort }, offer: [{ standard: 'iso15118-2', priority: 1 }], config: refEvccConfig('default'), tls: 'none', faults: [], variant: 'default', limitMs,
    modules: { 'iso15118-2': tinyEvcc }, ...over,
  };
}

export function sapReq(entries: { ns: string; major?: number; minor?: number; id: number; prio: number }[]): Uint8Array {
  return encodeExiJson('apphand', {
    supportedAppProtocolReq: { AppProtocol: entries.map((e) => ({ ProtocolNamespace: e.ns, VersionNumberMajor: e.major ?? 2, VersionNumberMinor: e.minor ?? 0, SchemaID: e.id, Priority: e.prio })) },
  });
}

export function sapRes(exi: Uint8Array): { ResponseCode: string; SchemaID?: number } {
  return decodeExiJson('apphand', exi).supportedAppProtocolRes as { ResponseCode: string; SchemaID?: number };
}

/**
 * Tiny V2G peers for the harness driver tests: a SECC and an EVCC written here, each a few lines over the
 * real transport (V2GTP over TCP on [::1], SDP over UDP), the DIN codec and a two-message toy exchange
 * (SessionSetup, SessionStop). Each can misbehave in one way a test names. Not the reference SUTs.
 */
import { Trace } from '../../src/core/trace';
import { dinCodec } from '../../src/v2g/messages/din';
import { encodeSapReq, encodeSapRes, parseSapReq, parseSapRes, sapOffer } from '../../src/v2g/messages/sap';
import type { V2gMessage, V2gStandard } from '../../src/v2g/messages/types';
import type { EvccRoleContext, SeccRoleContext, V2gLimits } from '../../src/v2g/roles/context';
import type { EvccProcedure, SeccProcedure } from '../../src/v2g/roles/procedure';
import type { V2gTimerName } from '../../src/v2g/timers';
import { connectV2g, listenV2g, type V2gConnection } from '../../src/v2g/transport/connection';
import { startSdpServer } from '../../src/v2g/transport/sdp';

export const SESSION = 'AABBCCDDEEFF0011';

export function testLimits(ms: Partial<Record<V2gTimerName, number>>): V2gLimits {
  const all: Partial<Record<V2gTimerName, number>> = { sdpRetryInterval: 100, sdpRetries: 5, evccCommunicationSetup: 5000, seccCommunicationSetup: 5000, ...ms };
  return { ms: (n) => all[n] ?? 2000, explain: (n) => `${n} ${all[n] ?? 2000} ms (test)` };
}

export function toyEvccProcedure(): EvccProcedure {
  return {
    standard: 'din70121',
    energy: 'DC',
    codec: dinCodec(),
    sequence: ['SessionSetupReq', 'SessionStopReq'],
    request: (name) => (name === 'SessionSetupReq' ? { name, body: { EVCCID: '02ec00000001' } } : { name, body: {} }),
    timer: () => 'evccMessage',
    after: (res) => (res.name === 'SessionStopRes' ? 'stop' : 'next'),
    check: () => [],
  };
}

export function toySeccProcedure(): SeccProcedure {
  return {
    standard: 'din70121',
    energy: 'DC',
    codec: dinCodec(),
    allowed: (st) => (st.seen.has('SessionSetupReq') ? ['SessionStopReq'] : ['SessionSetupReq']),
    respond: (req, st) => {
      st.seen.set(req.name, req);
      return req.name === 'SessionSetupReq' ? { name: 'SessionSetupRes', body: { ResponseCode: 'OK_NewSessionEstablished', EVSEID: '00' } } : { name: 'SessionStopRes', body: { ResponseCode: 'OK' } };
    },
    timer: () => 'seccPerformance',
    check: () => [],
    finalRequest: 'SessionStopReq',
  };
}

const base = (trace: Trace, limits: V2gLimits) => ({
  trace,
  channel: 'v2g:test',
  standard: 'din70121' as const,
  energy: 'DC' as const,
  payment: 'EIM' as const,
  tls: 'none' as const,
  limits,
  connectMs: 2000,
  expectMs: 2000,
  params: { energy: 'DC' as const, payment: 'EIM' as const, ownId: '02EC00000001', values: {} },
  pics: undefined,
  picsSource: 'test',
  rigName: 'test',
});

export function evccContext(trace: Trace, limits: V2gLimits, sdpPort: number): EvccRoleContext {
  return { ...base(trace, limits), sdp: { address: '::1', port: sdpPort, security: 'tcp' }, procedureFor: () => toyEvccProcedure() };
}

export function seccContext(trace: Trace, limits: V2gLimits): SeccRoleContext {
  return { ...base(trace, limits), listen: { address: '::1', port: 0, sdpAddress: '::1', sdpPort: 0 }, procedureFor: () => toySeccProcedure() };
}

/** How the tiny SECC answers one request: a message (with delay / session id), raw bytes, or nothing. */
export interface TinyAnswer {
  message?: V2gMessage;
  sessionId?: string;
  raw?: Uint8Array;
  delayMs?: number;
}

/** A tiny SECC: SDP on [::1], TCP listener, SAP answered with the first offer, then `answer` per request. */
export async function tinySecc(answer: (req: V2gMessage) => TinyAnswer) {
  const server = await listenV2g({ host: '::1', port: 0 });
  const sdp = await startSdpServer({ address: '::1', port: 0, answer: () => ({ address: server.host, port: server.port, security: 'tcp', transport: 'tcp' }) });
  const codec = dinCodec();
  const served: Promise<void>[] = [];
  server.onConnection((c) => {
    served.push(
      (async () => {
        try {
          const sap = await c.receive(3000, 'sap');
          const offered = parseSapReq(sap.payload);
          await c.send(0x8001, encodeSapRes({ code: 'OK_SuccessfulNegotiation', schemaId: offered[0].schemaId }));
          for (;;) {
            const f = await c.receive(3000, 'request');
            const req = codec.decode(f.payloadType, f.payload).message;
            const a = answer(req);
            if (a.delayMs) await new Promise((r) => setTimeout(r, a.delayMs));
            if (a.raw) await c.sendRaw(a.raw);
            else if (a.message) await c.send(0x8001, codec.encode(a.message, a.sessionId ?? SESSION));
          }
        } catch {
          /* the driver closed */
        }
      })(),
    );
  });
  return {
    sdpPort: sdp.port,
    async close() {
      await sdp.close();
      await server.close();
      await Promise.all(served);
    },
  };
}

/** The compliant answers of the tiny SECC. */
export function compliantAnswer(req: V2gMessage): TinyAnswer {
  if (req.name === 'SessionSetupReq') return { message: { name: 'SessionSetupRes', body: { ResponseCode: 'OK_NewSessionEstablished', EVSEID: '00' } } };
  return { message: { name: 'SessionStopRes', body: { ResponseCode: 'OK' } } };
}

/** A tiny EVCC: connects straight to the harness SECC, offers `offer`, then SessionSetup and SessionStop (with the hooks' changes). */
export async function tinyEvcc(
  at: { host: string; port: number },
  o: { offer?: { standard: V2gStandard; priority: number }[]; beforeStopMs?: number; stopSessionId?: string; first?: 'stop'; rawAfterSap?: Uint8Array } = {},
): Promise<{ conn: V2gConnection; done: Promise<void> }> {
  const conn = await connectV2g({ host: at.host, port: at.port, timeoutMs: 2000 });
  const codec = dinCodec();
  const done = (async () => {
    try {
      await conn.send(0x8001, encodeSapReq(sapOffer(o.offer ?? [{ standard: 'din70121', priority: 1 }], 'DC')));
      parseSapRes((await conn.receive(3000, 'sap')).payload);
      if (o.rawAfterSap) {
        await conn.sendRaw(o.rawAfterSap);
        await conn.receive(3000, 'anything');
        return;
      }
      if (o.first === 'stop') {
        await conn.send(0x8001, codec.encode({ name: 'SessionStopReq', body: {} }, '00'));
        await conn.receive(3000, 'res');
        return;
      }
      await conn.send(0x8001, codec.encode({ name: 'SessionSetupReq', body: { EVCCID: '02ec00000001' } }, '00'));
      const res = codec.decode(0x8001, (await conn.receive(3000, 'SessionSetupRes')).payload);
      if (o.beforeStopMs) await new Promise((r) => setTimeout(r, o.beforeStopMs));
      await conn.send(0x8001, codec.encode({ name: 'SessionStopReq', body: {} }, o.stopSessionId ?? res.sessionId));
      await conn.receive(3000, 'SessionStopRes');
      await conn.close();
    } catch {
      /* the driver gave up */
    }
  })();
  return { conn, done };
}

export { Trace };

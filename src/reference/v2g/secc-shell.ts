/**
 * The reference SECC shell: SDP responder, plain TCP and (optionally) TLS listeners, V2GTP framing, the
 * app-protocol handshake, then one protocol module per connection; the sequence timeout, the close after a
 * FAILED response, the standard's reaction to malformed frames (close, no answer), 5 % duty at plug-in.
 */
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { EvcError } from '../../core/errors';
import type { EvsePort, PilotObservation } from '../../iec61851/line/types';
import { exiSetsOf, warmExiSets } from '../../v2g/framing/exi-warm';
import { REF_SHELL } from './config';
import { evccTimerOf, isFailedCode, viewMessage } from './exi-view';
import type { RefTls, ReferenceSecc, ReferenceSeccOptions, RefV2gPki } from './index';
import { refCertMaterial } from './iso2/cert-material';
import { SECC_MODULES } from './protocols';
import { chooseRefAppProtocol, decodeRefSapReq, encodeRefSapRes, type RefAppProtocol, refAppProtocol } from './sap';
import { SECC_SHELL_FAULTS } from './shell-faults';
import { edgeFactor, seccTimerOf } from './timer-edge';
import { bindUdp, hexOf, PT_EXI, RefLink, v2gtpFrame } from './shell-net';
import { refSdpResponder } from './shell-sdp';
import type { RefSeccContext, RefSeccProtocol, RefSend, RefStandard } from './types';

/** The cipher suite ISO 15118-2 requires (TLS 1.2, secp256r1). */
const ISO2_CIPHER = 'ECDHE-ECDSA-AES128-SHA256';
const WEAK_CIPHER = 'ECDHE-ECDSA-AES256-GCM-SHA384';

/** Unknown unprefixed fault names are an error (prefixed ones belong to the standard modules). */
export function checkShellFaults(faults: readonly string[], known: Readonly<Record<string, string>>, who: string): void {
  const bad = faults.filter((f) => !(f in known) && !/^(din|iso2|iso20)-/.test(f));
  if (bad.length) throw new EvcError(`${who}: unknown fault ${bad.join(', ')} (shell faults: ${Object.keys(known).join(', ')})`);
}

function tlsServerOptions(tls: RefTls, pki: RefV2gPki, faults: ReadonlySet<string>): TlsOptions {
  const untrusted = faults.has('tls-untrusted-chain');
  const base: TlsOptions = { key: untrusted ? pki.bad.untrustedSecc.key : pki.secc.key, cert: untrusted ? pki.bad.untrustedSecc.cert : pki.seccChainPem, ecdhCurve: 'prime256v1' };
  if (faults.has('weak-tls-cipher')) return { ...base, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: WEAK_CIPHER };
  if (tls === 'tls12') return { ...base, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: ISO2_CIPHER };
  return { ...base, minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', requestCert: true, rejectUnauthorized: true, ca: [pki.oemRoot.cert] };
}

function listen(server: Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => {
      server.off('error', reject);
      const a = server.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

/** A port nothing listens on (bound, then closed at once) for the sdp-wrong-port fault. */
async function deadPort(address: string): Promise<number> {
  const s = createTcpServer();
  const port = await listen(s, address);
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** CP high level → EV present (B, C or D: below +10.5 V, above +1.5 V). */
function evPresent(o: PilotObservation): boolean {
  return o.cpHighV < 10.5 && o.cpHighV >= 1.5;
}

/** 5 % duty while an EV is plugged in (state B/C/D), off again at unplug; returns the unsubscribe. */
function watchPilot(pilot: EvsePort, delayMs: number, note: (t: string) => void): () => void {
  let stopped = false;
  let busy = false;
  const apply = async (o: PilotObservation): Promise<void> => {
    if (busy || stopped) return;
    const on = pilot.commanded().pwm;
    const want = evPresent(o);
    if (want === on) return;
    busy = true;
    try {
      if (want && delayMs) await sleep(delayMs);
      if (stopped) return;
      if (want) await pilot.actuate({ pwm: true, dutyPct: 5, frequencyHz: 1000, stateF: false }, 'reference SECC: EV plugged in, 5 % duty (digital communication)');
      else await pilot.actuate({ pwm: false, contactor: false }, 'reference SECC: EV unplugged, PWM off');
      note(want ? 'EV plugged in (state B): 5 % duty' : 'EV unplugged: PWM off');
    } catch (e) {
      note(`pilot: ${(e as Error).message}`);
    } finally {
      busy = false;
    }
    if (!stopped) void apply(pilot.latest());
  };
  const off = pilot.subscribe((o) => void apply(o));
  void apply(pilot.latest());
  return () => {
    stopped = true;
    off();
  };
}

export async function startReferenceSecc(o: ReferenceSeccOptions): Promise<ReferenceSecc> {
  checkShellFaults(o.faults, SECC_SHELL_FAULTS, 'reference SECC');
  warmExiSets(o.standards.flatMap(exiSetsOf)); // grammars built before the first session, not inside its limits
  if (o.tls !== 'none' && !o.pki) throw new EvcError(`reference SECC: tls ${o.tls} needs the run's V2G PKI (pki)`);
  const faults: ReadonlySet<string> = new Set(o.faults);
  const address = o.address ?? '::1';
  const note = (t: string): void => o.note?.(`reference SECC: ${t}`);
  const sockets = new Set<Socket>();
  const ctx: RefSeccContext = { faults, limitMs: (t) => o.limitMs(t), note, variant: o.variant, pilot: o.pilot, paused: new Map(), moRootsPem: o.pki?.moRoot ? [o.pki.moRoot.cert] : undefined, cert: refCertMaterial(o.pki), timerEdge: o.timerEdge };
  const supported = o.standards.flatMap((standard): SupportedProtocol[] =>
    standard === 'iso15118-20' ? o.config.energy.map((e) => ({ standard, protocol: refAppProtocol(standard, e) })) : [{ standard, protocol: refAppProtocol(standard, 'DC') }],
  );

  const onSocket = (socket: Socket): void => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    const connCtx: RefSeccContext = { ...ctx, overTls: 'encrypted' in socket };
    void new SeccConnection(new RefLink(socket, faults.has('accepts-malformed-frame')), o, connCtx, supported).run().catch((e: unknown) => {
      note(`connection ended on an error: ${(e as Error).message}`);
      socket.destroy();
    });
  };
  const tcp = createTcpServer(onSocket);
  const servers: Server[] = [tcp];
  const tcpPort = await listen(tcp, address);
  let tlsPort: number | undefined;
  if (o.tls !== 'none' && o.pki) {
    const tlsServer = createTlsServer(tlsServerOptions(o.tls, o.pki, faults), onSocket);
    tlsServer.on('tlsClientError', (e) => note(`TLS handshake refused: ${e.message}`));
    servers.push(tlsServer);
    tlsPort = await listen(tlsServer, address);
  }
  const wrongPort = faults.has('sdp-wrong-port') ? await deadPort(address) : 0;

  const udp = await bindUdp(address, 0);
  udp.socket.on('message', refSdpResponder(udp, { address, tcpPort, tlsPort, wrongPort, faults, note }));

  const unwatch = o.pilot ? watchPilot(o.pilot, REF_SHELL[o.variant].pwmAfterPlugMs, note) : () => undefined;
  let stopped = false;
  return {
    address,
    sdpPort: udp.port,
    tcpPort,
    tlsPort,
    async stop() {
      if (stopped) return;
      stopped = true;
      unwatch();
      for (const s of sockets) s.destroy();
      await Promise.all([udp.close(), ...servers.map((s) => new Promise<void>((r) => s.close(() => r())))]);
      if (o.pilot) await o.pilot.actuate({ pwm: false, contactor: false }, 'reference SECC stopped').catch(() => undefined);
    },
  };
}

type SupportedProtocol = { standard: RefStandard; protocol: RefAppProtocol };

/** One TCP/TLS connection: handshake, then the module, request by request. */
class SeccConnection {
  private standard: RefStandard | undefined;
  private module: RefSeccProtocol | undefined;
  private last: Uint8Array | undefined;
  /** When the request being answered arrived (a timer edge times its answer from there). */
  private arrivedMs = 0;

  constructor(
    private readonly link: RefLink,
    private readonly o: ReferenceSeccOptions,
    private readonly ctx: RefSeccContext,
    private readonly supported: SupportedProtocol[],
  ) {}

  private has(f: string): boolean {
    return this.ctx.faults.has(f);
  }

  async run(): Promise<void> {
    for (;;) {
      const ev = await this.link.next(this.o.limitMs('seccSequence'));
      if (ev.kind === 'closed') return;
      if (ev.kind === 'timeout') {
        this.ctx.note(`no request within seccSequence (${this.o.limitMs('seccSequence')} ms): closing the TCP connection`);
        return this.link.close();
      }
      if (ev.kind === 'error') {
        if (await this.malformed(ev.text)) continue;
        return;
      }
      const { frame } = ev;
      this.arrivedMs = Date.now();
      if (!this.standard) {
        if (!(await this.handshake(frame.payloadType, frame.payload, frame.raw))) return;
        continue;
      }
      let view: { name: string; responseCode?: string };
      try {
        view = viewMessage(this.standard, frame.payloadType, frame.payload);
      } catch (e) {
        if (await this.malformed(`${(e as Error).message} in ${hexOf(frame.raw)}`)) continue;
        return;
      }
      const reply = await (this.module as RefSeccProtocol).onRequest(frame.payloadType, frame.payload, this.ctx);
      if ('silent' in reply) continue;
      if ('close' in reply) {
        this.ctx.note(`${view.name}: closing without an answer`);
        return this.link.close();
      }
      if (!(await this.send(reply, view.name))) return;
    }
  }

  /** The standard's reaction to a frame it cannot take: close without an answer (or, faulted, answer as before). */
  private async malformed(why: string): Promise<boolean> {
    if (this.has('accepts-malformed-frame') && this.last && !this.has('silent')) {
      this.ctx.note(`malformed frame answered as if fine (accepts-malformed-frame): ${why}`);
      await this.link.write(this.last);
      return true;
    }
    this.ctx.note(`malformed frame, closing the TCP connection without an answer: ${why}`);
    this.link.destroy();
    return false;
  }

  private async handshake(payloadType: number, exi: Uint8Array, raw: Uint8Array): Promise<boolean> {
    let offer;
    try {
      if (payloadType !== PT_EXI && !this.has('accepts-malformed-frame')) throw new Error(`payload type 0x${payloadType.toString(16)} is not the handshake's 0x8001`);
      offer = decodeRefSapReq(exi);
    } catch (e) {
      if (this.has('accepts-malformed-frame') && !this.has('silent')) {
        const first = this.supported[0];
        this.ctx.note(`malformed handshake answered as if fine (accepts-malformed-frame): ${(e as Error).message}`);
        return this.sendHandshake({ code: 'OK_SuccessfulNegotiation', schemaId: 1, standard: first?.standard });
      }
      this.ctx.note(`malformed app-protocol handshake, closing without an answer: ${(e as Error).message} in ${hexOf(raw)}`);
      this.link.destroy();
      return false;
    }
    const choice = chooseRefAppProtocol(offer, this.supported, this.has('sap-ignores-priority'));
    if (choice.code !== 'Failed_NoNegotiation' && this.has('sap-picks-unoffered')) {
      const offered = new Set(offer.map((e) => e.schemaId));
      let id = 0;
      while (offered.has(id)) id++;
      choice.schemaId = id;
    }
    this.ctx.note(`app-protocol handshake: ${choice.code}${choice.standard ? ` (${choice.standard}, SchemaID ${choice.schemaId})` : ''}`);
    return this.sendHandshake(choice);
  }

  private async sendHandshake(choice: { code: 'OK_SuccessfulNegotiation' | 'OK_SuccessfulNegotiationWithMinorDeviation' | 'Failed_NoNegotiation'; schemaId?: number; standard?: RefStandard }): Promise<boolean> {
    const exi = encodeRefSapRes(choice.code, choice.schemaId);
    if (!choice.standard) return this.send({ payloadType: PT_EXI, exi, closeAfter: true }, 'supportedAppProtocolReq', choice.code);
    try {
      this.module = (this.o.modules?.[choice.standard] ?? SECC_MODULES[choice.standard])(this.o.config);
    } catch (e) {
      this.ctx.note(`no ${choice.standard} module: ${(e as Error).message}; closing`);
      this.link.destroy();
      return false;
    }
    this.standard = choice.standard;
    return this.send({ payloadType: PT_EXI, exi }, 'supportedAppProtocolReq', choice.code);
  }

  /** Sends one response with the shell faults applied; false when the connection is closed after it. */
  private async send(s: RefSend, requestName: string, handshakeCode?: string): Promise<boolean> {
    if (this.has('silent')) return true;
    let delay = s.delayMs ?? 0;
    if (this.has('late-response')) delay = Math.max(delay, Math.round(this.o.limitMs(evccTimerOf(this.standard ?? 'iso15118-2', requestName)) * 1.3));
    delay = Math.max(delay, this.edgeDelayMs(requestName));
    if (delay > 0) await sleep(delay);
    if (this.link.closed) return false;
    const payloadType = this.has('wrong-payload-type') ? (s.payloadType === PT_EXI ? 0x8002 : PT_EXI) : s.payloadType;
    const frame = v2gtpFrame(payloadType, s.exi, this.has('wrong-v2gtp-version'));
    this.last = frame;
    await this.link.write(frame);
    const failed = isFailedCode(handshakeCode ?? this.codeOf(s));
    if (failed && this.has('no-tcp-close-after-failed')) {
      this.ctx.note('FAILED response sent, connection kept open (no-tcp-close-after-failed)');
      return true;
    }
    if (failed || s.closeAfter) {
      this.ctx.note(failed ? 'FAILED response sent: closing the TCP connection' : 'closing the TCP connection after the response');
      await this.link.close();
      return false;
    }
    return true;
  }

  /** Timer edge on an answer time (evcc* message timers, secc* performance times): answer at factor × its limit. */
  private edgeDelayMs(requestName: string): number {
    const std = this.standard ?? 'iso15118-2';
    const timer = [evccTimerOf(std, requestName), seccTimerOf(std, requestName)].find((t) => edgeFactor(this.ctx.timerEdge, t) !== undefined);
    if (!timer) return 0;
    const at = Math.round(this.o.limitMs(timer) * (this.ctx.timerEdge as { factor: number }).factor);
    this.ctx.note(`${requestName} answered at ${at} ms, ${this.ctx.timerEdge?.factor} × ${timer} (timer edge)`);
    return Math.max(0, at - (Date.now() - this.arrivedMs));
  }

  private codeOf(s: RefSend): string | undefined {
    try {
      return this.standard ? viewMessage(this.standard, s.payloadType, s.exi).responseCode : undefined;
    } catch {
      return undefined;
    }
  }
}

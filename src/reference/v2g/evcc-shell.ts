/**
 * The reference EVCC shell: plugs in on the EV pilot port (state B), waits for 5 % duty, SDP (retry interval
 * and count from the rig's limits), TCP or TLS (the SECC chain must lead to the V2G root), the app-protocol
 * handshake offering its protocols by priority, then its protocol module request by request, each response
 * awaited within the EVCC message timer of its request; stops on a FAILED code and closes the connection.
 */
import { connect as tcpConnect, isIPv6, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { monoUs } from '../../core/clock';
import { EvcError } from '../../core/errors';
import type { EvDrive, EvPort, PilotObservation } from '../../iec61851/line/types';
import { exiSetsOf, warmExiSets } from '../../v2g/framing/exi-warm';
import { REF_SHELL } from './config';
import { evccTimerOf, isFailedCode, schemaSetOf, viewMessage } from './exi-view';
import type { ReferenceEvcc, ReferenceEvccOptions } from './index';
import { refCertMaterial } from './iso2/cert-material';
import { EVCC_MODULES } from './protocols';
import { decodeRefSapRes, encodeRefSapReq, refAppProtocol, type RefSapEntry } from './sap';
import { checkShellFaults } from './secc-shell';
import { EVCC_SHELL_FAULTS } from './shell-faults';
import { edgeCount, edgeFactor } from './timer-edge';
import { bindUdp, hexOf, ipv6String, PT_EXI, PT_SDP_REQ, PT_SDP_RES, RefLink, type RefUdp, SDP_NO_TLS, SDP_TLS, v2gtpFrame } from './shell-net';
import type { RefEvccContext, RefEvccProtocol, RefSend, RefStandard, RefTimerEdge } from './types';

const ISO2_CIPHER = 'ECDHE-ECDSA-AES128-SHA256';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class Stopped extends Error {}

/** The EV port the module gets: S2 closes pass through the no-state-c / late-state-c faults; close() is the harness's. */
class ShellEvPort implements EvPort {
  readonly side = 'ev' as const;
  constructor(
    private readonly inner: EvPort,
    private readonly faults: ReadonlySet<string>,
    private readonly limitMs: (t: string) => number,
    private readonly note: (t: string) => void,
    private readonly edge?: RefTimerEdge,
  ) {}

  get name(): string {
    return this.inner.name;
  }
  commanded(): Readonly<EvDrive> {
    return this.inner.commanded();
  }
  async actuate(change: Partial<EvDrive>, why?: string): Promise<number> {
    if (change.s2 === true && !this.inner.commanded().s2) {
      if (this.lateTimer) return monoUs(); // a late close is already on its way
      if (this.faults.has('no-state-c')) {
        this.note('S2 stays open (no-state-c)');
        const { s2: _s2, ...rest } = change;
        return Object.keys(rest).length ? this.inner.actuate(rest, why) : monoUs();
      }
      const edge = edgeFactor(this.edge, 'cpStateCAfterPowerDelivery');
      if (this.faults.has('late-state-c') || edge !== undefined) {
        // the module goes on at once (its next request leaves in state B: DC CableCheckReq, AC ChargingStatusReq)
        const ms = Math.round(this.limitMs('cpStateCAfterPowerDelivery') * (this.faults.has('late-state-c') ? 2 : (edge as number)));
        this.note(`S2 closes ${ms} ms late (${this.faults.has('late-state-c') ? 'late-state-c' : `${edge} × cpStateCAfterPowerDelivery, timer edge`})`);
        const { s2: _late, ...rest } = change;
        this.lateTimer = setTimeout(() => {
          this.lateTimer = undefined;
          this.inner.actuate({ s2: true }, `${why ?? 'S2'} (late-state-c)`).catch((e: Error) => this.note(`late S2: ${e.message}`));
        }, ms);
        return Object.keys(rest).length ? this.inner.actuate(rest, why) : monoUs();
      }
    }
    if (change.s2 === false && this.lateTimer) {
      clearTimeout(this.lateTimer);
      this.lateTimer = undefined;
    }
    return this.inner.actuate(change, why);
  }
  private lateTimer: ReturnType<typeof setTimeout> | undefined;
  /** Drops a late S2 close still pending (the run stops). */
  cancel(): void {
    if (this.lateTimer) clearTimeout(this.lateTimer);
    this.lateTimer = undefined;
  }
  latest(): PilotObservation {
    return this.inner.latest();
  }
  waitFor(pred: (o: PilotObservation) => boolean, timeoutMs: number, what: string): Promise<PilotObservation> {
    return this.inner.waitFor(pred, timeoutMs, what);
  }
  subscribe(fn: (o: PilotObservation) => void): () => void {
    return this.inner.subscribe(fn);
  }
  useTrace(): void {
    // the reference's port is never traced
  }
  async close(): Promise<void> {
    // the line belongs to whoever created it
  }
}

export async function startReferenceEvcc(o: ReferenceEvccOptions): Promise<ReferenceEvcc> {
  checkShellFaults(o.faults, EVCC_SHELL_FAULTS, 'reference EVCC');
  warmExiSets(o.offer.flatMap((p) => exiSetsOf(p.standard))); // grammars built before the first session, not inside its limits
  if (o.tls !== 'none' && !o.pki) throw new EvcError(`reference EVCC: tls ${o.tls} needs the run's V2G PKI (pki)`);
  if (!o.offer.length) throw new EvcError('reference EVCC: offer lists no protocol');
  const run = new EvccRun(o);
  const done = run.start();
  return {
    done,
    async stop() {
      await run.stop();
    },
  };
}

class EvccRun {
  private readonly faults: ReadonlySet<string>;
  private stopped = false;
  private udp: RefUdp | undefined;
  private socket: Socket | undefined;
  private link: RefLink | undefined;
  private finished: ((r: { reason: string }) => void) | undefined;
  private holdOpen = false;
  private readonly ctx: RefEvccContext;
  private readonly shellPilot: ShellEvPort | undefined;

  constructor(private readonly o: ReferenceEvccOptions) {
    this.faults = new Set(o.faults);
    const note = (t: string): void => o.note?.(`reference EVCC: ${t}`);
    const pilot = o.pilot ? new ShellEvPort(o.pilot, this.faults, (t) => o.limitMs(t), note, o.timerEdge) : undefined;
    this.shellPilot = pilot;
    const bad = o.pki?.bad;
    const expired = bad?.expiredContract && bad.expiredContractChainPem ? { chainPem: bad.expiredContractChainPem, keyPem: bad.expiredContract.key } : undefined;
    const contract = o.pki?.contract && o.pki.contractChainPem ? { chainPem: o.pki.contractChainPem, keyPem: o.pki.contract.key, expired } : undefined;
    this.ctx = { faults: this.faults, limitMs: (t) => o.limitMs(t), note, variant: o.variant, pilot, contract, cert: refCertMaterial(o.pki), timerEdge: o.timerEdge };
  }

  private has(f: string): boolean {
    return this.faults.has(f);
  }

  start(): Promise<{ reason: string }> {
    return new Promise((resolve) => {
      this.finished = resolve;
      this.session()
        .then((reason) => this.finish(reason))
        .catch((e: unknown) => this.finish(e instanceof Stopped ? 'stopped' : `error: ${(e as Error).message}`));
    });
  }

  private async finish(reason: string): Promise<void> {
    this.ctx.note(`done: ${reason}`);
    await this.udp?.close();
    if (this.link && !this.holdOpen) await this.link.close();
    const f = this.finished;
    this.finished = undefined;
    f?.({ reason });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.shellPilot?.cancel();
    this.socket?.destroy();
    await this.udp?.close();
    await this.finish('stopped');
    if (this.o.pilot) await this.o.pilot.actuate({ s2: false, connected: false, currentA: [0, 0, 0] }, 'reference EVCC stopped: unplugged').catch(() => undefined);
  }

  private check(): void {
    if (this.stopped) throw new Stopped();
  }

  /** Plug-in (Date.now() ms): the CommunicationSetup timer edges count from here. */
  private plugMs = Date.now();

  /** Timer edge: wait until `factor` × the timer's limit after plug-in. */
  private async edgeFromPlug(timer: string, what: string): Promise<void> {
    const k = edgeFactor(this.o.timerEdge, timer);
    if (k === undefined) return;
    const at = Math.round(this.o.limitMs(timer) * k);
    this.ctx.note(`${what} ${at} ms after plug-in, ${k} × ${timer} (timer edge)`);
    const wait = this.plugMs + at - Date.now();
    if (wait > 0) await sleep(wait);
    this.check();
  }

  private async session(): Promise<string> {
    const shell = REF_SHELL[this.o.variant];
    this.plugMs = Date.now();
    if (this.o.pilot) {
      await this.o.pilot.actuate({ connected: true, s2: false, ppOhms: shell.ppOhms, currentA: [0, 0, 0] }, 'reference EVCC: plugged in (state B)');
      const setup = this.o.limitMs('evccCommunicationSetup');
      try {
        await this.o.pilot.waitFor((x) => x.frequencyHz > 0 && x.dutyPct > 3 && x.dutyPct < 7, setup, 'reference EVCC: 5 % duty');
      } catch {
        this.check();
        return `no 5 % duty within evccCommunicationSetup (${setup} ms)`;
      }
      this.check();
      if (shell.sdpAfterDutyMs) await sleep(shell.sdpAfterDutyMs);
    }
    await this.edgeFromPlug('evccCommunicationSetup', 'first SDP request');
    const answer = await this.discover();
    if (typeof answer === 'string') return answer;
    const link = await this.connect(answer);
    if (typeof link === 'string') return link;
    this.link = link;
    if (this.has('silent')) {
      this.holdOpen = true;
      await new Promise<void>((r) => this.socket?.once('close', () => r()));
      return 'silent: connection closed';
    }
    const module = await this.handshake(link);
    if (typeof module === 'string') return module;
    let reason = await this.converse(link, module.module, module.standard);
    while (this.resumeWith) reason = await this.resume(this.resumeWith);
    return reason;
  }

  /** A module that paused: close, then SDP, connection and handshake again, and the same module resumes. */
  private resumeWith: { module: RefEvccProtocol; standard: RefStandard } | undefined;

  private async resume(r: { module: RefEvccProtocol; standard: RefStandard }): Promise<string> {
    this.resumeWith = undefined;
    await this.link?.close();
    this.ctx.note('session paused: resuming with SDP, a new connection and the app-protocol handshake');
    this.check();
    const answer = await this.discover();
    if (typeof answer === 'string') return answer;
    const link = await this.connect(answer);
    if (typeof link === 'string') return link;
    this.link = link;
    const chosen = await this.handshake(link);
    if (typeof chosen === 'string') return chosen;
    if (chosen.standard !== r.standard) return `resume: the SECC chose ${chosen.standard}, the paused session is ${r.standard}`;
    return this.converse(link, r.module, r.standard);
  }

  /** SDP: a request every sdpRetryInterval, at most sdpRetries; the first valid response wins. */
  private async discover(): Promise<{ address: string; port: number; tls: boolean } | string> {
    const wantTls = this.o.tls !== 'none';
    const family = isIPv6(this.o.sdp.address.split('%')[0]) ? '::' : '0.0.0.0';
    this.udp = await bindUdp(family, 0);
    let answer: { address: string; port: number; tls: boolean } | undefined;
    let wake: (() => void) | undefined;
    this.udp.socket.on('message', (m) => {
      const ok = m.length === 28 && m[0] === 0x01 && m[1] === 0xfe && m.readUInt16BE(2) === PT_SDP_RES && m.readUInt32BE(4) === 20;
      if (!ok) return this.ctx.note(`SDP: ignored a malformed response ${hexOf(m)}`);
      answer ??= { address: ipv6String(m.subarray(8, 24)), port: m.readUInt16BE(24), tls: m[26] === SDP_TLS };
      wake?.();
    });
    const countEdge = edgeFactor(this.o.timerEdge, 'sdpRetries');
    const attempts = this.has('no-sdp-retry') ? 1 : this.has('sdp-too-many-retries') ? this.o.limitMs('sdpRetries') + 1 : countEdge !== undefined ? edgeCount(this.o.limitMs('sdpRetries'), countEdge) : this.o.limitMs('sdpRetries');
    const interval = Math.round(this.o.limitMs('sdpRetryInterval') * (this.has('sdp-retry-too-fast') ? 0.5 : (edgeFactor(this.o.timerEdge, 'sdpRetryInterval') ?? 1)));
    const req = v2gtpFrame(PT_SDP_REQ, Uint8Array.of(wantTls ? SDP_TLS : SDP_NO_TLS, 0x00), this.has('wrong-v2gtp-version'));
    for (let i = 0; i < attempts && !answer; i++) {
      this.check();
      this.udp.socket.send(req, this.o.sdp.port, this.o.sdp.address, () => undefined);
      await new Promise<void>((r) => {
        const t = setTimeout(r, interval);
        wake = () => {
          clearTimeout(t);
          r();
        };
      });
    }
    this.check();
    await this.udp.close();
    if (!answer) return `no SDP response after ${attempts} request(s) every ${interval} ms`;
    if (wantTls && !answer.tls) return 'SDP: the SECC answered without TLS, which this EVCC requires';
    if (!wantTls && answer.tls) return 'SDP: the SECC answered with TLS, which this EVCC did not ask for';
    this.ctx.note(`SDP: SECC at [${answer.address}]:${answer.port}${answer.tls ? ' (TLS)' : ''}`);
    return answer;
  }

  private async connect(a: { address: string; port: number; tls: boolean }): Promise<RefLink | string> {
    const timeout = this.o.limitMs('evccCommunicationSetup');
    const host = a.address.startsWith('0:0:0:0:0:ffff:') ? a.address.slice(15) : a.address;
    let socket: Socket;
    let ready: string;
    if (a.tls && this.o.pki) {
      const pki = this.o.pki;
      const opts: ConnectionOptions = {
        host, port: a.port, ca: [pki.v2gRoot.cert], rejectUnauthorized: !this.has('accepts-untrusted-secc'), checkServerIdentity: () => undefined, ecdhCurve: 'prime256v1',
        ...(this.o.tls === 'tls12' ? { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: ISO2_CIPHER } : { minVersion: 'TLSv1.3', maxVersion: 'TLSv1.3', cert: pki.vehicle.cert, key: pki.vehicle.key }),
      };
      socket = tlsConnect(opts);
      ready = 'secureConnect';
    } else {
      socket = tcpConnect({ host, port: a.port });
      ready = 'connect';
    }
    this.socket = socket;
    const outcome = await new Promise<string | undefined>((resolve) => {
      const t = setTimeout(() => resolve(`no ${a.tls ? 'TLS' : 'TCP'} connection within ${timeout} ms`), timeout);
      socket.once(ready, () => {
        clearTimeout(t);
        resolve(undefined);
      });
      socket.once('error', (e) => {
        clearTimeout(t);
        resolve(`${a.tls ? 'TLS' : 'TCP'} connection to [${host}]:${a.port} failed: ${e.message}`);
      });
    });
    this.check();
    if (outcome) {
      socket.destroy();
      return outcome;
    }
    return new RefLink(socket, false);
  }

  private send(link: RefLink, s: RefSend): Promise<void> {
    return link.write(v2gtpFrame(s.payloadType, s.exi, this.has('wrong-v2gtp-version')));
  }

  private async handshake(link: RefLink): Promise<{ module: RefEvccProtocol; standard: RefStandard } | string> {
    const base = REF_SHELL[this.o.variant].schemaIdBase;
    const energy = this.o.config.energy;
    const entries: (RefSapEntry & { standard: RefStandard })[] = [...this.o.offer]
      .sort((a, b) => a.priority - b.priority)
      .map((x, i) => ({ ...refAppProtocol(x.standard, energy), schemaId: base + i, priority: x.priority, standard: x.standard }));
    const sent = this.has('sap-offers-nothing-valid') ? entries.map((e, i) => ({ ...e, namespace: `urn:evc:unknown:${i + 1}`, major: 9 })) : entries;
    await this.send(link, { payloadType: PT_EXI, exi: encodeRefSapReq(sent) });
    const wait = this.o.limitMs('evccMessage');
    const ev = await link.next(wait);
    this.check();
    if (ev.kind !== 'frame') return this.lost(ev, 'supportedAppProtocolRes', wait);
    if (ev.frame.payloadType !== PT_EXI) return `supportedAppProtocolRes with payload type 0x${ev.frame.payloadType.toString(16)}: ${hexOf(ev.frame.raw)}`;
    let res;
    try {
      res = decodeRefSapRes(ev.frame.payload);
    } catch (e) {
      return `undecodable supportedAppProtocolRes (${(e as Error).message}): ${hexOf(ev.frame.raw)}`;
    }
    if (isFailedCode(res.code)) return `app-protocol handshake: ${res.code}`;
    const chosen = entries.find((e) => e.schemaId === res.schemaId);
    if (!chosen || this.has('sap-offers-nothing-valid')) return `app-protocol handshake: SchemaID ${res.schemaId} was not offered`;
    this.ctx.note(`app-protocol handshake: ${res.code}, ${chosen.standard}`);
    try {
      return { module: (this.o.modules?.[chosen.standard] ?? EVCC_MODULES[chosen.standard])(this.o.config), standard: chosen.standard };
    } catch (e) {
      return `no ${chosen.standard} module: ${(e as Error).message}`;
    }
  }

  private lost(ev: { kind: 'error'; text: string } | { kind: 'closed' } | { kind: 'timeout' }, what: string, waitMs: number): string {
    if (ev.kind === 'timeout') return `no ${what} within ${waitMs} ms`;
    if (ev.kind === 'closed') return `the SECC closed the connection (waiting for ${what})`;
    return `framing error (waiting for ${what}): ${ev.text}`;
  }

  private async converse(link: RefLink, module: RefEvccProtocol, standard: RefStandard): Promise<string> {
    let req = await module.start(this.ctx);
    for (let n = 0; ; n++) {
      const lateMs = this.has('late-request') ? Math.round(this.o.limitMs('seccSequence') * 1.3) : 0;
      const seqEdge = n === 1 ? edgeFactor(this.o.timerEdge, 'seccSequence') : undefined;
      if (seqEdge !== undefined) this.ctx.note(`request after SessionSetupRes ${Math.round(this.o.limitMs('seccSequence') * seqEdge)} ms after it, ${seqEdge} × seccSequence (timer edge)`);
      const delay = Math.max(req.delayMs ?? 0, lateMs, seqEdge !== undefined ? Math.round(this.o.limitMs('seccSequence') * seqEdge) : 0);
      if (delay) await sleep(delay);
      if (n === 0) await this.edgeFromPlug('seccCommunicationSetup', 'SessionSetupReq');
      this.check();
      let name = 'request';
      try {
        name = viewMessage(standard, req.payloadType, req.exi).name;
      } catch {
        // the module's own business (a deliberately odd request)
      }
      await this.send(link, req);
      const expected = name.replace(/Req$/, 'Res');
      const wait = req.responseTimeoutMs ?? this.o.limitMs(evccTimerOf(standard, name));
      const ev = await link.next(wait);
      this.check();
      if (ev.kind !== 'frame') return this.lost(ev, expected, wait);
      const { frame } = ev;
      if (!schemaSetOf(standard, frame.payloadType)) return `${expected} with payload type 0x${frame.payloadType.toString(16)}: ${hexOf(frame.raw)}`;
      let code: string | undefined;
      try {
        code = viewMessage(standard, frame.payloadType, frame.payload).responseCode;
      } catch (e) {
        return `undecodable ${expected} (${(e as Error).message}): ${hexOf(frame.raw)}`;
      }
      const failed = isFailedCode(code);
      if (failed && !this.has('ignores-failed-response')) return `${expected}: ${code}`;
      const next = await module.onResponse(frame.payloadType, frame.payload, this.ctx);
      // done, or the request was the last one (closeAfter: SessionStopReq): close once its response is in
      if ('done' in next || req.closeAfter) {
        if (failed) {
          this.ctx.note(`${expected}: ${code}, going on (ignores-failed-response)`);
          continue;
        }
        if ('done' in next && next.resume) {
          this.resumeWith = { module, standard };
          return next.reason;
        }
        if (this.has('no-tcp-close-after-stop')) this.holdOpen = true;
        return 'done' in next ? next.reason : `${expected} received after the last request`;
      }
      req = next;
    }
  }
}

/**
 * The V2G side of a scenario (ISO 15118-2 / -20, DIN 70121): what the step files call. Tags pick the standard
 * (@din70121 | @iso15118-2 | @iso15118-20), the side (@sut:secc → the harness plays the EVCC, @sut:evcc → the
 * SECC), the energy (@ac | @dc), the payment (@eim | @pnc) and TLS (@tls). On the reference rig it starts the
 * reference SUT with the rig's v2g-secc / v2g-evcc faults over a simulated pilot line and the run's V2G PKI,
 * with time-compressed limits (V2G_REFERENCE_SCALE, floor REFERENCE_FLOOR_MS); on any other rig it reaches
 * the real device the rig's `v2g` block describes, with the timers as they are.
 */
import { ConfigError, EvcError } from '../core/errors';
import type { Trace } from '../core/trace';
import { openBenchEvPort } from '../iec61851/line/bench/index';
import { createSimulatedLine } from '../iec61851/line/simulated';
import type { EvPort, PilotLine } from '../iec61851/line/types';
import { EVCC_CATALOGUE, SECC_CATALOGUE } from '../reference/v2g/catalogue';
import { REF_EVCC_OFFERS, refEvccConfig, refSeccConfig, startReferenceEvcc, startReferenceSecc } from '../reference/v2g/index';
import { faultsFor } from '../rig/faults';
import { NotAutomatableError } from '../rig/not-automatable';
import type { Pics } from '../rig/pics';
import type { StartedRig } from '../rig/rig';
import type { V2gRigConfig } from '../rig/types';
import { readRigV2gTls } from './rig-config';
import { exiSetsOf, warmExiSets } from './framing/exi-warm';
import type { EnergyMode, PaymentOption, V2gStandard } from './messages/types';
import { EvccDriver } from './roles/evcc';
import type { EvccRoleContext, SeccRoleContext, V2gLimits, V2gRoleContextBase } from './roles/context';
import type { ProcedureState } from './roles/procedure';
import { evccProcedure, seccProcedure } from './roles/registry';
import { SeccDriver } from './roles/secc';
import { REFERENCE_FLOOR_MS, V2G_REFERENCE_SCALE, V2G_TIMERS, effectiveTimerMs, type V2gTimerName } from './timers';
import { ISO2_TLS, type V2gTlsOptions } from './transport/connection';
import { runV2gPki } from '../transport/tls/run-v2g-pki';
import type { V2gPki } from '../transport/tls/v2g-pki';
import { pncFromPki } from './roles/iso2/pnc';
import { rigEvccPnc, rigSeccPnc } from './rig-pnc';

export interface V2gHarnessOptions {
  rig: StartedRig;
  trace: Trace;
  tags: readonly string[];
  pics: readonly Pics[];
  onCleanup: (name: string, fn: () => Promise<void> | void) => void;
}

export type V2gTls = 'none' | 'tls12' | 'tls13';

/** What the tags of a scenario ask for (a clear error when they do not say enough). */
export interface V2gScenarioShape {
  standard: V2gStandard;
  sut: 'secc' | 'evcc';
  energy: EnergyMode;
  payment: PaymentOption;
  tls: V2gTls;
}

export function scenarioShape(tags: readonly string[], pics: Pics | undefined, scenario = 'the scenario'): V2gScenarioShape {
  const has = (t: string) => tags.includes(t);
  const standard: V2gStandard | undefined = has('@din70121') ? 'din70121' : has('@iso15118-2') ? 'iso15118-2' : has('@iso15118-20') ? 'iso15118-20' : undefined;
  const sut = has('@sut:secc') ? 'secc' : has('@sut:evcc') ? 'evcc' : undefined;
  if (!standard || !sut) throw new EvcError(`${scenario} uses V2G steps but lacks tags: it needs one of @din70121/@iso15118-2/@iso15118-20 and one of @sut:secc/@sut:evcc`);
  const energy: EnergyMode = has('@ac') ? 'AC' : has('@dc') ? 'DC' : standard === 'din70121' ? 'DC' : (pics?.v2g?.energy?.[0] ?? 'DC');
  const payment: PaymentOption = has('@pnc') ? 'PnC' : 'EIM';
  // ISO 15118-2 PnC runs over TLS; `@tcp` asks for plain TCP on purpose (what a PnC SECC offers without TLS)
  const wantsTls = !has('@tcp') && (has('@tls') || pics?.v2g?.tls === 'required' || payment === 'PnC' || standard === 'iso15118-20');
  if (has('@tls') && standard === 'din70121') throw new EvcError(`${scenario}: DIN 70121 has no TLS, @tls does not apply to @din70121`);
  if (has('@tcp') && (has('@tls') || standard === 'iso15118-20')) throw new EvcError(`${scenario}: @tcp (plain TCP) does not go with @tls or @iso15118-20 (always TLS)`);
  const tls: V2gTls = !wantsTls || standard === 'din70121' ? 'none' : standard === 'iso15118-20' ? 'tls13' : 'tls12';
  return { standard, sut, energy, payment, tls };
}

/** Effective limits: reference rig scale 0.1 for timers ≥ 1 s and a 1 s floor (SDP pace 400 ms); any other rig as they are. */
export function v2gLimits(reference: boolean, overrides: Readonly<Record<string, number>>, rigName: string): V2gLimits {
  const scale = reference ? V2G_REFERENCE_SCALE : 1;
  const floor = reference ? REFERENCE_FLOOR_MS : 0;
  return {
    ms: (name) => effectiveTimerMs(name, scale, overrides, floor),
    explain: (name) => {
      const base = overrides[name] ?? V2G_TIMERS[name].ms;
      const src = overrides[name] !== undefined ? `timeouts.v2g.${name} ${base} ms` : `default ${base} ms`;
      const eff = effectiveTimerMs(name, scale, overrides, floor);
      return reference ? `${name} ${eff} ms (${src}, × ${scale} for ≥ 1 s, floor ${floor} ms on reference rig '${rigName}')` : `${name} ${eff} ms (${src}, rig '${rigName}')`;
    },
  };
}

export class V2gHarness {
  readonly shape: V2gScenarioShape;
  private evcc_: EvccDriver | undefined;
  private secc_: SeccDriver | undefined;
  private seccStarted = false;
  private readonly pics: Pics | undefined;

  constructor(private readonly o: V2gHarnessOptions) {
    const sut = o.tags.includes('@sut:secc') ? 'secc' : 'evcc';
    this.pics = o.pics.find((p) => p.protocol === 'v2g' && p.sut === sut);
    this.shape = scenarioShape(o.tags, this.pics);
    // the scenario's EXI grammars now, once per process: not inside the first session's reference limits
    warmExiSets(exiSetsOf(this.shape.standard));
  }

  get limits(): V2gLimits {
    return v2gLimits(this.o.rig.isReference, this.o.rig.config.timeouts?.v2g ?? {}, this.o.rig.name);
  }

  /** The harness EVCC (SUT = SECC), started on first use: the reference SECC on the reference rig. */
  async evcc(): Promise<EvccDriver> {
    if (this.evcc_) return this.evcc_;
    if (this.shape.sut !== 'secc') throw new EvcError('this step makes the harness the EVCC, so the scenario needs @sut:secc');
    const rig = this.o.rig;
    const security = this.shape.tls === 'none' ? 'tcp' : 'tls';
    let pilot: EvPort | undefined;
    let sdp: EvccRoleContext['sdp'];
    let tlsOptions: V2gTlsOptions | undefined;
    if (rig.isReference) {
      const line = this.simulatedLine('ev');
      pilot = line.ev;
      const pki = this.shape.tls === 'none' && this.shape.payment !== 'PnC' ? undefined : await runV2gPki();
      const ref = await startReferenceSecc({
        address: '::1',
        standards: ['din70121', 'iso15118-2', 'iso15118-20'],
        config: refSeccConfig(rig.variant),
        tls: this.shape.tls,
        pki,
        faults: faultsFor(SECC_CATALOGUE, rig.faults, rig.config.source),
        variant: rig.variant,
        limitMs: (t) => this.limits.ms(t as V2gTimerName),
        pilot: line.evse,
        note: (text) => this.o.trace.note('v2g', text, 'reference-secc'),
        timerEdge: rig.config.referenceTimerEdge,
      });
      this.o.onCleanup('reference SECC', () => ref.stop());
      sdp = { address: ref.address, port: ref.sdpPort, security };
      if (pki && this.shape.tls !== 'none') tlsOptions = this.clientTls(pki);
    } else {
      const v2g = this.rigV2g();
      const s = v2g.secc;
      if (!s) throw new ConfigError(rig.config.source ?? 'rig', 'v2g.secc', `is required to test a SECC (where its SDP server answers: sdp.address, sdp.port, sdp.interface)`);
      sdp = { address: s.sdp?.address ?? 'ff02::1', port: s.sdp?.port ?? 15118, interface: s.sdp?.interface, security };
      if (this.shape.tls !== 'none') {
        const f = readRigV2gTls(s.tls, rig.config.source ?? 'rig', 'v2g.secc.tls', ['caFile']);
        tlsOptions = this.tlsBase({ ca: [f.ca!], cert: f.cert, key: f.key });
      }
      if (v2g.pilot === 'bench') {
        if (!rig.config.bench?.pilot) throw new ConfigError(rig.config.source ?? 'rig', 'v2g.pilot', `'bench' needs bench.pilot (the EV emulator)`);
        const port = await openBenchEvPort(rig.config.bench.pilot, rig.config.source ?? 'rig', rig.timeouts.get('iec61851', 'poll'), this.o.trace);
        this.o.onCleanup('bench pilot line', () => port.close());
        pilot = port;
      }
    }
    const ctx: EvccRoleContext = { ...this.base('evcc'), sdp, tlsOptions, pilot, procedureFor: (s, e) => evccProcedure(s, e, this.shape.payment) };
    // PnC credentials: the run V2G PKI on the reference rig, the rig's v2g.secc.pnc files (and V2G root) otherwise
    if (this.shape.payment === 'PnC') ctx.params = { ...ctx.params, pnc: rig.isReference ? pncFromPki(await runV2gPki()) : rigEvccPnc(this.rigV2g()) };
    this.evccCtx = ctx;
    const driver = new EvccDriver(ctx);
    this.o.onCleanup('harness EVCC', () => driver.dispose());
    this.evcc_ = driver;
    return driver;
  }

  private evccCtx: EvccRoleContext | undefined;
  private previousEvccState: ProcedureState | undefined;

  /**
   * The harness EVCC ends its side of the current session (closes the connection) and starts a new one: SDP,
   * TCP/TLS, the handshake and SessionSetupReq with SessionID 0, as an EV plugged in again. The previous
   * session's state stays readable (previousEvccSession).
   */
  async newEvccSession(): Promise<EvccDriver> {
    const old = await this.evcc();
    this.previousEvccState = old.state;
    await old.dispose();
    const driver = new EvccDriver(this.evccCtx!);
    this.o.onCleanup('harness EVCC (new session)', () => driver.dispose());
    this.evcc_ = driver;
    return driver;
  }

  /** The state of the harness EVCC's session before newEvccSession(). */
  get previousEvccSession(): ProcedureState | undefined {
    return this.previousEvccState;
  }

  /** The harness SECC (SUT = EVCC), not yet listening: for settings made before the SECC is ready. */
  seccUnstarted(): SeccDriver {
    if (this.secc_) return this.secc_;
    if (this.shape.sut !== 'evcc') throw new EvcError('this step makes the harness the SECC, so the scenario needs @sut:evcc');
    const rig = this.o.rig;
    let listen: SeccRoleContext['listen'];
    let tlsOptions: V2gTlsOptions | undefined;
    if (rig.isReference) {
      listen = { address: '::1', port: 0, sdpAddress: '::1', sdpPort: 0 };
    } else {
      const e = this.rigV2g().evcc;
      if (!e) throw new ConfigError(rig.config.source ?? 'rig', 'v2g.evcc', 'is required to test an EVCC (where the harness SECC listens and answers SDP: listen.address, listen.port, sdp.address, sdp.port, sdp.interface)');
      listen = { address: e.listen?.address ?? '::', port: e.listen?.port ?? 0, sdpAddress: e.sdp?.address ?? '::', sdpPort: e.sdp?.port ?? 15118, interface: e.sdp?.interface };
      if (this.shape.tls !== 'none') {
        const f = readRigV2gTls(e.tls, rig.config.source ?? 'rig', 'v2g.evcc.tls', ['certFile', 'keyFile']);
        tlsOptions = this.tlsBase({ ca: f.ca ? [f.ca] : [], cert: f.cert, key: f.key, requestCert: this.shape.tls === 'tls13' && f.ca !== undefined });
      }
    }
    const ctx: SeccRoleContext = { ...this.base('secc'), listen, tlsOptions, pilot: undefined, procedureFor: seccProcedure };
    this.secc_ = new SeccDriver(ctx);
    this.pendingCtx = ctx;
    return this.secc_;
  }

  private pendingCtx: SeccRoleContext | undefined;

  /** The harness SECC, listening with its SDP server, and (reference rig) the reference EVCC started against it. */
  async secc(): Promise<SeccDriver> {
    const driver = this.seccUnstarted();
    if (this.seccStarted) return driver;
    this.seccStarted = true;
    const rig = this.o.rig;
    const ctx = this.pendingCtx!;
    let evPort: EvPort | undefined;
    let pki: V2gPki | undefined;
    if (rig.isReference) {
      const line = this.simulatedLine('evse');
      ctx.pilot = line.evse;
      evPort = line.ev;
      if (this.shape.tls !== 'none' || this.shape.payment === 'PnC') pki = await runV2gPki();
      if (pki && this.shape.tls !== 'none') {
        ctx.tlsOptions = this.tlsBase({ ca: [pki.oemRoot.cert], cert: pki.seccChainPem, key: pki.secc.key, requestCert: this.shape.tls === 'tls13' });
      }
    }
    if (this.shape.payment === 'PnC') ctx.params = { ...ctx.params, pnc: rig.isReference ? pncFromPki(pki ?? (await runV2gPki())) : rigSeccPnc(this.rigV2g()) };
    if (this.seccChain !== 'valid' && ctx.tlsOptions) {
      // a chain the EVCC must refuse, from the run V2G PKI on every rig (no rig field: generated per run)
      const runPki = pki ?? (await runV2gPki());
      const pair = this.seccChain === 'untrusted' ? runPki.bad.untrustedSecc : runPki.bad.expiredSecc;
      ctx.tlsOptions = { ...ctx.tlsOptions, cert: runPki.chainPem(pair), key: pair.key };
      this.o.trace.note('v2g', `the harness SECC presents ${this.seccChain === 'untrusted' ? 'a chain under a root that is not the V2G root' : 'an expired SECC leaf'} (run V2G PKI)`, 'v2g:harness-secc');
    }
    this.o.onCleanup('harness SECC', () => driver.dispose());
    await driver.ready();
    if (rig.isReference) {
      const a = driver.address;
      // what the reference EVCC of this variant offers (its PICS declares the same standards)
      const offers = [...REF_EVCC_OFFERS[rig.variant]];
      const ref = await startReferenceEvcc({
        sdp: { address: a.sdpAddress, port: a.sdpPort },
        offer: offers,
        config: this.withPause(refEvccConfig(rig.variant, this.shape.energy, this.shape.payment)),
        tls: this.shape.tls,
        pki,
        faults: faultsFor(EVCC_CATALOGUE, rig.faults, rig.config.source),
        variant: rig.variant,
        limitMs: (t) => this.limits.ms(t as V2gTimerName),
        pilot: evPort,
        note: (text) => this.o.trace.note('v2g', text, 'reference-evcc'),
        timerEdge: rig.config.referenceTimerEdge,
      });
      this.o.onCleanup('reference EVCC', () => ref.stop());
    }
    return driver;
  }

  private evPauses = false;
  private seccChain: 'valid' | 'untrusted' | 'expired' = 'valid';

  /** The harness SECC presents a TLS chain the EVCC must refuse (set before the SECC is ready; needs a TLS scenario). */
  seccPresentsBadChain(kind: 'untrusted' | 'expired'): void {
    if (this.seccStarted) throw new EvcError('the SECC\'s certificate chain must be chosen before the SECC is ready for the EVCC');
    if (this.shape.tls === 'none') throw new EvcError('a SECC certificate chain needs a TLS scenario (@tls)');
    this.seccChain = kind;
  }

  /**
   * The scenario needs an EV that pauses its session once (SessionStop Pause) and resumes it. The reference
   * EVCC is told so (like a driver pressing pause); a real EV must declare it in its PICS
   * (`v2g.values.pausesSession: true`, the EV set up to pause), else the step is not automatable.
   */
  evPausesOnce(): void {
    if (this.seccStarted) throw new EvcError('the EV must be set to pause before the SECC is ready for it');
    if (!this.o.rig.isReference && this.pics?.v2g?.values?.pausesSession !== true) {
      throw new NotAutomatableError(`making the EV pause its session: ${this.pics ? `PICS '${this.pics.name}'` : 'no v2g evcc PICS'} does not declare v2g.values.pausesSession (an EV set up to pause once)`);
    }
    this.evPauses = true;
  }

  private withPause<T extends { values: Readonly<Record<string, unknown>> }>(config: T): T {
    return this.evPauses ? { ...config, values: { ...config.values, pauseOnce: true } } : config;
  }

  /** Problems no step asserted (for the World's guard). */
  unassertedProblems(): string[] {
    return this.secc_?.unassertedProblems() ?? [];
  }

  /** A V2G timer name from step text; an unknown name is a clear error listing the known ones. */
  static timer(name: string): V2gTimerName {
    if (!(name in V2G_TIMERS)) throw new EvcError(`'${name}' is not a V2G timer (known: ${Object.keys(V2G_TIMERS).join(', ')})`);
    return name as V2gTimerName;
  }

  private base(side: 'evcc' | 'secc'): V2gRoleContextBase {
    const rig = this.o.rig;
    const v2g = rig.config.v2g;
    const ownId = side === 'evcc' ? (v2g?.secc?.evccId ?? '02EC00000001') : (v2g?.evcc?.evseId ?? 'DE*EVC*E0000099*1');
    return {
      trace: this.o.trace,
      channel: `v2g:${side === 'evcc' ? 'harness-evcc' : 'harness-secc'}`,
      ...this.shape,
      limits: this.limits,
      connectMs: rig.timeouts.get('v2g', 'connect'),
      expectMs: rig.timeouts.get('v2g', 'expect'),
      params: { energy: this.shape.energy, payment: this.shape.payment, ownId, values: this.pics?.v2g?.values ?? {}, pics: this.pics, overTls: this.shape.tls !== 'none' },
      pics: this.pics,
      picsSource: this.pics ? `PICS '${this.pics.name}'` : `rig '${rig.name}' (no v2g ${this.shape.sut} PICS)`,
      rigName: rig.name,
    };
  }

  private clientTls(pki: V2gPki): V2gTlsOptions {
    return this.shape.tls === 'tls13' ? this.tlsBase({ ca: [pki.v2gRoot.cert], cert: pki.vehicle.cert, key: pki.vehicle.key }) : this.tlsBase({ ca: [pki.v2gRoot.cert] });
  }

  private tlsBase(o: Omit<V2gTlsOptions, 'version'>): V2gTlsOptions {
    if (this.shape.tls === 'tls13') return { version: 'TLSv1.3', ...o };
    return { version: 'TLSv1.2', ciphers: ISO2_TLS.ciphers, ecdhCurve: ISO2_TLS.ecdhCurve, ...o };
  }

  private rigV2g(): V2gRigConfig {
    return this.o.rig.config.v2g ?? {};
  }

  /** A simulated pilot line; the harness's end is traced. */
  private simulatedLine(harnessSide: 'ev' | 'evse'): PilotLine {
    const line = createSimulatedLine({ name: 'pilot:v2g' });
    this.o.onCleanup('pilot line', () => line.close());
    line[harnessSide].useTrace(this.o.trace);
    return line;
  }
}


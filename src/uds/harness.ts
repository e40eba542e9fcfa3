/**
 * The diagnostic side of a scenario (UDS, OBD-II, DoIP): what the step files call. Chooses the transport from
 * the scenario's tags (@doip → DoIP, @vcan → ISO-TP on SocketCAN, otherwise an in-memory link to the
 * embedded reference SUT), starts the reference SUT with the rig's faults, and keeps the last exchange for
 * the verdict steps. Every wait is bounded by the rig's `uds`/`doip` timeouts.
 */
import { EvcError } from '../core/errors';
import type { Trace } from '../core/trace';
import { DoipClient } from '../doip/tester';
import { ObdTester } from '../obd/tester';
import { ECU_CATALOGUE, TESTER_CATALOGUE } from '../reference/ecu/catalogue';
import { ReferenceDoipEntity } from '../reference/ecu/doip';
import { ReferenceEcu, startReferenceEcuOnCan } from '../reference/ecu/ecu';
import { ReferenceTester, type TesterJob } from '../reference/ecu/tester';
import { faultsFor } from '../rig/faults';
import type { StartedRig } from '../rig/rig';
import { openSocketCan } from '../transport/can/socketcan';
import { parseHex } from './codec';
import { UdsEcu } from './ecu';
import { describedDids, didMismatch, ecuDescriptionPath, ecuVariables, loadEcuDescription } from './ecu-description';
import { type EcuConfig, loadEcuFixture, REFERENCE_ECU_FIXTURE } from './fixture';
import { computeKey } from './seedkey';
import { IsoTpDiagLink, openIsoTpDiagLink } from './isotp-link';
import { createLinkPair, type DiagLink } from './link';
import { type UdsExchange, UdsTester } from './tester';
import * as V from './verdicts';

export interface DiagHarnessOptions {
  rig: StartedRig;
  trace: Trace;
  tags: readonly string[];
  onCleanup: (name: string, fn: () => Promise<void> | void) => void;
}

const num = (s: string | undefined, d: number) => (s === undefined ? d : parseInt(s.replace(/^0x/i, ''), 16));

export class DiagHarness {
  /** The SUT's ECU description (rig `uds.ecu`, else the reference ECU's), reference-rig times compressed. */
  readonly config: EcuConfig;
  private vars_: Map<string, string> | undefined;
  private tester_: UdsTester | undefined;
  private obd_: ObdTester | undefined;
  private isotp: IsoTpDiagLink | undefined;
  private doipEntity: ReferenceDoipEntity | undefined;
  /** The harness ECU when the SUT is a tester. */
  ecu: UdsEcu | undefined;
  referenceEcu: ReferenceEcu | undefined;
  last: UdsExchange | undefined;
  /** Problems (ISO-TP violations, DoIP header errors) a step asserted, so the After guard skips them. */
  asserted = 0;
  private readonly doipClients: DoipClient[] = [];

  constructor(readonly o: DiagHarnessOptions) {
    this.config = this.compressed(loadEcuDescription(ecuDescriptionPath(o.rig.config)));
  }

  /** Reference SUTs run compressed: S3 and the security delay shrink with the rig's time scale. */
  private compressed(base: EcuConfig): EcuConfig {
    const scale = this.o.rig.isReference ? Math.min(1, this.o.rig.timeScale * 10) : 1;
    return { ...base, s3Ms: Math.max(300, Math.round(base.s3Ms * scale)), security: { ...base.security, delayMs: Math.max(300, Math.round(base.security.delayMs * scale)) } };
  }

  /** The `${ecu.…}` scenario variables of the description. */
  get vars(): ReadonlyMap<string, string> {
    this.vars_ ??= ecuVariables(this.config);
    return this.vars_;
  }

  /** A session the description declares, by name (the not-applicable check ran before the scenario). */
  sessionId(name: string): number {
    const s = this.config.sessions.find((x) => x.name === name);
    if (!s) throw new EvcError(`the ECU description '${this.config.name}' declares no '${name}' session`);
    return s.id;
  }

  private has(tag: string): boolean {
    return this.o.tags.includes(tag);
  }

  private get ecuFaults(): string[] {
    return faultsFor(ECU_CATALOGUE, this.o.rig.faults, this.o.rig.config.source);
  }

  /**
   * The P2 limit the harness applies. An embedded reference SUT shares the CPU (and event loop) with the
   * harness, so on reference rigs scheduling jitter gets a 120 ms allowance (a loaded CI stalled a compliant
   * answer to 117 ms; the late-p2 fault answers after 250 ms or more); remote SUTs get the strict value.
   */
  get p2Ms(): number {
    // On SocketCAN the reference ECU may run inside user-mode Linux, whose scheduling is far slower.
    const allowance = !this.o.rig.isReference ? 0 : this.has('@vcan') ? 400 : 120;
    const described = this.config.sessions.find((x) => x.id === 0x01)?.p2Ms;
    return (this.o.rig.config.timeouts?.uds?.p2 ?? described ?? this.o.rig.timeouts.get('uds', 'p2')) + allowance;
  }

  // ---- transports to an ECU under test ----------------------------------------------------------------------
  /** A DoIP entity address: the reference entity (started once) or the rig's. */
  async doipEndpoint(): Promise<{ host: string; tcpPort: number; udpPort: number }> {
    const d = this.o.rig.config.doip;
    if (!this.o.rig.isReference) {
      await this.o.rig.startContainerSut(); // kind container: the entity's image, started before it is reached
      return { host: d?.host ?? '127.0.0.1', tcpPort: d?.port ?? 13400, udpPort: d?.port ?? 13400 };
    }
    if (!this.doipEntity) {
      this.doipEntity = await ReferenceDoipEntity.start({ fixture: this.config, faults: this.ecuFaults, initialInactivityMs: this.o.rig.timeouts.get('doip', 'initialInactivity') });
      const e = this.doipEntity;
      this.o.onCleanup('reference DoIP entity', () => e.close());
    }
    return { host: '127.0.0.1', tcpPort: this.doipEntity.tcpPort, udpPort: this.doipEntity.udpPort };
  }

  get testerAddress(): number {
    return num(this.o.rig.config.doip?.testerAddress, this.config.doip.testerAddresses?.[0] ?? 0x0e00);
  }

  get entityAddress(): number {
    return num(this.o.rig.config.doip?.entityAddress, this.config.doip.logicalAddress);
  }

  /** A new TCP connection to the DoIP entity (not yet routed). */
  async doipConnect(sourceAddress = this.testerAddress, answerAliveCheck = true): Promise<DoipClient> {
    const ep = await this.doipEndpoint();
    const c = await DoipClient.connect({ host: ep.host, port: ep.tcpPort, sourceAddress, trace: this.o.trace, answerAliveCheck, connectTimeoutMs: this.o.rig.timeouts.get('doip', 'ctrl') });
    this.doipClients.push(c);
    this.o.onCleanup('DoIP connection', () => c.close());
    return c;
  }

  private async openLink(): Promise<DiagLink> {
    if (this.has('@doip')) {
      const c = await this.doipConnect();
      const r = await c.activateRouting(0x00, this.o.rig.timeouts.get('doip', 'ctrl'));
      if (r.code !== 0x10) throw new EvcError(`DoIP routing activation refused with code 0x${r.code.toString(16)}`);
      return c.diagLink(this.entityAddress, { functionalAddress: this.config.addressing.functionalLogicalAddress, ackTimeoutMs: this.o.rig.timeouts.get('doip', 'ctrl') });
    }
    const can = this.o.rig.config.can;
    if (this.has('@vcan') || !this.o.rig.isReference) {
      const ifname = can?.interface ?? 'vcan0';
      if (this.o.rig.isReference) {
        const ecuCan = openSocketCan(ifname);
        this.referenceEcu = startReferenceEcuOnCan(ecuCan, { fixture: this.config, faults: this.ecuFaults, stmin: 0 });
        const ref = this.referenceEcu;
        this.o.onCleanup('reference ECU on CAN', async () => (await ref.close(), ecuCan.close()));
      }
      const ch = openSocketCan(ifname, { trace: this.o.trace, kernelTxStamps: true });
      this.o.onCleanup('CAN channel', () => ch.close());
      // The harness announces STmin 5 ms in its flow control, so a sender that ignores STmin shows up.
      const a = this.config.addressing;
      this.isotp = openIsoTpDiagLink(ch, { txId: num(can?.txId, a.physicalRequestId), rxId: num(can?.rxId, a.physicalResponseId), functionalTxId: a.functionalRequestId, ext: a.extendedIds, fd: a.canFd, stmin: 0x05, trace: this.o.trace });
      const link = this.isotp;
      this.o.onCleanup('ISO-TP link', () => link.close());
      return link;
    }
    const [a, b] = createLinkPair({ channel: 'reference-ecu' });
    this.referenceEcu = new ReferenceEcu(b, { fixture: this.config, faults: this.ecuFaults });
    const ref = this.referenceEcu;
    this.o.onCleanup('reference ECU', async () => (await ref.close(), await a.close()));
    return a;
  }

  async tester(): Promise<UdsTester> {
    if (!this.tester_) {
      const link = await this.openLink();
      const reference = this.o.rig.isReference;
      this.tester_ = new UdsTester(link, {
        trace: this.o.trace,
        p2Ms: this.p2Ms,
        p2StarMs: this.o.rig.timeouts.get('uds', 'p2Star'),
        lateMarginMs: this.o.rig.timeouts.get('uds', 'expect'),
        // Remote ECUs set the limits through their 0x50 response; reference rigs keep the jitter allowance.
        adoptSessionTiming: !reference,
      });
      const t = this.tester_;
      this.o.onCleanup('UDS tester', () => t.close());
    }
    return this.tester_;
  }

  async obd(): Promise<ObdTester> {
    if (!this.obd_) {
      this.obd_ = new ObdTester(await this.openLink(), { trace: this.o.trace, p2Ms: this.p2Ms });
      const t = this.obd_;
      this.o.onCleanup('OBD tester', () => t.close());
    }
    return this.obd_;
  }

  // ---- UDS steps ------------------------------------------------------------------------------------------------
  async request(hexText: string, functional = false): Promise<UdsExchange> {
    this.last = await (await this.tester()).request(parseHex(hexText), { functional });
    return this.last;
  }

  lastExchange(): UdsExchange {
    if (!this.last) throw new EvcError('no UDS request was sent in this scenario yet');
    return this.last;
  }

  expectPositive(): Uint8Array {
    return V.assertPositive(this.lastExchange(), this.o.trace);
  }

  expectNrc(nrc: number): void {
    V.assertNegative(this.lastExchange(), nrc, this.o.trace);
  }

  /** Brings the ECU to a declared session: sends DiagnosticSessionControl and requires the positive answer. */
  async enterSession(name: string): Promise<void> {
    const t = await this.tester();
    t.stopKeepAlive();
    this.last = await t.request(Uint8Array.of(0x10, this.sessionId(name)));
    V.assertPositive(this.last, this.o.trace);
    // like any tester, hold a non-default session with suppressed TesterPresent well inside S3
    if (name !== 'default') t.startKeepAlive(Math.max(50, Math.round(this.config.s3Ms / 3)));
  }

  /** The key for `seed` with the description's seed/key hook (key module, else the named algorithm). */
  keyFor(level: number, seed: Uint8Array): Uint8Array {
    const l = this.config.security.levels.find((x) => x.level === level);
    if (!l) throw new EvcError(`the ECU description '${this.config.name}' declares no security level ${level}`);
    return l.keyFn ? l.keyFn(seed, level) : computeKey(l.algorithm, seed, l.constant, this.config.source);
  }

  /** Seed request; the seed (all zero when the level is already unlocked). */
  private async seed(level: number): Promise<Uint8Array> {
    return V.assertPositive(await this.request(`27 ${level.toString(16)}`), this.o.trace).slice(2);
  }

  async unlock(level: number): Promise<void> {
    const seed = await this.seed(level);
    if (seed.every((b) => b === 0)) return;
    const key = this.keyFor(level, seed);
    V.assertPositive(await this.request(`27 ${(level + 1).toString(16)} ${Buffer.from(key).toString('hex')}`), this.o.trace);
  }

  /** The number of failed attempts after which the description says the delay timer starts. */
  get maxAttempts(): number {
    return this.config.security.maxAttempts;
  }

  /** Sends `count` wrong keys (the right key with its first byte inverted), each after a fresh seed. */
  async sendWrongKeys(level: number, count: number): Promise<number[]> {
    const nrcs: number[] = [];
    for (let i = 0; i < count; i++) {
      const seed = await this.seed(level);
      const key = this.keyFor(level, seed);
      key[0] ^= 0xff;
      const ex = await this.request(`27 ${(level + 1).toString(16)} ${Buffer.from(key).toString('hex')}`);
      nrcs.push(V.assertNegative(ex, undefined, this.o.trace));
    }
    return nrcs;
  }

  /** Reads every DID the description gives a value or pattern for (default session, no security); the problems found. */
  async checkDescribedDids(): Promise<string[]> {
    const problems: string[] = [];
    for (const d of describedDids(this.config)) {
      const rsp = V.assertPositive(await this.request(`22 ${d.id.toString(16).padStart(4, '0')}`), this.o.trace);
      const why = didMismatch(this.config, d.id, rsp.slice(3));
      if (why) problems.push(why);
    }
    return problems;
  }

  /** Waits (silently) longer than the ECU's S3 server timer. */
  async outwaitS3(): Promise<void> {
    const t = await this.tester();
    t.stopKeepAlive();
    await new Promise((r) => setTimeout(r, this.config.s3Ms + 200));
  }

  async expectActiveSession(name: string): Promise<void> {
    const id = this.sessionId(name);
    const ex = await this.request('22 F1 86');
    const rsp = V.assertPositive(ex, this.o.trace);
    if (rsp[3] !== id) V.fail(ex, `active session is 0x${rsp[3].toString(16).padStart(2, '0')}, expected 0x${id.toString(16).padStart(2, '0')}`, this.o.trace);
  }

  /** Starts a download of `size` bytes into the fixture's download area. */
  async requestDownload(size: number): Promise<number> {
    const dl = this.config.download!;
    const t = await this.tester();
    const ex = await t.request(Uint8Array.of(0x34, 0x00, 0x44, ...be32(dl.address), ...be32(size)));
    this.last = ex;
    return V.assertPositive(ex, this.o.trace).length;
  }

  async download(size: number): Promise<number> {
    return (await this.tester()).download(this.config.download!.address, new Uint8Array(size).fill(0x5a));
  }

  // ---- the ECU role, when the SUT is a tester ------------------------------------------------------------------
  /** Starts the harness ECU and the reference tester SUT, runs one job; resolves with the tester's own verdict. */
  async runTesterSut(job: TesterJob): Promise<boolean> {
    if (!this.o.rig.isReference) throw new EvcError(`testing a remote tester needs an operator to run '${job}' against the harness ECU; rig '${this.o.rig.name}' has no tester driver`);
    const [a, b] = createLinkPair({ channel: 'harness-ecu' });
    // The harness plays the reference ECU here: its own description, not the rig's ECU under test.
    const own = this.compressed(loadEcuFixture(REFERENCE_ECU_FIXTURE));
    this.ecu = new UdsEcu(own, b, { trace: this.o.trace });
    const sut = new ReferenceTester(a, {
      faults: faultsFor(TESTER_CATALOGUE, this.o.rig.faults, this.o.rig.config.source),
      keepAliveMs: Math.max(50, Math.round(own.s3Ms / 3)),
      holdMs: own.s3Ms * 2,
    });
    const ecu = this.ecu;
    this.o.onCleanup('harness ECU + reference tester', async () => (await sut.close(), await ecu.close(), await a.close()));
    return sut.run(job);
  }

  harnessEcu(): UdsEcu {
    if (!this.ecu) throw new EvcError('no tester job ran in this scenario yet');
    return this.ecu;
  }

  /** Lines for the After guard: ISO-TP violations and DoIP header errors no step asserted. */
  unassertedProblems(): string[] {
    const out: string[] = [];
    const v = this.isotp?.isotp.violations ?? [];
    if (v.length > this.asserted) out.push(...v.slice(this.asserted).map((x) => `ISO-TP violation: ${x.message}`));
    for (const c of this.doipClients) out.push(...c.headerProblems.map((p) => `DoIP header error 0x${p.code.toString(16).padStart(2, '0')} in ${Buffer.from(p.raw).toString('hex')}`));
    return out;
  }

  isotpViolations(): string[] {
    const v = this.isotp?.isotp.violations ?? [];
    this.asserted = v.length;
    return v.map((x) => `${x.kind}: ${x.message}`);
  }

  acceptDoipHeaderProblems(): number {
    let n = 0;
    for (const c of this.doipClients) n += c.headerProblems.splice(0).length;
    return n;
  }
}

function be32(v: number): number[] {
  return [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
}

/** What the diagnostic harness needs from the scenario World (structural, so src does not import steps). */
export interface DiagWorld {
  readonly sessions: Record<string, unknown>;
  readonly rig: StartedRig;
  readonly trace: Trace;
  readonly tags: string[];
  onCleanup(name: string, fn: () => Promise<void> | void): void;
  addGuard(name: string, fn: () => string[]): void;
}

/** The scenario's DiagHarness, created on first use (with its After guard). */
export function diag(world: DiagWorld): DiagHarness {
  let h = world.sessions.diag as DiagHarness | undefined;
  if (!h) {
    h = new DiagHarness({ rig: world.rig, trace: world.trace, tags: world.tags, onCleanup: (n, fn) => world.onCleanup(n, fn) });
    world.sessions.diag = h;
    const harness = h;
    world.addGuard('diag', () => harness.unassertedProblems());
  }
  return h;
}

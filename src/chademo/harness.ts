/**
 * The CHAdeMO side of a scenario: what the step files call (world getter `chademo`). Opens the harness's bus
 * from the rig (SocketCAN on chademo.can.interface, default vcan0; lines as side-channel frames on vcan1 or
 * through a bench IO module), starts the reference SUT on its own bus end with the rig's faults (reference
 * rig only: both ends in this process, each with its own sockets), builds the role context (limits, version,
 * PICS, time scale) and hands the harness role: `ev()` when the SUT is a charger (@sut:charger), `charger()`
 * when the SUT is an EV (@sut:ev).
 */
import { EvcError } from '../core/errors';
import type { Trace } from '../core/trace';
import { CHARGER_CATALOGUE, EV_CATALOGUE, startReferenceCharger, startReferenceEv } from '../reference/chademo/index';
import { faultsFor } from '../rig/faults';
import { NotAutomatableError } from '../rig/not-automatable';
import { chademoNotApplicable, type Pics } from '../rig/pics';
import type { StartedRig } from '../rig/rig';
import { versionAtLeast } from './framing/codec';
import { ChademoChargerRole } from './roles/charger';
import { ChademoEvRole } from './roles/ev';
import type { ChademoBenchLinesConfig } from './transport/lines-bench';
import { type ChademoLinesConfig, type OpenChademoBus, openChademoBus } from './transport/bus';
import {
  CHADEMO_LIMITS,
  CHADEMO_VERSIONS,
  type ChademoChargerOperator,
  type ChademoEvOperator,
  type ChademoLimitName,
  type ChademoPics,
  type ChademoRoleContext,
  type ChademoVersion,
} from './types';

export interface ChademoHarnessOptions {
  rig: StartedRig;
  trace: Trace;
  tags: readonly string[];
  pics: readonly Pics[];
  onCleanup: (name: string, fn: () => Promise<void> | void) => void;
}

type Sut = 'charger' | 'ev';

/** The version a scenario without a version tag plays when no PICS says (the most deployed family). */
const DEFAULT_VERSION: ChademoVersion = '1.0';

/**
 * The CHAdeMO time scale: the rig's chademo.timeScale on the reference rig (its SUTs run in this process and
 * compress with the harness); 1 on any other rig unless it says its SUT runs compressed (sutCompressesTime).
 */
export function chademoTimeScale(rig: StartedRig): number {
  const s = rig.config.chademo?.timeScale ?? 1;
  return rig.isReference || rig.config.sutCompressesTime ? s : 1;
}

/**
 * CHADEMO_LIMITS with the rig's `timeouts.chademo` overrides; every *Ms value × scale except the cycle
 * tolerance (timer jitter of the machine does not shrink with the scale).
 */
export function chademoLimits(scale: number, overrides: Readonly<Record<string, number>> = {}): Record<ChademoLimitName, number> {
  const out = {} as Record<ChademoLimitName, number>;
  for (const [name, l] of Object.entries(CHADEMO_LIMITS) as [ChademoLimitName, { value: number }][]) {
    const v = overrides[name] ?? l.value;
    out[name] = name.endsWith('Ms') && name !== 'cycleToleranceMs' ? v * scale : v;
  }
  return out;
}

export class ChademoHarness {
  readonly scale: number;
  private ev_: ChademoEvRole | undefined;
  private charger_: ChademoChargerRole | undefined;
  private chargerOperator_: ChademoChargerOperator | undefined;
  private evOperator_: ChademoEvOperator | undefined;

  constructor(private readonly o: ChademoHarnessOptions) {
    this.scale = chademoTimeScale(o.rig);
  }

  /** The harness plays the EV; the SUT is the charger. */
  async ev(): Promise<ChademoEvRole> {
    if (this.ev_) return this.ev_;
    this.requireSut('charger', 'the harness plays the EV');
    const bus = await this.harnessBus('ev');
    if (this.o.rig.isReference) {
      const sutBus = await this.sutBus('charger');
      const sut = await startReferenceCharger(sutBus, this.referenceOptions(CHARGER_CATALOGUE, undefined));
      this.o.onCleanup('reference CHAdeMO charger', () => sut.stop());
      this.chargerOperator_ = sut.operator;
    }
    const role = new ChademoEvRole(this.context(bus, 'charger'));
    this.o.onCleanup('CHAdeMO harness EV', () => role.close());
    this.ev_ = role;
    return role;
  }

  /** The harness plays the charger; the SUT is the EV. */
  async charger(): Promise<ChademoChargerRole> {
    if (this.charger_) return this.charger_;
    this.requireSut('ev', 'the harness plays the charger');
    const bus = await this.harnessBus('charger');
    if (this.o.rig.isReference) {
      const sutBus = await this.sutBus('ev');
      const sut = await startReferenceEv(sutBus, this.referenceOptions(EV_CATALOGUE, this.version));
      this.o.onCleanup('reference CHAdeMO EV', () => sut.stop());
      this.evOperator_ = sut.operator;
    }
    const role = new ChademoChargerRole(this.context(bus, 'ev'));
    this.o.onCleanup('CHAdeMO harness charger', () => role.close());
    this.charger_ = role;
    return role;
  }

  /** The charger's operator (start/stop button, emergency stop, current limit): the reference charger's API, else not automatable. */
  chargerOperator(action: string): ChademoChargerOperator {
    if (!this.chargerOperator_) throw new NotAutomatableError(`'${action}' needs the charger's operator or a driver: rig '${this.o.rig.name}' has none`);
    return this.chargerOperator_;
  }

  /** The EV's operator (plug, driver's stop, shift lever, faults, battery full): the reference EV's API, else not automatable. */
  evOperator(action: string): ChademoEvOperator {
    if (!this.evOperator_) throw new NotAutomatableError(`'${action}' needs the EV's driver or a vehicle driver: rig '${this.o.rig.name}' has none`);
    return this.evOperator_;
  }

  /** The SUT's CHAdeMO PICS (protocol chademo, sut from the scenario's @sut tag). */
  get pics(): Pics | undefined {
    const sut = this.sut();
    return sut ? this.o.pics.find((p) => p.protocol === 'chademo' && p.sut === sut) : undefined;
  }

  /** Why the scenario does not apply to the SUT (PICS versions and features, the version tag), or undefined. */
  notApplicable(): string | undefined {
    const bad = this.o.tags.filter((t) => t.startsWith('@chademo:') && !CHADEMO_VERSIONS.includes(t.slice(9) as ChademoVersion));
    if (bad.length > 0) throw new EvcError(`unknown CHAdeMO version tag ${bad.join(', ')} (known: ${CHADEMO_VERSIONS.map((v) => `@chademo:${v}`).join(', ')})`);
    const pics = this.pics;
    if (!pics) return undefined;
    return chademoNotApplicable(pics, this.o.tags);
  }

  /** The version the harness plays: the scenario's tag, else the charger's highest / the EV's first PICS version. */
  get version(): ChademoVersion {
    const tag = this.versionTag();
    if (tag) return tag;
    const versions = this.pics?.chademo?.versions ?? [];
    if (versions.length === 0) return DEFAULT_VERSION;
    if (this.sut() === 'ev') return versions[0];
    return versions.reduce((best, v) => (versionAtLeast(v, best) ? v : best));
  }

  private versionTag(): ChademoVersion | undefined {
    const t = this.o.tags.find((x) => x.startsWith('@chademo:'));
    return t ? (t.slice(9) as ChademoVersion) : undefined;
  }

  private sut(): Sut | undefined {
    if (this.o.tags.includes('@sut:charger')) return 'charger';
    if (this.o.tags.includes('@sut:ev')) return 'ev';
    return undefined;
  }

  private requireSut(sut: Sut, what: string): void {
    if (!this.o.tags.includes('@chademo') || !this.o.tags.includes(`@sut:${sut}`)) throw new EvcError(`${what}, so the scenario needs the tags @chademo and @sut:${sut}`);
  }

  private linesConfig(): ChademoLinesConfig | undefined {
    const l = this.o.rig.config.chademo?.lines;
    if (!l) return undefined;
    return l.kind === 'bench' ? (l as unknown as ChademoBenchLinesConfig) : { kind: 'vcan', interface: l.interface as string | undefined };
  }

  private async harnessBus(side: Sut): Promise<OpenChademoBus> {
    const cfg = this.o.rig.config;
    const bus = await openChademoBus({ side, canInterface: cfg.chademo?.can?.interface, lines: this.linesConfig(), trace: this.o.trace, source: cfg.source });
    this.o.onCleanup(`CHAdeMO bus (harness ${side})`, () => bus.close());
    return bus;
  }

  /** The reference SUT's own end (reference rig: always the simulated lines, whatever the rig's bench says). */
  private async sutBus(side: Sut): Promise<OpenChademoBus> {
    const cfg = this.o.rig.config;
    const l = this.linesConfig();
    const bus = await openChademoBus({ side, canInterface: cfg.chademo?.can?.interface, lines: l?.kind === 'vcan' ? l : undefined, source: cfg.source });
    this.o.onCleanup(`CHAdeMO bus (reference ${side})`, () => bus.close());
    return bus;
  }

  private referenceOptions(catalogue: string, version: ChademoVersion | undefined) {
    const rig = this.o.rig;
    return { faults: new Set(faultsFor(catalogue, rig.faults, rig.config.source)), variant: rig.variant, timeScale: this.scale, version };
  }

  private context(bus: OpenChademoBus, sut: Sut): ChademoRoleContext {
    const pics = this.o.pics.find((p) => p.protocol === 'chademo' && p.sut === sut);
    return {
      bus,
      trace: this.o.trace,
      version: this.version,
      limits: chademoLimits(this.scale, this.o.rig.config.timeouts?.chademo),
      scale: this.scale,
      pics: pics?.chademo as ChademoPics | undefined,
      picsSource: pics ? `PICS '${pics.name}'` : `rig '${this.o.rig.name}' (no chademo ${sut} PICS)`,
      onCleanup: this.o.onCleanup,
    };
  }
}

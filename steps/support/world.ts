/**
 * The scenario World: one per scenario. It owns the trace, the started rig and the protocol sessions, runs
 * teardown in reverse order, and collects "guards" — checks that fail the scenario when the SUT sent
 * something (an error frame, a malformed or unsolicited message) that no step asserted.
 */
import { type IWorldOptions, World, setWorldConstructor } from '@cucumber/cucumber';
import { EvcError } from '../../src/core/errors';
import { Trace } from '../../src/core/trace';
import { OcppHarness, type SutSide } from '../../src/ocpp/harness';
import type { OcppRunResources } from '../../src/ocpp/csms/persistent-endpoint';
import type { CsmsSideContext, StationSideContext } from '../../src/ocpp/side-context';
import type { OcppVersion } from '../../src/ocpp/version';
import type { StartedRig } from '../../src/rig/rig';
import type { Pics } from '../../src/rig/pics';
import { PilotHarness } from '../../src/iec61851/harness';
import { ChademoHarness } from '../../src/chademo/harness';
import { V2gHarness } from '../../src/v2g/harness';
import { LoadHarness } from '../../src/load/harness';

export class EvcWorld extends World {
  readonly trace = new Trace();
  rig!: StartedRig;
  /** What outlives the scenario (set by Before from the run's resources in hooks.ts). */
  run?: OcppRunResources;
  tags: string[] = [];
  /** The rig's PICS (set by Before). */
  pics: readonly Pics[] = [];
  scenarioName = '';
  /** Set once the trace has been attached to the report for this scenario. */
  traceAttached = false;
  private readonly cleanups: { name: string; fn: () => Promise<void> | void }[] = [];
  private readonly guards: { name: string; fn: () => string[] }[] = [];
  /** Protocol sessions by name (ocpp, uds, doip, …), created lazily by the steps that need them. */
  readonly sessions: Record<string, unknown> = {};
  private ocpp_: OcppHarness | undefined;
  private pilot_: PilotHarness | undefined;
  private chademo_: ChademoHarness | undefined;
  private v2g_: V2gHarness | undefined;
  private load_: LoadHarness | undefined;

  constructor(options: IWorldOptions) {
    super(options);
  }

  /** Registers teardown; run in reverse order of registration in After. */
  onCleanup(name: string, fn: () => Promise<void> | void): void {
    this.cleanups.push({ name, fn });
  }

  /** Registers a check run in After: any returned line fails the scenario. */
  addGuard(name: string, fn: () => string[]): void {
    this.guards.push({ name, fn });
  }

  timeout(protocol: string, name: string): number {
    return this.rig.timeouts.get(protocol, name);
  }

  hasTag(tag: string): boolean {
    return this.tags.includes(tag);
  }

  /** The OCPP side of this scenario, configured from its tags (@ocpp16/@ocpp201/@ocpp21, @sut:station/@sut:csms). */
  get ocpp(): OcppHarness {
    if (!this.ocpp_) {
      const version: OcppVersion | undefined = this.hasTag('@ocpp16') ? '1.6' : this.hasTag('@ocpp201') ? '2.0.1' : this.hasTag('@ocpp21') ? '2.1' : undefined;
      const side: SutSide | undefined = this.hasTag('@sut:station') ? 'station' : this.hasTag('@sut:csms') ? 'csms' : undefined;
      if (!version || !side) {
        throw new EvcError(`scenario '${this.scenarioName}' uses OCPP steps but lacks tags: it needs one of @ocpp16/@ocpp201/@ocpp21 and one of @sut:station/@sut:csms`);
      }
      const harness = new OcppHarness({ rig: this.rig, trace: this.trace, version, side, onCleanup: (fn) => this.onCleanup('ocpp', fn), run: this.run });
      this.ocpp_ = harness;
      this.addGuard('ocpp', () => harness.unassertedProblems());
    }
    return this.ocpp_;
  }

  /** The IEC 61851-1 pilot side of this scenario (@iec61851 with @sut:evse or @sut:ev). */
  get pilot(): PilotHarness {
    this.pilot_ ??= new PilotHarness({ rig: this.rig, trace: this.trace, tags: this.tags, pics: this.pics, onCleanup: (name, fn) => this.onCleanup(name, fn) });
    return this.pilot_;
  }

  /** The CHAdeMO side of this scenario (@chademo with @sut:charger or @sut:ev). */
  get chademo(): ChademoHarness {
    this.chademo_ ??= new ChademoHarness({ rig: this.rig, trace: this.trace, tags: this.tags, pics: this.pics, onCleanup: (name, fn) => this.onCleanup(name, fn) });
    return this.chademo_;
  }

  /** The load-mode side of this scenario (@load: a swarm of lean stations against the CSMS). */
  get load(): LoadHarness {
    this.load_ ??= new LoadHarness({ rig: this.rig, trace: this.trace, tags: this.tags, onCleanup: (name, fn) => this.onCleanup(name, fn) });
    return this.load_;
  }

  /** The V2G side of this scenario (@din70121/@iso15118-2/@iso15118-20 with @sut:secc or @sut:evcc). */
  get v2g(): V2gHarness {
    if (!this.v2g_) {
      const harness = new V2gHarness({ rig: this.rig, trace: this.trace, tags: this.tags, pics: this.pics, onCleanup: (name, fn) => this.onCleanup(name, fn) });
      this.v2g_ = harness;
      this.addGuard('v2g', () => harness.unassertedProblems());
    }
    return this.v2g_;
  }

  /** The scenario's context when the harness plays the CSMS (@sut:station); a clear error on a @sut:csms scenario. */
  get ocppCsms(): CsmsSideContext {
    return this.ocpp.csmsSide;
  }

  /** The scenario's context when the harness plays the station (@sut:csms); a clear error on a @sut:station scenario. */
  get ocppStation(): StationSideContext {
    return this.ocpp.stationSide;
  }

  async runCleanups(): Promise<string[]> {
    const errors: string[] = [];
    while (this.cleanups.length) {
      const c = this.cleanups.pop()!;
      try {
        await c.fn();
      } catch (e) {
        errors.push(`${c.name}: ${(e as Error).message}`);
      }
    }
    return errors;
  }

  /**
   * Before teardown: gives frames the SUT already sent time to arrive (`timeouts.ocpp.drain`); closing the
   * connections afterwards delivers whatever it sent before its close. Both are judged by the guards.
   */
  async drain(): Promise<void> {
    if (this.ocpp_?.isStarted) await new Promise((r) => setTimeout(r, this.timeout('ocpp', 'drain')));
  }

  guardFindings(): string[] {
    return this.guards.flatMap((g) => g.fn().map((line) => `[${g.name}] ${line}`));
  }
}

setWorldConstructor(EvcWorld);

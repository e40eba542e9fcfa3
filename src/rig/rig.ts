/**
 * Rig lifecycle: start() → StartedRig → stop(). A StartedRig starts SUTs on demand for the scenario
 * (reference simulators in-process; remote SUTs are only addressed) and stops all of them at the end.
 */
import { Timeouts } from '../core/config';
import { ConfigError, EvcError } from '../core/errors';
import type { CsmsSutControl, CsmsSutOptions, StationSutControl, StationSutOptions } from './ocpp-sut';
import { loadReferenceSuts } from './reference';
import type { RigConfig } from './types';
import { faultsFor } from './faults';
import { httpStationDriver } from './http-station-driver';
import { httpCsmsDriver } from './http-csms-driver';
import { ensureBenchSimulation } from './bench-sim';
import { benchStationControl } from './bench-station';
import { BenchChannels } from './bench-channels';
import { openBenchEvPort } from '../iec61851/line/bench/index';
import { NotAutomatableError } from './not-automatable';
import { ensureSutContainer } from './container';
import { currentOperator } from '../operator/run';
import { operatorCsmsControl, operatorStationControl } from '../operator/station-control';

export { NotAutomatableError };

/** Station actions on a rig without a driver: each one says so instead of passing silently. */
function manualStationControl(rig: string): StationSutControl {
  const no = (what: string) => async () => {
    throw new NotAutomatableError(`'${what}' needs a bench driver or an operator: rig '${rig}' has none (set bench.driver in the rig config)`);
  };
  return {
    plugIn: no('plug in'),
    unplug: no('unplug'),
    presentIdTag: no('present id tag'),
    evSuspend: no('EV suspend'),
    evResume: no('EV resume'),
    raiseFault: no('raise fault'),
    clearFault: no('clear fault'),
    powerCycle: no('power cycle'),
    goOffline: no('go offline'),
    goOnline: no('go online'),
    stop: async () => undefined,
  };
}

export class StartedRig {
  readonly timeouts: Timeouts;
  private readonly stops: (() => Promise<void>)[] = [];

  constructor(readonly config: RigConfig) {
    this.timeouts = new Timeouts(config.timeouts);
  }

  get name(): string {
    return this.config.name;
  }
  get kind(): RigConfig['kind'] {
    return this.config.kind;
  }
  get timeScale(): number {
    return this.config.timeScale ?? (this.config.kind === 'reference' ? 0.01 : 1);
  }
  get faults(): string[] {
    return this.config.faults ?? [];
  }
  /** The reference SUTs' compliant configuration. */
  get variant(): 'default' | 'alt' {
    return this.config.referenceVariant ?? 'default';
  }
  get isReference(): boolean {
    return this.config.kind === 'reference';
  }
  /** A person can be asked for what the drivers cannot do (rig `operator` with a terminal or console in this run). */
  get hasOperator(): boolean {
    return currentOperator()?.available ?? false;
  }

  /**
   * Settings only the in-process reference SUTs take (a CSMS told to answer Pending, the id tags a CSMS under
   * test knows): on any other rig nobody can make them, so the step fails at once naming the action.
   */
  requireInProcessSut(action: string, needs = 'an operator or a CSMS driver'): void {
    if (!this.isReference) throw new NotAutomatableError(`${action} needs ${needs}: rig '${this.name}' has none`);
  }

  /**
   * A setting of the SUT (`action`: 'configuring the CSMS to …') that only the in-process reference SUTs take from the harness: on another rig it is
   * asked of the operator (a terminal or console in this run: done goes on, not applicable makes the scenario
   * not applicable, failed or no answer fails it, naming the action); without one the step fails at once.
   */
  async sutSetting(action: string, expected: string): Promise<void> {
    if (this.isReference) return;
    const operator = currentOperator();
    if (!operator?.available) return this.requireInProcessSut(action);
    const instruction = action.replace(/^configuring /, 'Configure ');
    await operator.perform({ action: 'sut-setting', instruction, expected });
  }

  /** Starts (reference) or addresses (remote) a charging station that connects to the harness CSMS. */
  async startStationSut(opts: Omit<StationSutOptions, 'faults' | 'timeScale'>): Promise<StationSutControl> {
    if (!this.isReference) {
      if (this.kind === 'bench' && this.config.bench?.simulate) await ensureBenchSimulation(this.config); // once per run
      if (this.kind === 'container') await this.ensureContainer();
      return this.addressStation(opts);
    }
    const ref = loadReferenceSuts(opts.version);
    const control = await ref.startStation({ ...opts, variant: this.variant, faults: faultsFor(ref.stationCatalogue, this.faults, this.config.source), timeScale: this.timeScale });
    this.stops.push(() => control.stop());
    return control;
  }

  /**
   * A station this rig cannot configure: it connects with the identity and security profile the rig declares.
   * A scenario that needs another profile fails at once (the station would never connect, and the verdict
   * would blame it).
   */
  private async addressStation(opts: Omit<StationSutOptions, 'faults' | 'timeScale'>): Promise<StationSutControl> {
    const st = this.config.ocpp?.station;
    const file = this.config.source ?? 'rig';
    if (!st?.identity) throw new ConfigError(file, 'ocpp.station.identity', 'is required to test a station the harness does not start (the identity it connects with)');
    if (!st.listenPort) throw new ConfigError(file, 'ocpp.station.listenPort', 'is required to test a station the harness does not start (the port its CSMS URL names)');
    if (!st.connectors) throw new ConfigError(file, 'ocpp.station.connectors', 'is required to test a station the harness does not start (the connectors it reports)');
    const declared = st.securityProfile ?? 0;
    if (opts.securityProfile !== declared) {
      throw new NotAutomatableError(`configuring the station for security profile ${opts.securityProfile} needs an operator or a bench driver: rig '${this.name}' has none (its station is declared with securityProfile ${declared})`);
    }
    const driver = st.driver?.kind === 'http' ? httpStationDriver({ url: st.driver.url, timeoutMs: st.driver.timeoutMs ?? this.timeouts.get('ocpp', 'response'), rig: this.name }) : manualStationControl(this.name);
    const automated = this.kind === 'bench' && this.config.bench?.pilot && opts.trace ? await this.benchControl(driver, opts.trace) : driver;
    const operator = currentOperator(); // rig `operator`: what the drivers cannot do is asked of a person
    const control = operator ? operatorStationControl(automated, operator) : automated;
    this.stops.push(() => control.stop()); // hardware back at rest after every scenario (never a reboot)
    return control;
  }

  /** A bench: the EV-side actions on the wired connector over the bench pilot line (Modbus + SCPI), the rest through the driver. */
  private async benchControl(driver: StationSutControl, trace: NonNullable<StationSutOptions['trace']>): Promise<StationSutControl> {
    const bench = this.config.bench!;
    const port = await openBenchEvPort(bench.pilot!, this.config.source ?? 'rig', this.timeouts.get('iec61851', 'poll'), trace);
    const timeoutMs = this.timeouts.get('iec61851', 'expect');
    let channels: BenchChannels | undefined;
    try {
      channels = await BenchChannels.open(this.config, { rig: this.name, expectMs: timeoutMs, pollMs: this.timeouts.get('iec61851', 'poll'), trace });
    } catch (e) {
      await port.close();
      throw e;
    }
    return benchStationControl(port, driver, { rig: this.name, connector: bench.evConnector ?? 1, stateEErrorCode: bench.stateEErrorCode, ppOhms: 220, timeoutMs, trace }, channels);
  }

  /** Starts (reference) or addresses (remote) a CSMS that the harness station connects to. */
  async startCsmsSut(opts: Omit<CsmsSutOptions, 'faults' | 'timeScale'>): Promise<CsmsSutControl> {
    if (!this.isReference) {
      if (this.kind === 'container') await this.ensureContainer();
      const url = this.config.ocpp?.csms?.url;
      if (!url) throw new ConfigError(this.config.source ?? 'rig', 'ocpp.csms.url', 'is required to test a CSMS');
      const rig = this.name;
      const operator = currentOperator();
      const remote: CsmsSutControl = {
        url,
        call: async (_identity, action) => {
          throw new NotAutomatableError(`making the CSMS send ${action} needs an operator or a CSMS driver: rig '${rig}' has none`);
        },
        perform:
          this.csmsDriver(this.config.container?.apiUrl ? { apiUrl: this.config.container.apiUrl } : undefined) ??
          (async (_identity, intent) => {
            throw new NotAutomatableError(`asking the CSMS to ${intent.name.replace(/-/g, ' ')} needs an operator or a CSMS driver: rig '${rig}' has none`);
          }),
        stop: async () => undefined,
      };
      return operator ? operatorCsmsControl(remote, operator) : remote;
    }
    const ref = loadReferenceSuts(opts.version);
    const control = await ref.startCsms({ ...opts, variant: this.variant, faults: faultsFor(ref.csmsCatalogue, this.faults, this.config.source), timeScale: this.timeScale });
    this.stops.push(() => control.stop());
    // a CSMS driver on a reference rig: intents reach the reference CSMS only through its own HTTP API
    const api = (control as { api?: { url: string; token: string } }).api;
    const driven = this.csmsDriver(api && { apiUrl: api.url, apiToken: api.token });
    return driven ? { ...control, perform: driven } : control;
  }

  /** `perform` through the rig's CSMS driver (ocpp.csms.driver), if it declares one. */
  private csmsDriver(sut?: { apiUrl: string; apiToken?: string }): CsmsSutControl['perform'] {
    const driver = this.config.ocpp?.csms?.driver;
    if (!driver) return undefined;
    return httpCsmsDriver({ driver, rig: this.name, defaultTimeoutMs: this.timeouts.get('ocpp', 'response'), sut });
  }

  /** kind container: the SUT's container started (once per its lifecycle) before a transport reaches it, e.g. a DoIP entity. */
  async startContainerSut(): Promise<void> {
    if (this.kind === 'container') await this.ensureContainer();
  }

  /** kind container: the SUT's container (src/rig/container.ts), started on first use; stopped here if per scenario. */
  private async ensureContainer(): Promise<void> {
    const { container, stopAfterScenario } = await ensureSutContainer(this.config);
    if (stopAfterScenario) this.stops.push(() => container.stop());
  }

  /** Registers something the rig must stop at the end of the scenario. */
  onStop(fn: () => Promise<void>): void {
    this.stops.push(fn);
  }

  async stop(): Promise<void> {
    const errors: string[] = [];
    while (this.stops.length) {
      const fn = this.stops.pop()!;
      try {
        await fn();
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    if (errors.length) throw new EvcError(`rig '${this.name}' did not stop cleanly: ${errors.join('; ')}`);
  }
}

export async function startRig(config: RigConfig): Promise<StartedRig> {
  return new StartedRig(config);
}

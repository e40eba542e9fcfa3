/**
 * StationSutControl of a `bench` rig: the EV-side physical actions on the connector the bench's EV emulator
 * is wired to (`bench.evConnector`, default 1) go over the pilot line — the bench EV port (Modbus TCP relays +
 * SCPI measurements, src/iec61851/line/bench; its frames in the scenario trace): plug in (EV diode + R2 and the
 * cable's PP resistor), unplug, EV suspend / resume (S2), fault (CP shorted to PE: state E). The harness plays
 * the EV there: it closes S2 when the station offers current (PWM) and opens it when the PWM goes. Everything
 * else (id tags, power cycle, offline, other connectors, hardware conditions, faults the bench cannot make)
 * goes through the station driver (HTTP) as on a remote rig. Each action resolves once the line shows it.
 */
import type { Trace } from '../core/trace';
import type { EvDrive, EvPort, PilotObservation } from '../iec61851/line/types';
import { type CpState, pwmPresent, stateOfLevel } from '../iec61851/model/cp';
import type { StationSutControl } from './ocpp-sut';
import { NotAutomatableError } from './not-automatable';

export interface BenchStationOptions {
  rig: string;
  /** The connector the bench's EV emulator is wired to. */
  connector: number;
  /** The error code the station reports for CP state E (bench.stateEErrorCode); undefined: not declared. */
  stateEErrorCode?: string;
  /** The cable's PP resistor the EV emulator presents (Ω). */
  ppOhms: number;
  /** Bound of each wait for the line to show an action (ms). */
  timeoutMs: number;
  trace?: Trace;
}

/** The harness as the EV on the bench line: follows the station's PWM with S2, bounded waits on every action. */
class BenchEv {
  private wantsCharge = true;
  private busy = false;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly port: EvPort,
    private readonly o: BenchStationOptions,
  ) {
    this.unsubscribe = port.subscribe((obs) => this.follow(obs));
  }

  private follow(obs: PilotObservation): void {
    if (this.busy) return;
    const c = this.port.commanded();
    const want = c.connected && !c.cpShortToPe && this.wantsCharge && pwmPresent(obs) && obs.dutyPct >= 8 && obs.dutyPct <= 97;
    if (want === c.s2) return;
    this.busy = true;
    void this.port
      .actuate({ s2: want }, want ? 'EV closes S2 (the station offers current)' : 'EV opens S2 (PWM gone)')
      .catch((e: Error) => this.o.trace?.note('iec61851', `bench EV: ${e.message}`, this.port.name))
      .finally(() => {
        this.busy = false;
      });
  }

  /** Actuates and waits (bounded) until the measured CP level is in one of `states`. */
  private async move(change: Partial<EvDrive>, states: readonly CpState[], what: string): Promise<void> {
    await this.port.actuate(change, what);
    await this.port.waitFor((obs) => states.includes(stateOfLevel(obs.cpHighV) as CpState), this.o.timeoutMs, `${what}: CP in state ${states.join('/')}`);
  }

  plugIn(): Promise<void> {
    this.wantsCharge = true;
    if (this.port.commanded().cpShortToPe) return this.port.actuate({ connected: true, ppOhms: this.o.ppOhms }, 'plug in (CP still shorted)').then(() => undefined);
    return this.move({ connected: true, ppOhms: this.o.ppOhms }, ['B', 'C', 'D'], 'plug in');
  }

  unplug(): Promise<void> {
    if (this.port.commanded().cpShortToPe) return this.port.actuate({ connected: false, s2: false, ppOhms: null }, 'unplug (CP still shorted)').then(() => undefined);
    return this.move({ connected: false, s2: false, ppOhms: null }, ['A'], 'unplug');
  }

  evSuspend(): Promise<void> {
    this.wantsCharge = false;
    if (!this.port.commanded().connected) return Promise.resolve();
    return this.move({ s2: false }, ['B', 'E'], 'EV suspends (S2 opens)');
  }

  evResume(): Promise<void> {
    this.wantsCharge = true;
    const c = this.port.commanded();
    if (!c.connected || c.cpShortToPe || !pwmPresent(this.port.latest())) return Promise.resolve(); // S2 closes when PWM comes
    return this.move({ s2: true }, ['C', 'D'], 'EV resumes (S2 closes)');
  }

  shortCp(on: boolean): Promise<void> {
    const back: CpState[] = this.port.commanded().connected ? ['B', 'C', 'D'] : ['A'];
    return this.move({ cpShortToPe: on }, on ? ['E'] : back, on ? 'CP shorted to PE (state E)' : 'CP short removed');
  }

  shorted(): boolean {
    return this.port.commanded().cpShortToPe;
  }

  /** Back at rest: no short, S2 open, unplugged. */
  async rest(): Promise<void> {
    this.wantsCharge = true;
    const c = this.port.commanded();
    if (c.cpShortToPe || c.connected || c.s2) await this.move({ cpShortToPe: false, s2: false, connected: false, ppOhms: null }, ['A'], 'bench back at rest');
  }

  async close(): Promise<void> {
    this.unsubscribe();
    await this.port.close();
  }
}

/** The bench's control: pilot-line actions on the wired connector, the station driver for the rest. */
export function benchStationControl(port: EvPort, driver: StationSutControl, o: BenchStationOptions): StationSutControl {
  const ev = new BenchEv(port, o);
  const wired = (connector: number) => connector === o.connector;
  return {
    plugIn: (c) => (wired(c) ? ev.plugIn() : driver.plugIn(c)),
    unplug: (c) => (wired(c) ? ev.unplug() : driver.unplug(c)),
    presentIdTag: (idTag, c) => driver.presentIdTag(idTag, c),
    evSuspend: (c) => (wired(c) ? ev.evSuspend() : driver.evSuspend(c)),
    evResume: (c) => (wired(c) ? ev.evResume() : driver.evResume(c)),
    async raiseFault(c, errorCode) {
      if (!wired(c)) return driver.raiseFault(c, errorCode);
      if (o.stateEErrorCode === undefined) {
        throw new NotAutomatableError(`raising fault ${errorCode} on connector ${c} needs an operator: the bench of rig '${o.rig}' shorts CP to PE (state E), but the rig does not declare which error code the station reports for it (bench.stateEErrorCode)`);
      }
      if (errorCode !== o.stateEErrorCode) {
        // the bench makes one fault only; a station's other hardware faults are the driver's (as on a remote rig)
        o.trace?.note('harness', `fault ${errorCode} on connector ${c}: not state E (reported as ${o.stateEErrorCode}), raised through the station driver`);
        return driver.raiseFault(c, errorCode);
      }
      return ev.shortCp(true);
    },
    async clearFault(c) {
      if (wired(c) && ev.shorted()) await ev.shortCp(false);
      else await driver.clearFault(c);
    },
    powerCycle: () => driver.powerCycle(),
    goOffline: (ms) => driver.goOffline(ms),
    goOnline: () => driver.goOnline(),
    simulate: driver.simulate ? (conditions) => driver.simulate!(conditions) : undefined,
    async stop() {
      try {
        await ev.rest();
      } finally {
        await ev.close();
        await driver.stop();
      }
    },
  };
}

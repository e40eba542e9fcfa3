/**
 * StationSutControl of a `bench` rig: the EV-side physical actions on the connector the bench's EV emulator
 * is wired to (`bench.evConnector`, default 1) go over the pilot line — the bench EV port (Modbus TCP relays +
 * SCPI measurements, src/iec61851/line/bench; its frames in the scenario trace): plug in (EV diode + R2 and the
 * cable's PP resistor), unplug, EV suspend / resume (S2), fault (CP shorted to PE: state E). The harness plays
 * the EV there: it closes S2 when the station offers current (PWM) and opens it when the PWM goes. Cards, power
 * cycle and network go through the bench's relay and command channels when the rig declares them
 * (bench.cards / bench.mains / bench.network, ./bench-channels.ts). Everything else (other connectors,
 * hardware conditions, faults the bench cannot make, and channels the rig does not declare) goes through the
 * station driver (HTTP) as on a remote rig. Each action resolves once the bench shows it.
 */
import type { Trace } from '../core/trace';
import type { EvDrive, EvPort, PilotObservation } from '../iec61851/line/types';
import { type CpState, pwmPresent, stateOfLevel } from '../iec61851/model/cp';
import type { StationSutControl } from './ocpp-sut';
import { NotAutomatableError } from './not-automatable';
import type { BenchChannels } from './bench-channels';

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

  /** An EV told to suspend before it was plugged in stays not ready (B2) until it resumes. */
  plugIn(): Promise<void> {
    if (this.port.commanded().cpShortToPe) return this.port.actuate({ connected: true, ppOhms: this.o.ppOhms }, 'plug in (CP still shorted)').then(() => undefined);
    return this.move({ connected: true, ppOhms: this.o.ppOhms }, ['B', 'C', 'D'], 'plug in');
  }

  /**
   * The cable is pulled: CP breaks whatever S2 was (C/D → A at once, as the reference station's own EV
   * unplugs), then PP; the EV opens S2 afterwards. Opening S2 first would show the station a B between
   * (an EV that stopped charging, then a cable pulled) — another scenario than "the EV is unplugged".
   */
  async unplug(): Promise<void> {
    if (this.port.commanded().cpShortToPe) {
      await this.port.actuate({ connected: false, s2: false, ppOhms: null }, 'unplug (CP still shorted)');
      this.wantsCharge = true;
      return;
    }
    await this.move({ connected: false, ppOhms: null }, ['A'], 'unplug');
    if (this.port.commanded().s2) await this.port.actuate({ s2: false }, 'EV opens S2 (unplugged)');
    this.wantsCharge = true; // the next EV plugged in wants to charge
  }

  /**
   * The EV stops drawing: S2 opens (C/D → B). An EV plugged in and about to charge (S2 still open, the station
   * may be switching its PWM on right now) first lets S2 close — within min(timeout, 1 s) — as the reference
   * station's own EV does; an EV not plugged in yet stays in B when it is (B2, "EV not ready"), which a station
   * sees once its PWM has been on a while without S2 closing.
   */
  async evSuspend(): Promise<void> {
    const c = this.port.commanded();
    if (c.connected && !c.cpShortToPe && !c.s2 && this.wantsCharge) {
      const charging = (obs: PilotObservation) => {
        const st = stateOfLevel(obs.cpHighV);
        return st === 'C' || st === 'D';
      };
      await this.port.waitFor(charging, Math.min(this.o.timeoutMs, 1000), 'EV closing S2 before it suspends').catch(() => undefined);
    }
    this.wantsCharge = false;
    if (!this.port.commanded().connected || !this.port.commanded().s2) return;
    await this.move({ s2: false }, ['B', 'E'], 'EV suspends (S2 opens)');
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
export function benchStationControl(port: EvPort, driver: StationSutControl, o: BenchStationOptions, channels?: BenchChannels): StationSutControl {
  const ev = new BenchEv(port, o);
  const wired = (connector: number) => connector === o.connector;
  // what the bench cannot do goes to the station driver, said in the trace (a bench run shows what was not the bench's)
  const via = <A extends unknown[]>(what: string, fn: (...a: A) => Promise<void>) => (...a: A) => {
    o.trace?.note('harness', `station driver (not a bench channel): ${what}(${a.map((x) => JSON.stringify(x)).join(', ')})`);
    return fn(...a);
  };
  const d: StationSutControl = {
    ...driver,
    plugIn: via('plug in', driver.plugIn),
    unplug: via('unplug', driver.unplug),
    presentIdTag: via('present id tag', driver.presentIdTag),
    evSuspend: via('EV suspend', driver.evSuspend),
    evResume: via('EV resume', driver.evResume),
    raiseFault: via('raise fault', driver.raiseFault),
    clearFault: via('clear fault', driver.clearFault),
    powerCycle: via('power cycle', driver.powerCycle),
    goOffline: via('go offline', driver.goOffline),
    goOnline: via('go online', driver.goOnline),
  };
  return {
    plugIn: (c) => (wired(c) ? ev.plugIn() : d.plugIn(c)),
    unplug: (c) => (wired(c) ? ev.unplug() : d.unplug(c)),
    presentIdTag: (idTag, c) => (channels?.hasCards ? channels.presentIdTag(idTag, c) : d.presentIdTag(idTag, c)),
    evSuspend: (c) => (wired(c) ? ev.evSuspend() : d.evSuspend(c)),
    evResume: (c) => (wired(c) ? ev.evResume() : d.evResume(c)),
    async raiseFault(c, errorCode) {
      if (!wired(c)) return d.raiseFault(c, errorCode);
      if (o.stateEErrorCode === undefined) {
        throw new NotAutomatableError(`raising fault ${errorCode} on connector ${c} needs an operator: the bench of rig '${o.rig}' shorts CP to PE (state E), but the rig does not declare which error code the station reports for it (bench.stateEErrorCode)`);
      }
      if (errorCode !== o.stateEErrorCode) {
        // the bench makes one fault only; a station's other hardware faults are the driver's (as on a remote rig)
        o.trace?.note('harness', `fault ${errorCode} on connector ${c}: not state E (reported as ${o.stateEErrorCode}), raised through the station driver`);
        return d.raiseFault(c, errorCode);
      }
      return ev.shortCp(true);
    },
    async clearFault(c) {
      if (wired(c) && ev.shorted()) await ev.shortCp(false);
      else await d.clearFault(c);
    },
    powerCycle: () => (channels?.hasMains ? channels.powerCycle() : d.powerCycle()),
    goOffline: (ms) => (channels?.hasNetwork ? channels.goOffline(ms) : d.goOffline(ms)),
    goOnline: () => (channels?.hasNetwork ? channels.goOnline() : d.goOnline()),
    simulate: driver.simulate ? (conditions) => (o.trace?.note('harness', `station driver (not a bench channel): simulate(${JSON.stringify(conditions)})`), driver.simulate!(conditions)) : undefined,
    commission: driver.commission ? (c) => (o.trace?.note('harness', `station driver (not a bench channel): commission(${c === 'installed' ? 'installed' : `security profile ${c.securityProfile}`})`), driver.commission!(c)) : undefined,
    async stop() {
      try {
        await ev.rest();
      } finally {
        await ev.close();
        try {
          await channels?.close();
        } finally {
          await driver.stop();
        }
      }
    },
  };
}

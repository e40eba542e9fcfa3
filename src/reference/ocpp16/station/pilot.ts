/**
 * The reference station's IEC 61851-1 pilot seam: each connector (1.6) / EVSE (2.0.1) owns a pilot line with
 * the reference EVSE controller (src/reference/iec61851, mode 'station') on its EVSE end. The station's
 * physical actions (plug in, unplug, EV suspend/resume, fault) move the EV end of that line — a small
 * simulated EV in this file, or, on a bench, the instruments wired to it (`detachEv`) — and the station learns
 * about them ONLY from what its controller sees on the line (A/B/C/D/E), like a real charger:
 *   A → B/C/D: plugged · → A: unplugged · C/D → B while current is offered: EV suspended · B → C/D: EV resumed ·
 *   → E: fault (the error code of the raiseFault request, else `stateEErrorCode`) · E → other: fault cleared.
 * The station tells the controller what it offers (`offer`): PWM for n A, or none (X1: stop request).
 * Shared by the 1.6 and 2.0.1 reference stations (reference side only: nothing from the harness roles).
 */
import { createSimulatedLine } from '../../../iec61851/line/simulated';
import type { EvDrive, EvPort, PilotLine, PilotObservation } from '../../../iec61851/line/types';
import { type ReferenceEvse, type ReferenceEvseOptions, type SeenEvState, startReferenceEvse } from '../../iec61851/index';

export type CpState = SeenEvState;

/** What the station does with what its controller sees (each resolves once the station has acted). */
export interface PilotStationEvents {
  plugged(id: number): Promise<void> | void;
  unplugged(id: number): Promise<void> | void;
  evSuspended(id: number, suspended: boolean): Promise<void> | void;
  fault(id: number, errorCode: string | undefined): Promise<void> | void;
}

export interface StationPilotOptions {
  /** Station identity (names the lines). */
  name: string;
  connectors: number;
  /** The station's time scale: its controllers run Annex A times at this scale. */
  timeScale: number;
  variant?: 'default' | 'alt';
  /** The connector's cable rating / EVSE maximum (A). */
  maxCurrentA?: number;
  /** The error code the station reports for a CP short it has no other explanation for (default OtherError). */
  stateEErrorCode?: string;
  /** Bound of a physical action's wait for the controller to see it (ms). */
  actionTimeoutMs?: number;
}

/**
 * An external EV (bench) that stays in B while PWM offers current for this long is "not ready" (B2): the station
 * learns it only this way. Real time, not the time scale: it waits on the bench EV's own reaction.
 */
const B2_NOT_READY_MS = 3000;

/** PP resistor of the simulated EV's cable: 220 Ω = 32 A (IEC 61851-1 Table B.2). */
const CABLE_PP_OHMS = 220;

/** One connector: its line, controller and (unless an external EV drives the line) simulated EV. */
class PilotConnector {
  private seen: CpState = 'A';
  private pluggedSeen = false;
  private inFault = false;
  private offered: number | null = null;
  private pendingErrorCode: string | undefined;
  private chain: Promise<void> = Promise.resolve();
  private waiters: Array<{ states: readonly CpState[]; resolve: () => void }> = [];
  private wantsCharge = true;
  private external = false;
  private evBusy = false;
  private evInflight: Promise<void> = Promise.resolve();
  private unsubscribeEv?: () => void;
  private b2Timer?: NodeJS.Timeout;
  private b2Reported = false;

  constructor(
    readonly id: number,
    readonly line: PilotLine,
    readonly evse: ReferenceEvse,
    private readonly events: PilotStationEvents,
    private readonly timeoutMs: number,
    private readonly stateEErrorCode: string,
  ) {
    evse.onEvState((s) => this.onState(s));
    this.unsubscribeEv = line.ev.subscribe((o) => this.evFollows(o));
  }

  get ev(): EvPort {
    return this.line.ev;
  }

  detach(): void {
    this.external = true;
    this.unsubscribeEv?.();
    this.unsubscribeEv = undefined;
  }

  offer(currentA: number | null): void {
    if (currentA === this.offered) return;
    this.offered = currentA;
    this.evse.allow(currentA);
    this.watchB2();
  }

  /**
   * With an external EV only: PWM offered and the line still in B after B2_NOT_READY_MS tells the station the EV
   * is not ready (suspended), as a charger sees it on a real line; S2 closing later resumes it (apply()).
   */
  private watchB2(): void {
    clearTimeout(this.b2Timer);
    this.b2Timer = undefined;
    if (this.seen !== 'B') this.b2Reported = false;
    if (!this.external || this.offered === null || this.seen !== 'B' || this.b2Reported) return;
    this.b2Timer = setTimeout(() => {
      this.b2Timer = undefined;
      if (this.seen !== 'B' || this.offered === null || this.b2Reported) return;
      this.b2Reported = true;
      this.chain = this.chain.then(() => this.events.evSuspended(this.id, true)).catch(() => undefined);
    }, B2_NOT_READY_MS);
    this.b2Timer.unref();
  }

  /** What the controller sees; transitions go to the station one at a time, in order. */
  private onState(s: CpState): void {
    const prev = this.seen;
    if (s === prev) return;
    this.seen = s;
    this.chain = this.chain.then(() => this.apply(prev, s)).catch(() => undefined).then(() => this.wake(s));
    this.watchB2();
  }

  private async apply(prev: CpState, s: CpState): Promise<void> {
    // F: the controller's own state (unavailable; after a state E it holds F for a while), not the EV's
    if (s === 'F') return;
    if (s === 'E') {
      this.inFault = true;
      const code = this.pendingErrorCode ?? this.stateEErrorCode;
      return this.events.fault(this.id, code);
    }
    if (this.inFault) {
      this.inFault = false;
      await this.events.fault(this.id, undefined);
    }
    const connected = s !== 'A';
    if (connected && !this.pluggedSeen) {
      this.pluggedSeen = true;
      await this.events.plugged(this.id);
      return;
    }
    if (!connected && this.pluggedSeen) {
      this.pluggedSeen = false;
      await this.events.unplugged(this.id);
      return;
    }
    if (s === 'B' && (prev === 'C' || prev === 'D') && this.offered !== null) await this.events.evSuspended(this.id, true);
    else if ((s === 'C' || s === 'D') && prev !== 'E' && prev !== 'F') await this.events.evSuspended(this.id, false);
  }

  private wake(s: CpState): void {
    const ready = this.waiters.filter((w) => w.states.includes(s));
    this.waiters = this.waiters.filter((w) => !w.states.includes(s));
    for (const w of ready) w.resolve();
  }

  /** Moves the EV end and resolves once the station has acted on what its controller then sees. */
  async drive(change: Partial<EvDrive>, expect: readonly CpState[], what: string): Promise<void> {
    const wait = expect.length === 0 || expect.includes(this.seen) ? undefined : this.until(expect, what);
    await this.line.ev.actuate(change, what);
    await wait;
    await this.chain;
  }

  private until(states: readonly CpState[], what: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const w = { states, resolve: () => (clearTimeout(t), resolve()) };
      const t = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new Error(`connector ${this.id}: '${what}' — the EVSE controller did not see state ${states.join('/')} within ${this.timeoutMs} ms (it sees ${this.seen})`));
      }, this.timeoutMs);
      this.waiters.push(w);
    });
  }

  private cmd(): Readonly<EvDrive> {
    return this.line.ev.commanded();
  }

  /** With an external EV (bench instruments) on the line, only they move the EV end. */
  private own(what: string): void {
    if (this.external) throw new Error(`connector ${this.id}: '${what}' — its EV end is wired to the bench instruments (drive them instead)`);
  }

  /** An EV told to suspend before it was plugged in stays not ready (B2) until it resumes. */
  async plugIn(): Promise<void> {
    this.own('plug in');
    await this.drive({ connected: true, ppOhms: CABLE_PP_OHMS }, this.cmd().cpShortToPe ? [] : ['B', 'C', 'D'], 'plug in');
  }

  async unplug(): Promise<void> {
    if (this.external) {
      // the bench's instruments own the EV end and unplug it at rest: wait (bounded) until this controller sees it
      if (this.seen !== 'A') await this.until(['A'], "unplug: the EV end is wired to the bench instruments, which have not unplugged it");
      return;
    }
    const neverPlugged = !this.pluggedSeen && !this.cmd().connected;
    await this.drive({ connected: false, s2: false, ppOhms: null, currentA: [0, 0, 0] }, this.cmd().cpShortToPe ? [] : ['A'], 'unplug');
    // the next EV plugged in wants to charge; one that said "not ready" and never came leaves with its state
    if (!this.wantsCharge && neverPlugged) await this.chain.then(() => this.events.evSuspended(this.id, false));
    this.wantsCharge = true;
  }

  /**
   * EV suspend: S2 opens (C → B), which the controller sees. An EV that is not in C (no PWM yet, not plugged)
   * only changes its mind: it will stay in B when PWM comes (B2, "EV not ready"), which the station is told at
   * once instead of after a B2 timeout.
   */
  async suspend(): Promise<void> {
    this.own('EV suspend');
    this.wantsCharge = false;
    await this.evInflight;
    if (this.cmd().s2) {
      if (this.seen !== 'C' && this.seen !== 'D') await this.until(['C', 'D'], 'EV suspend (S2 closing)'); // let the close be seen first
      await this.drive({ s2: false, currentA: [0, 0, 0] }, ['B'], 'EV suspend');
      return;
    }
    await this.chain;
    await this.events.evSuspended(this.id, true);
  }

  /** EV resume: S2 closes if PWM offers current (B → C, seen by the controller); else the EV is ready for when it does. */
  async resume(): Promise<void> {
    this.own('EV resume');
    this.wantsCharge = true;
    await this.evInflight;
    const c = this.cmd();
    if (pwmOffered(this.line.ev.latest()) && c.connected && !c.cpShortToPe) {
      if (!c.s2) await this.drive({ s2: true, currentA: [16, 16, 16] }, ['C', 'D'], 'EV resume');
      return;
    }
    await this.chain;
    await this.events.evSuspended(this.id, false);
  }

  async shortCp(errorCode: string | undefined): Promise<void> {
    if (this.external) {
      // the bench's instruments own CP: a fault raised on the station itself is its own diagnosis
      if (errorCode === undefined && this.seen === 'E') throw new Error(`connector ${this.id}: 'clear fault' — CP is shorted by the bench instruments`);
      await this.events.fault(this.id, errorCode);
      return;
    }
    if (errorCode !== undefined) this.pendingErrorCode = errorCode;
    const on = errorCode !== undefined;
    if (on && this.cmd().cpShortToPe && this.seen === 'E') {
      await this.events.fault(this.id, errorCode); // another error code for the same short
      return;
    }
    const back: CpState[] = this.cmd().connected ? ['B', 'C', 'D'] : ['A'];
    await this.drive({ cpShortToPe: on }, on ? ['E'] : back, on ? `CP short to PE (${errorCode})` : 'remove the CP short');
    if (!on) this.pendingErrorCode = undefined;
  }

  /** The simulated EV: closes S2 when PWM offers current and it wants to charge, opens it when PWM goes. */
  private evFollows(o: PilotObservation): void {
    if (this.external || this.evBusy) return;
    const c = this.cmd();
    const pwm = pwmOffered(o);
    const want = c.connected && !c.cpShortToPe && this.wantsCharge && pwm;
    if (want === c.s2) return;
    this.evBusy = true;
    this.evInflight = this.line.ev
      .actuate({ s2: want, currentA: want ? [16, 16, 16] : [0, 0, 0] }, want ? 'EV closes S2 (PWM offered)' : 'EV opens S2 (PWM gone)')
      .then(() => undefined)
      .catch(() => undefined)
      .finally(() => {
        this.evBusy = false;
      });
  }

  async close(): Promise<void> {
    clearTimeout(this.b2Timer);
    for (const w of this.waiters.splice(0)) w.resolve();
    this.unsubscribeEv?.();
    await this.evse.stop().catch(() => undefined);
    await this.line.close().catch(() => undefined);
  }
}

/** PWM at a duty that offers current (8–97 %): what the simulated EV's own comparator accepts. */
function pwmOffered(o: PilotObservation): boolean {
  return o.frequencyHz > 500 && o.dutyPct >= 8 && o.dutyPct <= 97 && o.cpHighV > 4;
}

export class StationPilot {
  private readonly connectors = new Map<number, PilotConnector>();

  private constructor(private readonly o: StationPilotOptions) {}

  /** Starts one line + controller per connector. */
  static async start(o: StationPilotOptions, events: PilotStationEvents): Promise<StationPilot> {
    const p = new StationPilot(o);
    try {
      for (let id = 1; id <= o.connectors; id++) {
        const line = createSimulatedLine({ name: `pilot:${o.name}:${id}`, samplePeriodUs: 0 });
        const evse = await startReferenceEvse(line.evse, stationEvseOptions(o)).catch(async (e: unknown) => {
          await line.close();
          throw e;
        });
        p.connectors.set(id, new PilotConnector(id, line, evse, events, o.actionTimeoutMs ?? 5000, o.stateEErrorCode ?? 'OtherError'));
      }
    } catch (e) {
      await p.stop();
      throw e;
    }
    return p;
  }

  private at(id: number): PilotConnector {
    const c = this.connectors.get(id);
    if (!c) throw new Error(`station ${this.o.name}: no pilot line on connector ${id}`);
    return c;
  }

  has(id: number): boolean {
    return this.connectors.has(id);
  }

  /** The EV end of a connector's line (a bench's instruments are wired to it). */
  evPort(id: number): EvPort {
    return this.at(id).ev;
  }

  /** An external EV (bench instruments) drives this connector's EV end: the simulated EV steps aside. */
  detachEv(id: number): void {
    this.at(id).detach();
  }

  /** What the station offers on a connector: PWM for `currentA`, or none (X1). */
  offer(id: number, currentA: number | null): void {
    this.connectors.get(id)?.offer(currentA);
  }

  contactorClosed(id: number): boolean {
    return this.connectors.get(id)?.evse.contactorClosed() ?? false;
  }

  plugIn(id: number): Promise<void> {
    return this.at(id).plugIn();
  }
  unplug(id: number): Promise<void> {
    return this.at(id).unplug();
  }
  evSuspend(id: number): Promise<void> {
    return this.at(id).suspend();
  }
  evResume(id: number): Promise<void> {
    return this.at(id).resume();
  }
  /** CP shorted to PE (state E) with the error code the station should report; clearFault removes it. */
  raiseFault(id: number, errorCode: string): Promise<void> {
    return this.at(id).shortCp(errorCode);
  }
  clearFault(id: number): Promise<void> {
    return this.at(id).shortCp(undefined);
  }

  async stop(): Promise<void> {
    const all = [...this.connectors.values()];
    this.connectors.clear();
    await Promise.all(all.map((c) => c.close()));
  }
}

function stationEvseOptions(o: StationPilotOptions): ReferenceEvseOptions {
  return { faults: [], variant: o.variant ?? 'default', timeScale: o.timeScale, mode: 'station', maxCurrentA: o.maxCurrentA ?? 32 };
}

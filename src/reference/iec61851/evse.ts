/**
 * The reference EVSE pilot controller: oscillator (+12 V / PWM / state F), contactor, current limit, diode
 * check, PP cable limit on a socket outlet. It reads the line only through its port's observations, with its
 * own comparator thresholds and duty table (nothing from src/iec61851/model or roles), so a harness bug cannot
 * hide a controller bug. Delays are real milliseconds × timeScale.
 */
import type { EvseDrive, EvsePort, PilotObservation } from '../../iec61851/line/types';
import { EVSE_FAULTS } from './faults';
import { checkFaults, DriveQueue, Timers } from './runtime';
import type { PilotOperator, ReferenceEvse, ReferenceEvseOptions, SeenEvState } from './types';

/** One compliant configuration of the controller (what its PICS declares, plus how fast it reacts). */
export interface EvseProfile {
  maxCurrentA: number;
  phases: 1 | 3;
  cable: 'socket' | 'tethered';
  tetheredCableA?: number;
  ventilation: boolean;
  frequencyHz: number;
  /** How the duty is rounded: to the nearest 0.1 %, or down to the next 0.25 % step (low edge). */
  dutyRounding: 'nearest' | 'low-edge';
  /** Real-time ms: PWM on after an EV appears (T_step_X1 3 s). */
  pwmAfterPlugMs: number;
  /** Real-time ms: contactor closed after C (bound 3 s). */
  closeAfterCMs: number;
  /**
   * Real-time ms: contactor open after C→B, unplug (bound 100 ms). 0 in both profiles: the SUT shares the
   * harness's event loop, and a deliberate delay plus one stall of a loaded machine could pass the bound.
   */
  openAfterBMs: number;
  /** Real-time ms after PWM off with the EV still in C: forced off (seq 10.2: after the EV's 3 s, by 6 s). */
  forcedOffMs: number;
  /** Real-time ms in state F after a diode fault before the controller looks again (T_step_EF 4 s). */
  errorHoldMs: number;
}

export const EVSE_PROFILES: Record<'default' | 'alt', EvseProfile> = {
  default: {
    maxCurrentA: 32, phases: 3, cable: 'socket', ventilation: true, frequencyHz: 1000, dutyRounding: 'nearest',
    pwmAfterPlugMs: 300, closeAfterCMs: 150, openAfterBMs: 0, forcedOffMs: 4_500, errorHoldMs: 4_000,
  },
  alt: {
    maxCurrentA: 16, phases: 1, cable: 'tethered', tetheredCableA: 20, ventilation: false, frequencyHz: 996, dutyRounding: 'low-edge',
    pwmAfterPlugMs: 1_500, closeAfterCMs: 1_800, openAfterBMs: 0, forcedOffMs: 5_200, errorHoldMs: 4_000,
  },
};

/** CP high level → state: lower bounds half-way between the nominal levels (12/9/6/3/0/−12 V). */
const LEVELS: readonly [number, SeenEvState][] = [[10.5, 'A'], [7.5, 'B'], [4.5, 'C'], [1.5, 'D'], [-1.5, 'E']];
/** PWM low level above this: the EV's diode does not block (healthy: −12 V; shorted: about −9 V). */
const DIODE_OK_BELOW_V = -10.8;
/** Cable coding: PP resistance up to (Ω) → cable rating (A); outside every band: no valid cable. */
const PP_BANDS: readonly [number, number, number][] = [[60, 150, 63], [150, 400, 32], [400, 1_050, 20], [1_050, 2_600, 13]];
/** Annex A bounds the faults are expressed in (real ms). */
const BOUND = { powerOnAfterC: 3_000, powerOffAfterB: 100, stepX1: 3_000, evStopReaction: 3_000 };

function seen(o: PilotObservation): SeenEvState {
  for (const [min, s] of LEVELS) if (o.cpHighV >= min) return s;
  return 'F';
}

function cableRating(ohms: number | null): number | null {
  if (ohms === null) return null;
  const band = PP_BANDS.find(([lo, hi]) => ohms >= lo && ohms < hi);
  return band ? band[2] : null;
}

/** Duty (%) that tells the EV it may draw `amps`: 0.6 A per % up to 51 A, then 2.5 A per % above 64 %. */
function dutyFor(amps: number, rounding: EvseProfile['dutyRounding']): number {
  const exact = amps <= 51 ? amps / 0.6 : 64 + amps / 2.5;
  return rounding === 'nearest' ? Math.round(exact * 10) / 10 : Math.floor(exact * 4) / 4;
}

type Latched = 'diode' | 'E' | null;

class EvseController implements ReferenceEvse {
  readonly operator: PilotOperator;
  private readonly faults: Set<string>;
  private readonly p: EvseProfile;
  private readonly mode: 'free' | 'station';
  private readonly timers: Timers;
  private readonly q: DriveQueue<EvseDrive>;
  private readonly listeners = new Set<(s: SeenEvState) => void>();
  private unsubscribe: (() => void) | undefined;
  private state: SeenEvState = 'A';
  private last: PilotObservation | undefined;
  /** Current the operator / station allows (null: stop requested). */
  private allowedA: number | null;
  /** The last current offered (resume offers it again). */
  private lastLimitA: number;
  private unavailable = false;
  private latched: Latched = null;
  /** The X1 wait after plug-in is over: PWM may be on. */
  private pwmReady = false;
  /** The EV ignored a stop request long enough: power stays off until the stop ends. */
  private forcedOff = false;

  constructor(private readonly port: EvsePort, opts: ReferenceEvseOptions) {
    this.faults = checkFaults('EVSE', opts.faults, EVSE_FAULTS);
    const base = EVSE_PROFILES[opts.variant];
    this.p = { ...base, maxCurrentA: opts.maxCurrentA ?? base.maxCurrentA, cable: opts.cable ?? base.cable, tetheredCableA: opts.tetheredCableA ?? base.tetheredCableA };
    this.mode = opts.mode ?? 'free';
    this.allowedA = this.mode === 'free' ? this.p.maxCurrentA : null;
    this.lastLimitA = this.p.maxCurrentA;
    this.timers = new Timers(opts.timeScale);
    this.q = new DriveQueue(port);
    this.operator = {
      requestStop: async () => this.allow(null),
      resume: async () => this.allow(this.lastLimitA),
      setUnavailable: async (on) => this.setUnavailable(on),
      setMaxCurrent: async (a) => this.allow(a),
    };
  }

  start(): void {
    this.q.set({ stateF: false, contactor: false, pwm: false, dutyPct: 100, frequencyHz: this.p.frequencyHz }, 'power-up: idle, +12 V');
    this.unsubscribe = this.port.subscribe((o) => this.observe(o));
    this.observe(this.port.latest());
  }

  // ---- station-mode / operator API ----
  onEvState(fn: (s: SeenEvState) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  evState(): SeenEvState {
    return this.state;
  }

  allow(currentA: number | null): void {
    if (currentA === null && this.faults.has('keeps-pwm-on-stop')) return;
    const wasStopped = this.allowedA === null;
    this.allowedA = currentA;
    if (currentA !== null) this.lastLimitA = currentA;
    if (currentA !== null && wasStopped) this.forcedOff = false;
    this.reconcile('operator: ' + (currentA === null ? 'stop request' : `offer ${currentA} A`));
  }

  contactorClosed(): boolean {
    return this.q.drive.contactor;
  }

  setUnavailable(on: boolean): void {
    this.unavailable = on;
    this.reconcile(on ? 'operator: unavailable (state F)' : 'operator: available again');
  }

  async stop(): Promise<void> {
    this.timers.stopAll();
    this.unsubscribe?.();
    this.listeners.clear();
    await this.q.close();
  }

  // ---- line ----
  private observe(o: PilotObservation): void {
    this.last = o;
    const s = seen(o);
    if (s !== this.state) {
      this.state = s;
      for (const fn of this.listeners) fn(s);
    }
    // diode check: only meaningful while our PWM is on and measured, with an EV present
    const pwmSeen = o.frequencyHz > 0 && this.q.drive.pwm && !this.q.drive.stateF;
    if (pwmSeen && (s === 'B' || s === 'C' || s === 'D') && o.cpLowV > DIODE_OK_BELOW_V && !this.faults.has('no-diode-check')) {
      this.latch('diode');
    }
    if (s === 'E') this.latch('E');
    if (this.latched === 'E') {
      // the short is gone (our F level, or the EV's level without F) → look again shortly
      if (s !== 'E' && !this.timers.pending('release')) this.timers.set('release', 200, () => this.release());
      if (s === 'E') this.timers.clear('release');
    }
    this.reconcile(`EV seen in ${s}`);
  }

  private latch(kind: 'diode' | 'E'): void {
    if (this.latched) return;
    this.latched = kind;
    this.pwmReady = false;
    if (kind === 'diode') this.timers.set('release', this.p.errorHoldMs, () => this.release());
  }

  private release(): void {
    this.latched = null;
    this.reconcile('error hold over: looking again');
  }

  /** What the controller offers right now (A), or null for no PWM. */
  private offer(): number | null {
    if (this.allowedA === null) return null;
    let cable: number | null;
    if (this.p.cable === 'tethered') cable = this.p.tetheredCableA ?? this.p.maxCurrentA;
    else {
      cable = cableRating(this.last?.ppOhms ?? null);
      if (cable === null && this.faults.has('ignores-pp-open')) cable = this.p.maxCurrentA;
      if (cable !== null && this.faults.has('ignores-cable-limit')) cable = this.p.maxCurrentA;
    }
    if (cable === null) return null;
    const a = Math.min(this.allowedA, this.p.maxCurrentA, cable);
    return a >= 6 ? a : null;
  }

  private reconcile(why: string): void {
    const s = this.state;
    const holdF = (this.unavailable && !this.faults.has('ignores-unavailable')) || (this.latched !== null && !this.faults.has('no-state-f-on-fault'));
    if (this.latched === 'E' && this.faults.has('no-power-off-on-error') && this.q.drive.contactor) {
      // keeps power on in E; the oscillator still goes to F (or not)
      this.q.set({ stateF: holdF, pwm: holdF ? false : this.q.drive.pwm }, `${why}: state E, contactor kept closed`);
      return;
    }
    if (holdF || this.latched) {
      this.timers.clear('close');
      this.timers.clear('forced-off');
      this.timers.clear('plug');
      this.q.set({ contactor: false }, `${why}: ${this.unavailable ? 'unavailable' : this.latched === 'E' ? 'state E' : 'diode fault'}, power off`);
      if (holdF) this.q.set({ stateF: true, pwm: false }, `${why}: state F`);
      return;
    }
    this.q.set({ stateF: false }, `${why}: leave state F`);
    const present = s === 'B' || s === 'C' || s === 'D';
    if (!present) {
      this.pwmReady = false;
      this.timers.clear('plug');
    } else if (!this.pwmReady && !this.timers.pending('plug')) {
      const wait = this.faults.has('late-pwm') ? 2 * BOUND.stepX1 : this.p.pwmAfterPlugMs;
      this.timers.set('plug', wait, () => {
        this.pwmReady = true;
        this.reconcile('X1 wait after plug-in over');
      });
    }
    const offer = this.offer();
    const stopping = this.allowedA === null;
    const pwmOn = (present && this.pwmReady && offer !== null) || (s === 'A' && this.faults.has('pwm-in-state-a'));
    const amps = offer ?? this.p.maxCurrentA;
    const intended = this.faults.has('wrong-duty-for-current') ? amps * 1.25 : amps;
    const frequencyHz = this.faults.has('bad-pwm-frequency') ? 1100 : this.p.frequencyHz;
    if (pwmOn) this.q.set({ pwm: true, dutyPct: dutyFor(intended, this.p.dutyRounding), frequencyHz }, `${why}: PWM for ${amps} A`);
    else this.q.set({ pwm: false, dutyPct: 100 }, `${why}: X1 (no PWM)`);
    this.contactor(s, pwmOn, stopping, why);
  }

  private contactor(s: SeenEvState, pwmOn: boolean, stopping: boolean, why: string): void {
    const closed = this.q.drive.contactor;
    const inD = s === 'D' && this.p.ventilation && !this.faults.has('no-power-in-d');
    const wantsPower = s === 'C' || inD || (s === 'B' && this.faults.has('closes-in-state-b'));
    if (stopping && closed && wantsPower && !this.forcedOff) {
      // seq 10: PWM is off, the EV should open S2; force power off if it does not
      if (!this.timers.pending('forced-off') && !this.faults.has('no-forced-off')) {
        const after = this.faults.has('forced-off-early') ? 0.5 * BOUND.evStopReaction : this.p.forcedOffMs;
        this.timers.set('forced-off', after, () => {
          this.forcedOff = true;
          this.q.set({ contactor: false }, 'seq 10.2: EV ignored the stop request, power forced off');
        });
      }
      return;
    }
    this.timers.clear('forced-off');
    if (wantsPower && pwmOn && !closed) {
      if (!this.timers.pending('close')) {
        const after = this.faults.has('contactor-closes-late') ? 2.5 * BOUND.powerOnAfterC : this.p.closeAfterCMs;
        this.timers.set('close', after, () => this.closeIfStillWanted());
      }
      return;
    }
    if (!wantsPower || !pwmOn) this.timers.clear('close');
    if (closed && (!wantsPower || !pwmOn) && !this.timers.pending('open')) {
      const after = this.faults.has('contactor-opens-late') ? 4 * BOUND.powerOffAfterB : this.p.openAfterBMs;
      if (after <= 0) this.q.set({ contactor: false }, `${why}: power off`);
      else this.timers.set('open', after, () => this.openIfStillUnwanted(why));
    }
    if (wantsPower && pwmOn) this.timers.clear('open');
  }

  private closeIfStillWanted(): void {
    const s = this.state;
    const ok = (s === 'C' || (s === 'D' && this.p.ventilation && !this.faults.has('no-power-in-d')) || (s === 'B' && this.faults.has('closes-in-state-b')));
    if (ok && this.q.drive.pwm && !this.q.drive.stateF && this.allowedA !== null) this.q.set({ contactor: true }, `EV in ${s} with PWM: power on`);
  }

  private openIfStillUnwanted(why: string): void {
    this.q.set({ contactor: false }, `${why}: power off`);
  }
}

export async function startReferenceEvse(port: EvsePort, opts: ReferenceEvseOptions): Promise<ReferenceEvse> {
  const c = new EvseController(port, opts);
  c.start();
  return c;
}

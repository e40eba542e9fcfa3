/**
 * The reference EV with an on-board charger: plugged in at start (R2 + diode on CP, its cable's PP resistor),
 * closes S2 when the EVSE's PWM offers at least its minimum current, draws within the duty limit, its own
 * maximum and its cable, follows duty changes, opens S2 when PWM goes. It reads the line only through its
 * port, with its own duty decoding (nothing from src/iec61851/model or roles). Delays: real ms × timeScale.
 */
import type { EvDrive, EvPort, PilotObservation } from '../../iec61851/line/types';
import { EV_FAULTS } from './faults';
import { checkFaults, DriveQueue, Timers } from './runtime';
import type { PilotOperator, ReferencePilotOptions, ReferencePilotSut } from './types';

export interface EvProfile {
  maxCurrentA: number;
  minCurrentA: number;
  phases: 1 | 3;
  /** Its charging cable's rating (A) and PP resistor (Ω). */
  cableA: number;
  cableOhms: number;
  ventilation: boolean;
  /** Real-time ms: S2 closed after a usable PWM appears. */
  s2AfterPwmMs: number;
  /** Real-time ms: current drawn after power appears. */
  drawAfterPowerMs: number;
  /** Real-time ms: draw adapted after a duty change (bound 5 s). */
  followMs: number;
  /** Real-time ms: S2 open after PWM goes off (bound 3 s). */
  stopMs: number;
}

export const EV_PROFILES: Record<'default' | 'alt', EvProfile> = {
  default: {
    maxCurrentA: 32, minCurrentA: 8, phases: 3, cableA: 32, cableOhms: 220, ventilation: true,
    s2AfterPwmMs: 200, drawAfterPowerMs: 100, followMs: 300, stopMs: 200,
  },
  alt: {
    maxCurrentA: 16, minCurrentA: 10, phases: 1, cableA: 20, cableOhms: 680, ventilation: false,
    s2AfterPwmMs: 1_500, drawAfterPowerMs: 500, followMs: 3_000, stopMs: 1_800,
  },
};

/** Annex A bounds the faults are expressed in (real ms). */
const BOUND = { evFollowsDuty: 5_000, evStopReaction: 3_000 };
/** The EV draws this share of what it may, so a measurement a little off never puts it over the limit. */
const MARGIN = 0.97;
/** An offer this close below its minimum still counts as the minimum (duty rounding: 13.3 % reads 7.98 A for 8 A). */
const DUTY_SLACK_A = 0.3;
/** ev-wrong-r2: the state B resistor it fits instead of 2.74 kΩ. */
const WRONG_R2_OHMS = 1_550;

type Offer = { kind: 'amps'; amps: number } | { kind: 'digital' } | { kind: 'none' };

/** Decodes the duty the EV measures (per mille keeps the band edges exact). */
function decodeDuty(dutyPct: number): Offer {
  const pm = Math.round(dutyPct * 10);
  if (pm >= 30 && pm <= 70) return { kind: 'digital' };
  if (pm >= 80 && pm < 100) return { kind: 'amps', amps: 6 };
  if (pm >= 100 && pm <= 850) return { kind: 'amps', amps: (pm * 6) / 100 };
  if (pm > 850 && pm <= 960) return { kind: 'amps', amps: ((pm - 640) * 25) / 100 };
  if (pm > 960 && pm <= 970) return { kind: 'amps', amps: 80 };
  return { kind: 'none' };
}

type Phase = 'idle' | 'closing' | 'charging' | 'ending';

class ReferenceEv implements ReferencePilotSut {
  readonly operator: PilotOperator;
  private readonly f: Set<string>;
  private readonly p: EvProfile;
  private readonly timers: Timers;
  private readonly q: DriveQueue<EvDrive>;
  private unsubscribe: (() => void) | undefined;
  private wants = true;
  private phase: Phase = 'idle';
  /** Current the charger is set to draw per phase (0: none), and the one a pending follow will set. */
  private drawA = 0;
  private targetA = 0;
  private last: PilotObservation | undefined;

  constructor(private readonly port: EvPort, opts: ReferencePilotOptions) {
    this.f = checkFaults('EV', opts.faults, EV_FAULTS);
    this.p = EV_PROFILES[opts.variant];
    this.timers = new Timers(opts.timeScale);
    this.q = new DriveQueue(port);
    this.operator = {
      requestStop: async () => {
        this.wants = false;
        this.endCharge('seq 7: the EV ends the charge', 50);
      },
      resume: async () => {
        this.wants = true;
        if (this.last) this.observe(this.last);
      },
    };
  }

  start(): void {
    const plug: Partial<EvDrive> = { connected: true, ppOhms: this.p.cableOhms, diodeShorted: this.f.has('ev-shorted-diode'), s2: false, ventilation: false, cpShortToPe: false, currentA: [0, 0, 0] };
    // 12 V · R2 / (R2 + 1 kΩ) ≈ 7.3 V instead of 9 V with 2.74 kΩ
    if (this.f.has('ev-wrong-r2')) plug.r2Ohms = WRONG_R2_OHMS;
    this.q.set(plug, 'plugged in');
    this.unsubscribe = this.port.subscribe((o) => this.observe(o));
    this.observe(this.port.latest());
  }

  async stop(): Promise<void> {
    this.timers.stopAll();
    this.unsubscribe?.();
    await this.q.close();
  }

  /** What the EV may draw now (A per phase), or why not. */
  private allowance(o: PilotObservation): { amps: number } | { no: string } {
    const pwm = o.frequencyHz > 0;
    const stateF = !pwm && o.cpHighV < -2; // −12 V, or less negative through a shorted diode
    if (stateF) return this.f.has('ev-ignores-state-f') ? { amps: this.p.minCurrentA } : { no: 'state F' };
    if (!pwm) return this.f.has('ev-charges-without-pwm') ? { amps: this.p.maxCurrentA } : { no: 'no PWM' };
    const offer = decodeDuty(o.dutyPct);
    if (offer.kind === 'digital') return this.f.has('ev-charges-on-5pct') ? { amps: this.p.minCurrentA } : { no: 'digital communication required (no HLC)' };
    if (offer.kind === 'none') return { no: `duty ${o.dutyPct} % allows no charging` };
    if (offer.amps + DUTY_SLACK_A < this.p.minCurrentA) return this.f.has('ev-below-min-draw') ? { amps: this.p.minCurrentA } : { no: `${offer.amps} A is below its minimum` };
    const may = Math.min(offer.amps, this.p.maxCurrentA, this.p.cableA);
    if (this.f.has('ev-overdraws')) return { amps: Math.round(offer.amps * 1.2 * 10) / 10 };
    return { amps: Math.floor(may * MARGIN * 10) / 10 };
  }

  private observe(o: PilotObservation): void {
    this.last = o;
    const a = this.allowance(o);
    const pwmGone = o.frequencyHz <= 0;
    if (this.phase === 'ending') return;
    if (this.phase === 'idle') {
      if (this.wants && 'amps' in a) {
        this.phase = 'closing';
        this.timers.set('s2', this.p.s2AfterPwmMs, () => this.closeS2());
      }
      return;
    }
    if (this.phase === 'closing') {
      if (!this.wants || !('amps' in a)) {
        this.timers.clear('s2');
        this.phase = 'idle';
      }
      return;
    }
    // charging
    if ('no' in a) {
      if (a.no === 'state F') this.endCharge('EVSE in state F', 0);
      else if (pwmGone) {
        this.timers.clear('follow');
        if (!this.timers.pending('stop') && !this.f.has('ev-ignores-stop')) {
          const after = this.f.has('ev-late-stop') ? 2 * BOUND.evStopReaction : this.p.stopMs;
          this.timers.set('stop', after, () => this.endCharge('seq 10.1: PWM off, stop', 0));
        }
      } else this.follow(0, a.no);
      return;
    }
    this.timers.clear('stop');
    if (!o.contactorClosed) {
      this.timers.clear('draw');
      this.timers.clear('follow');
      this.setDraw(0, 'no power at the inlet');
      this.targetA = a.amps;
      return;
    }
    if (this.drawA === 0 && !this.timers.pending('follow')) {
      if (!this.timers.pending('draw')) {
        this.targetA = a.amps;
        this.timers.set('draw', this.p.drawAfterPowerMs, () => this.setDraw(this.targetA, 'power on: charger starts'));
      } else this.targetA = a.amps;
      return;
    }
    if (Math.abs(a.amps - this.targetA) >= 0.5) this.follow(a.amps, `duty ${o.dutyPct} %`);
  }

  /** Adapts the draw to a new allowance after the follow delay (0: the EV stops charging then). */
  private follow(amps: number, why: string): void {
    if (Math.abs(amps - this.targetA) < 0.5 && (this.timers.pending('follow') || amps === this.drawA)) return;
    const decrease = amps < this.drawA;
    this.targetA = amps;
    if (decrease && this.f.has('ev-ignores-duty-reduction')) return;
    const after = this.f.has('ev-slow-follow') ? 2 * BOUND.evFollowsDuty : this.p.followMs;
    this.timers.set('follow', after, () => {
      if (amps > 0) this.setDraw(amps, `follows ${why}`);
      else this.endCharge(`${why}: stops charging`, 0);
    });
  }

  private closeS2(): void {
    const o = this.last;
    if (!o || !this.wants || !('amps' in this.allowance(o))) {
      this.phase = 'idle';
      return;
    }
    this.phase = 'charging';
    const vent = this.p.ventilation && !this.f.has('ev-no-ventilation-request');
    this.q.set({ s2: true, ventilation: vent }, vent ? 'ready to charge, needs ventilation (D)' : 'ready to charge (C)');
    this.observe(o);
  }

  /** Current to 0 (unless the fault keeps it), then S2 open after `s2AfterMs` real ms. */
  private endCharge(why: string, s2AfterMs: number): void {
    this.timers.clear('draw');
    this.timers.clear('follow');
    this.timers.clear('stop');
    if (!this.f.has('ev-draws-in-b')) this.setDraw(0, why);
    const open = (): void => {
      this.q.set({ s2: false, ventilation: false }, why);
      this.phase = 'idle';
      this.targetA = 0;
      if (this.last) this.observe(this.last);
    };
    if (s2AfterMs > 0) {
      this.phase = 'ending';
      this.timers.set('s2-open', s2AfterMs, open);
    }
    else open();
  }

  private setDraw(amps: number, why: string): void {
    this.drawA = amps;
    const currentA = this.p.phases === 3 ? [amps, amps, amps] : [amps, 0, 0];
    this.q.set({ currentA }, why);
  }
}

export async function startReferenceEv(port: EvPort, opts: ReferencePilotOptions): Promise<ReferencePilotSut> {
  const ev = new ReferenceEv(port, opts);
  ev.start();
  return ev;
}

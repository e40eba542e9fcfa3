/**
 * The reference CHAdeMO EV: plug-in (proximity), d1 → k + 102.5.0, d2 → contactors closed (its battery on the
 * inlet, 102.5.3 cleared from 1.0), a current request within its battery's and the charger's limits, dynamic
 * limits (1.2+), and its stop sequence on its operator's actions or on the charger's malfunction, stop control
 * or silence: request 0, contactors open once the current is ≤ 5 A (welding detection), 102.5.3, k open at the
 * end. It reads the charger only through the CAN frames and the lines of its bus end (nothing from src/chademo/roles).
 */
import { decodeChademo } from '../../chademo/framing/codec';
import { CHARGER_IDS, type ChademoBus, type ChademoEvOperator, type EvFaultFlags } from '../../chademo/types';
import type { CanFrame } from '../../transport/can/frame';
import { computeRequest, EV_PROFILES, type EvState, evFrames, sessionVersion } from './ev-frames';
import { EV_FAULTS } from './faults';
import { checkFaults, nowMs, scaledLimits } from './runtime';
import { ReferenceSut } from './sut';
import type { ReferenceChademoOptions, ReferenceEv } from './types';

export class ChademoReferenceEv extends ReferenceSut implements ReferenceEv {
  readonly operator: ChademoEvOperator;
  private readonly s: EvState;
  private stopReason: string | undefined;
  private readonly ignored = new Set<string>();
  /** It ignored the charger's stop control (fault ev-ignores-stop-control): k stays closed at the end. */
  private ignoredStopControl = false;
  private contactorsClosed = false;
  private wasCharging = false;
  /** Since when the delivered current deviates from the request by more than currentDeviationA. */
  private deviationSinceMs: number | undefined;
  private readonly scale: number;

  constructor(bus: ChademoBus, opts: ReferenceChademoOptions) {
    const faults = checkFaults('EV', opts.faults, EV_FAULTS);
    const base = EV_PROFILES[opts.variant];
    const p = { ...base, version: opts.version ?? base.version };
    const L = scaledLimits(opts.timeScale);
    super(bus, faults, { who: `EV (${opts.variant})`, periodMs: L.cyclePeriodMs, jitterFault: 'ev-cycle-jitter', floodFault: 'ev-floods-bus', floodId: 0x102, ownLines: ['k'] });
    this.s = {
      p, faults, L, version: p.version, session: p.version, phase: 'unplugged', charger: {}, chargingEnabled: false,
      contactorOpen: true, stopBeforeCharging: false, shiftLeverNotPark: false, systemFault: false, faultFlags: noFaults(), socPct: p.socPct,
      requesting: false, requestA: 0,
    };
    this.scale = opts.timeScale;
    this.operator = {
      plugIn: async () => this.plugIn(),
      stop: async () => this.trigger('driver stop'),
      shiftOutOfPark: async () => {
        this.s.shiftLeverNotPark = true;
        this.trigger('shift lever out of park');
      },
      fault: async (kind) => this.fault(kind),
      batteryFull: async () => {
        this.s.socPct = 100;
        this.trigger('battery full');
      },
    };
  }

  private get L() {
    return this.s.L;
  }

  private plugIn(): void {
    if (this.s.phase !== 'unplugged') return;
    try {
      this.bus.lines.set('proximity', true);
    } catch (e) {
      this.rt.note(`proximity not driven by this end: ${(e as Error).message}`);
    }
    this.plugged();
    this.onChange();
  }

  private plugged(): void {
    if (this.s.phase !== 'unplugged') return;
    this.s.phase = 'idle';
    if (this.has('k-before-d1')) {
      this.setK(true, 'plug-in (fault k-before-d1)');
      this.s.chargingEnabled = true;
    }
  }

  private fault(kind: keyof EvFaultFlags | 'systemFault'): void {
    if (kind === 'systemFault') this.s.systemFault = true;
    else this.s.faultFlags[kind] = true;
    this.trigger(`EV fault ${kind}`);
  }

  private trigger(reason: string, ignoredBy?: string): void {
    const ph = this.s.phase;
    if (this.stopReason || ph === 'unplugged' || ph === 'idle' || ph === 'stopping' || ph === 'ending') return;
    if (ignoredBy && this.has(ignoredBy)) {
      if (!this.ignored.has(reason)) this.rt.note(`${reason} ignored (fault ${ignoredBy})`);
      this.ignored.add(reason);
      if (ignoredBy === 'ev-ignores-stop-control') this.ignoredStopControl = true;
      return;
    }
    this.rt.note(`stop: ${reason}`);
    this.stopReason = reason;
    this.rt.poke();
  }

  private setK(on: boolean, why: string): void {
    this.setLine('k', on, why, ['closed', 'open']);
  }

  protected onFrame(f: CanFrame): void {
    if (f.ext || !CHARGER_IDS.includes(f.id)) return;
    const ph = this.s.phase;
    if (ph === 'unplugged' || ph === 'idle') return;
    let m;
    try {
      m = decodeChademo(f, this.s.session);
    } catch (e) {
      this.rt.note(`ignored malformed frame: ${(e as Error).message}`);
      return;
    }
    const c = this.s.charger;
    if (m.name === 'chargerParams') c.params = m.value;
    else if (m.name === 'chargerExtended') c.ext = m.value;
    else if (m.name === 'chargerStatus') {
      if (!c.status) {
        this.s.session = sessionVersion(this.s.version, m.value.protocolNumber);
        if (this.s.session !== this.s.version) this.rt.note(`charger protocol number ${m.value.protocolNumber}: fields of version ${this.s.session}`);
      }
      c.status = m.value;
      c.statusAtMs = nowMs();
      this.check();
    }
    this.rt.poke();
  }

  protected onChange(): void {
    const lines = this.bus.lines;
    // the connector may be plugged by the rig (proximity driven by the plug) rather than by plugIn()
    if (this.s.phase === 'unplugged' && lines.get('proximity')) this.plugged();
    const ph = this.s.phase;
    if (ph === 'idle' && lines.get('d1') && !this.running) {
      this.run(() => this.session());
    }
    if (ph !== 'idle' && ph !== 'unplugged') {
      if (!lines.get('d1')) this.trigger('d1 off');
      else if (!lines.get('d2') && (ph === 'precharge' || ph === 'charging')) this.trigger('d2 off');
    }
    this.rt.poke();
  }

  /** The charger-side stop triggers. */
  private check(): void {
    const st = this.s.charger.status;
    if (!st) return;
    if (st.status.malfunction) this.trigger('charger malfunction (109.5.1)', 'ev-ignores-charger-malfunction');
    if (st.status.systemMalfunction) this.trigger('charging-system malfunction (109.5.4)');
    if (st.status.batteryIncompatible) this.trigger('battery incompatible (109.5.3)');
    if (st.status.charging) this.wasCharging = true;
    if (this.wasCharging && !st.status.charging) this.trigger('charger stop control (109.5.0 cleared)', 'ev-ignores-stop-control');
  }

  protected tick(n: number) {
    const s = this.s;
    const c = s.charger;
    const active = s.phase !== 'stopping' && s.phase !== 'ending';
    if (active && c.statusAtMs !== undefined && nowMs() - c.statusAtMs > this.L.silenceMs) {
      // judged again after the timers already due (a stall of the shared process is not the charger's silence)
      this.rt.after(0, () => {
        const at = this.s.charger.statusAtMs;
        if (at !== undefined && nowMs() - at > this.L.silenceMs) this.trigger('charger 0x109 silent');
      });
    }
    const early = this.has('request-before-contactors') && (s.phase === 'init' || s.phase === 'waitD2' || s.phase === 'precharge');
    if (s.requesting) s.requestA = computeRequest(s);
    else s.requestA = early ? Math.max(1, Math.min(s.p.requestA, c.params?.availableCurrentA || s.p.requestA)) : 0;
    this.deviation();
    this.rt.poke();
    if (this.has('ev-silent')) return [];
    return evFrames(s, n);
  }

  /** Current deviation: delivered current off the request by > currentDeviationA for > currentDeviationMs (102.4.2). */
  private deviation(): void {
    const present = this.s.charger.status?.presentCurrentA ?? 0;
    if (this.s.phase !== 'charging' || Math.abs(present - this.s.requestA) <= this.L.currentDeviationA) {
      this.deviationSinceMs = undefined;
      return;
    }
    this.deviationSinceMs ??= nowMs();
    if (nowMs() - this.deviationSinceMs > this.L.currentDeviationMs) {
      this.s.faultFlags.currentDeviation = true;
      this.trigger(`current deviation: ${present} A delivered for ${this.s.requestA} A requested`);
    }
  }

  private async pause(ms: number): Promise<boolean> {
    await this.rt.until(() => this.stopReason !== undefined, ms);
    return !this.rt.dead && !this.stopReason;
  }

  private reset(): void {
    const s = this.s;
    Object.assign(s, {
      session: s.version, charger: {}, contactorOpen: true, stopBeforeCharging: false, requesting: false, requestA: 0, availableAtStartA: undefined,
    });
    if (!this.has('k-before-d1')) s.chargingEnabled = false;
    this.stopReason = undefined;
    this.ignored.clear();
    this.ignoredStopControl = false;
    this.contactorsClosed = false;
    this.wasCharging = false;
    this.deviationSinceMs = undefined;
  }

  private async session(): Promise<void> {
    const s = this.s;
    const lines = this.bus.lines;
    this.reset();
    s.phase = 'init';
    this.beginCycle();
    const kDelay = this.has('late-k') ? 1.5 * this.L.kAfterD1Ms : s.p.kDelayMs * this.scale;
    if (await this.pause(kDelay)) {
      if (!this.has('no-k')) this.setK(true, 'd1 seen');
      if (!this.has('no-charging-enabled')) s.chargingEnabled = true;
      s.phase = 'waitD2';
      const d2 = await this.rt.until(() => lines.get('d2') || this.stopReason !== undefined, this.L.d2AfterKMs);
      if (!d2 && !this.rt.dead) this.trigger('charger timeout: d2 not within d2AfterKMs');
      if (!this.stopReason && !this.rt.dead) await this.precharge();
    }
    await this.end();
  }

  private async precharge(): Promise<void> {
    const s = this.s;
    if (!(await this.pause(s.p.contactorDelayMs * this.scale))) return;
    s.phase = 'precharge';
    if (!this.has('contactor-never-closes')) {
      this.contactorsClosed = true;
      this.bus.lines.setInletVoltage(s.p.batteryVoltageV);
      s.contactorOpen = false;
      this.rt.note(`contactors closed: ${s.p.batteryVoltageV} V on the inlet`);
    }
    if (!(await this.pause(s.p.requestDelayMs * this.scale))) return;
    s.requesting = true;
    const limit = this.L.chargingAfterRequestMs + this.L.requestAfterContactorMs;
    const ok = await this.rt.until(() => s.charger.status?.status.charging === true || this.stopReason !== undefined, limit);
    if (this.rt.dead || this.stopReason) return;
    if (!ok) return this.trigger('charger timeout: 109.5.0 not set after the current request');
    s.phase = 'charging';
    s.availableAtStartA = s.charger.params?.availableCurrentA;
    await this.rt.until(() => this.stopReason !== undefined, Infinity);
  }

  private async end(): Promise<void> {
    const s = this.s;
    const lines = this.bus.lines;
    const hard = this.L.weldingDetectionHardMs;
    if (this.rt.dead) return;
    if (s.phase !== 'charging') s.stopBeforeCharging = true;
    s.phase = 'stopping';
    s.requesting = false;
    s.requestA = 0;
    // on its own fault flags (102.4, 102.5.1, 102.5.2) the flag is the stop signal: 102.5.0 stays set until the
    // charger has ramped down (at most 3 × rampDownMs), so a charger ignoring the flag shows it
    const flagged = s.shiftLeverNotPark || s.systemFault || Object.values(s.faultFlags).some((x) => x);
    if (flagged && this.wasCharging) await this.rt.until(() => (s.charger.status?.presentCurrentA ?? 0) <= this.L.stopCurrentA || !lines.get('d1'), 3 * this.L.rampDownMs);
    if (this.rt.dead) return;
    s.chargingEnabled = false;
    if (this.contactorsClosed) {
      if (!this.has('opens-contactors-under-load')) await this.rt.until(() => (s.charger.status?.presentCurrentA ?? 0) <= this.L.stopCurrentA || !lines.get('d1'), hard);
      lines.setInletVoltage(0);
      this.contactorsClosed = false;
      this.rt.note('contactors open: welding detection');
      const welding = this.has('late-welding-detection') ? 1.5 * this.L.weldingDetectionMs : this.has('opens-contactors-under-load') ? 0 : s.p.weldingMs * this.scale;
      // no wait at all when there is none: the flag then goes out in the same 0x102 as the zero request
      if (welding > 0) await this.rt.sleep(welding);
      if (this.rt.dead) return;
      if (!this.has('no-welding-detection')) s.contactorOpen = true;
    } else {
      s.contactorOpen = true;
    }
    s.phase = 'ending';
    await this.rt.until(() => !lines.get('d1'), Infinity);
    if (this.rt.dead) return;
    if (!this.has('k-stays-closed') && !this.ignoredStopControl) this.setK(false, 'sequence over (d1 off)');
    await this.rt.sleep(3 * this.L.cyclePeriodMs);
    this.endCycle();
    s.phase = 'idle';
  }
}

function noFaults(): EvState['faultFlags'] {
  return { overVoltage: false, underVoltage: false, currentDeviation: false, highTemperature: false, voltageDeviation: false };
}

export async function startReferenceEv(bus: ChademoBus, opts: ReferenceChademoOptions): Promise<ReferenceEv> {
  return new ChademoReferenceEv(bus, opts);
}

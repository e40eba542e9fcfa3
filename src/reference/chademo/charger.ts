/**
 * The reference CHAdeMO charger: the charge sequence of FACTS.md from its operator's start (d1) to unlock, its
 * own timeouts on the EV, every stop trigger, protocol-number negotiation, dynamic control (1.2+) and discharge
 * (2.0) when both sides declare them. It reads the EV only through the CAN frames and the lines of its bus end
 * (nothing from src/chademo/roles). Limits are CHADEMO_LIMITS × timeScale; its own delays are real ms × timeScale.
 */
import { decodeChademo } from '../../chademo/framing/codec';
import { type ChademoBus, type ChademoChargerOperator, type ChademoVersion, EV_IDS, protocolNumber } from '../../chademo/types';
import type { CanFrame } from '../../transport/can/frame';
import { CHARGER_PROFILES, type ChargerState, chargerFrames, dynamicAgreed, maxChargingMs, outputTick, versionForPn } from './charger-frames';
import { CHARGER_FAULTS } from './faults';
import { checkFaults, nowMs, scaledLimits } from './runtime';
import { ReferenceSut } from './sut';
import type { ReferenceCharger, ReferenceChademoOptions } from './types';

/** Stop triggers an ignores-* fault makes the charger ignore (the output then holds its value). */
const IGNORED_BY: Record<string, string> = {
  'k off': 'ignores-k-off',
  '102.5.0 cleared': 'ignores-ev-stop',
  '102.5.1 shift lever not in park': 'ignores-shift-lever',
  '102.5.2 charging-system fault': 'ignores-system-fault',
  '102.4 EV fault': 'ignores-ev-fault',
  'EV 0x102 silent': 'ignores-ev-silence',
  '102.5.4 stop request before charging': 'ignores-stop-before-charging',
  '102.5.3 EV contactors opened while charging': 'ignores-contactors-open',
  'remaining time 0': 'ignores-remaining-time',
  'operator stop': 'ignores-operator-stop',
};

export class ChademoReferenceCharger extends ReferenceSut implements ReferenceCharger {
  readonly operator: ChademoChargerOperator;
  private readonly s: ChargerState;
  /** Why the session is ending (undefined: no stop yet). */
  private stopReason: string | undefined;
  /** Stop triggers seen and ignored (each noted once). */
  private readonly ignored = new Set<string>();
  /** k and 102.5.0 were seen: the EV-side stop triggers are armed. */
  private armed = false;
  /** The EV's contactors were seen closed (102.5.3 cleared or the inlet above the 0.9 threshold). */
  private evContactorsClosed = false;

  constructor(bus: ChademoBus, opts: ReferenceChademoOptions) {
    const faults = checkFaults('charger', opts.faults, CHARGER_FAULTS);
    const p = CHARGER_PROFILES[opts.variant];
    const maxVersion = opts.version ?? p.versions[p.versions.length - 1];
    const L = scaledLimits(opts.timeScale);
    super(bus, faults, { who: `charger (${opts.variant})`, periodMs: L.cyclePeriodMs, jitterFault: 'cycle-jitter', floodFault: 'floods-bus', floodId: 0x109, ownLines: ['d2', 'd1', 'lock'] });
    this.s = {
      p, faults, L, scale: opts.timeScale, maxVersion, version: maxVersion, pn: protocolNumber(maxVersion), phase: 'idle', ev: {},
      status: idleStatus(), currentA: 0, availableA: p.maxCurrentA, limitA: p.maxCurrentA, frozen: false, sent108: 0, chargingCycles: 0,
    };
    this.operator = {
      start: async () => this.start(),
      stop: async () => this.trigger('operator stop'),
      emergencyStop: async () => this.emergency(),
      limitCurrent: async (a) => this.limitCurrent(a),
    };
  }

  private get L() {
    return this.s.L;
  }

  private start(): void {
    if (this.running) {
      this.rt.note('start ignored: a session is running');
      return;
    }
    this.run(() => this.session());
  }

  private emergency(): void {
    this.s.status.malfunction = true;
    if (this.has('malfunction-keeps-current')) {
      this.rt.note('emergency stop: 109.5.1 set, current kept (fault malfunction-keeps-current)');
      return;
    }
    this.trigger('emergency stop (109.5.1)');
  }

  private limitCurrent(amps: number): void {
    const a = Math.max(0, Math.min(this.s.p.maxCurrentA, Math.round(amps)));
    const charging = this.s.phase === 'charging';
    if (!charging || dynamicAgreed(this.s) || this.has('dynamic-without-ev-support')) {
      this.s.limitA = a;
      this.s.availableA = a;
      this.rt.note(`available current ${a} A`);
    } else {
      this.rt.note(`limit ${a} A not applied: dynamic control not agreed (the EV's 0x110 .0), 0x108 stays unchanged while charging`);
    }
  }

  /** A stop trigger: ends the session, or (with its ignores-* fault) is noted and the output holds. */
  private trigger(reason: string): void {
    if (this.stopReason || this.s.phase === 'idle' || this.s.phase === 'ending') return;
    const fault = IGNORED_BY[reason];
    if (fault && this.has(fault)) {
      if (!this.ignored.has(reason)) this.rt.note(`${reason} ignored (fault ${fault})`);
      this.ignored.add(reason);
      if (this.s.phase === 'charging') this.s.frozen = true;
      return;
    }
    this.rt.note(`stop: ${reason}`);
    this.stopReason = reason;
    if (this.s.phase === 'charging') this.beginRampDown();
    this.rt.poke();
  }

  private beginRampDown(): void {
    this.s.phase = 'stopping';
    this.s.frozen = false;
    this.s.stopAtMs = nowMs();
    if (!this.has('late-ramp-down') && this.s.currentA > 2 * this.L.stopCurrentA) this.s.currentA = Math.floor(this.s.currentA / 2);
  }

  protected onFrame(f: CanFrame): void {
    if (f.ext || !EV_IDS.includes(f.id) || this.s.phase === 'idle') return;
    let m;
    try {
      m = decodeChademo(f, this.s.version);
    } catch (e) {
      this.rt.note(`ignored malformed frame: ${(e as Error).message}`);
      return;
    }
    const ev = this.s.ev;
    if (m.name === 'evParams') ev.params = m.value;
    else if (m.name === 'evTiming') ev.timing = m.value;
    else if (m.name === 'evExtended') ev.ext = m.value;
    else if (m.name === 'evDischarge') ev.discharge = m.value;
    else if (m.name === 'evStatus') {
      if (!ev.status) this.negotiate(m.value.protocolNumber);
      ev.status = m.value;
      ev.statusAtMs = nowMs();
    }
    this.check();
    this.rt.poke();
  }

  protected onChange(): void {
    this.check();
    this.rt.poke();
  }

  private negotiate(evPn: number): void {
    const pn = Math.max(1, Math.min(evPn, protocolNumber(this.s.maxVersion)));
    this.s.pn = pn;
    this.s.version = versionForPn(pn, this.s.p.versions, this.s.maxVersion);
    this.rt.note(`EV protocol number ${evPn}: session protocol number ${pn} (version ${this.s.version})`);
  }

  /** The EV-side stop triggers (armed once k and 102.5.0 were seen). */
  private check(): void {
    if (!this.armed || this.stopReason) return;
    const st = this.s.ev.status;
    if (!this.bus.lines.get('k')) this.trigger('k off');
    if (!st) return;
    const f = st.faults;
    if (!st.status.chargingEnabled) this.trigger('102.5.0 cleared');
    if (st.status.shiftLeverNotPark) this.trigger('102.5.1 shift lever not in park');
    if (st.status.systemFault) this.trigger('102.5.2 charging-system fault');
    if (st.status.stopBeforeCharging) this.trigger('102.5.4 stop request before charging');
    if (this.s.phase === 'charging' && versionAtLeast10(this.s.version) && st.status.contactorOpen) this.trigger('102.5.3 EV contactors opened while charging');
    if (f.overVoltage || f.underVoltage || f.currentDeviation || f.highTemperature || f.voltageDeviation) this.trigger('102.4 EV fault');
  }

  protected tick(n: number) {
    const s = this.s;
    if (this.armed && s.ev.statusAtMs !== undefined && nowMs() - s.ev.statusAtMs > this.L.silenceMs) this.silence();
    if (s.phase === 'charging' && s.remainingEndMs !== undefined && nowMs() >= s.remainingEndMs) this.trigger('remaining time 0');
    outputTick(s);
    this.rt.poke();
    if (this.has('charger-silent')) return [];
    return chargerFrames(s, n, this.bus.lines.inletVoltageV());
  }

  /**
   * Judged once more after the timers already due have run: after a stall of this process the EV's overdue
   * cycle comes right after this one, and a stall of the shared process is not the EV's silence.
   */
  private silence(): void {
    this.rt.after(0, () => {
      const at = this.s.ev.statusAtMs;
      if (this.armed && at !== undefined && nowMs() - at > this.L.silenceMs) this.trigger('EV 0x102 silent');
    });
  }

  /** Waits for pred; an EV that misses the limit stops the session (no-timeouts: waits for ever). */
  private async expect(pred: () => boolean, limitMs: number, what: string): Promise<boolean> {
    const ok = await this.rt.until(() => pred() || this.stopReason !== undefined, this.has('no-timeouts') ? Infinity : limitMs);
    if (this.rt.dead || this.stopReason) return false;
    if (!ok) {
      this.rt.note(`EV timeout: ${what} not within ${Math.round(limitMs)} ms`);
      this.stopReason = `EV timeout: ${what}`;
      return false;
    }
    return true;
  }

  private async pause(ms: number): Promise<boolean> {
    await this.rt.until(() => this.stopReason !== undefined, ms * this.s.scale);
    return !this.rt.dead && !this.stopReason;
  }

  private reset(): void {
    const s = this.s;
    Object.assign(s, {
      version: s.maxVersion, pn: protocolNumber(s.maxVersion), ev: {}, status: idleStatus(), currentA: 0, frozen: false, sent108: 0, chargingCycles: 0,
      stopAtMs: undefined, remainingEndMs: undefined, availableA: s.limitA,
    });
    this.stopReason = undefined;
    this.ignored.clear();
    this.armed = false;
    this.evContactorsClosed = false;
  }

  private async session(): Promise<void> {
    const s = this.s;
    const lines = this.bus.lines;
    this.reset();
    s.phase = 'init';
    this.beginCycle();
    this.setLine('d1', true, 'operator start');
    const k = () => lines.get('k') && s.ev.status?.status.chargingEnabled === true;
    if (await this.expect(k, this.L.kAfterD1Ms, 'k closed and 102.5.0 set after d1')) {
      this.armed = true;
      const kAt = nowMs();
      if (this.compatible() && (await this.pause(s.p.lockMs))) {
        if (!this.has('no-lock')) {
          this.setLine('lock', true, 'connector locked');
          s.status.connectorLocked = true;
        }
        if (await this.insulationTest()) await this.charge(kAt);
      }
    }
    await this.end();
  }

  /** Battery incompatible (109.5.3): the EV's max battery voltage outside what it can deliver. */
  private compatible(): boolean {
    const max = this.s.ev.params?.maxBatteryVoltageV ?? 0;
    if (max <= this.s.p.maxVoltageV && max >= this.s.p.minVoltageV) return true;
    if (this.has('ignores-battery-incompatible')) {
      this.rt.note(`EV max battery voltage ${max} V outside ${this.s.p.minVoltageV}–${this.s.p.maxVoltageV} V ignored (fault ignores-battery-incompatible)`);
      return true;
    }
    this.s.status.batteryIncompatible = true;
    this.trigger(`battery incompatible: EV max battery voltage ${max} V outside ${this.s.p.minVoltageV}–${this.s.p.maxVoltageV} V (109.5.3)`);
    return false;
  }

  private async insulationTest(): Promise<boolean> {
    const s = this.s;
    const lines = this.bus.lines;
    s.phase = 'insulation';
    if (lines.inletVoltageV() >= this.L.safeVoltageV) {
      s.status.systemMalfunction = true;
      this.trigger(`EV contactors not open: inlet ${lines.inletVoltageV()} V before the insulation test`);
      return false;
    }
    if (!this.has('d2-before-insulation-test')) {
      const testV = Math.min(s.p.insulationTestV, s.ev.params?.maxBatteryVoltageV || s.p.insulationTestV);
      this.rt.note(`insulation test at ${testV} V`);
      lines.setInletVoltage(testV);
      if (!(await this.pause(s.p.insulationMs))) return false;
      if (!this.has('no-insulation-residual-check')) {
        lines.setInletVoltage(0);
        if (!(await this.pause(s.p.dischargeMs))) return false;
        if (!(await this.expect(() => lines.inletVoltageV() < this.L.insulationResidualV, this.L.d2AfterKMs, 'inlet below the insulation residual voltage'))) return false;
      }
    }
    return this.pause(s.p.d2DelayMs);
  }

  private async charge(kAt: number): Promise<void> {
    const s = this.s;
    const lines = this.bus.lines;
    s.phase = 'precharge';
    this.setLine('d2', true, nowMs() - kAt > this.L.d2AfterKMs ? 'late' : 'insulation test done');
    if (versionAtLeast10(s.version)) {
      if (!(await this.expect(() => s.ev.status?.status.contactorOpen === false, this.L.contactorAfterD2Ms, '102.5.3 cleared after d2'))) return;
    } else {
      await this.rt.until(() => lines.inletVoltageV() > this.L.v09InletV || this.stopReason !== undefined, this.L.v09ContactorWaitMs);
      if (this.stopReason || this.rt.dead) return;
    }
    this.evContactorsClosed = true;
    if (this.has('no-insulation-residual-check')) lines.setInletVoltage(0);
    if (!(await this.expect(() => (s.ev.status?.currentRequestA ?? 0) > 0, this.L.requestAfterContactorMs, 'current request > 0'))) return;
    if (!(await this.pause(s.p.chargingDelayMs))) return;
    s.status.charging = true;
    s.status.stopControl = false;
    s.phase = 'charging';
    const total = maxChargingMs(s.ev.timing);
    if (total !== undefined) s.remainingEndMs = nowMs() + total * s.scale;
    this.rt.note('charging');
    await this.rt.until(() => this.stopReason !== undefined, Infinity);
  }

  private async end(): Promise<void> {
    const s = this.s;
    const lines = this.bus.lines;
    const hard = this.L.weldingDetectionHardMs;
    if (this.rt.dead) return;
    if (s.phase === 'charging') this.beginRampDown();
    if (s.phase === 'stopping') await this.rt.until(() => s.currentA <= this.L.stopCurrentA, Infinity);
    s.phase = 'ending';
    s.status.charging = false;
    s.status.stopControl = true;
    s.currentA = 0;
    lines.setInletVoltage(0);
    if (this.has('unlock-above-10v') && lines.get('lock')) this.unlock();
    if (lines.get('d2')) {
      if (!this.has('d2-off-before-welding')) {
        const welding = s.p.weldingDetection && versionAtLeast10(s.version) && this.evContactorsClosed;
        if (welding) await this.rt.until(() => s.ev.status?.status.contactorOpen === true, hard);
        await this.rt.until(() => lines.inletVoltageV() < this.L.safeVoltageV, hard);
      }
      this.setLine('d2', false, 'output below 10 V');
    }
    // two more cycles of 0x109 with the final status (stop control, the reason's flag) before d1 goes off
    await this.rt.sleep(2 * this.L.cyclePeriodMs);
    if (this.rt.dead) return;
    this.setLine('d1', false, 'session over');
    if (lines.get('lock')) {
      await this.rt.until(() => lines.inletVoltageV() < this.L.safeVoltageV, hard);
      this.unlock();
    }
    await this.rt.sleep(3 * this.L.cyclePeriodMs);
    this.endCycle();
    s.phase = 'idle';
  }

  private unlock(): void {
    this.s.status.connectorLocked = false;
    this.setLine('lock', false, `unlock (inlet ${this.bus.lines.inletVoltageV()} V)`);
  }
}

function idleStatus() {
  return { charging: false, malfunction: false, connectorLocked: false, batteryIncompatible: false, systemMalfunction: false, stopControl: true };
}

function versionAtLeast10(v: ChademoVersion): boolean {
  return v !== '0.9';
}

export async function startReferenceCharger(bus: ChademoBus, opts: ReferenceChademoOptions): Promise<ReferenceCharger> {
  return new ChademoReferenceCharger(bus, opts);
}
